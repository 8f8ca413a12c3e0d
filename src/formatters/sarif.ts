import { pathToFileURL } from 'node:url';
import type { BusinessRule, Finding, LintResult, RuleMeta, Severity } from '../engine/types.js';
import {
  absoluteFile,
  directoryUrl,
  encodeUriPath,
  joined,
  LazyArray,
  prettyJson,
  repoRelative,
  ruleDocsUrl,
  sortFindings,
} from './common.js';
import type { FormatContext, ReportWriter } from './types.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'ldlintFingerprint/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

const SECURITY_SEVERITY: Partial<Record<BusinessRule, string>> = { 'BR-LD-1': '8.0', 'BR-LD-2': '6.0' };

/** Descriptions of the engine's own diagnostics (ids `ldlint/...`), which have no RuleMeta. */
const ENGINE_RULES: Record<string, { description: string; rationale: string }> = {
  'ldlint/parse-error': {
    description: 'The file could not be parsed as a template.',
    rationale: 'A template that cannot be parsed cannot be checked against the business rules.',
  },
  'ldlint/unverifiable': {
    description: 'A value could not be decided statically.',
    rationale:
      'The value depends on something ldlint cannot resolve (a parameter, import or runtime lookup), so the check could not decide whether the business rule is met.',
  },
  'ldlint/invalid-suppression': {
    description: 'A suppression is malformed or has expired.',
    rationale: 'Suppressions must name a rule, give a reason and, where required, an expiry date that has not passed.',
  },
};

/** `BR-LD-3/timeout` -> `BrLd3Timeout`: PascalCase words of the id, stable for a given id. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w === w.toUpperCase() ? w.charAt(0) + w.slice(1).toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

function tagsFor(businessRule: BusinessRule): string[] {
  const tags = [businessRule, 'governance'];
  if (businessRule === 'BR-LD-1' || businessRule === 'BR-LD-2') tags.push('security');
  return tags;
}

function ruleProperties(businessRule: BusinessRule): Record<string, unknown> {
  const props: Record<string, unknown> = { tags: tagsFor(businessRule), precision: 'high' };
  const sec = SECURITY_SEVERITY[businessRule];
  if (sec) props['security-severity'] = sec;
  return props;
}

const FLAVOURS = [
  ['cloudformation', 'CloudFormation'],
  ['sam', 'AWS SAM'],
  ['serverless', 'Serverless Framework'],
  ['cdk', 'AWS CDK'],
  ['terraform', 'Terraform / OpenTofu'],
] as const;

function helpFor(meta: RuleMeta<unknown>, url: string | undefined): { text: string; markdown: string } {
  const { rationale, remediation } = meta.docs;
  const text = [
    rationale,
    '',
    'Remediation:',
    ...FLAVOURS.map(([k, label]) => `- ${label}: ${remediation[k]}`),
    ...(url ? ['', `Documentation: ${url}`] : []),
  ].join('\n');
  const markdown = [
    rationale,
    '',
    '## Remediation',
    '',
    ...FLAVOURS.map(([k, label]) => `- **${label}**: ${remediation[k]}`),
    ...(url ? ['', `[Documentation](${url})`] : []),
  ].join('\n');
  return { text, markdown };
}

function descriptor(meta: RuleMeta<unknown>, ctx: FormatContext): Record<string, unknown> {
  const helpUri = ruleDocsUrl(ctx, meta.id);
  const d: Record<string, unknown> = {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.docs.rationale },
    help: helpFor(meta, helpUri),
  };
  if (helpUri) d.helpUri = helpUri;
  d.defaultConfiguration = { level: LEVEL[meta.defaultSeverity] };
  d.properties = ruleProperties(meta.businessRule);
  return d;
}

/** Descriptor for a rule id that appears in findings but has no RuleMeta (engine diagnostics). */
function syntheticDescriptor(f: Finding, ctx: FormatContext): Record<string, unknown> {
  const known = ENGINE_RULES[f.ruleId];
  const description = known?.description ?? `ldlint diagnostic ${f.ruleId}.`;
  const rationale = known?.rationale ?? description;
  const helpUri = ruleDocsUrl(ctx, f.ruleId);
  const d: Record<string, unknown> = {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: description },
    fullDescription: { text: rationale },
    help: {
      text: helpUri ? `${rationale}\n\nDocumentation: ${helpUri}` : rationale,
      markdown: helpUri ? `${rationale}\n\n[Documentation](${helpUri})` : rationale,
    },
  };
  if (helpUri) d.helpUri = helpUri;
  d.defaultConfiguration = { level: LEVEL[f.severity] };
  d.properties = ruleProperties(f.businessRule);
  return d;
}

interface ArtifactRef {
  uri: string;
  uriBaseId?: string;
}

