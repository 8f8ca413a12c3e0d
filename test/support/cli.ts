import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (no TTY, no colour) and captures what it prints. */
export async function runMain(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(String(s)), true), isTTY: false }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { cwd, env: { NO_COLOR: '1' }, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}
