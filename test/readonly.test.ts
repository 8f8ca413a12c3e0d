/**
 * Issue 9: ldlint is read-only. It writes nothing but the report files and the baseline the user
 * names, each atomically (a temporary file beside it, then a rename), and leaves no temporary file
 * behind, whether the write succeeds or fails. Every command runs (the BUILT CLI) in its own copy of
 * a fixture tree whose files are hashed, with their modes and modification times, before and after.
 */
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, pool, runCli, type RunResult } from './support/hostile.js';
import { ROOT } from './support/lint.js';

const FORMATS = ['stylish', 'codeframe', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown', 'html'] as const;
const STACK = /\n\s+at .+:\d+:\d+\)?/;

interface Step {
  args: string[];
  /** Files (relative to the scenario's directory) the step may create or replace. */
  writes?: string[];
  exit?: number[];
  /** Checks of the step's result and the files it wrote. */
  verify?: (r: RunResult, dir: string) => void;
}

interface Scenario {
  name: string;
  /** Prepares the scenario's directory (beyond the copied tree). */
  setup?: (dir: string) => void;
  steps: Step[];
}

interface Entry {
  type: 'file' | 'dir' | 'link' | 'other';
  mode: number;
  mtimeMs: number;
  size: number;
  hash: string;
}

/** Every entry under `dir` (links not followed), with a content hash for files and targets for links. */
function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, r);
      const st = lstatSync(abs);
      const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other';
      const hash = type === 'file' ? createHash('sha256').update(readFileSync(abs)).digest('hex') : type === 'link' ? readlinkSync(abs) : '';
      out.set(r, { type, mode: st.mode, mtimeMs: type === 'dir' ? 0 : st.mtimeMs, size: type === 'dir' ? 0 : st.size, hash });
      if (type === 'dir') walk(r);
    }
  };
  walk('');
  return out;
}

const parseJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const isXml = (file: string) => /^<\?xml[^>]*\?>\s*<testsuites[\s>][\s\S]*<\/testsuites>\s*$/.test(readFileSync(file, 'utf8'));
const expectFindings = (file: string) => expect((parseJson(file).findings as unknown[]).length).toBeGreaterThan(0);
const expectSarif = (file: string) => expect((parseJson(file).runs as { results: unknown[] }[])[0]!.results.length).toBeGreaterThan(0);

const allFormats = FORMATS.map((f) => `${f}=report.${f}`);

const scenarios: Scenario[] = [
  { name: 'every format to stdout', steps: [{ args: ['.', ...FORMATS.flatMap((f) => ['-f', f])], verify: (r) => expect(r.stdout.length).toBeGreaterThan(1000) }] },
  ...(['stylish', 'sarif'] as const).map((f): Scenario => ({ name: `-f ${f} -o out.${f}`, steps: [{ args: ['.', '-f', f, '-o', `out.${f}`], writes: [`out.${f}`], verify: (r, dir) => {
    expect(r.stdout).toBe('');
    expect(readFileSync(path.join(dir, `out.${f}`), 'utf8').length).toBeGreaterThan(100);
  } }] })),
  {
    name: 'every format to its own file at once, twice (replacing the first reports)',
    steps: [1, 2].map((): Step => ({
      args: ['.', ...allFormats.flatMap((x) => ['-f', x])],
      writes: FORMATS.map((f) => `report.${f}`),
      verify: (r, dir) => {
        expect(r.stdout).toBe('');
        expectFindings(path.join(dir, 'report.json'));
        expectSarif(path.join(dir, 'report.sarif'));
        expect(isXml(path.join(dir, 'report.junit'))).toBe(true);
        expect(parseJson(path.join(dir, 'report.gitlab'))).toBeInstanceOf(Array);
        for (const f of FORMATS) expect(readFileSync(path.join(dir, `report.${f}`), 'utf8').length, f).toBeGreaterThan(100);
      },
    })),
  },
  {
    name: 'output over an existing file and into a sub-directory',
    setup: (dir) => {
      mkdirSync(path.join(dir, 'reports'));
      writeFileSync(path.join(dir, 'reports/old.json'), 'stale');
    },
    steps: [{ args: ['tree/br-ld-1', '-f', 'json', '-o', 'reports/old.json'], writes: ['reports/old.json'], verify: (_r, dir) => expectFindings(path.join(dir, 'reports/old.json')) }],
  },
  {
    name: 'baseline, then a run against it',
    steps: [
      { args: ['baseline', '.', '-o', 'baseline.json'], writes: ['baseline.json'], verify: (_r, dir) => expect(parseJson(path.join(dir, 'baseline.json'))).toBeTypeOf('object') },
      { args: ['.', '--baseline', 'baseline.json', '-f', 'sarif', '-o', 'new.sarif'], writes: ['new.sarif'], exit: [0, 1, 2] },
    ],
  },
  { name: 'inspect (json and text)', steps: [{ args: ['inspect', 'tree/br-ld-1'] }, { args: ['inspect', 'tree/serverless/includes/serverless.yml', '--format', 'text'] }] },
  { name: 'rules and explain', steps: [{ args: ['rules', '--format', 'json'], exit: [0] }, { args: ['explain', 'BR-LD-3/timeout'], exit: [0] }] },
  {
    name: 'diff between two trees',
    steps: [{ args: ['diff', 'tree/br-ld-1/sensitive-env-vars/valid', 'tree/br-ld-1/sensitive-env-vars/invalid', '--format', 'json'] }],
  },
  {
    name: 'an output that is a directory fails cleanly and leaves nothing behind',
    setup: (dir) => mkdirSync(path.join(dir, 'adir')),
    steps: [{ args: ['.', '-f', 'json', '-o', 'adir'], exit: [2], verify: (r) => expect(r.stderr).toMatch(/^ldlint: cannot write .*adir: it is a directory\n$/) }],
  },
  {
    name: 'an output in a missing directory fails cleanly and creates nothing',
    steps: [{ args: ['.', '-f', 'sarif=missing/out.sarif', '-f', 'json'], exit: [2], verify: (r) => expect(r.stderr).toMatch(/^ldlint: cannot write .*missing\/out\.sarif: directory .*missing does not exist\n$/) }],
  },
];