function artifactRef(ctx: FormatContext, file: string): ArtifactRef {
  const rel = repoRelative(ctx, file);
  if (rel !== null) return { uri: encodeUriPath(rel), uriBaseId: SRCROOT };
  // Outside the repository: an absolute file URL, which needs no base.
  return { uri: pathToFileURL(absoluteFile(ctx, file)).href };
}

function region(f: Finding): Record<string, number> {
  const startLine = Math.max(1, Math.trunc(f.line) || 1);
  const startColumn = Math.max(1, Math.trunc(f.column) || 1);
  const endLine = Math.max(startLine, Math.trunc(f.endLine) || startLine);
  let endColumn = Math.max(1, Math.trunc(f.endColumn) || startColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

function suppressionOf(f: Finding, ctx: FormatContext): Record<string, unknown> | undefined {
  const s = f.suppression;
  if (!s) return undefined;
  const out: Record<string, unknown> = {
    kind: s.kind === 'inline' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
  };
  if (s.file) {
    const physicalLocation: Record<string, unknown> = { artifactLocation: artifactRef(ctx, s.file) };
    if (s.line !== undefined && s.line >= 1) physicalLocation.region = { startLine: s.line };
    out.location = { physicalLocation };
  }
  const props: Record<string, unknown> = { ldlintKind: s.kind };
  if (s.expires) props.expires = s.expires;
  out.properties = props;
  return out;
}

/** A result's message: the one sentence, and with the help (how to fix) in Markdown. */
function messageOf(f: Finding): Record<string, string> {
  if (!f.help) return { text: f.message };
  return { text: f.message, markdown: `${escapeMarkdown(f.message)}\n\n**How to fix:** ${f.help}` };
}

/** Escapes Markdown punctuation of plain text (a message) for `message.markdown`. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

/** The SARIF log with its results as a LazyArray (written one by one). */
function sarifLog(result: LintResult, ctx: FormatContext): Record<string, unknown> {
  const findings = sortFindings(result.findings);

  // Rules: every RuleMeta that ran, then ids found only in findings (engine diagnostics).
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const meta of result.rules) {
    if (ruleIndex.has(meta.id)) continue;
    ruleIndex.set(meta.id, rules.length);
    rules.push(descriptor(meta, ctx));
  }
  for (const f of findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    rules.push(syntheticDescriptor(f, ctx));
  }

  // Artifacts: every file read, then any file that only appears in findings.
  const artifacts: { location: ArtifactRef }[] = [];
  const artifactIndex = new Map<string, number>();
  const refs = new Map<string, ArtifactRef & { index: number }>();
  const addArtifact = (file: string): ArtifactRef & { index: number } => {
    let known = refs.get(file);
    if (known) return known;
    const ref = artifactRef(ctx, file);
    const key = `${ref.uriBaseId ?? ''}|${ref.uri}`;
    let i = artifactIndex.get(key);
    if (i === undefined) {
      i = artifacts.length;
      artifactIndex.set(key, i);
      artifacts.push({ location: ref });
    }
    known = { ...ref, index: i };
    refs.set(file, known);
    return known;
  };
  for (const file of result.files) addArtifact(file.path);
  for (const f of findings) addArtifact(f.file);

  const toResult = (f: Finding): Record<string, unknown> => {
    const r: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: messageOf(f),
      locations: [
        {
          physicalLocation: {
            artifactLocation: addArtifact(f.file),
            region: region(f),
          },
        },
      ],
    };
    if (f.resource !== null) {
      (r.locations as Record<string, unknown>[])[0]!.logicalLocations = [
        { name: f.resource, fullyQualifiedName: f.constructPath ?? f.resource, kind: 'resource' },
      ];
    }
    r.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
    const suppression = suppressionOf(f, ctx);
    if (suppression) r.suppressions = [suppression];
    const props: Record<string, unknown> = { businessRule: f.businessRule };
    if (f.resourceType) props.resourceType = f.resourceType;
    if (f.flavour) props.flavour = f.flavour;
    if (f.path) props.propertyPath = f.path;
    if (f.help) props.help = f.help;
    r.properties = props;
    return r;
  };

  const driver: Record<string, unknown> = { name: 'ldlint', version: ctx.toolVersion };
  if (/^\d+\.\d+\.\d+/.test(ctx.toolVersion)) driver.semanticVersion = ctx.toolVersion;
  const infoUri = ctx.docsBaseUrl.replace(/\/+$/, '');
  if (infoUri) driver.informationUri = infoUri;
  driver.rules = rules;

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUrl(ctx.repoRoot) } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results: new LazyArray(function* () {
          for (const f of findings) yield toResult(f);
        }),
      },
    ],
  };
}

/** SARIF 2.1.0, written result by result. */
export const sarifReport: ReportWriter = function* (result, ctx) {
  yield* prettyJson(sarifLog(result, ctx));
  yield '\n';
};

export const sarif = joined(sarifReport);

export default sarifReport;
