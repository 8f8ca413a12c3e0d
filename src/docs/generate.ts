/**
 * Generates docs/rules/<id>.md and the README's tables of checks and engine findings from their
 * metadata (rules/, src/engine/engine-findings.ts) and fixtures, so that none can drift from behaviour. `node dist/src/docs/generate.js --write` rewrites them; the docs
 * test fails when a committed page differs from what this produces.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../engine/types.js';
import { BUSINESS_RULES } from '../engine/types.js';
import { defaultSeverityText, ENGINE_FINDINGS, type EngineFindingMeta } from '../engine/engine-findings.js';

export const README_START = '<!-- rules:start (generated from rule metadata: npm run docs) -->';
export const README_END = '<!-- rules:end -->';
export const ENGINE_README_START = '<!-- engine-findings:start (generated from src/engine/engine-findings.ts: npm run docs) -->';
export const ENGINE_README_END = '<!-- engine-findings:end -->';

export function docPath(id: string): string {
  return `docs/rules/${id.toLowerCase()}.md`;
}

/** The page of one rule; `root` is the repository root (fixtures are read from it for examples). */
export function rulePage(rule: Rule<any>, root: string): string {
  const m = rule.meta;
  const br = m.businessRule === 'ldlint' ? 'ldlint engine check' : `${m.businessRule}: ${BUSINESS_RULES[m.businessRule]}`;
  const props = (m.schema.properties ?? {}) as Record<string, { type?: string | string[]; description?: string }>;
  const defaults = (m.defaultOptions ?? {}) as Record<string, unknown>;
  const lines = [
    `# ${m.id}`,
    '',
    '<!-- Generated from the rule\'s metadata and fixtures by `npm run docs`: edit rules/ and fixtures/, not this page. -->',
    '',
    `| | |`,
    `|---|---|`,
    `| Business rule | ${br} |`,
    `| Default severity | ${m.defaultSeverity} |`,
    `| Checks | ${m.description} |`,
    '',
    '## Why',
    '',
    m.docs.rationale,
    '',
    '## How to fix',
    '',
    `- **CloudFormation**: ${m.docs.remediation.cloudformation}`,
    `- **SAM**: ${m.docs.remediation.sam}`,
    `- **Serverless Framework**: ${m.docs.remediation.serverless}`,
    `- **CDK**: ${m.docs.remediation.cdk}`,
    `- **Terraform / OpenTofu**: ${m.docs.remediation.terraform}`,
    '',
    '## Options',
    '',
  ];
  if (Object.keys(props).length === 0) lines.push('None.', '');
  else {
    lines.push('| Option | Type | Default | Description |', '|---|---|---|---|');
    for (const [k, s] of Object.entries(props)) {
      lines.push(`| \`${k}\` | ${[s.type ?? 'object'].flat().join(' \\| ')} | \`${JSON.stringify(defaults[k] ?? null)}\` | ${(s.description ?? '').replace(/\|/g, '\\|')} |`);
    }
    lines.push('', '```yaml', '# ldlint.config.yaml', 'rules:', `  "${m.id}": [${m.defaultSeverity}, ${JSON.stringify(defaults)}]`, '```', '');
  }
  lines.push(...examples(root, m.id));
  lines.push(
    '## Suppressing',
    '',
    'Record the accepted risk with a reason (and, preferably, an expiry date):',
    '',
    '```yaml',
    'Resources:',
    '  MyFunction:',
    '    Type: AWS::Lambda::Function',
    '    Metadata:',
    '      ldlint:',
    '        suppress:',
    `          - id: ${m.id}`,
    '            reason: "Approved by the ISSO, ticket SEC-123"',
    '            expires: 2027-06-30',
    '```',
    '',
  );
  if (m.languages) {
    lines.push(
      'or, for one call, with a comment in the code on the line before it (`#` in Python, `//` in JavaScript, TypeScript and Java):',
      '',
      '```python',
      `# ldlint-disable-next-line ${m.id} -- Approved by the ISSO, ticket SEC-123 (expires 2027-06-30)`,
      '```',
      '',
      `It reads the function's own code (${m.languages.join(', ')}), found from its configuration; \`--no-code\` (config \`code: false\`) turns code reading off.`,
      '',
    );
  }
  return lines.join('\n');
}

