import { get, type Loc, type SMap, type SNode } from '../parse/index.js';
import type { Lit, Value, VPseudo, VRef, VTemplate, VUnknown } from './value.js';

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);

/** Parameter values given by the user (`--parameter`, `--parameters`, config), as strings. */
export type ParameterOverrides = ReadonlyMap<string, string>;

/**
 * Evaluates CloudFormation intrinsic functions over one template's parameters, mappings,
 * conditions and resources. Conditions are evaluated lazily and memoized; a cycle or an
 * unknown input leaves a condition unknown.
 */
export class Evaluator {
  private readonly conditionCache = new Map<string, boolean | undefined | 'pending'>();
  private steps = 0;

  constructor(
    private readonly root: SMap,
    private readonly resourceIds: ReadonlySet<string>,
    private readonly overrides: ParameterOverrides,
  ) {}

  parameter(name: string): SMap | undefined {
    const p = get(get(this.root, 'Parameters'), name);
    return p?.kind === 'map' ? p : undefined;
  }

  isResource(id: string): boolean {
    return this.resourceIds.has(id);
  }

  /** true/false when the condition's inputs are known, undefined otherwise. */
  condition(name: string): boolean | undefined {
    const cached = this.conditionCache.get(name);
    if (cached === 'pending') return undefined;
    if (this.conditionCache.has(name)) return cached as boolean | undefined;
    this.conditionCache.set(name, 'pending');
    const node = get(get(this.root, 'Conditions'), name);
    const result = node ? this.truth(node, 0) : undefined;
    this.conditionCache.set(name, result);
    return result;
  }

  private truth(node: SNode, depth: number): boolean | undefined {
    if (depth > 64) return undefined;
    if (node.kind === 'scalar') return typeof node.value === 'boolean' ? node.value : node.value === 'true' ? true : node.value === 'false' ? false : undefined;
    if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
    const { key, value } = node.entries[0]!;
    const args = value.kind === 'seq' ? value.items : [value];
    switch (key) {
      case 'Condition':
        return value.kind === 'scalar' ? this.condition(String(value.value)) : undefined;
      case 'Fn::Not': {
        const t = args[0] ? this.truth(args[0], depth + 1) : undefined;
        return t === undefined ? undefined : !t;
      }
      case 'Fn::And': {
        const ts = args.map((a) => this.truth(a, depth + 1));
        if (ts.includes(false)) return false;
        return ts.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const ts = args.map((a) => this.truth(a, depth + 1));
        if (ts.includes(true)) return true;
        return ts.includes(undefined) ? undefined : false;
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        const a = comparable(this.eval(args[0]!));
        const b = comparable(this.eval(args[1]!));
        return a === undefined || b === undefined ? undefined : a === b;
      }
      default:
        return undefined;
    }
  }

  /** Evaluates a node; `absentAt` is where an `AWS::NoValue` result is reported. */
  eval(node: SNode, absentAt: Loc = node.loc): Value {
    this.steps = 0;
    return this.ev(node, absentAt, 0);
  }

  private ev(node: SNode, absentAt: Loc, depth: number): Value {
    if (++this.steps > 200_000 || depth > 200) return unknown('intrinsic', 'expression too large to evaluate', node.loc);
    if (node.kind === 'scalar') return scalar(node.value, node.loc);
    if (node.kind === 'seq') {
      const items: Value[] = [];
      for (const i of node.items) {
        const v = this.ev(i, i.loc, depth + 1);
        if (v.kind !== 'absent') items.push(v);
      }
      return { kind: 'list', items, loc: node.loc };
    }
    if (node.entries.length === 1) {
      const { key, value } = node.entries[0]!;
      if (key === 'Ref') return this.ref(value, node.loc, absentAt);
      if (key.startsWith('Fn::')) return this.fn(key, value, node.loc, absentAt, depth);
    }
    const entries = [];
    for (const e of node.entries) {
      const v = this.ev(e.value, e.keyLoc, depth + 1);
      if (v.kind !== 'absent') entries.push({ key: e.key, keyLoc: e.keyLoc, value: v });
    }
    return { kind: 'map', entries, loc: node.loc };
  }