let root: string;
let hooks: string;
const outcomes = new Map<string, { step: Step; r: RunResult; dir: string; changes: string[]; leftovers: string[] }[]>();

beforeAll(async () => {
  ensureBuilt();
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ldlint-readonly-')));
  hooks = path.join(root, 'hooks');
  mkdirSync(hooks);
  await pool(scenarios, 2, async (s) => {
    const dir = path.join(root, s.name.replace(/[^A-Za-z0-9]+/g, '-'));
    mkdirSync(dir);
    // A fixture tree with every flavour, Serverless includes, and a symbolic link in it.
    cpSync(path.join(ROOT, 'fixtures/br-ld-1'), path.join(dir, 'tree/br-ld-1'), { recursive: true });
    cpSync(path.join(ROOT, 'fixtures/serverless'), path.join(dir, 'tree/serverless'), { recursive: true });
    symlinkSync('br-ld-1/sensitive-env-vars/invalid/cfn-plaintext.yaml', path.join(dir, 'tree/link.yaml'));
    s.setup?.(dir);
    const list: { step: Step; r: RunResult; dir: string; changes: string[]; leftovers: string[] }[] = [];
    for (const step of s.steps) {
      const before = snapshot(dir);
      const r = await runCli(step.args, { cwd: dir, hookDir: hooks, timeout: 60_000 });
      const after = snapshot(dir);
      const changes: string[] = [];
      for (const p of new Set([...before.keys(), ...after.keys()])) {
        const a = before.get(p);
        const b = after.get(p);
        if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(p);
      }
      const leftovers = [...after.keys()].filter((p) => /\.tmp$/.test(p) || /(^|\/)\.[^/]+\.\d+\.[0-9a-f]+\.tmp/.test(p));
      list.push({ step, r, dir, changes, leftovers });
    }
    outcomes.set(s.name, list);
  });
}, 15 * 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('ldlint writes only the files it is told to', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (name) => {
    const list = outcomes.get(name);
    expect(list, `${name} did not run`).toBeDefined();
    for (const { step, r, dir, changes, leftovers } of list!) {
      const where = `ldlint ${step.args.join(' ')}: exit ${r.code}\nstderr: ${r.stderr.slice(0, 1500)}`;
      expect(r.timedOut, where).toBe(false);
      expect(step.exit ?? [0, 1], where).toContain(r.code);
      expect(r.stderr, where).not.toMatch(STACK);
      expect(r.stderr, where).not.toMatch(/internal error/i);
      // Only the named outputs appear or change; each is a regular file.
      expect(changes.filter((c) => !(step.writes ?? []).includes(c)), where).toEqual([]);
      for (const w of step.writes ?? []) expect(lstatSync(path.join(dir, w)).isFile(), `${w}: ${where}`).toBe(true);
      expect(leftovers, where).toEqual([]);
      step.verify?.(r, dir);
    }
  });

  it('writes reports atomically: a temporary file beside the target, renamed over it, never left behind', async () => {
    const { writeFileAtomic, WriteError } = await import('../src/io/write.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'ldlint-atomic-'));
    try {
      const target = path.join(dir, 'report.json');
      writeFileSync(target, 'old');
      writeFileAtomic(target, 'new');
      expect(readFileSync(target, 'utf8')).toBe('new');
      expect(readdirSync(dir)).toEqual(['report.json']);
      mkdirSync(path.join(dir, 'sub'));
      expect(() => writeFileAtomic(path.join(dir, 'sub'), 'x')).toThrow(WriteError);
      expect(() => writeFileAtomic(path.join(dir, 'nope', 'x.json'), 'x')).toThrow(/directory .*nope does not exist/);
      expect(readdirSync(dir).sort()).toEqual(['report.json', 'sub']);
      expect(readdirSync(path.join(dir, 'sub'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
