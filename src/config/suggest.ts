/** "Did you mean" helpers, shared by the config loader and the checks that suggest names. */

/** Levenshtein edit distance (insertions, deletions, substitutions, each costing 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `name`, or undefined when none is close enough.
 *
 * Distance is computed case-insensitively (a case-only difference counts as a near-exact match).
 * A candidate qualifies when its distance is at most `maxDistance` (default: a third of the longer
 * name's length, at least 2). Ties go to the candidate listed first.
 */
export function closest(name: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === name) return c;
    const cl = c.toLowerCase();
    // Case-only differences rank just after an exact match.
    const d = cl === lower ? 0.5 : levenshtein(lower, cl);
    const limit = maxDistance ?? Math.max(2, Math.floor(Math.max(name.length, c.length) / 3));
    if (d <= limit && d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}
