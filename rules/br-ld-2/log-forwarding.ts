import { defineRule, type Resource, type RuleContext } from '../../src/engine/types.js';
import { fnLabel, groupName, shortList } from '../../src/engine/helpers.js';
import { globMatch, matchesEverything } from '../../src/engine/globs.js';
import { logGroupIdentity, namesGroup, renderText, type LogGroupIdentity } from '../../src/engine/log-groups.js';
import type { LambdaFunction } from '../../src/model/types.js';
import { field, items, show, variants, type Value } from '../../src/model/value.js';

export interface Options {
  approvedDestinations: string[];
  forwardingLayers: string[];
  forwardedAtAccountLevel: boolean;
  reason?: string;
}

/** Why a route does or does not forward the function's logs. */
type Verdict = { ok: true } | { ok: false; note?: string } | { ok: 'unknown'; value: Value; what: string };

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-2/log-forwarding',
    businessRule: 'BR-LD-2',
    description: "Require the function's logs to be forwarded to an approved enterprise logging destination",
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: {
        approvedDestinations: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'ARN globs (`*` matches any text, `/` and `:` included) of the subscription-filter destinations that count as enterprise logging. A destination given by Ref/GetAtt of a resource in the project matches only `*`; placeholders of a Sub (`${AWS::Region}`) match any glob segment.',
        },
        forwardingLayers: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'ARN globs of Lambda extension layers that forward the function’s logs themselves (for example a SIEM agent extension).',
        },
        forwardedAtAccountLevel: {
          type: 'boolean',
          description: 'Set to true when logs are forwarded outside the project (an organisation-wide subscription or account policy): turns the check off. Requires `reason`.',
        },
        reason: { type: 'string', minLength: 1, description: 'Why logs are forwarded at account level (required with `forwardedAtAccountLevel: true`), recorded in the configuration.' },
      },
      additionalProperties: false,
      if: { type: 'object', properties: { forwardedAtAccountLevel: { const: true } }, required: ['forwardedAtAccountLevel'] },
      then: { required: ['reason'] },
    },
    defaultOptions: { approvedDestinations: ['*'], forwardingLayers: [], forwardedAtAccountLevel: false },
    docs: {
      rationale:
        'BR-LD-2 requires Lambda functions to integrate with CMS enterprise security logging. A function writes to its CloudWatch Logs group; unless that group is subscribed to the enterprise destination (a subscription filter, or an account-wide subscription filter policy) or an extension ships the logs, the security operations centre never sees them, and incidents involving the function cannot be detected or investigated.',
      remediation: {
        cloudformation:
          'Add an `AWS::Logs::SubscriptionFilter` whose `LogGroupName` is the function’s group (`!Ref` the `AWS::Logs::LogGroup`, or `!Sub /aws/lambda/${Function}`) and whose `DestinationArn` is the approved destination; or an `AWS::Logs::AccountPolicy` with `PolicyType: SUBSCRIPTION_FILTER_POLICY`; or add the approved forwarding extension to `Layers`.',
        sam: 'Declare the function’s `AWS::Logs::LogGroup` and an `AWS::Logs::SubscriptionFilter` on it to the approved destination (a `CloudWatchLogs` event on a forwarding function also creates one), or add the forwarding extension to `Layers` (for all functions in `Globals.Function.Layers`).',
        serverless: 'Subscribe the function’s log group with `serverless-plugin-log-subscription` (`custom.logSubscription` with the approved `destinationArn`), an `AWS::Logs::SubscriptionFilter` under `resources`, or the forwarding extension in `layers`.',
        cdk: 'Call `logGroup.addSubscriptionFilter(...)` (or `new logs.SubscriptionFilter(...)`) with the approved destination on the function’s log group, or add the forwarding extension with `layers: [LayerVersion.fromLayerVersionArn(...)]`.',
        terraform: 'Declare an `aws_cloudwatch_log_subscription_filter` on the function\'s `aws_cloudwatch_log_group` with the approved `destination_arn`, or an `aws_cloudwatch_log_account_policy` of type `SUBSCRIPTION_FILTER_POLICY`, or add the forwarding extension to `layers`.',
      },
    },
  },
  check(ctx, options) {
    if (options.forwardedAtAccountLevel && typeof options.reason === 'string' && options.reason.trim() !== '') return;
    const approved = options.approvedDestinations ?? ['*'];
    const layers = options.forwardingLayers ?? [];
    const filters = ctx.project.ofType('AWS::Logs::SubscriptionFilter');
    const policies = ctx.project.ofType('AWS::Logs::AccountPolicy').filter((p) => {
      const t = p.get('PolicyType');
      return t.kind === 'lit' && t.value === 'SUBSCRIPTION_FILTER_POLICY';
    });

    for (const fn of ctx.project.functions) {
      const group = logGroupIdentity(ctx.project, fn);
      const verdicts: Verdict[] = [];
      verdicts.push(layerRoute(fn, layers));
      for (const p of policies) verdicts.push(policyRoute(p, group, approved));
      for (const f of filters) verdicts.push(filterRoute(f, group, approved));
      if (verdicts.some((v) => v.ok === true)) continue;

      const unknowns = verdicts.filter((v): v is Extract<Verdict, { ok: 'unknown' }> => v.ok === 'unknown');
      // The name matters only to a filter or policy that might select the group by it.
      if (group.unknown && (filters.length > 0 || policies.length > 0)) unknowns.unshift({ ok: 'unknown', value: group.unknown, what: "the function's log group name" });
      if (unknowns.length > 0) {
        const seen = new Set<string>();
        for (const u of unknowns) {
          if (seen.has(u.what)) continue;
          seen.add(u.what);
          ctx.unverifiable(u.value, u.what, fn.resource, fn.name);
        }
        continue;
      }
      report(ctx, fn, group, verdicts, approved);
    }
  },
});

