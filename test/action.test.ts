/**
 * The GitHub Action (action.yml) and its entry script scripts/action-entry.sh: the script, run with
 * the environment the action gives it, must exit with ldlint's own exit code and record it as the
 * `exit-code` step output. Needs dist/ (npm test runs tsc first).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { requireTerraformInput } from './support/terraform-input.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(ROOT, 'scripts/action-entry.sh');
const CLI = path.join(ROOT, 'bin/ldlint.js');
const FIXTURES = path.join(ROOT, 'fixtures/ci');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT as a map (last value of each name wins, as on the runner). */
  outputs: Record<string, string>;
  outputText: string;
}

let ws: string;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
    throw new Error('dist/ is not built: run `npx tsc -p .` (npm test does) before this test');
  }
});

beforeEach(() => {
  ws = mkdtempSync(path.join(os.tmpdir(), 'ldlint-action-'));
  for (const name of ['clean', 'violating', 'parse-error']) cpSync(path.join(FIXTURES, name), path.join(ws, name), { recursive: true });
});

afterEach(() => {
  rmSync(ws, { recursive: true, force: true });
});

/** A clean environment: only what a runner step would have, plus the given inputs. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), NO_COLOR: '1' };
  return { ...env, ...extra };
}

function runEntry(inputs: Record<string, string>, opts: { cwd?: string; githubOutput?: boolean } = {}): Run {
  const out = path.join(ws, '.github-output');
  writeFileSync(out, '');
  const env = baseEnv({ ...(opts.githubOutput === false ? {} : { GITHUB_OUTPUT: out }), ...inputs });
  const r = spawnSync('bash', [SCRIPT], { cwd: opts.cwd ?? ws, env, encoding: 'utf8' });
  const outputText = readFileSync(out, 'utf8');
  const outputs: Record<string, string> = {};
  for (const line of outputText.split('\n').filter(Boolean)) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, outputText };
}

function runCli(args: string[], cwd = ws): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: baseEnv({}), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout };
}

describe('scripts/action-entry.sh', () => {
  it.each([
    ['clean', 0],
    ['violating', 1],
    ['parse-error', 2],
  ] as const)('%s template: exits with ldlint exit code %i and records it', (name, expected) => {
    const direct = runCli(['--fail-on', 'error', '-f', 'stylish', '-f', 'github', '-f', 'sarif=direct.sarif', `${name}/template.yaml`]);
    expect(direct.code).toBe(expected);

    const r = runEntry({ INPUT_PATHS: `${name}/template.yaml` });
    expect(r.code, r.stderr).toBe(expected);
    expect(r.code).toBe(direct.code);
    expect(r.outputText.split('\n')).toContain(`exit-code=${expected}`);
    // Same report as ldlint itself: the default formats are stylish and github on the log, SARIF to a file.
    // (The summary line's run time differs between two runs.)
    const untimed = (text: string) => text.replace(/ \((\d+ ms|\d+\.\d s)\)$/m, '');
    expect(untimed(r.stdout)).toBe(untimed(direct.stdout));
    expect(r.outputs['sarif-file']).toBe(path.join(ws, 'ldlint.sarif'));
    const sarif = JSON.parse(readFileSync(path.join(ws, 'ldlint.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBe(expected === 0 ? 0 : 1);
  });

  it('annotates findings with GitHub workflow commands', () => {
    const r = runEntry({ INPUT_PATHS: 'violating/template.yaml' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=violating\/template\.yaml,line=15,col=3,.*title=BR-LD-3\/timeout::/m);
  });

  it('lints a directory and reports the worst outcome (parse error wins)', () => {
    const r = runEntry({ INPUT_PATHS: '.' });
    expect(r.code).toBe(2);
    expect(r.code).toBe(runCli(['.', '-f', 'sarif=direct.sarif']).code);
    expect(r.outputs['exit-code']).toBe('2');
  });

  it('passes fail-on (either spelling of the variable)', () => {
    expect(runEntry({ INPUT_PATHS: 'violating/template.yaml', INPUT_FAIL_ON: 'none' }).code).toBe(0);
    const hyphen = runEntry({ INPUT_PATHS: 'violating/template.yaml', 'INPUT_FAIL-ON': 'none' });
    expect(hyphen.code).toBe(0);
    expect(hyphen.outputs['exit-code']).toBe('0');
    // fail-on none never hides a parse error
    expect(runEntry({ INPUT_PATHS: 'parse-error/template.yaml', INPUT_FAIL_ON: 'none' }).code).toBe(2);
  });

  it('takes several paths, one per line (spaces allowed) or space-separated', () => {
    cpSync(path.join(FIXTURES, 'clean'), path.join(ws, 'with space'), { recursive: true });
    const lines = runEntry({ INPUT_PATHS: 'clean/template.yaml\n  with space/template.yaml  \n\n', INPUT_FORMATS: 'json=r.json' });
    expect(lines.code, lines.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(ws, 'r.json'), 'utf8')).summary.files).toBe(2);
    const spaced = runEntry({ INPUT_PATHS: 'clean/template.yaml violating/template.yaml' });
    expect(spaced.code).toBe(1);
  });

  it('takes formats separated by newlines or spaces, with name=file', () => {
    const r = runEntry({ INPUT_PATHS: 'violating', INPUT_FORMATS: 'json=report.json\n junit=report.xml gitlab=gl-code-quality-report.json\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(ws, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(readFileSync(path.join(ws, 'report.xml'), 'utf8')).toContain('<testsuites');
    expect(JSON.parse(readFileSync(path.join(ws, 'gl-code-quality-report.json'), 'utf8'))).toHaveLength(1);
    // no sarif=FILE: the output is present and empty
    expect(r.outputText.split('\n')).toContain('sarif-file=');
    expect(r.outputs['exit-code']).toBe('1');
  });

  it('passes config', () => {
    writeFileSync(path.join(ws, 'relaxed.yaml'), 'rules:\n  BR-LD-3/timeout: "off"\n');
    expect(runEntry({ INPUT_PATHS: 'violating', INPUT_CONFIG: 'relaxed.yaml' }).code).toBe(0);
    const missing = runEntry({ INPUT_PATHS: 'violating', INPUT_CONFIG: 'no-such-config.yaml' });
    expect(missing.code).toBe(2);
    expect(missing.outputs['exit-code']).toBe('2');
  });

  it('passes extra args', () => {
    const r = runEntry({ INPUT_PATHS: 'clean', INPUT_ARGS: '--strict --no-such-option' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-such-option');
    expect(runEntry({ INPUT_PATHS: 'clean', INPUT_ARGS: '--strict --max-warnings 0' }).code).toBe(0);
  });

  it('reports a usage error as 2, with no (stale) SARIF file', () => {
    writeFileSync(path.join(ws, 'ldlint.sarif'), '{"stale": true}');
    const r = runEntry({ INPUT_PATHS: 'clean', INPUT_FAIL_ON: 'sometimes' });
    expect(r.code).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.outputs['sarif-file']).toBe('');
    expect(existsSync(path.join(ws, 'ldlint.sarif'))).toBe(false);
  });

  it('keeps the exit code without GITHUB_OUTPUT', () => {
    expect(runEntry({ INPUT_PATHS: 'violating' }, { githubOutput: false }).code).toBe(1);
  });

  it('exits 2, not 1, when the CLI is missing (an install problem is not a finding)', () => {
    const r = runEntry({ INPUT_PATHS: 'clean', LDLINT_BIN: path.join(ws, 'nowhere/ldlint.js') });
    expect(r.code).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.stderr).toContain('ldlint CLI not found');
  });

  it('runs in another working directory, with SARIF paths from there', () => {
    mkdirSync(path.join(ws, 'sub'));
    cpSync(path.join(FIXTURES, 'violating'), path.join(ws, 'sub', 'infra'), { recursive: true });
    const r = runEntry({ INPUT_PATHS: 'infra' }, { cwd: path.join(ws, 'sub') });
    expect(r.code).toBe(1);
    expect(r.outputs['sarif-file']).toBe(path.join(ws, 'sub', 'ldlint.sarif'));
  });
});

describe('scripts/action-entry.sh on a Terraform module', () => {
  requireTerraformInput();
  it('lints the module with --var from args, annotates the .tf line and writes SARIF', () => {
    cpSync(path.join(FIXTURES, 'terraform'), path.join(ws, 'infra'), { recursive: true });
    let r = runEntry({ INPUT_PATHS: 'infra' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    r = runEntry({ INPUT_PATHS: 'infra', INPUT_ARGS: '--var reserved_concurrency=-1' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.stdout).toMatch(/^::error file=infra\/main\.tf,line=\d+,col=\d+,.*title=BR-LD-3\/reserved-concurrency::.*aws_lambda_function\.intake/m);
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('BR-LD-3/reserved-concurrency');
  });
});

describe('action.yml', () => {
  const action = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const steps: any[] = action.runs.steps;
  const runStep = steps.find((s) => s.id === 'run');

  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.paths.default).toBe('.');
    expect(action.inputs['fail-on'].default).toBe('error');
    expect(action.inputs.formats.default).toBe('stylish github sarif=ldlint.sarif');
    for (const k of ['config', 'version', 'args', 'working-directory']) expect(action.inputs[k]).toBeDefined();
    expect(action.outputs['exit-code'].value).toBe('${{ steps.run.outputs.exit-code }}');
    expect(action.outputs['sarif-file'].value).toBe('${{ steps.run.outputs.sarif-file }}');
  });

  it('runs the entry script with every lint input in the environment', () => {
    expect(runStep.run).toContain('scripts/action-entry.sh');
    expect(runStep.run).toContain('$GITHUB_ACTION_PATH');
    expect(runStep.env).toMatchObject({
      INPUT_PATHS: '${{ inputs.paths }}',
      INPUT_CONFIG: '${{ inputs.config }}',
      INPUT_FAIL_ON: '${{ inputs.fail-on }}',
      INPUT_FORMATS: '${{ inputs.formats }}',
      INPUT_ARGS: '${{ inputs.args }}',
    });
    expect(runStep['continue-on-error']).toBeUndefined();
  });

  it('never pastes an expression into a script (inputs go through env)', () => {
    for (const s of steps) if (s.run) expect(s.run, s.name).not.toContain('${{');
  });

  it('builds the checkout with the dev dependencies (prepare runs tsc)', () => {
    const install = steps.find((s) => s.id === 'install');
    expect(install.run).toContain('npm ci --include=dev');
    expect(install.run).toContain('GITHUB_ACTION_PATH');
  });
});

describe('docs/ci pipelines', () => {
  const DOCS = path.join(ROOT, 'docs/ci');
  const read = (f: string) => readFileSync(path.join(DOCS, f), 'utf8');
  const NPX = 'npx --yes --package "$LDLINT_PACKAGE" ldlint';

  /** Runs a documented shell command in a workspace holding the violating template, with this checkout's CLI for `npx ... ldlint`. */
  function runDocumented(commands: string[]): number | null {
    rmSync(path.join(ws, 'parse-error'), { recursive: true, force: true });
    rmSync(path.join(ws, 'clean'), { recursive: true, force: true });
    let status: number | null = 0;
    for (const command of commands) {
      if (/(^|\s)ldlint(\s|$)/.test(command)) expect(command).toContain(NPX);
      const script = command.replace(NPX, `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
      status = spawnSync('sh', ['-c', script], { cwd: ws, env: baseEnv({}), encoding: 'utf8' }).status;
      if (status !== 0) break;
    }
    return status;
  }

  it('github-actions.yml uses the action with its real inputs and uploads SARIF always', () => {
    const action = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    const wf = YAML.parse(read('github-actions.yml'));
    const job = wf.jobs.ldlint;
    expect(job.permissions['security-events']).toBe('write');
    const lint = job.steps.find((s: any) => String(s.uses ?? '').startsWith('ldlint/ldlint@'));
    expect(lint?.id).toBeTruthy();
    for (const k of Object.keys(lint.with)) expect(Object.keys(action.inputs)).toContain(k);
    const upload = job.steps.find((s: any) => String(s.uses ?? '').startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.if).toContain('always()');
    expect(upload.with.sarif_file).toBe(`\${{ steps.${lint.id}.outputs.sarif-file }}`);
    expect(upload.if).toContain(`steps.${lint.id}.outputs.sarif-file`);
    expect(action.outputs['sarif-file']).toBeDefined();
  });

  it('gitlab-ci.yml writes the Code Quality and JUnit reports it declares', () => {
    const job = YAML.parse(read('gitlab-ci.yml')).ldlint;
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports).toEqual({ codequality: 'gl-code-quality-report.json', junit: 'ldlint-junit.xml' });
    expect(runDocumented(job.script)).toBe(1);
    expect(JSON.parse(readFileSync(path.join(ws, 'gl-code-quality-report.json'), 'utf8'))[0].check_name).toBe('BR-LD-3/timeout');
    expect(readFileSync(path.join(ws, 'ldlint-junit.xml'), 'utf8')).toContain('failures="1"');
  });

  it('Jenkinsfile records the JUnit report it writes', () => {
    const text = read('Jenkinsfile');
    expect(text).toMatch(/junit testResults: 'ldlint-junit\.xml'/);
    const sh = [...text.matchAll(/^\s*sh '([^']+)'/gm)].map((m) => m[1]!);
    expect(sh).toHaveLength(1);
    expect(runDocumented(sh)).toBe(1);
    expect(existsSync(path.join(ws, 'ldlint-junit.xml'))).toBe(true);
    expect(existsSync(path.join(ws, 'ldlint.sarif'))).toBe(true);
  });

  it('buildspec.yml declares a JUnit report group for the file it writes', () => {
    const spec = YAML.parse(read('buildspec.yml'));
    const group = spec.reports.ldlint;
    expect(group['file-format']).toBe('JUNITXML');
    expect(runDocumented(spec.phases.build.commands)).toBe(1);
    for (const f of group.files) expect(existsSync(path.join(ws, group['base-directory'], f))).toBe(true);
    for (const f of spec.artifacts.files) expect(existsSync(path.join(ws, f))).toBe(true);
  });
});