  private ref(arg: SNode, loc: Loc, absentAt: Loc): Value {
    if (arg.kind !== 'scalar' || typeof arg.value !== 'string') return unknown('intrinsic', 'Ref to a computed name', loc);
    const name = arg.value;
    if (name === 'AWS::NoValue') return { kind: 'absent', loc: absentAt };
    if (PSEUDO_PARAMETERS.has(name)) return { kind: 'pseudo', name, loc };
    const p = this.parameter(name);
    if (p) return this.parameterValue(name, p, loc);
    if (this.resourceIds.has(name)) return { kind: 'ref', target: name, loc };
    return unknown('external', `Ref ${name} names nothing in the template`, loc);
  }

  private parameterValue(name: string, p: SMap, loc: Loc): Value {
    const noEcho = isTrue(get(p, 'NoEcho'));
    const type = String((get(p, 'Type') as { value?: unknown } | undefined)?.value ?? 'String');
    const override = this.overrides.get(name);
    const def = get(p, 'Default');
    let text: string | undefined;
    let from: 'default' | 'override' = 'default';
    if (override !== undefined) { text = override; from = 'override'; }
    else if (def && def.kind === 'scalar' && def.value !== null) text = String(def.value);
    else if (def && def.kind === 'seq') text = def.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')).join(',');
    if (text === undefined) return { kind: 'unknown', source: 'parameter', reason: `parameter ${name} has no default`, loc, param: { name, noEcho } };
    if (type.startsWith('AWS::SSM::Parameter::Value')) return { kind: 'unknown', source: 'parameter', reason: `parameter ${name} is read from SSM`, loc, param: { name, noEcho } };
    const param = { name, noEcho, from };
    if (type.startsWith('List<') || type === 'CommaDelimitedList') {
      const items: Value[] = text === '' ? [] : text.split(',').map((s): Lit => ({ kind: 'lit', value: s.trim(), loc, param }));
      return { kind: 'list', items, loc };
    }
    const value = type === 'Number' && text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
    return { kind: 'lit', value, loc, param };
  }

