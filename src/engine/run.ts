import { createHash } from 'node:crypto';
import { toRange, type Loc } from '../parse/index.js';
import type { Project, Resource } from '../model/types.js';
import { show, type Value } from '../model/value.js';
import { lastAccess } from '../model/template.js';
import type { BusinessRule, Finding, Report, Rule, RuleContext, Settings, Severity, SeverityOrOff } from './types.js';
import { ENGINE_FINDINGS } from './engine-findings.js';
import { unverifiableHelp } from './help.js';
import { vocabularyFor } from './vocabulary.js';

export interface RuleSetting {
  severity: SeverityOrOff;
  options: Record<string, unknown>;
}

export interface RunConfig {
  rules: ReadonlyMap<string, RuleSetting>;
  settings: Settings;
  strict: boolean;
  today: string;
}

/** Runs every enabled rule over one project; a rule that throws becomes an `ldlint/internal-error` finding. */
export function runRules(project: Project, rules: readonly Rule<any>[], config: RunConfig): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const options = { ...(rule.meta.defaultOptions as object), ...(setting?.options ?? {}) };
    let current: Resource | null = null;
    const ctx: RuleContext = {
      project,
      settings: config.settings,
      today: config.today,
      strict: config.strict,
      report: (r: Report) => {
        current = r.resource;
        findings.push(toFinding(rule.meta.id, rule.meta.businessRule, r.severity ?? severity, r));
      },
      vocabulary: (resource: Resource | null) => vocabularyFor(resource, project.templates[0]?.flavour),
      unverifiable: (value: Value, what: string, resource: Resource | null, resourceName?: string) => {
        const s = config.rules.get('ldlint/unverifiable')?.severity ?? (config.strict ? 'warning' : 'info');
        if (s === 'off') return;
        const reason = value.kind === 'unknown' ? value.reason : show(value);
        const vocabulary = vocabularyFor(resource, project.templates[0]?.flavour);
        findings.push(toFinding('ldlint/unverifiable', 'ldlint', s, {
          resource, resourceName, at: value,
          message: `${rule.meta.id}: ${vocabulary.path(what)} cannot be verified: ${reason}.`,
          help: unverifiableHelp(value, vocabulary.dialect),
          path: `${rule.meta.id}:${what}`,
        }));
      },
    };
    lastAccess.resource = undefined;
    try {
      rule.check(ctx, options as never);
    } catch (e) {
      const project0 = project.templates[0]!;
      // The resource the rule was reading when it failed (else the last one it reported on).
      const failedOn = (lastAccess.resource ?? current) as Resource | null;
      const at: Loc = failedOn?.keyLoc ?? { file: project0.file, start: 0, end: 0 };
      findings.push(toFinding('ldlint/internal-error', 'ldlint', 'error', {
        resource: failedOn, at,
        message: `Rule ${rule.meta.id} failed${failedOn ? ` on ${failedOn.logicalId}` : ''}: ${errorText(e)}`,
      }));
    }
  }
  return findings;
}

/** What a thrown value says, whatever was thrown. */
function errorText(e: unknown): string {
  try {
    // First line, cut short: the finding's message stays one sentence.
    const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  } catch {
    return 'an unprintable error';
  }
}

function isLoc(x: Loc | Value): x is Loc {
  return (x as Loc).file !== undefined && (x as Value).kind === undefined;
}

export function toFinding(ruleId: string, businessRule: BusinessRule, severity: Severity, r: Report): Finding {
  const loc = isLoc(r.at) ? r.at : r.at.loc;
  const range = toRange(loc);
  const resourceName = r.resource ? r.resourceName ?? resourceLabel(r.resource) : null;
  return {
    ruleId,
    businessRule,
    severity,
    message: r.message,
    // Engine findings that carry no help of their own get their finding's.
    ...(r.help ?? ENGINE_FINDINGS.get(ruleId)?.help ? { help: r.help ?? ENGINE_FINDINGS.get(ruleId)!.help } : {}),
    ...range,
    resource: resourceName,
    resourceType: r.resource ? r.resource.sourceType ?? r.resource.type : null,
    flavour: r.resource ? r.resource.template.flavour : null,
    fingerprint: fingerprint(ruleId, range.file, resourceName, r.path ?? r.message),
    ...(r.path ? { path: r.path } : {}),
    ...(r.resource?.template.constructPaths?.get(r.resource.logicalId) ? { constructPath: r.resource.template.constructPaths.get(r.resource.logicalId) } : {}),
  };
}

/** What findings call a resource: the Serverless function key for generated resources, else the logical id. */
export function resourceLabel(r: Resource): string {
  return r.template.flavour === 'serverless' && r.generatedFrom ? r.generatedFrom : r.logicalId;
}

export function fingerprint(ruleId: string, file: string, resource: string | null, path: string): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${resource ?? ''}\0${path}`).digest('hex').slice(0, 32);
}