/** The page of a finding the engine reports itself (`docs/rules/ldlint/<name>.md`). */
export function engineFindingPage(m: EngineFindingMeta, root: string): string {
  const lines = [
    `# ${m.id}`,
    '',
    "<!-- Generated from src/engine/engine-findings.ts and fixtures by `npm run docs`: edit those, not this page. -->",
    '',
    `| | |`,
    `|---|---|`,
    '| Reported by | the ldlint engine (not a check of a business rule) |',
    `| Default severity | ${defaultSeverityText(m)} |`,
    `| Severity configurable | ${m.configurable ? `yes: \`rules: {"${m.id}": warning}\` (or \`off\`)` : 'no'} |`,
    `| Exit code | ${m.failsTheRun ? '2, whatever `--fail-on` says' : 'as any finding of its severity (`--fail-on`)'} |`,
    `| When | ${m.description.replace(/\|/g, '\\|')} |`,
    '',
    '## Why',
    '',
    m.rationale,
    '',
    '## What to do',
    '',
    m.remedy,
    '',
    ...examples(root, m.id),
    '## Suppressing',
    '',
  ];
  if (!m.suppressible) lines.push('No suppression can hide it (inline, config `ignore` or baseline).', '');
  else {
    lines.push(
      'Record the accepted risk with a reason (and, preferably, an expiry date) in the config:',
      '',
      '```yaml',
      '# ldlint.config.yaml',
      'ignore:',
      `  - id: ${m.id}`,
      '    files: [path/to/template.yaml]',
      '    reason: "Why this is accepted, ticket SEC-123"',
      '    expires: 2027-06-30',
      '```',
      '',
    );
    if (!m.ofTheRun) lines.push(`or on the line before the finding: \`# ldlint-disable-next-line ${m.id} -- reason\`.`, '');
  }
  return lines.join('\n');
}

/** `Reported` / `Not reported` sections from the id's fixtures. */
function examples(root: string, id: string): string[] {
  const lines: string[] = [];
  for (const [kind, title] of [['invalid', 'Reported'], ['valid', 'Not reported']] as const) {
    const example = firstFixture(root, id, kind);
    if (!example) continue;
    lines.push(`## ${title}`, '', `From \`${example.file}\`:`, '', '```' + example.lang, example.text.trimEnd(), '```', '');
  }
  return lines;
}

function firstFixture(root: string, id: string, kind: 'valid' | 'invalid'): { file: string; text: string; lang: string } | undefined {
  const dir = path.join(root, 'fixtures', id.toLowerCase(), kind);
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).filter((n) => !statSync(path.join(dir, n)).isDirectory()).sort();
  const pick = names.find((n) => n.startsWith('sam-')) ?? names.find((n) => n.endsWith('.yaml') || n.endsWith('.yml')) ?? names[0];
  if (!pick) return undefined;
  const text = readFileSync(path.join(dir, pick), 'utf8');
  if (text.split('\n').length > 80) return undefined;
  return { file: `fixtures/${id.toLowerCase()}/${kind}/${pick}`, text, lang: pick.endsWith('.json') ? 'json' : 'yaml' };
}

/** The Markdown table of checks for the README. */
export function ruleTable(rules: readonly Rule<any>[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](${docPath(r.meta.id)}) | ${r.meta.businessRule} | ${r.meta.defaultSeverity} | ${r.meta.description} |`);
  return [README_START, '| Check | Business rule | Default severity | What it checks |', '|---|---|---|---|', ...rows, README_END].join('\n');
}

/** The Markdown table of engine findings for the README. */
export function engineFindingTable(): string {
  const rows = [...ENGINE_FINDINGS.values()].map((m) => `| [\`${m.id}\`](${docPath(m.id)}) | ${defaultSeverityText(m)} | ${m.description.replace(/\|/g, '\\|')} |`);
  return [ENGINE_README_START, '| Finding | Default severity | When |', '|---|---|---|', ...rows, ENGINE_README_END].join('\n');
}

export function withRuleTable(readme: string, rules: readonly Rule<any>[]): string {
  return replaceBlock(replaceBlock(readme, README_START, README_END, ruleTable(rules)), ENGINE_README_START, ENGINE_README_END, engineFindingTable());
}

function replaceBlock(text: string, startMark: string, endMark: string, block: string): string {
  const start = text.indexOf(startMark);
  const end = text.indexOf(endMark);
  if (start < 0 || end < 0) return text;
  return text.slice(0, start) + block + text.slice(end + endMark.length);
}

async function write(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const { rules } = await import('../../rules/index.js');
  const { writeSchemaFile } = await import('../config/index.js');
  for (const r of rules) {
    const file = path.join(root, docPath(r.meta.id));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, rulePage(r, root));
  }
  for (const m of ENGINE_FINDINGS.values()) writeFileSync(path.join(root, docPath(m.id)), engineFindingPage(m, root));
  const readme = path.join(root, 'README.md');
  writeFileSync(readme, withRuleTable(readFileSync(readme, 'utf8'), rules));
  writeSchemaFile(rules, path.join(root, 'schema/ldlint.schema.json'));
  console.log(`docs: ${rules.length} rule pages, ${ENGINE_FINDINGS.size} engine finding pages, README tables and config schema written`);
}

if (process.argv.includes('--write')) await write();