  private fn(key: string, arg: SNode, loc: Loc, absentAt: Loc, depth: number): Value {
    const args = arg.kind === 'seq' ? arg.items : [arg];
    const ev = (n: SNode) => this.ev(n, n.loc, depth + 1);
    switch (key) {
      case 'Fn::GetAtt': {
        let id: string | undefined;
        let attr: string | undefined;
        if (arg.kind === 'scalar' && typeof arg.value === 'string') {
          const dot = arg.value.indexOf('.');
          id = dot < 0 ? arg.value : arg.value.slice(0, dot);
          attr = dot < 0 ? undefined : arg.value.slice(dot + 1);
        } else if (arg.kind === 'seq' && arg.items.length >= 2) {
          const a = ev(arg.items[0]!);
          const b = ev(arg.items[1]!);
          id = a.kind === 'lit' ? String(a.value) : undefined;
          attr = b.kind === 'lit' ? String(b.value) : undefined;
        }
        if (id && this.resourceIds.has(id)) return { kind: 'ref', target: id, attr, loc };
        return unknown('external', `Fn::GetAtt of ${id ?? 'a computed name'}`, loc);
      }
      case 'Fn::If': {
        if (arg.kind !== 'seq' || arg.items.length !== 3) return unknown('intrinsic', 'malformed Fn::If', loc);
        const c = arg.items[0]!;
        const name = c.kind === 'scalar' ? String(c.value) : '';
        const t = this.condition(name);
        if (t === true) return this.ev(arg.items[1]!, absentAt, depth + 1);
        if (t === false) return this.ev(arg.items[2]!, absentAt, depth + 1);
        return { kind: 'choice', condition: name, then: this.ev(arg.items[1]!, absentAt, depth + 1), else: this.ev(arg.items[2]!, absentAt, depth + 1), loc };
      }
      case 'Fn::Sub':
        return this.sub(arg, loc, depth);
      case 'Fn::Join': {
        if (args.length !== 2) return unknown('intrinsic', 'malformed Fn::Join', loc);
        const delim = ev(args[0]!);
        const list = ev(args[1]!);
        if (delim.kind !== 'lit' || list.kind !== 'list') return unknown('intrinsic', 'Fn::Join over values that are not known', loc);
        const parts: VTemplate['parts'] = [];
        list.items.forEach((item, i) => {
          if (i > 0) parts.push(String(delim.value ?? ''));
          pushPart(parts, item);
        });
        return template(parts, loc);
      }
      case 'Fn::Select': {
        if (args.length !== 2) return unknown('intrinsic', 'malformed Fn::Select', loc);
        const index = ev(args[0]!);
        const i = index.kind === 'lit' ? Number(index.value) : NaN;
        const src = args[1]!;
        if (src.kind === 'map' && src.entries.length === 1 && src.entries[0]!.key === 'Fn::GetAZs' && Number.isInteger(i)) {
          return { kind: 'pseudo', name: `AZ[${i}]`, loc };
        }
        const list = ev(src);
        if (list.kind === 'list' && Number.isInteger(i) && list.items[i]) return list.items[i]!;
        return unknown('intrinsic', 'Fn::Select over values that are not known', loc);
      }
      case 'Fn::Split': {
        if (args.length !== 2) return unknown('intrinsic', 'malformed Fn::Split', loc);
        const d = ev(args[0]!);
        const s = ev(args[1]!);
        if (d.kind === 'lit' && s.kind === 'lit' && typeof s.value === 'string') {
          return { kind: 'list', items: s.value.split(String(d.value)).map((x): Lit => ({ kind: 'lit', value: x, loc })), loc };
        }
        return unknown('intrinsic', 'Fn::Split over values that are not known', loc);
      }
      case 'Fn::FindInMap': {
        if (args.length < 3) return unknown('intrinsic', 'malformed Fn::FindInMap', loc);
        const keys = args.slice(0, 3).map(ev);
        if (keys.every((k) => k.kind === 'lit')) {
          const [m, k1, k2] = keys.map((k) => String((k as Lit).value));
          const found = get(get(get(get(this.root, 'Mappings'), m!), k1!), k2!);
          if (found) return { ...this.ev(found, absentAt, depth + 1), loc } as Value;
        }
        const dflt = args[3]?.kind === 'map' ? get(args[3], 'DefaultValue') : undefined;
        if (dflt) return this.ev(dflt, absentAt, depth + 1);
        return unknown('intrinsic', 'Fn::FindInMap with keys that are not known', loc);
      }
      case 'Fn::ImportValue':
        return unknown('import', 'Fn::ImportValue from another stack', loc);
      case 'Fn::Length': {
        // The argument is the list itself (`!Length [a, b]`), or an intrinsic that gives one.
        const l = ev(arg);
        return l.kind === 'list' ? { kind: 'lit', value: l.items.length, loc } : unknown('intrinsic', 'Fn::Length of a list that is not known', loc);
      }
      case 'Fn::GetAZs':
        return unknown('intrinsic', 'Fn::GetAZs', loc);
      case 'Fn::ldlintUnknown': {
        // Made by the Serverless loader for a variable it cannot resolve: `reason` or `[reason, source]`
        // (`${ssm:...}` -> source `ssm`).
        // The Terraform loader adds a third argument: the sensitive variable the value comes from (NoEcho).
        const [reason, service, secret] = args.map((a) => (a.kind === 'scalar' && a.value !== null ? String(a.value) : undefined));
        return { ...unknown('variable', reason ?? 'a Serverless variable', loc), ...(service ? { service } : {}), ...(secret ? { param: { name: secret, noEcho: true } } : {}) };
      }
      default:
        return unknown('intrinsic', `${key} is evaluated at deploy time`, loc);
    }
  }

