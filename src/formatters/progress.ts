export interface Progress {
  /** One more file done; redraws the bar. */
  tick(): void;
  /** Clears the bar (idempotent). */
  done(): void;
}

const NOOP: Progress = { tick() {}, done() {} };
const WIDTH = 20;

/** The bar for `current` of `total`: `[=====>    ] 12/40 files`. */
export function renderProgress(current: number, total: number, width = WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : width;
  const bar = filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}`;
  return `[${bar}] ${current}/${total} files`;
}

/**
 * A progress bar on `stream`, redrawn in place with `\r`. A no-op unless enabled and the stream is
 * a TTY (so piped or CI output never carries it).
 */
export function createProgress(total: number, opts: { stream: NodeJS.WriteStream; enabled: boolean }): Progress {
  const { stream } = opts;
  if (!opts.enabled || !stream.isTTY || total <= 0) return NOOP;
  let current = 0;
  let last = '';
  let finished = false;
  const draw = (): void => {
    const text = renderProgress(current, total);
    if (text === last) return;
    last = text;
    stream.write(`\r${text}`);
  };
  draw();
  return {
    tick() {
      if (finished) return;
      current = Math.min(total, current + 1);
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      stream.write('\r\x1b[K');
    },
  };
}