function report(ctx: RuleContext, fn: LambdaFunction, group: LogGroupIdentity, verdicts: Verdict[], approved: string[]): void {
  const configured = fn.get('LoggingConfig.LogGroup');
  const at = configured.kind !== 'absent' ? configured : group.binding.resource ? group.binding.resource.keyLoc : fn.resource.keyLoc;
  const notes = verdicts.flatMap((v) => (v.ok === false && v.note ? [v.note] : []));
  const globs = shortList(approved.map((g) => `"${g}"`), 2);
  const v = ctx.vocabulary(fn.resource);
  // Why the routes that exist do not count (which filter sends where) goes with the fix.
  const now = notes.length ? ` (now: ${notes.join('; ')})` : '';
  ctx.report({
    resource: fn.resource,
    resourceName: fn.name,
    at,
    path: 'LogGroup',
    message: `${fnLabel(fn, groupName(group))}: its ${groupName(group)} is not forwarded to enterprise security logging`,
    help: `Subscribe the log group to an approved destination (${globs}) with ${v.type('AWS::Logs::SubscriptionFilter')}, or add an approved forwarding layer to ${v.name('Layers')}${now}`,
  });
}

/** A destination ARN (template text) or Ref/GetAtt of a resource in the project, against the approved globs. */
function destinationApproved(dest: Value, from: Resource, approved: string[]): { ok: boolean } | { ok: 'unknown' } {
  let sawUnknown = false;
  for (const { value } of variants(dest)) {
    if (value.kind === 'unknown' || (value.kind === 'template' && value.parts.some((p) => typeof p !== 'string' && p.kind === 'unknown'))) {
      sawUnknown = true;
      continue;
    }
    if (value.kind === 'ref') {
      if (approved.some(matchesEverything)) continue;
      return { ok: false };
    }
    const text = renderText(value, from);
    if (text === undefined || !approved.some((g) => globMatch(g, text))) return { ok: false };
  }
  return sawUnknown ? { ok: 'unknown' } : { ok: true };
}