  private sub(arg: SNode, loc: Loc, depth: number): Value {
    let text: string | undefined;
    let vars: SNode | undefined;
    if (arg.kind === 'scalar' && typeof arg.value === 'string') text = arg.value;
    else if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar') {
      text = String(arg.items[0].value);
      vars = arg.items[1];
    }
    if (text === undefined) return unknown('intrinsic', 'malformed Fn::Sub', loc);
    const parts: VTemplate['parts'] = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!.trim();
      if (name.startsWith('!')) { parts.push('${' + name.slice(1) + '}'); continue; }
      const local = vars ? get(vars, name) : undefined;
      if (local) { pushPart(parts, this.ev(local, local.loc, depth + 1)); continue; }
      const dot = name.indexOf('.');
      if (dot > 0 && this.resourceIds.has(name.slice(0, dot))) {
        parts.push({ kind: 'ref', target: name.slice(0, dot), attr: name.slice(dot + 1), loc });
        continue;
      }
      pushPart(parts, this.ref({ kind: 'scalar', value: name, loc }, loc, loc));
    }
    parts.push(text.slice(last));
    return template(parts, loc);
  }
}

function pushPart(parts: VTemplate['parts'], v: Value): void {
  // A NoEcho value inside a string stays opaque: the string is partly unknown, never shown.
  if (v.kind === 'lit' && v.param?.noEcho) parts.push({ kind: 'unknown', source: 'parameter', reason: `parameter ${v.param.name} is NoEcho`, loc: v.loc, param: { name: v.param.name, noEcho: true } });
  else if (v.kind === 'lit') parts.push(v.value === null ? '' : String(v.value));
  else if (v.kind === 'ref' || v.kind === 'pseudo' || v.kind === 'unknown') parts.push(v);
  else if (v.kind === 'template') parts.push(...v.parts);
  else parts.push(unknown('intrinsic', `a ${v.kind} inside a string`, v.loc));
}

/** Merges adjacent text; a template of text alone is a literal. */
function template(raw: VTemplate['parts'], loc: Loc): Value {
  const parts: VTemplate['parts'] = [];
  for (const p of raw) {
    if (typeof p === 'string' && typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += p;
    else if (p !== '') parts.push(p);
  }
  if (parts.length === 0) return { kind: 'lit', value: '', loc };
  if (parts.length === 1 && typeof parts[0] === 'string') return literalString(parts[0], loc);
  const unknownPart = parts.find((p): p is VUnknown => typeof p !== 'string' && p.kind === 'unknown');
  if (unknownPart && parts.every((p) => typeof p === 'string' || p.kind === 'unknown')) {
    return { ...unknownPart, loc };
  }
  return { kind: 'template', parts, loc };
}

function scalar(value: string | number | boolean | null, loc: Loc): Value {
  return typeof value === 'string' ? literalString(value, loc) : { kind: 'lit', value, loc };
}

const DYNAMIC = /\{\{resolve:([a-z-]+):/;

/** `{{resolve:ssm:...}}` and friends are resolved by CloudFormation at deploy time. */
function literalString(value: string, loc: Loc): Value {
  if (value.includes('{{resolve:')) {
    const service = DYNAMIC.exec(value)?.[1];
    return { kind: 'unknown', source: 'dynamic-reference', reason: `dynamic reference ${value.slice(value.indexOf('{{resolve:'), value.indexOf('}}') + 2)}`, loc, service };
  }
  return { kind: 'lit', value, loc };
}

function unknown(source: VUnknown['source'], reason: string, loc: Loc): VUnknown {
  return { kind: 'unknown', source, reason, loc };
}

function comparable(v: Value): string | undefined {
  return v.kind === 'lit' && v.value !== null ? String(v.value) : undefined;
}

function isTrue(n: SNode | undefined): boolean {
  return n?.kind === 'scalar' && (n.value === true || String(n.value).toLowerCase() === 'true');
}

export type { VRef, VPseudo };
