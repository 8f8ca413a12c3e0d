import { intrinsicName, type Loc, type SMap, type SNode } from '../../src/parse/index.js';
import { closest } from '../../src/config/suggest.js';
import { functionKeyOrigin, functionKeys, pluginsOf } from '../../src/model/serverless/index.js';
import { propertyType, resourceProperties, RESOURCE_SPEC_SOURCE, unwrapShape, type PropertyShapes, type Shape } from '../../src/engine/resource-spec.js';
import { defineRule, type Resource, type RuleContext } from '../../src/engine/types.js';

/** SAM types checked through their original properties (other SAM-generated resources are skipped). */
const SAM_SOURCES: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
};

export default defineRule<Record<string, never>>({
  meta: {
    id: 'ldlint/unknown-property',
    businessRule: 'ldlint',
    description: 'Forbid property names that the resource specification does not define on governed resources',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'The governance checks read settings by their exact names. A misspelt setting such as `ReservedConcurrency` instead of `ReservedConcurrentExecutions`, or `VpcConfig.SubnetId` instead of `SubnetIds`, is not the setting the reviewer believes is there: the check that looks for the real name reports it missing at best, and at worst the template is approved on a control it does not have. Property names of Lambda and SAM functions, aliases, versions, event invoke configs, log groups, subscription filters and state machines (and of their nested configuration blocks) are compared with the CloudFormation resource specification of the @aws-cdk/aws-service-spec version ldlint locks, and with the AWS SAM specification. Keys of Serverless functions are compared with the framework\'s and those of widely used plugins the service lists (`enabled`, `warmup`, `esbuild`, `iamRoleStatements`, ...); a key of a plugin the service does not list has no effect, and a key that a listed plugin ldlint does not know may define is reported as info.',
      remediation: {
        cloudformation: 'Rename the property to the name the finding suggests (names are case-sensitive), or remove it; see the resource type reference of the AWS CloudFormation User Guide.',
        sam: 'Rename the property, in the resource or in `Globals.Function`, to the SAM name the finding suggests (for example `Tracing`, not `TracingConfig`; `DeadLetterQueue`, not `DeadLetterConfig`).',
        serverless: 'Rename the function key to the Serverless Framework name the finding suggests, or list the plugin that defines it under `plugins`.',
        cdk: 'Escape hatches (`addPropertyOverride`, `addOverride`) write raw property names: fix the name passed to them.',
      },
    },
  },
  check(ctx) {
    for (const r of ctx.project.resources) {
      if (r.template.flavour === 'serverless' && r.type === 'AWS::Lambda::Function' && r.generatedFrom && r.sourceProperties) {
        checkServerlessFunction(ctx, r, r.sourceProperties);
        continue;
      }
      if (r.sourceType && SAM_SOURCES[r.sourceType]) {
        // The SAM resource as written: only its primary generated resource carries the check.
        if (r.type !== SAM_SOURCES[r.sourceType] || !r.sourceProperties) continue;
        checkResource(ctx, r, r.sourceType, r.sourceProperties);
        continue;
      }
      if (r.generatedFrom || r.sourceType) continue;
      if (!r.properties) continue;
      checkResource(ctx, r, r.type, r.properties);
    }
    for (const t of ctx.project.templates) checkGlobals(ctx, t.sourceRoot);
  },
});

function checkResource(ctx: RuleContext, r: Resource, type: string, props: SMap): void {
  const shapes = resourceProperties(type);
  if (!shapes) return;
  const label = `${type} ${r.logicalId}`;
  walkMap(props, shapes, type, '', (key, keyLoc, path, container, valid) => {
    ctx.report({
      resource: r,
      resourceName: r.generatedFrom && r.template.flavour !== 'sam' ? r.generatedFrom : r.logicalId,
      at: keyLoc,
      path,
      message: message(label, type, container, key, path, suggest(key, Object.keys(valid))),
    });
  });
}

/**
 * The keys of a Serverless function: the framework's and those of the plugins the service lists. A
 * key that an unknown listed plugin may define is info, not a misspelling.
 */
function checkServerlessFunction(ctx: RuleContext, r: Resource, fn: SMap): void {
  const listed = r.template.sourceRoot ? pluginsOf(r.template.sourceRoot) : new Set<string>();
  const candidates = functionKeys(listed);
  const name = `Serverless function ${r.generatedFrom}`;
  for (const e of fn.entries) {
    const origin = functionKeyOrigin(e.key, listed);
    if (origin.kind === 'known') continue;
    const hint = suggest(e.key, candidates);
    const mean = hint ? `; did you mean "${hint}"?` : '.';
    const at = { resource: r, resourceName: r.generatedFrom, at: e.keyLoc, path: `functions.${r.generatedFrom}.${e.key}` };
    if (origin.kind === 'unknown-plugins') {
      ctx.report({
        ...at, severity: 'info',
        message: `${name}: "${e.key}" is not a function key ldlint knows; it may be defined by ${plural('plugin', origin.plugins)} ${list(origin.plugins)}.`,
        help: `If no plugin defines it, fix or remove the name${hint ? ` (did you mean "${hint}"?)` : ''}: a misspelt setting does not apply, and the checks that read it cannot see it.`,
      });
    } else if (origin.kind === 'unlisted-plugin') {
      ctx.report({
        ...at,
        message: `${name}: "${e.key}" is a key of ${plural('plugin', origin.plugins)} ${list(origin.plugins)}, which is not under plugins, so it has no effect.`,
        help: `Add ${origin.plugins.length === 1 ? origin.plugins[0] : `one of ${list(origin.plugins)}`} to plugins, or remove the key.`,
      });
    } else {
      ctx.report({
        ...at,
        message: `${name}: "${e.key}" is not a function key of the Serverless Framework or of a listed plugin${mean}`,
        help: 'Fix or remove the name: the setting it was meant to make does not apply, and the checks that read it cannot see it.',
      });
    }
  }
}

