/**
 * The findings ldlint reports itself (ids `ldlint/...` that are not registered checks): about files
 * it cannot read, templates CloudFormation rejects as written, values it cannot decide, suppressions
 * and its own failures. One entry each: the docs pages (`npm run docs`), `ldlint explain`,
 * `ldlint rules`, the config schema, suppressions, baselines and exit codes read it.
 */
import type { Severity } from './types.js';

export interface EngineFindingMeta {
  id: string;
  defaultSeverity: Severity;
  /** When ldlint reports it (one sentence or two). */
  description: string;
  /** Why it is reported. */
  rationale: string;
  /** What the user does about it. */
  remedy: string;
  /** The `help` of a finding that has none of its own: the fix in one short sentence. */
  help: string;
  /** How the default severity changes, when it does (`warning with --strict`). */
  severityNote?: string;
  /** The config may set its severity under `rules` (`off` silences it). */
  configurable: boolean;
  /** A suppression (inline, config `ignore`, baseline) may hide it. */
  suppressible: boolean;
  /** A problem of the run rather than of the templates: never recorded in a baseline. */
  ofTheRun: boolean;
  /** The run exits with 2 when it is reported, whatever --fail-on says: ldlint could not do its job. */
  failsTheRun: boolean;
}

const FINDINGS: readonly EngineFindingMeta[] = [
  {
    id: 'ldlint/duplicate-key',
    defaultSeverity: 'warning',
    description: 'A mapping of a template repeats a key; the last one wins, as the YAML loaders of CloudFormation and SAM do.',
    rationale:
      'A repeated key is almost always a merge or copy-paste accident: the first value is silently discarded. When the repeated key is a governance setting (a second `Timeout`, a second `Environment`) the reviewer may read the value that does not apply. ldlint checks the last value, as CloudFormation deploys it, and says that the other one is dropped.',
    remedy: 'Delete the value that should not apply, or merge the two; the finding points at the repeated key.',
    help: 'Delete the key that should not apply, or merge the two values',
    configurable: false,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
  {
    id: 'ldlint/include-refused',
    defaultSeverity: 'error',
    description: 'A file a template includes (a Serverless `${file()}`) lies outside the project root, directly or through a symbolic link: ldlint does not read it, and the values it would give are unknown.',
    rationale:
      'A template comes with the change under review; it must not make the linter read files outside the project (a home directory, credentials, another repository). The include is refused rather than followed, and the checks that need its values cannot decide them, so the run must not look clean.',
    remedy: 'Move the included file into the project (the repository that holds the template), or lint from a directory that contains both.',
    help: 'Move the included file into the project, or lint from a directory that contains both',
    configurable: false,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
  {
    id: 'ldlint/internal-error',
    defaultSeverity: 'error',
    description: 'ldlint failed while modelling a file or running a check on it: a defect of ldlint, not of the template.',
    rationale:
      'A check that crashes has not checked anything: the file, or the check on it, is unverified. The failure is reported at the resource being read, the other files and checks still run, and the run exits with 2 so that a gate never passes on a crash.',
    remedy: 'Report it with the template (or a reduced copy) at the ldlint issue tracker. It cannot be suppressed; `--fail-on none` does not hide it.',
    help: 'Report this defect of ldlint with the template (or a reduced copy) at the ldlint issue tracker',
    configurable: false,
    suppressible: false,
    ofTheRun: true,
    failsTheRun: true,
  },
  {
    id: 'ldlint/invalid-template',
    defaultSeverity: 'error',
    description: 'A CloudFormation or SAM template has no resources: `Resources` is missing, empty, null or not a mapping. CloudFormation rejects it (the section is required and needs at least one resource).',
    rationale:
      'A template without resources cannot be deployed, so the checks have nothing to judge and a clean result would be meaningless. It is usually a template that lost its resources in an edit, or a fragment (an `AWS::Include` snippet, a parameters file) that is linted as if it were a template.',
    remedy: 'Add the resources, or fix the indentation that moved them out of `Resources`. A file that is not meant to be a template on its own (an included snippet) should not carry `AWSTemplateFormatVersion`: then ldlint passes it over.',
    help: 'Add the resources under `Resources`, or fix the indentation that moved them out of it',
    configurable: false,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
  {
    id: 'ldlint/missing-transform',
    defaultSeverity: 'error',
    description: 'A template declares `AWS::Serverless::*` resources without `Transform: AWS::Serverless-2016-10-31`; CloudFormation rejects it. The template is still linted as SAM.',
    rationale:
      'Without the SAM transform CloudFormation does not know the `AWS::Serverless::*` types and refuses the template, so what it declares is not what would run. Linting it as plain CloudFormation would find no function at all and pass in silence; ldlint lints it as SAM, so that every check runs on its functions, and reports the missing transform at the first SAM resource.',
    remedy: 'Add `Transform: AWS::Serverless-2016-10-31` at the top level of the template (with other transforms, as a list: `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]`).',
    help: 'Add `Transform: AWS::Serverless-2016-10-31` at the top level of the template',
    configurable: false,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
  {
    id: 'ldlint/nested-stack-cycle',
    defaultSeverity: 'error',
    description: 'Nested stacks form a cycle: a template nests, through local `TemplateURL`s, a template that nests it again (`a.yaml` nests `b.yaml` nests `a.yaml`). Reported at the `TemplateURL` that closes the cycle; the message names the chain.',
    rationale:
      'A stack that contains itself can never be created: `aws cloudformation package` would upload templates without end, and CloudFormation would create stacks until it hits its limits. ldlint reads each template of the cycle once; the cycle itself is an error, not something to pass over in silence. It is reported once per cycle, whichever of its templates is linted first.',
    remedy: 'Remove the `AWS::CloudFormation::Stack` resource that nests a template back into its own chain, or point its `TemplateURL` at the template that was meant.',
    help: 'Remove the nested stack that leads back into its own chain, or point its `TemplateURL` at the template meant',
    configurable: false,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
  {
    id: 'ldlint/parse-error',
    defaultSeverity: 'error',
    description: 'A file cannot be read or parsed (YAML or JSON syntax, encoding, size limit, a Serverless variable that refers to itself); the message gives file:line:col and the reason.',
    rationale:
      'A template that cannot be read cannot be checked: every business rule is unverified for it. The run exits with 2, whatever --fail-on says, so that a broken template never passes a gate. YAML or JSON that shows no sign of being a template (a Helm chart, JSON with comments) is passed over instead, with a note when it was named on the command line.',
    remedy: 'Fix the syntax at the position given (CloudFormation and SAM would reject the file too). For a file that is too large, raise `--max-file-size`.',
    help: 'Fix the syntax at this position (CloudFormation and SAM would reject the file too)',
    configurable: false,
    suppressible: true,
    ofTheRun: true,
    failsTheRun: true,
  },
  {
    id: 'ldlint/suppression-invalid',
    defaultSeverity: 'error',
    description: 'A suppression that cannot apply: no reason, an expiry that is malformed or past, an unknown id, or an id listed in nonSuppressible. It suppresses nothing either way.',
    rationale:
      'A suppression records an accepted risk: who accepted it, why, and until when. One without a reason, past its expiry or naming a check that does not exist accepts nothing, so the finding it meant to hide is still reported, and the suppression itself is reported so that it is fixed or removed.',
    remedy: 'Give the suppression a reason (`reason: "..."`, or `-- reason` after a comment directive), a valid future expiry date (YYYY-MM-DD), and an id that `ldlint rules` lists; or delete it.',
    help: 'Give the suppression a reason, a future expiry (YYYY-MM-DD) and an id that `ldlint rules` lists, or delete it',
    configurable: true,
    suppressible: false,
    ofTheRun: true,
    failsTheRun: false,
  },
  {
    id: 'ldlint/suppression-unused',
    defaultSeverity: 'warning',
    description: 'A valid suppression that matched no finding (stale: the problem was fixed or the suppression names the wrong resource).',
    rationale:
      'A suppression left behind after its problem was fixed would silently hide the problem if it came back. And one that names the wrong resource or check does not hide what its author meant: the finding it was for is still reported.',
    remedy: 'Delete the suppression, or correct the id, resource or file it names.',
    help: 'Delete the suppression, or correct the id, resource or file it names',
    configurable: true,
    suppressible: false,
    ofTheRun: true,
    failsTheRun: false,
  },
  {
    id: 'ldlint/unverifiable',
    defaultSeverity: 'info',
    severityNote: 'warning with ldlint:strict or --strict',
    description: 'A check could not decide because a value depends on something the linter cannot see (a parameter without default or override, Fn::ImportValue, an SSM or {{resolve:}} reference, a YAML tag ldlint does not know such as `!Rain::S3`, a Serverless `${file()}` that cannot be read).',
    rationale:
      'A check never passes or fails silently on a value it cannot see: it says which check could not decide and on which value, so that a reviewer can judge it or give the value. The message names the check and the path of the value (`all checks` for a resource of the project whose whole definition cannot be read). A check whose verdict is the same whatever the value is decides and does not report it: a function whose log group name is unknown, in a project where no log group could be it, has no managed log group either way.',
    remedy: 'Give the value: `--parameter Key=Value`, `--parameters FILE` or `settings.parameters` for template parameters, `--stage` for Serverless stages; or accept it (it is info by default), or make it a warning with `--strict` in a gate that must see every value.',
    help: 'Give the value (`--parameter Key=Value`, `--stage`), or accept the gap (info; a warning with --strict)',
    configurable: true,
    suppressible: true,
    ofTheRun: false,
    failsTheRun: false,
  },
];

/** Every engine finding, by id (sorted). */
export const ENGINE_FINDINGS: ReadonlyMap<string, EngineFindingMeta> = new Map(FINDINGS.map((f) => [f.id, f]));

export function engineFinding(id: string): EngineFindingMeta {
  const meta = ENGINE_FINDINGS.get(id);
  if (!meta) throw new Error(`unknown engine finding ${id}`);
  return meta;
}

/** The default severity in words, as the docs and the config schema say it. */
export function defaultSeverityText(meta: EngineFindingMeta): string {
  return `${meta.defaultSeverity}${meta.severityNote ? `; ${meta.severityNote}` : ''}`;
}

const ids = (pick: (m: EngineFindingMeta) => boolean) => FINDINGS.filter(pick).map((m) => m.id);

/** Engine findings no suppression can hide: they are about the run or about suppressions themselves. */
export const NEVER_SUPPRESSED: ReadonlySet<string> = new Set(ids((m) => !m.suppressible));
/** Findings that never go into a baseline: problems of the run itself, not of the templates. */
export const NOT_BASELINED: ReadonlySet<string> = new Set(ids((m) => m.ofTheRun));
/** Findings that make the run exit with 2. */
export const FAILS_THE_RUN: ReadonlySet<string> = new Set(ids((m) => m.failsTheRun));
