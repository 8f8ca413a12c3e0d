/**
 * The overview the HTML report, the Markdown report and the GitHub job summary lead with: per
 * business rule, how many functions fail it (an error), have warnings, or pass, and the findings
 * by severity; and per function, the worst severity of each business rule (the matrix).
 */
import { BUSINESS_RULES, type BusinessRule, type Finding, type FunctionEntry, type LintResult, type Severity } from '../engine/types.js';
import { countFindings, SEVERITY_RANK, type Counts } from './common.js';

export type GovernedRule = Exclude<BusinessRule, 'ldlint'>;
export const BUSINESS_RULE_ORDER = Object.keys(BUSINESS_RULES) as GovernedRule[];

/** A function's standing on one business rule: its worst active finding, or only suppressed ones. */
export type Standing = Severity | 'suppressed' | 'pass';

export interface RuleOverview {
  businessRule: GovernedRule;
  title: string;
  /** Functions with an error, with a warning (and no error), and the others; undefined when the run listed no functions. */
  functions?: { failing: number; warnings: number; passing: number };
  counts: Counts;
}

export interface Overview {
  rules: RuleOverview[];
  /** Each function's standing per business rule (empty when the run listed no functions). */
  matrix: { fn: FunctionEntry; standing: Record<GovernedRule, Standing> }[];
  /** Findings about no listed function, per business rule (templates, state machines, roles). */
  elsewhere: Counts;
}

const STANDING_RANK: Record<Standing, number> = { pass: 0, suppressed: 0.5, ...SEVERITY_RANK };

export function overviewOf(result: LintResult): Overview {
  const list = result.stats?.functionList;
  const fnKey = (file: string, name: string) => `${file}\0${name}`;
  const byKey = new Map<string, number>();
  const byName = new Map<string, number | null>();
  const matrix = (list ?? []).map((fn, i) => {
    byKey.set(fnKey(fn.file, fn.name), i);
    byName.set(fn.name, byName.has(fn.name) ? null : i);
    return { fn, standing: Object.fromEntries(BUSINESS_RULE_ORDER.map((br) => [br, 'pass'])) as Record<GovernedRule, Standing> };
  });
  // A finding belongs to the function it names in its file, or to the only function of that name
  // (a Serverless function's finding may point into an included file).
  const owner = (f: Finding): number | undefined => {
    if (f.resource === null) return undefined;
    return byKey.get(fnKey(f.file, f.resource)) ?? byName.get(f.resource) ?? undefined;
  };
  const elsewhere: Finding[] = [];
  for (const f of result.findings) {
    if (f.businessRule === 'ldlint') continue;
    const i = owner(f);
    if (i === undefined) {
      elsewhere.push(f);
      continue;
    }
    const row = matrix[i]!.standing;
    const s: Standing = f.suppression ? 'suppressed' : f.severity;
    if (STANDING_RANK[s] > STANDING_RANK[row[f.businessRule]]) row[f.businessRule] = s;
  }
  const byRule = new Map<BusinessRule, Finding[]>();
  for (const f of result.findings) (byRule.get(f.businessRule) ?? byRule.set(f.businessRule, []).get(f.businessRule)!).push(f);
  const rules = BUSINESS_RULE_ORDER.map((br): RuleOverview => {
    const counts = countFindings(byRule.get(br) ?? []);
    if (!list) return { businessRule: br, title: BUSINESS_RULES[br], counts };
    let failing = 0;
    let warnings = 0;
    for (const m of matrix) {
      if (m.standing[br] === 'error') failing++;
      else if (m.standing[br] === 'warning') warnings++;
    }
    return { businessRule: br, title: BUSINESS_RULES[br], functions: { failing, warnings, passing: matrix.length - failing - warnings }, counts };
  });
  return { rules, matrix, elsewhere: countFindings(elsewhere) };
}
