import { makeMap, type Loc, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import { syn } from '../synth.js';
import { naming } from './naming.js';
import { concat, entryOf, isIntrinsic, isMap, items, Props, resourceNode, text, valueOf } from './nodes.js';

/**
 * The plugins ldlint models:
 * Each only when listed under `plugins:` (without it the framework ignores the settings):
 * - serverless-step-functions: `stepFunctions.stateMachines.<key>` -> AWS::StepFunctions::StateMachine;
 * - serverless-plugin-log-subscription: `custom.logSubscription` / function `logSubscription` ->
 *   AWS::Logs::SubscriptionFilter per function (only when the plugin is listed: without it nothing
 *   forwards the logs);
 * - serverless-iam-roles-per-function: function `iamRoleStatements` (see compile.ts);
 * - serverless-disable-functions, serverless-plugin-conditional-functions: function `enabled`
 *   removes the function (see plugin-keys.ts, which also knows the function keys of other plugins).
 */

export const LOG_SUBSCRIPTION_PLUGIN = 'serverless-plugin-log-subscription';
export const STEP_FUNCTIONS_PLUGIN = 'serverless-step-functions';
export const IAM_ROLES_PER_FUNCTION_PLUGIN = 'serverless-iam-roles-per-function';

/** Names under `plugins:` (a list, or `{modules: [...]}`). */
export function pluginsOf(sls: SMap): Set<string> {
  const p = sls.index.get('plugins')?.value;
  const list = isMap(p) ? valueOf(p, 'modules') : p;
  return new Set(items(list).map(text).filter((x): x is string => x !== undefined));
}

interface Sink {
  add(id: string, keyLoc: Loc, node: SMap): void;
}

/** serverless-step-functions state machines; `Resource: !GetAtt hello.Arn` names the function `hello`. */
export function compileStateMachines(sink: Sink, sls: SMap, provider: SMap | undefined, hasResource: (id: string) => boolean, functionKeys: Set<string>): void {
  const machines = valueOf(valueOf(sls, 'stepFunctions'), 'stateMachines');
  if (!isMap(machines)) return;
  const translateId = (id: string) => (!hasResource(id) && functionKeys.has(id) ? naming.lambda(id) : id);
  for (const e of machines.entries) {
    if (!isMap(e.value)) continue;
    const cfg = e.value;
    const id = naming.stateMachine(e.key, text(valueOf(cfg, 'id')) ?? text(valueOf(cfg, 'name')));
    const p = new Props();
    const def = entryOf(cfg, 'definition');
    if (def) {
      if (def.value.kind === 'scalar') p.set('DefinitionString', def.value, def.keyLoc);
      else p.set('Definition', translateDefinition(def.value, translateId), def.keyLoc);
    }
    p.copy('StateMachineName', entryOf(cfg, 'name'));
    p.copy('StateMachineType', entryOf(cfg, 'type'));
    const role = entryOf(cfg, 'role');
    if (role) p.set('RoleArn', role.value.kind === 'scalar' && !String(role.value.value).startsWith('arn:') ? syn.getAtt(role.value.loc, String(role.value.value), 'Arn') : role.value, role.keyLoc);
    const inherit = valueOf(cfg, 'inheritGlobalTags');
    const globalTags = inherit?.kind === 'scalar' && inherit.value === false ? undefined : valueOf(provider, 'tags');
    const own = valueOf(cfg, 'tags');
    const tags = [...(isMap(globalTags) ? globalTags.entries : []), ...(isMap(own) ? own.entries : [])];
    if (tags.length) {
      p.set('Tags', syn.seq(e.keyLoc, tags.map((t) => makeMap(t.keyLoc, [
        { key: 'Key', keyLoc: t.keyLoc, value: { kind: 'scalar', loc: t.keyLoc, value: t.key } },
        { key: 'Value', keyLoc: t.keyLoc, value: t.value },
      ]))), entryOf(cfg, 'tags')?.keyLoc ?? e.keyLoc);
    }
    sink.add(id, e.keyLoc, resourceNode(e.keyLoc, 'AWS::StepFunctions::StateMachine', p.map(cfg.loc), { source: e.key }));
  }
}

/**
 * Function names in a definition become logical ids (`!GetAtt hello.Arn` -> `HelloLambdaFunction`),
 * and the plugin's `#{AWS::Region}` pseudo parameters become `!Sub` text, as the plugin does.
 */
export function translateDefinition(node: SNode, translateId: (id: string) => string, depth = 0): SNode {
  if (depth > 400) return node;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' && node.value.includes('#{')) return syn.sub(node.loc, node.value.replace(/#\{([^}]+)\}/g, '${$1}'));
    return node;
  }
  if (node.kind === 'seq') {
    const out = node.items.map((i) => translateDefinition(i, translateId, depth + 1));
    return out.every((x, i) => x === node.items[i]) ? node : { kind: 'seq', loc: node.loc, items: out };
  }
  if (node.entries.length === 1 && isIntrinsic(node)) {
    const { key, keyLoc, value } = node.entries[0]!;
    if (key === 'Ref' && value.kind === 'scalar' && typeof value.value === 'string') {
      const to = translateId(value.value);
      return to === value.value ? node : makeMap(node.loc, [{ key, keyLoc, value: { ...value, value: to } }]);
    }
    if (key === 'Fn::GetAtt') {
      if (value.kind === 'seq' && value.items[0]?.kind === 'scalar' && typeof value.items[0].value === 'string') {
        const to = translateId(value.items[0].value);
        if (to === value.items[0].value) return node;
        return makeMap(node.loc, [{ key, keyLoc, value: { kind: 'seq', loc: value.loc, items: [{ ...value.items[0], value: to }, ...value.items.slice(1)] } }]);
      }
      if (value.kind === 'scalar' && typeof value.value === 'string') {
        const dot = value.value.indexOf('.');
        const idText = dot < 0 ? value.value : value.value.slice(0, dot);
        const to = translateId(idText);
        if (to === idText) return node;
        return makeMap(node.loc, [{ key, keyLoc, value: { kind: 'seq', loc: value.loc, items: [{ kind: 'scalar', loc: value.loc, value: to }, { kind: 'scalar', loc: value.loc, value: dot < 0 ? 'Arn' : value.value.slice(dot + 1) }] } }]);
      }
    }
    return node;
  }
  let changed = false;
  const entries: SEntry[] = node.entries.map((e) => {
    const v = translateDefinition(e.value, translateId, depth + 1);
    if (v === e.value) return e;
    changed = true;
    return { ...e, value: v };
  });
  return changed ? makeMap(node.loc, entries) : node;
}

