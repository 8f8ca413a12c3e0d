import { get, type Loc, type SMap, type SNode } from '../parse/index.js';
import { PSEUDO_PARAMETERS } from '../model/evaluate.js';
import type { LambdaFunction, Project, StateMachine } from '../model/types.js';
import { templateText, type Value, type VTemplate, type VUnknown } from '../model/value.js';
import { resolveFunctions, type FunctionTarget } from './function-targets.js';

/** One state of an Amazon States Language definition, nested states included. */
export interface StateInfo {
  name: string;
  type: string;
  /** 1 for top-level states, 2 inside a branch or iterator of a top-level state, and so on. */
  depth: number;
  /** `States.Run.Branches[0].States.Fetch` */
  path: string;
  loc: Loc;
}

/** A Task state that invokes a Lambda function (or a function the analysis cannot name). */
export interface Invocation {
  state: string;
  loc: Loc;
  /** What the state names: a function of the project, one outside it, or an unknown value. */
  target: FunctionTarget | { kind: 'runtime'; expression: string; when: string };
  /** The Task's Resource itself is unknown: the state may invoke a function, or another service. */
  maybe?: true;
}

/** A Task state that starts another state machine execution. */
export interface NestedExecution {
  state: string;
  loc: Loc;
  resource: string;
  /** The state machine it starts, when the ARN names one (as text: `!Ref Child`, `arn:...`). */
  target: string | undefined;
}

export interface StateMachineAnalysis {
  states: StateInfo[];
  /** Deepest nesting level (0 for a definition without states). */
  depth: number;
  invocations: Invocation[];
  nestedExecutions: NestedExecution[];
}

const LAMBDA_INVOKE = /^arn:[^:]*:states:::(?:aws-sdk:)?lambda:invoke(?:\.waitForTaskToken)?$/;
const START_EXECUTION = /^arn:[^:]*:states:::(?:states:startExecution(?:\.sync(?::2)?|\.waitForTaskToken)?|aws-sdk:sfn:start(?:Sync)?Execution)$/;

/** Walks a state machine's definition; undefined when the definition cannot be read. */
export function analyzeStateMachine(project: Project, sm: StateMachine): StateMachineAnalysis | undefined {
  const def = sm.definition;
  if (definitionProblem(sm)) return undefined;
  const out: StateMachineAnalysis = { states: [], depth: 0, invocations: [], nestedExecutions: [] };
  const value = (node: SNode): Value => substitute(sm, sm.resource.template.evaluator.eval(node));
  const walk = (states: SNode | undefined, depth: number, prefix: string) => {
    if (states?.kind !== 'map') return;
    for (const e of states.entries) {
      const node = e.value;
      const path = `${prefix}States.${e.key}`;
      const typeNode = get(node, 'Type');
      const type = typeNode?.kind === 'scalar' ? String(typeNode.value) : '';
      out.states.push({ name: e.key, type, depth, path, loc: e.keyLoc });
      out.depth = Math.max(out.depth, depth);
      if (node.kind !== 'map') continue;
      if (type === 'Parallel') {
        const branches = get(node, 'Branches');
        if (branches?.kind === 'seq') branches.items.forEach((b, i) => walk(get(b, 'States'), depth + 1, `${path}.Branches[${i}].`));
      } else if (type === 'Map') {
        for (const key of ['ItemProcessor', 'Iterator']) walk(get(get(node, key), 'States'), depth + 1, `${path}.${key}.`);
      } else if (type === 'Task') {
        task(e.key, e.keyLoc, node, value, project, sm, out);
      }
    }
  };
  walk(get(def, 'States'), 1, '');
  return out;
}

/** Why the definition cannot be analysed (unreadable, or not an Amazon States Language document), if it cannot. */
export function definitionProblem(sm: StateMachine): { reason: string; loc: Loc } | undefined {
  if (sm.definitionUnknown) return sm.definitionUnknown;
  const def = sm.definition;
  if (!def) return { reason: 'no definition', loc: sm.definitionLoc };
  if (get(def, 'States')?.kind !== 'map') return { reason: 'the definition has no States map (it may be computed by an intrinsic function)', loc: def.loc };
  return undefined;
}

function task(name: string, loc: Loc, node: SMap, value: (n: SNode) => Value, project: Project, sm: StateMachine, out: StateMachineAnalysis): void {
  const resNode = get(node, 'Resource');
  if (!resNode) return;
  const resource = value(resNode);
  const text = templateText(resource);
  // Placeholders (`${AWS::Partition}`) stand for one ARN segment.
  const shape = text?.replace(/\$\{[^}]*\}/g, 'X');
  if (shape !== undefined && LAMBDA_INVOKE.test(shape)) {
    for (const args of ['Parameters', 'Arguments']) {
      const params = get(node, args);
      if (params?.kind !== 'map') continue;
      const fnNode = get(params, 'FunctionName');
      const dynamic = get(params, 'FunctionName.$');
      if (dynamic) {
        out.invocations.push({ state: name, loc, target: { kind: 'runtime', expression: String(dynamic.kind === 'scalar' ? dynamic.value : 'an expression'), when: '' } });
      } else if (fnNode) {
        const fnValue = value(fnNode);
        const t = templateText(fnValue);
        if (t !== undefined && /^\{%.*%\}$/s.test(t.trim())) {
          out.invocations.push({ state: name, loc, target: { kind: 'runtime', expression: t.trim(), when: '' } });
        } else {
          for (const target of resolveFunctions(project, fnValue, { template: sm.resource.template })) out.invocations.push({ state: name, loc, target });
        }
      }
      return;
    }
    return;
  }
  if (text !== undefined && shape !== undefined && START_EXECUTION.test(shape)) {
    const params = get(node, 'Parameters') ?? get(node, 'Arguments');
    const arn = get(params, 'StateMachineArn');
    const target = arn ? describe(value(arn)) : undefined;
    out.nestedExecutions.push({ state: name, loc, resource: text, target });
    return;
  }
  // A function ARN (or Ref/GetAtt) as the Resource itself.
  for (const target of resolveFunctions(project, resource, { template: sm.resource.template })) {
    if (target.kind === 'external' && !/:lambda:|^[^:]*:function:/.test(target.text)) continue;
    if (target.kind === 'unknown' && resource.kind !== 'unknown') continue;
    out.invocations.push({ state: name, loc, target, ...(target.kind === 'unknown' ? { maybe: true as const } : {}) });
  }
}

