/**
 * A vitest reporter that lists, after the run, the tests skipped with a reason (`ctx.skip(reason)`,
 * as test/support/system-program.ts does), grouped by file and reason: the default reporter shows
 * only their count, and a skipped suite must say why.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasons implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const m of modules) {
      const byReason = new Map<string, number>();
      for (const t of m.children.allTests('skipped')) {
        const note = t.result().note;
        if (note) byReason.set(note, (byReason.get(note) ?? 0) + 1);
      }
      for (const [reason, n] of byReason) lines.push(`  ${m.relativeModuleId}: ${n} test${n === 1 ? '' : 's'} skipped: ${reason}`);
    }
    if (lines.length) process.stdout.write(`\n Skipped with a reason:\n${lines.join('\n')}\n`);
  }
}
