import type { Loc } from '../parse/index.js';
import type { LambdaFunction, Project, Resource, StateMachine } from '../model/types.js';
import type { Value } from '../model/value.js';
import type { Vocabulary } from './vocabulary.js';
import type { CodeLanguage } from '../model/code/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type BusinessRule = 'BR-LD-1' | 'BR-LD-2' | 'BR-LD-3' | 'BR-LD-4' | 'BR-LD-5' | 'RP-LD-1' | 'ldlint';

export const BUSINESS_RULES: Record<Exclude<BusinessRule, 'ldlint'>, string> = {
  'BR-LD-1': 'Avoid using Lambda for CMS sensitive data',
  'BR-LD-2': 'Integrate with CMS enterprise security logging',
  'BR-LD-3': 'Configure Lambda to control the cost / budget',
  'BR-LD-4': 'Do not use the local volatile storage of Lambda containers for persistent data',
  'BR-LD-5': 'Use Lambda only for stateless transactions',
  'RP-LD-1': 'Avoid complex application programming or workflows in Lambda',
};

/** A finding as reported: everything a formatter needs, positions already resolved. */
export interface Finding {
  ruleId: string;
  businessRule: BusinessRule;
  severity: Severity;
  message: string;
  /** How to fix it, in the vocabulary of the file the finding points into. */
  help?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Logical id, Serverless function key, or null for a whole template/project. */
  resource: string | null;
  resourceType: string | null;
  flavour: string | null;
  /** Stable across line moves: check, file, resource and property path. */
  fingerprint: string;
  /** Property path the finding is about (`Properties.Timeout`), when there is one. */
  path?: string;
  constructPath?: string;
  /** Set when a suppression or baseline matched and the finding is reported anyway (--report-suppressed). */
  suppression?: { kind: 'inline' | 'config' | 'baseline'; reason: string; expires?: string; file?: string; line?: number };
}

export interface RuleDocs {
  /** One paragraph: why the business rule asks for this. */
  rationale: string;
  /** How to fix, per input flavour. */
  remediation: { cloudformation: string; sam: string; serverless: string; cdk: string; terraform: string };
}

export interface RuleMeta<O> {
  id: string;
  businessRule: BusinessRule;
  description: string;
  defaultSeverity: Severity;
  /** JSON Schema of the rule's options (an object schema; `additionalProperties: false`). */
  schema: Record<string, unknown>;
  defaultOptions: O;
  docs: RuleDocs;
  /** A code check: the languages of function code it reads (its fixtures are per language). */
  languages?: readonly CodeLanguage[];
}

/** What a rule reports: a location (value, absent value or resource) and a message. */
export interface Report {
  /** The resource the finding is about; null for project/template-level findings. */
  resource: Resource | null;
  /** What findings call the resource (defaults to its logical id). */
  resourceName?: string;
  at: Loc | Value;
  /** One sentence: what is wrong, with the values that matter (under 120 characters, never over 200). */
  message: string;
  /** How to fix it, in the vocabulary of the file `at` points into (`ctx.vocabulary`). */
  help?: string;
  /** Property path for the fingerprint (`Timeout`, `Environment.Variables.DB_PATH`). */
  path?: string;
  /** Overrides the rule's configured severity (e.g. reserved concurrency 0 is info). */
  severity?: Severity;
}

export interface Settings {
  sensitiveData: {
    tagKeys: string[];
    tagValues: string[];
    booleanTagKeys: string[];
    exceptionTagKey: string;
  };
  parameters: Record<string, string>;
  /**
   * Lint the functions a framework generates itself, which the user does not write and cannot
   * configure: CDK's (log retention, bucket notifications, custom-resource providers, bucket
   * deployments) and the Serverless Framework's custom-resource functions (`existing: true` S3 and
   * Cognito events, EventBridge, API Gateway CloudWatch role). Default false: they are left out.
   */
  includeGeneratedFunctions: boolean;
}

export interface RuleContext {
  project: Project;
  settings: Settings;
  /** Today's date (YYYY-MM-DD), injected so that expiry is testable. */
  today: string;
  strict: boolean;
  report(r: Report): void;
  /** How the file a resource is written in names its settings (the project's first template for null). */
  vocabulary(resource: Resource | null): Vocabulary;
  /** Reports `ldlint/unverifiable` for a value the check could not decide. */
  unverifiable(value: Value, what: string, resource: Resource | null, resourceName?: string): void;
}

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta<O>;
  /** Runs once per project with the merged options. */
  check(ctx: RuleContext, options: O): void;
}

export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}

export type { LambdaFunction, Project, Resource, StateMachine };

/** The outcome of one run, as formatters receive it. */
export interface LintResult {
  findings: Finding[];
  /** Files read (templates and skipped files), for summaries and JUnit suites. */
  files: { path: string; flavour: string | null }[];
  /** Metadata of every rule that ran (for SARIF tool.driver.rules, JUnit testcases). */
  rules: RuleMeta<unknown>[];
  /** Baseline entries that no longer occur, when a baseline was given. */
  staleBaseline?: string[];
  /** What the run read, for summaries: a pass that checked nothing must look different. */
  stats?: RunStats;
}

export interface RunStats {
  templates: number;
  functions: number;
  durationMs?: number;
  /** The functions checked (per-function overviews: HTML, Markdown). */
  functionList?: FunctionEntry[];
  /** Every suppression and ISSO exception the run read, applied or not (the risk register). */
  risks?: RiskEntry[];
  /** The baseline given (`--baseline`): its file and how many findings it accepted. */
  baseline?: { file: string; matched: number };
  /** The configuration files in force (null: the defaults, ldlint:recommended). */
  configs?: ConfigInForce[];
}

/** A function the run checked: what findings call it and where it is defined. */
export interface FunctionEntry {
  name: string;
  file: string;
  line: number;
  flavour: string;
}

/**
 * A suppression (inline or config `ignore`) or an ISSO exception, as the risk register lists it.
 * `status`: a suppression is `applied` (it covered `matched` findings), `unused` or `invalid`
 * (`problem` says why); an exception is `valid`, `expired`, `invalid` or `unknown`.
 */
export interface RiskEntry {
  kind: 'inline' | 'config' | 'exception';
  /** The check or business rule a suppression names; `BR-LD-1` for an exception. */
  id: string;
  /** The function or resource it is written on; null when it covers a file or more. */
  resource: string | null;
  /** The suppression's reason, or the exception's approval reference. */
  reason?: string;
  approvedBy?: string;
  expires?: string;
  file: string;
  line: number;
  column: number;
  status: 'applied' | 'unused' | 'invalid' | 'valid' | 'expired' | 'unknown';
  matched?: number;
  problem?: string;
}

/** A configuration in force: its file and the severity and options of every check. */
export interface ConfigInForce {
  file: string | null;
  rules: { id: string; severity: SeverityOrOff; options: Record<string, unknown> }[];
}
