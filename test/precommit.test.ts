/**
 * The pre-commit hooks (.pre-commit-hooks.yaml), run by the real `pre-commit` program in throwaway
 * git repositories. The hooks are taken from the manifest as they are (file filters, arguments),
 * with two changes that keep the test offline and fast: `language: system` and an entry that runs
 * this checkout's built CLI, instead of `language: node`, which would `npm install` the repository.
 * Needs dist/ (npm test runs tsc first) and pre-commit: without it the tests are skipped with the
 * reason, unless CI is set (test/support/system-program.ts); .ci/run installs it.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { requireProgram } from './support/system-program.js';
import { requireTerraformInput } from './support/terraform-input.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin/ldlint.js');
const MANIFEST = path.join(ROOT, '.pre-commit-hooks.yaml');
const FIXTURES = path.join(ROOT, 'fixtures/ci');

type Hook = Record<string, unknown> & { id: string };
const manifest = YAML.parse(readFileSync(MANIFEST, 'utf8')) as Hook[];

let tmp: string;
let repo: string;
let env: NodeJS.ProcessEnv;

const PRE_COMMIT = { install: '`apt-get install -y pre-commit` or `pipx install pre-commit`' };

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
    throw new Error('dist/ is not built: run `npx tsc -p .` (npm test does) before this test');
  }
});

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-precommit-'));
  repo = path.join(tmp, 'repo');
  mkdirSync(repo);
  // No GIT_* from a surrounding hook or CI, no user/system git config, pre-commit's cache in tmp.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && !k.startsWith('PRE_COMMIT')));
  Object.assign(env, {
    PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
    PRE_COMMIT_COLOR: 'never',
    GIT_CONFIG_GLOBAL: path.join(tmp, 'gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'ldlint test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'ldlint test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    NO_COLOR: '1',
  });
  writeFileSync(env.GIT_CONFIG_GLOBAL!, '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
  git('init', '-q');
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function sh(cmd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8' });
}

function git(...args: string[]): string {
  const r = sh('git', args);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `pre-commit ARGS`: exit code and everything it printed. */
