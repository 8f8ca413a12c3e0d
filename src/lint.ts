import { SourceFile, toRange, type ParseIssue } from './parse/index.js';
import { loadSource, type LoadOptions, type LoadOutcome, type SourceInput } from './model/load.js';
import { followProjectImports, hasCode } from './model/code/index.js';
import { codeNotes } from './engine/code-notes.js';
import { releaseSyntax } from './parse/code.js';
import { treeSitterReady } from './parse/tree-sitter.js';
import type { Project } from './model/types.js';
import { leaveOutGenerated } from './model/project.js';
import { runRules, toFinding, type RunConfig } from './engine/run.js';
import type { Finding, Rule } from './engine/types.js';
import { applyInlineSuppressions, type InlineOptions } from './engine/suppress.js';
import { engineFinding } from './engine/engine-findings.js';
import { projectInventory, type FileInventory } from './engine/inventory.js';

export interface FileOutcome {
  path: string;
  flavour: string | null;
  findings: Finding[];
  project?: Project;
  /** The functions checked and the suppressions and exceptions read (templates only). */
  inventory?: FileInventory;
  /** Why the file produced no model (not a template, unsupported). */
  note?: string;
}

/**
 * Lints one file's text: parse, model, rules, inline suppressions (matched findings keep
 * `suppression`; invalid and unused suppressions are reported). Never throws on bad input.
 * Synchronous: the functions' code (`load.code`) has its imports followed only when tree-sitter is
 * already started; the file linter uses the two stages, `loadForLint` and `lintLoaded`, to start it
 * in between when some function has code.
 */
export function lintSource(input: SourceInput, rules: readonly Rule<any>[], config: RunConfig, load: LoadOptions, explicit = true, suppress: InlineOptions = {}): FileOutcome {
  return lintLoaded(input, loadForLint(input, load), rules, config, load, explicit, suppress);
}

/** The model of a file, or the internal-error outcome when modelling it failed. */
export type Loaded = LoadOutcome | { kind: 'internal-error'; outcome: FileOutcome };

/** Stage one: parse and model (code located on disk, nothing parsed). Never throws. */
export function loadForLint(input: SourceInput, load: LoadOptions): Loaded {
  try {
    return loadSource(input, load);
  } catch (e) {
    // A defect in reading or modelling this file must not take down the whole run.
    return { kind: 'internal-error', outcome: internalError(input, 'model', e) };
  }
}

/** Whether the model has code to parse, so tree-sitter must be started before `lintLoaded`. */
export function needsCodeParser(loaded: Loaded): boolean {
  return loaded.kind === 'template' && hasCode(loaded.project);
}

/** Stage two: the code's imports (when tree-sitter is started), rules, inline suppressions. */
export function lintLoaded(input: SourceInput, outcome: Loaded, rules: readonly Rule<any>[], config: RunConfig, load: LoadOptions, explicit = true, suppress: InlineOptions = {}): FileOutcome {
  if (outcome.kind === 'internal-error') return outcome.outcome;
  const issueFindings = outcome.issues.map((i) => issueFinding(i, 'warning', config.strict));
  switch (outcome.kind) {
    case 'parse-error':
      // YAML/JSON that does not parse and shows no sign of being a template (tsconfig with
      // comments, multi-document Kubernetes YAML, Helm templates) is not ldlint's to judge.
      if (!looksLikeTemplate(input)) return { path: input.path, flavour: null, findings: [], note: explicit ? 'not a CloudFormation, SAM or Serverless Framework template (and not parseable)' : undefined };
      return { path: input.path, flavour: null, findings: [issueFinding(outcome.error, 'error', config.strict), ...issueFindings] };
    case 'not-template':
      return { path: input.path, flavour: null, findings: [], note: explicit ? 'not a CloudFormation, SAM or Serverless Framework template' : undefined };
    case 'unsupported':
      return { path: input.path, flavour: 'serverless', findings: issueFindings, note: outcome.reason };
    case 'template': {
      const project = outcome.project;
      if (!config.settings.includeGeneratedFunctions) leaveOutGenerated(project);
      const code = load.code && hasCode(project) && treeSitterReady();
      try {
        if (code) followProjectImports(project, load.code!);
      } catch (e) {
        return internalError(input, 'code', e);
      }
      try {
        const found = dedupe([...issueFindings, ...codeNotes(project, config), ...runRules(project, rules, config)]);
        const { findings, risks } = applyInlineSuppressions(project, found, config.today, rules, suppress);
        const inventory = projectInventory(project, config.settings, config.today);
        inventory.risks.push(...risks);
        return { path: input.path, flavour: outcome.flavour, findings, inventory, project };
      } finally {
        // The code checks and the code's suppression comments share one parse per file; the trees
        // live in WASM memory and are freed once they have run.
        releaseSyntax();
      }
    }
  }
}

function internalError(input: SourceInput, stage: 'model' | 'code', e: unknown): FileOutcome {
  const at = { file: new SourceFile(input.path, input.text), start: 0, end: 0 };
  const what = stage === 'model' ? 'model this file' : "read this file's functions' code";
  const message = `ldlint could not ${what}: ${(e as Error)?.message ?? String(e)}. Please report this with the template.`;
  return { path: input.path, flavour: null, findings: [toFinding('ldlint/internal-error', 'ldlint', 'error', { resource: null, at, message, path: stage })] };
}

const TEMPLATE_MARKS = /(^|[{,])\s*["']?(AWSTemplateFormatVersion|Resources|Transform|Globals|Parameters|Outputs)["']?\s*:/m;

/** Whether unparseable text still reads like a template (then its parse error is reported). */
export function looksLikeTemplate(input: SourceInput): boolean {
  if (TEMPLATE_MARKS.test(input.text)) return true;
  return /(^|\/)serverless\.(ya?ml|json)$/i.test(input.path) || /^\s*["']?service["']?\s*:/m.test(input.text) && /^\s*["']?provider["']?\s*:/m.test(input.text);
}

const ISSUE_FINDINGS: Record<ParseIssue['kind'], string> = {
  syntax: 'ldlint/parse-error',
  limit: 'ldlint/parse-error',
  'duplicate-key': 'ldlint/duplicate-key',
  unresolved: 'ldlint/unverifiable',
  refused: 'ldlint/include-refused',
  'missing-transform': 'ldlint/missing-transform',
  'invalid-template': 'ldlint/invalid-template',
  'nested-stack-cycle': 'ldlint/nested-stack-cycle',
};

/** A parse problem (or a loader's) as a finding at its location. */
export function issueFinding(issue: ParseIssue, severity: 'error' | 'warning', strict: boolean): Finding {
  const id = ISSUE_FINDINGS[issue.kind];
  const r = toRange(issue.loc);
  // A parse problem is fatal (error) or not (warning); the others have the severity the engine gives them.
  const sev = id === 'ldlint/parse-error' ? severity : id === 'ldlint/unverifiable' ? (strict ? 'warning' : 'info') : engineFinding(id).defaultSeverity;
  return toFinding(id, 'ldlint', sev, {
    resource: null,
    at: issue.loc,
    message: id === 'ldlint/parse-error' ? `${r.file}:${r.line}:${r.column}: ${issue.message}` : issue.message,
    path: `${id}:${r.line}:${r.column}`,
  });
}

/** The same finding reached twice (e.g. through a nested stack) is reported once. */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}|${f.file}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