function plural(word: string, items: string[]): string {
  return items.length === 1 ? word : `${word}s`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `Globals.Function` of a SAM template: the same names as AWS::Serverless::Function. */
function checkGlobals(ctx: RuleContext, sourceRoot: SMap | undefined): void {
  const globals = sourceRoot?.index.get('Globals')?.value;
  const fn = globals?.kind === 'map' ? globals.index.get('Function')?.value : undefined;
  if (fn?.kind !== 'map' || intrinsicName(fn)) return;
  const shapes = resourceProperties('AWS::Serverless::Function')!;
  walkMap(fn, shapes, 'AWS::Serverless::Function', '', (key, keyLoc, path, container, valid) => {
    ctx.report({
      resource: null,
      at: keyLoc,
      path: `Globals.Function.${path}`,
      message: message('Globals.Function', 'AWS::Serverless::Function', container, key, path, suggest(key, Object.keys(valid))),
    });
  });
}

/**
 * `AWS::Lambda::Function Worker: "ReservedConcurrency" is not a property of AWS::Lambda::Function ...`;
 * for a nested key, the property type that lacks it (`AWS::Lambda::Function.VpcConfig`).
 */
function message(label: string, type: string, container: string, key: string, path: string, suggestion: string | undefined): string {
  const source = type.startsWith('AWS::Serverless::') ? 'the AWS SAM specification' : `the CloudFormation resource specification (${RESOURCE_SPEC_SOURCE})`;
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  const what = path === key ? `a property of ${type}` : `a property of ${container} (at ${path.slice(0, path.length - key.length - 1)})`;
  return `${label}: "${key}" is not ${what} in ${source}.${hint} The setting it was meant to make does not apply, and the checks that read it cannot see it: fix or remove the name.`;
}

/**
 * The closest valid name: a name that is a prefix of the key or has the key as its prefix (at
 * least 6 letters: `TracingConfig` -> `Tracing`, `SubnetId` -> `SubnetIds`), else the nearest by
 * edit distance (case-insensitive, `closest`), else the name sharing the longest common prefix of
 * at least 6 letters (`ReservedConcurrency` -> `ReservedConcurrentExecutions`).
 */
export function suggest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const common = (c: string): number => {
    const cl = c.toLowerCase();
    let n = 0;
    while (n < lower.length && n < cl.length && lower[n] === cl[n]) n++;
    return n;
  };
  const whole = candidates
    .filter((c) => Math.min(c.length, key.length) >= 6 && common(c) === Math.min(c.length, key.length))
    .sort((a, b) => Math.abs(a.length - key.length) - Math.abs(b.length - key.length))[0];
  if (whole) return whole;
  const near = closest(key, candidates);
  if (near) return near;
  let best: string | undefined;
  let bestLen = 5;
  for (const c of candidates) {
    const n = common(c);
    if (n > bestLen) {
      best = c;
      bestLen = n;
    }
  }
  return best;
}

type OnUnknown = (key: string, keyLoc: Loc, path: string, container: string, valid: PropertyShapes) => void;

/** Checks the keys of a property map; intrinsic functions are skipped, except `Fn::If`, whose branches are checked. */
function walkMap(node: SNode, shapes: PropertyShapes, container: string, prefix: string, onUnknown: OnUnknown): void {
  for (const m of concreteMaps(node)) {
    for (const e of m.entries) {
      const path = prefix ? `${prefix}.${e.key}` : e.key;
      const shape = Object.hasOwn(shapes, e.key) ? shapes[e.key] : undefined;
      if (shape === undefined) {
        onUnknown(e.key, e.keyLoc, path, container, shapes);
        continue;
      }
      walkValue(e.value, shape, path, onUnknown);
    }
  }
}

function walkValue(node: SNode, shape: Shape, path: string, onUnknown: OnUnknown): void {
  const { kind, of } = unwrapShape(shape);
  switch (kind) {
    case 'plain':
      return;
    case 'type': {
      const inner = propertyType(of);
      if (inner) walkMap(node, inner, of, path, onUnknown);
      return;
    }
    case 'list':
      for (const list of concreteNodes(node)) {
        if (list.kind === 'seq') list.items.forEach((item, i) => walkValue(item, of, `${path}[${i}]`, onUnknown));
      }
      return;
    case 'map':
      for (const m of concreteMaps(node)) for (const e of m.entries) walkValue(e.value, of, `${path}.${e.key}`, onUnknown);
      return;
  }
}

/** The node itself, or the branches of an `Fn::If` (recursively); other intrinsic functions give nothing. */
function concreteNodes(node: SNode, depth = 0): SNode[] {
  if (depth > 16) return [];
  if (node.kind !== 'map') return [node];
  const fn = intrinsicName(node);
  if (!fn) return [node];
  if (fn !== 'Fn::If') return [];
  const args = node.entries[0]!.value;
  if (args.kind !== 'seq' || args.items.length !== 3) return [];
  return [...concreteNodes(args.items[1]!, depth + 1), ...concreteNodes(args.items[2]!, depth + 1)];
}

function concreteMaps(node: SNode): SMap[] {
  return concreteNodes(node).filter((n): n is SMap => n.kind === 'map');
}
