import { describe, expect, it } from 'vitest';
import { createProgress, renderProgress } from '../src/formatters/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; writes: string[] } {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('progress', () => {
  it('renders the bar', () => {
    expect(renderProgress(12, 40, 10)).toBe('[===>      ] 12/40 files');
    expect(renderProgress(0, 40, 10)).toBe('[>         ] 0/40 files');
    expect(renderProgress(40, 40, 10)).toBe('[==========] 40/40 files');
  });

  it('redraws in place on a TTY and clears the line when done', () => {
    const { stream, writes } = fakeStream(true);
    const p = createProgress(3, { stream, enabled: true });
    p.tick();
    p.tick();
    p.tick();
    p.tick(); // past the total: clamped, nothing new to draw
    p.done();
    p.done();
    expect(writes.every((w) => w.startsWith('\r'))).toBe(true);
    expect(writes.slice(0, 4).map((w) => w.slice(1))).toEqual([
      renderProgress(0, 3),
      renderProgress(1, 3),
      renderProgress(2, 3),
      renderProgress(3, 3),
    ]);
    expect(writes).toHaveLength(5);
    expect(writes[4]).toBe('\r\x1b[K');
  });

  it('does nothing when disabled or not a TTY', () => {
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { stream, writes } = fakeStream(tty);
      const p = createProgress(5, { stream, enabled });
      p.tick();
      p.done();
      expect(writes).toEqual([]);
    }
  });
});
