/**
 * Tests that need a program of the system (pre-commit, chromium, terraform) follow one policy: they
 * run whenever the program is installed; when `CI` is set they are required, and a missing program
 * fails them with how to install it; otherwise they are skipped, and the reason is printed at the
 * end of `npm test` (test/support/skip-reasons.ts).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, beforeEach } from 'vitest';

export interface ProgramOptions {
  /** How to install it, for the message (e.g. `apt-get install -y pre-commit`). */
  install: string;
  /** Arguments of a quick run that exits 0 when the program works (default `--version`). */
  probeArgs?: string[];
  /** Environment of the probe and of the CI decision (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** What else the tests need once the program runs (e.g. a plugin directory): the reason it is missing, or undefined. */
  missing?: () => string | undefined;
}

export interface Program {
  /** The first of the candidate commands that runs, or undefined when none does. */
  command: string | undefined;
  /** The probe's first line of output (usually the version), when the program runs. */
  version?: string;
}

/**
 * Programs that `.ci/run` could not provide on this machine (`LDLINT_OPTIONAL_PROGRAMS`, comma or
 * space separated, e.g. `terraform`, which neither Debian nor npm ships): their tests are skipped
 * with the reason even when CI is set, instead of failing a run that cannot install them.
 */
export function optionalPrograms(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.LDLINT_OPTIONAL_PROGRAMS ?? '').split(/[\s,]+/).filter(Boolean);
}

/** `CI` is set: any value but empty, `0` or `false` (GitHub, GitLab and most CI systems set `CI=true`). */
export function ciIsSet(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return !!v && v !== '0' && v !== 'false';
}

const probes = new Map<string, Program>();

/** Which of the candidate commands runs (`<command> --version` exits 0), without registering anything; memoized. */
export function findProgram(candidates: string | readonly string[], options: Pick<ProgramOptions, 'probeArgs' | 'env'> = {}): Program {
  const args = options.probeArgs ?? ['--version'];
  const env = options.env ?? process.env;
  const key = JSON.stringify([candidates, args, env.PATH]);
  let program = probes.get(key);
  if (!program) probes.set(key, (program = probe([candidates].flat(), args, env)));
  return program;
}

function probe(commands: string[], args: string[], env: NodeJS.ProcessEnv): Program {
  for (const command of commands) {
    const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });
    if (!r.error && r.status === 0) return { command, version: `${r.stdout}${r.stderr}`.trim().split('\n')[0] };
  }
  return { command: undefined };
}

/**
 * Makes the tests of the enclosing `describe` (or of the whole file, when called at its top level)
 * depend on a program: call it once, where the tests are declared. Returns the program found, for
 * the tests to run (`program.command`).
 */
export function requireProgram(candidates: string | readonly string[], options: ProgramOptions): Program {
  const program = findProgram(candidates, options);
  const names = [candidates].flat().join(' or ');
  const lack = program.command ? options.missing?.() : `${names} is not installed`;
  if (!lack) return program;
  const optional = [candidates].flat().some((c) => optionalPrograms(options.env).includes(c));
  if (ciIsSet(options.env) && !optional) {
    beforeAll(() => {
      throw new Error(`${names} is required because CI is set, and ${program.command ? lack : 'it is not installed (or does not run)'}. Install it: ${options.install}`);
    });
  } else {
    const when = optional ? 'not provided on this machine: LDLINT_OPTIONAL_PROGRAMS' : 'required when CI is set';
    beforeEach((ctx) => ctx.skip(`${lack} (install: ${options.install}; ${when})`));
  }
  return { command: lack === undefined ? program.command : undefined, version: program.version };
}