/**
 * The functions the DefinitionSubstitutions name (`ProcessOrder: !GetAtt ProcessOrder.Arn`): a
 * placeholder of the definition stands for them, so the state machine invokes them even when the
 * definition cannot be read. A plain word counts only as the name of a function of the project.
 */
export function substitutedFunctions(project: Project, sm: StateMachine): FunctionTarget[] {
  const out: FunctionTarget[] = [];
  for (const v of sm.substitutions.values()) {
    for (const t of resolveFunctions(project, v, { template: sm.resource.template, namesMustMatch: true })) {
      if (t.kind === 'function' || (t.kind === 'external' && /:lambda:|^[^:]*:function:/.test(t.text))) out.push(t);
    }
  }
  return out;
}

function describe(v: Value): string {
  if (v.kind === 'ref') return v.attr ? `${v.target}.${v.attr}` : v.target;
  return templateText(v) ?? (v.kind === 'unknown' ? `<${v.reason}>` : '');
}

/**
 * Resolves `${Name}` placeholders of definition strings: DefinitionSubstitutions first, then (for
 * a DefinitionString built with Fn::Sub or Fn::Join, rendered as text) resources (`${Fn}`,
 * `${Fn.Arn}`) and pseudo parameters. A placeholder that names nothing is unknown.
 */
export function substitute(sm: StateMachine, v: Value): Value {
  if (v.kind === 'lit' && typeof v.value === 'string' && v.value.includes('${')) {
    return assemble(sm, [v.value], v);
  }
  if (v.kind === 'template' && v.parts.some((p) => typeof p === 'string' && p.includes('${'))) return assemble(sm, v.parts, v);
  return v;
}

function assemble(sm: StateMachine, input: VTemplate['parts'], v: Value): Value {
  const loc = v.loc;
  const parts: (string | Value)[] = [];
  for (const p of input) {
    if (typeof p !== 'string') { parts.push(p); continue; }
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(p); m; m = re.exec(p)) {
      parts.push(p.slice(last, m.index));
      last = m.index + m[0].length;
      parts.push(placeholder(sm, m[1]!.trim(), loc));
    }
    parts.push(p.slice(last));
  }
  const pieces = parts.filter((p) => p !== '');
  if (pieces.length === 1 && typeof pieces[0] !== 'string') return pieces[0]!;
  const out: VTemplate['parts'] = [];
  for (const p of pieces) {
    if (typeof p === 'string') out.push(p);
    else if (p.kind === 'lit') out.push(p.value === null ? '' : String(p.value));
    else if (p.kind === 'ref' || p.kind === 'pseudo' || p.kind === 'unknown') out.push(p);
    else if (p.kind === 'template') out.push(...p.parts);
    else return unknown(`a ${p.kind} inside a string`, loc);
  }
  const unknownPart = out.find((p): p is VUnknown => typeof p !== 'string' && p.kind === 'unknown');
  if (unknownPart) return { ...unknownPart, loc };
  if (out.every((p) => typeof p === 'string')) return { kind: 'lit', value: out.join(''), loc };
  return { kind: 'template', parts: out, loc };
}

function placeholder(sm: StateMachine, name: string, loc: Loc): Value {
  const sub = sm.substitutions.get(name);
  if (sub) return sub;
  if (PSEUDO_PARAMETERS.has(name)) return { kind: 'pseudo', name, loc };
  const ev = sm.resource.template.evaluator;
  if (ev.isResource(name)) return { kind: 'ref', target: name, loc };
  // `${Fn.Arn}`, `${Db.Endpoint.Address}`; Terraform addresses hold dots themselves (`${aws_lambda_function.worker.Arn}`).
  for (const dot of [name.indexOf('.'), name.lastIndexOf('.')]) {
    if (dot > 0 && ev.isResource(name.slice(0, dot))) return { kind: 'ref', target: name.slice(0, dot), attr: name.slice(dot + 1), loc };
  }
  if (name === '?') return unknown('a value of the DefinitionString is not known', loc);
  return unknown(`placeholder \${${name}} has no DefinitionSubstitutions entry`, loc);
}

function unknown(reason: string, loc: Loc): VUnknown {
  return { kind: 'unknown', source: 'intrinsic', reason, loc };
}

/** The functions of the project a state machine invokes (each once, in definition order). */
export function invokedFunctions(a: StateMachineAnalysis): LambdaFunction[] {
  const seen = new Set<LambdaFunction>();
  for (const i of a.invocations) if (i.target.kind === 'function') seen.add(i.target.fn);
  return [...seen];
}