function preCommit(...args: string[]): { code: number | null; output: string } {
  const r = sh('pre-commit', args);
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const quote = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;

/** The manifest's hook `id` as a local hook of the test repository (its entry's arguments kept). */
function localHook(id: string): Hook {
  const hook = manifest.find((h) => h.id === id);
  if (!hook) throw new Error(`no hook ${id} in .pre-commit-hooks.yaml`);
  const entry = String(hook.entry).replace(/^ldlint(?=\s|$)/, `${quote(process.execPath)} ${quote(CLI)}`);
  return { ...hook, entry, language: 'system', verbose: true };
}

/** Writes and commits .pre-commit-config.yaml with the given hooks of the manifest. */
function useHooks(...ids: string[]) {
  const config = { repos: [{ repo: 'local', hooks: ids.map(localHook) }] };
  writeFileSync(path.join(repo, '.pre-commit-config.yaml'), YAML.stringify(config));
  const valid = preCommit('validate-config', '.pre-commit-config.yaml');
  expect(valid.code, valid.output).toBe(0);
  git('add', '.pre-commit-config.yaml');
  git('commit', '-q', '--no-verify', '-m', 'pre-commit config');
}

/** Copies fixtures/ci/FROM to TO in the repository. */
function put(from: string, to: string) {
  const dest = path.join(repo, to);
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(path.join(FIXTURES, from), dest, { recursive: true });
}

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

describe('pre-commit validate-manifest', () => {
  requireProgram('pre-commit', PRE_COMMIT);
  it('accepts .pre-commit-hooks.yaml', () => {
    const r = spawnSync('pre-commit', ['validate-manifest', MANIFEST], { encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: path.join(tmp, 'home') } });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('defines the ldlint hook: node, entry ldlint, file names passed, YAML, JSON and Terraform files', () => {
    const hook = manifest.find((h) => h.id === 'ldlint');
    // The flag is in the entry, where a configuration's `args` cannot replace it: a commit may stage no template.
    expect(hook).toMatchObject({ id: 'ldlint', name: 'ldlint', language: 'node', entry: 'ldlint --no-error-on-unmatched-pattern', pass_filenames: true, types_or: ['file'] });
    expect(hook!.args ?? []).toEqual([]);
    const files = new RegExp(String(hook!.files));
    for (const f of ['a.yaml', 'b.yml', 'c.json', 'main.tf', 'main.tofu', 'x.tf.json', 'terraform.tfvars', 'prod.auto.tfvars', 'y.tfvars.json']) expect(f, f).toMatch(files);
    for (const f of ['README.md', 'main.tf.bak', 'deploy.sh', '.terraform.lock.hcl', 'build.gradle']) expect(f, f).not.toMatch(files);
  });

  it('defines the ldlint-project hook: the whole project, no file names', () => {
    const hook = manifest.find((h) => h.id === 'ldlint-project');
    expect(hook).toMatchObject({ language: 'node', entry: 'ldlint --no-error-on-unmatched-pattern', pass_filenames: false, args: ['.'] });
  });
});

describe('pre-commit hook ldlint', () => {
  requireProgram('pre-commit', PRE_COMMIT);
  it('fails on a staged violating template', () => {
    useHooks('ldlint');
    put('violating/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/ldlint\.+Failed/);
    expect(r.output).toContain('template.yaml');
    expect(r.output).toContain('BR-LD-3/timeout');
  });

  it('passes on a staged clean template', () => {
    useHooks('ldlint');
    put('clean/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ldlint\.+Passed/);
  });

  it('fails on a template that does not parse', () => {
    useHooks('ldlint');
    put('parse-error/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('ldlint/parse-error');
    expect(r.output).toMatch(/exit code: 2/);
  });

  it('lints only the staged files', () => {
    useHooks('ldlint');
    put('clean/template.yaml', 'clean.yaml');
    put('violating/template.yaml', 'untracked-violating.yaml'); // on disk, never staged
    git('add', 'clean.yaml');
    let r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toContain('untracked-violating.yaml');

    // The staged content counts, not the working tree: unstaged edits are stashed while hooks run.
    put('clean/template.yaml', 'stack.yaml');
    git('add', 'stack.yaml');
    put('violating/template.yaml', 'stack.yaml');
    r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(readFileSync(path.join(repo, 'stack.yaml'), 'utf8')).toContain('has no Timeout'); // restored
    git('add', 'stack.yaml');
    r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('stack.yaml');
    expect(r.output).not.toContain('untracked-violating.yaml');
  });

  it('passes over staged YAML and JSON that are not templates', () => {
    useHooks('ldlint');
    write('package.json', '{"name": "app", "version": "1.0.0", "scripts": {"test": "vitest"}}\n');
    write('.github/workflows/ci.yml', 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n');
    write('config/app.yaml', 'resources: none\nlogLevel: info\n');
    // JSON with comments: not JSON, so not linted (excluded by the hook's file filter)
    write('tsconfig.json', '{\n  // compiler options\n  "compilerOptions": {"strict": true,},\n}\n');
    write('.vscode/settings.json', '{\n  // editor\n  "editor.tabSize": 2,\n}\n');
    put('clean/template.yaml', 'infra/template.yaml');
    git('add', '-A');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('package.json: not a CloudFormation, SAM or Serverless Framework template');
    expect(r.output).not.toContain('tsconfig.json');
    expect(r.output).not.toContain('ldlint/parse-error');
  });

  it('passes when the staged files hold no template, even with args of its own', () => {
    useHooks('ldlint');
    write('package.json', '{"name": "app"}\n');
    write('config/app.yaml', 'logLevel: info\n');
    git('add', '-A');
    let r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ldlint\.+Passed/);
    expect(r.output).not.toContain('no templates found');

    const config = { repos: [{ repo: 'local', hooks: [{ ...localHook('ldlint'), args: ['--fail-on', 'warning'] }] }] };
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), YAML.stringify(config));
    git('add', '-A');
    r = preCommit('run');
    expect(r.code, r.output).toBe(0);
  });

  it('resolves the files a staged template references (nested stack, Serverless ${file()}, SAM DefinitionUri)', () => {
    useHooks('ldlint');
    put('references', 'app');
    // The referenced files are committed already; only the templates that name them are staged.
    git('add', 'app/nested/child.yaml', 'app/serverless/settings.yml', 'app/serverless/handler.js', 'app/sam/statemachine/flow.asl.json');
    git('commit', '-q', '--no-verify', '-m', 'referenced files');
    git('add', 'app');
    expect(git('diff', '--cached', '--name-only').trim().split('\n').sort()).toEqual(['app/nested/parent.yaml', 'app/sam/template.yaml', 'app/serverless/serverless.yml']);

    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    // nested stack: the finding is in the child template, read next to the parent
    expect(r.output).toMatch(/app\/nested\/child\.yaml\n\s+15:3\s+error\s+.*does not set `Timeout`/);
    // Serverless ${file(./settings.yml):timeout}: the finding points into the included file
    expect(r.output).toMatch(/app\/serverless\/settings\.yml\n\s+2:10\s+error\s+.*`timeout` 1200/);
    expect(r.output).not.toContain('app/serverless/serverless.yml');
    // SAM DefinitionUri: the definition was read (its nesting is known)
    expect(r.output).toContain('nests states 4 levels deep');
  });

  it('blocks `git commit` through the installed git hook', () => {
    useHooks('ldlint');
    const install = preCommit('install');
    expect(install.code, install.output).toBe(0);
    const head = git('rev-parse', 'HEAD').trim();

    put('violating/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    const blocked = sh('git', ['commit', '-m', 'violating']);
    expect(blocked.status, blocked.stdout + blocked.stderr).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('BR-LD-3/timeout');
    expect(git('rev-parse', 'HEAD').trim()).toBe(head);

    put('clean/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    const ok = sh('git', ['commit', '-m', 'clean']);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(git('rev-parse', 'HEAD').trim()).not.toBe(head);
  });
});

describe('pre-commit hook ldlint on Terraform', () => {
  requireProgram('pre-commit', PRE_COMMIT);
  requireTerraformInput();

  it('fails on a staged .tf file that violates, and lints the module of its directory', () => {
    useHooks('ldlint');
    put('terraform', 'infra');
    git('add', 'infra/terraform.tfvars');
    git('commit', '-q', '--no-verify', '-m', 'tfvars');
    writeFileSync(path.join(repo, 'infra/main.tf'), readFileSync(path.join(repo, 'infra/main.tf'), 'utf8').replace(/^\s*timeout\s*=\s*30\n/m, ''));
    git('add', 'infra/main.tf');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/infra\/main\.tf\n(?:[\s\S]*\n)?\s+28:32\s+error\s+function aws_lambda_function\.intake .*does not set `?\w+`?, so the default of 3 s applies/);
    expect(r.output).toContain('BR-LD-3/timeout');
  });

  it('passes on a staged clean module, .tofu files included', () => {
    useHooks('ldlint');
    put('terraform', 'infra');
    cpSync(path.join(repo, 'infra/main.tf'), path.join(repo, 'infra/main.tofu'));
    git('add', 'infra');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ldlint\.+Passed/);
  });

  it('lints a staged .tofu file', () => {
    useHooks('ldlint');
    put('terraform', 'infra');
    git('add', 'infra');
    git('commit', '-q', '--no-verify', '-m', 'module');
    write('infra/worker.tofu', 'resource "aws_lambda_function" "worker" {\n  function_name = "claims-worker"\n  role          = aws_iam_role.intake.arn\n  handler       = "worker.handler"\n  runtime       = "python3.12"\n  filename      = "build/worker.zip"\n}\n');
    git('add', 'infra/worker.tofu');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/infra\/worker\.tofu\n(?:[\s\S]*\n)?\s+1:32\s+error\s+function aws_lambda_function\.worker .*does not set `?\w+`?, so the default of 3 s applies/);
  });

  it('relints the module when only its tfvars change', () => {
    useHooks('ldlint');
    put('terraform', 'infra');
    git('add', 'infra');
    git('commit', '-q', '--no-verify', '-m', 'module');
    // -1 is the provider's "no reservation" (not set).
    write('infra/terraform.tfvars', 'reserved_concurrency = -1\n');
    git('add', 'infra/terraform.tfvars');
    expect(git('diff', '--cached', '--name-only').trim()).toBe('infra/terraform.tfvars');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(1);
    // -1 is not set: the finding is at the function's label.
    expect(r.output).toMatch(/infra\/main\.tf\n\s+28:32\s+error\s+function aws_lambda_function\.intake .*BR-LD-3\/reserved-concurrency/);
  });
});

describe('pre-commit hook ldlint-project', () => {
  requireProgram('pre-commit', PRE_COMMIT);
  it('relints the project when only an included file changes', () => {
    useHooks('ldlint', 'ldlint-project');
    put('references/serverless', 'svc');
    write('svc/settings.yml', 'timeout: 30\n');
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'service');

    // Only the included file is staged: the per-file hook sees a non-template, the project hook the problem.
    write('svc/settings.yml', 'timeout: 1200\n');
    git('add', 'svc/settings.yml');
    const perFile = preCommit('run', 'ldlint');
    expect(perFile.code, perFile.output).toBe(0);
    const project = preCommit('run', 'ldlint-project');
    expect(project.code, project.output).toBe(1);
    expect(project.output).toMatch(/svc\/settings\.yml\n\s+1:10\s+error\s+.*`timeout` 1200/);
  });

  it('passes in a project that has no template yet', () => {
    useHooks('ldlint-project');
    write('package.json', '{"name": "app"}\n');
    git('add', '-A');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ldlint \(whole project\)\.+Passed/);
  });

  it('does not run when no YAML or JSON file is staged', () => {
    useHooks('ldlint-project');
    put('violating/template.yaml', 'template.yaml');
    git('add', 'template.yaml');
    git('commit', '-q', '--no-verify', '-m', 'existing problem');
    write('README.md', '# app\n');
    git('add', 'README.md');
    const r = preCommit('run');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/ldlint \(whole project\)\.+\(no files to check\)Skipped/);
  });
});