/** serverless-plugin-log-subscription: `<Name>SubscriptionFilter` on each enabled function's log group. */
export function compileLogSubscriptions(resources: Map<string, SEntry>, sls: SMap, plugins: Set<string>, functions: { key: string; keyLoc: Loc; node: SMap }[]): void {
  if (!plugins.has(LOG_SUBSCRIPTION_PLUGIN)) return;
  const common = valueOf(valueOf(sls, 'custom'), 'logSubscription');
  const variants: [SNode | undefined, string][] = common?.kind === 'seq' ? common.items.map((c, i) => [c, String(i)]) : [[common, '']];
  for (const [cfg, suffix] of variants) {
    for (const fn of functions) {
      const settings = new Map<string, SEntry>();
      if (isMap(cfg)) for (const e of cfg.entries) settings.set(e.key, e);
      const own = fn.node.index.get('logSubscription');
      if (own && isMap(own.value)) for (const e of own.value.entries) settings.set(e.key, e);
      else if (own && own.value.kind === 'scalar') settings.set('enabled', own);
      const enabled = settings.get('enabled')?.value;
      const on = enabled?.kind === 'scalar' && (enabled.value === true || enabled.value === 'true');
      if (!on) continue;
      const destination = settings.get('destinationArn');
      const at = fn.keyLoc;
      const group = resources.get(naming.logGroup(fn.key));
      const groupName = valueOf(valueOf(group?.value, 'Properties'), 'LogGroupName')
        ?? concat(at, '/aws/lambda/', valueOf(valueOf(resources.get(naming.lambda(fn.key))?.value, 'Properties'), 'FunctionName') ?? syn.str(at, fn.key));
      const p = new Props()
        .copy('DestinationArn', destination)
        .set('FilterPattern', settings.get('filterPattern')?.value ?? syn.str(at, ''), settings.get('filterPattern')?.keyLoc ?? at)
        .set('LogGroupName', groupName, at)
        .copy('RoleArn', settings.get('roleArn'));
      const id = naming.subscriptionFilter(fn.key, suffix);
      resources.set(id, { key: id, keyLoc: at, value: resourceNode(at, 'AWS::Logs::SubscriptionFilter', p.map(at), { source: fn.key }) });
    }
  }
}