function filterRoute(f: Resource, group: LogGroupIdentity, approved: string[]): Verdict {
  const name = f.get('LogGroupName');
  const names = namesGroup(name, group, f);
  if (names === false) return { ok: false };
  const dest = f.get('DestinationArn');
  const d = destinationApproved(dest, f, approved);
  // A filter to an unapproved destination forwards nothing, whatever group it is on.
  if (d.ok === false) return names === true ? { ok: false, note: `subscription filter ${f.logicalId} sends it to ${show(dest)}, which is not an approved destination` } : { ok: false };
  if (names === 'unknown') return { ok: 'unknown', value: firstUnknown(name), what: `LogGroupName of subscription filter ${f.logicalId}` };
  if (d.ok === 'unknown') return { ok: 'unknown', value: firstUnknown(dest), what: `DestinationArn of subscription filter ${f.logicalId}` };
  return { ok: true };
}

function policyRoute(p: Resource, group: LogGroupIdentity, approved: string[]): Verdict {
  // The destination, when the policy document is readable JSON; otherwise the policy's presence counts.
  const doc = p.get('PolicyDocument');
  const docText = doc.kind === 'map' ? undefined : renderText(doc, group.fn.resource);
  let dest: Value | undefined;
  if (doc.kind === 'map') dest = field(doc, 'DestinationArn');
  else if (docText !== undefined) {
    try {
      const parsed = JSON.parse(docText) as { DestinationArn?: unknown };
      if (typeof parsed?.DestinationArn === 'string') dest = { kind: 'lit', value: parsed.DestinationArn, loc: doc.loc };
    } catch {
      // not JSON: presence is enough
    }
  }
  if (dest && dest.kind !== 'absent') {
    const d = destinationApproved(dest, p, approved);
    if (d.ok === 'unknown') return { ok: 'unknown', value: firstUnknown(dest), what: `DestinationArn of account policy ${p.logicalId}` };
    if (!d.ok) return { ok: false, note: `account policy ${p.logicalId} sends logs to ${show(dest)}, which is not an approved destination` };
  }
  const criteria = p.get('SelectionCriteria');
  if (criteria.kind === 'absent') return { ok: true };
  if (criteria.kind === 'unknown') return { ok: 'unknown', value: criteria, what: `SelectionCriteria of account policy ${p.logicalId}` };
  const text = renderText(criteria, group.fn.resource);
  const excluded = text === undefined ? undefined : notInList(text);
  if (excluded === undefined) return { ok: 'unknown', value: criteria, what: `SelectionCriteria of account policy ${p.logicalId}` };
  if (group.names.some((n) => excluded.includes(n))) return { ok: false, note: `account policy ${p.logicalId} excludes it in its SelectionCriteria` };
  return { ok: true };
}

/** The names of `LogGroupName NOT IN ["a", "b"]`; undefined when the criteria have another form. */
function notInList(text: string): string[] | undefined {
  const m = /^\s*LogGroupName\s+NOT\s+IN\s*(\[[\s\S]*\])\s*$/i.exec(text);
  if (!m) return undefined;
  try {
    const list = JSON.parse(m[1]!) as unknown;
    return Array.isArray(list) && list.every((x) => typeof x === 'string') ? (list as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function layerRoute(fn: LambdaFunction, globs: string[]): Verdict {
  if (globs.length === 0) return { ok: false };
  let unknown: Value | undefined;
  let allVariants = true;
  for (const { value } of variants(fn.get('Layers'))) {
    let found = false;
    for (const layer of items(value)) {
      const d = destinationApproved(layer, fn.resource, globs);
      if (d.ok === true) found = true;
      else if (d.ok === 'unknown') unknown ??= firstUnknown(layer);
    }
    if (!found) allVariants = false;
  }
  if (allVariants) return { ok: true };
  return unknown ? { ok: 'unknown', value: unknown, what: 'Layers' } : { ok: false };
}

/** The unknown part of a value, for `ldlint/unverifiable` (its reason and location). */
function firstUnknown(v: Value): Value {
  for (const { value } of variants(v)) {
    if (value.kind === 'unknown') return value;
    if (value.kind === 'template') for (const p of value.parts) if (typeof p !== 'string' && p.kind === 'unknown') return p;
  }
  return v;
}
