/**
 * Glob matching for ARNs and IAM patterns, where a subject may be symbolic.
 *
 * A glob's `*` matches any text, `/` and `:` included (ARNs are not paths), and `?` one character.
 * Subjects are template text (`templateText`): a `${...}` placeholder in them stands for a value
 * the linter does not know literally (a pseudo parameter, a resource's Ref or attribute).
 */

export interface GlobOptions {
  /** Compare letters without regard to case (IAM action names). Default false. */
  caseInsensitive?: boolean;
  /**
   * What a `${...}` placeholder in the subject may stand for:
   * - `any` (default): any text within one ARN segment (no `:`), so any glob segment matches it:
   *   `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:destination:central` matches
   *   `arn:aws:logs:us-east-1:111122223333:destination:*`, while `${Destination.Arn}` alone (a whole
   *   ARN) matches only a glob wildcard such as `*`, like a Ref;
   * - `pseudo`: pseudo parameters (`${AWS::Region}`, ...) stand for any segment text (they match
   *   structurally, as the catalogue decides); other placeholders (a generated physical name)
   *   are matched only by a wildcard of the glob, never by literal text;
   * - `none`: placeholders are literal text.
   */
  subjectPlaceholders?: 'any' | 'pseudo' | 'none';
  /** Treat `${...}` placeholders in the glob itself (a Sub in a policy) as `*`. Default true. */
  globPlaceholders?: boolean;
}

const STAR = 0;
const ONE = 1;
/** Subject placeholder that stands for any text within one ARN segment (no `:`). */
const ANY = 2;
/** Subject placeholder that only a glob wildcard matches. */
const OPAQUE = 3;
type Token = string | typeof STAR | typeof ONE | typeof ANY | typeof OPAQUE;

function tokenize(s: string, glob: boolean, opts: GlobOptions): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        if (glob) {
          if (opts.globPlaceholders ?? true) {
            out.push(STAR);
            i = end;
            continue;
          }
        } else {
          const mode = opts.subjectPlaceholders ?? 'any';
          if (mode === 'any' || (mode === 'pseudo' && name.startsWith('AWS::'))) {
            out.push(ANY);
            i = end;
            continue;
          }
          if (mode === 'pseudo') {
            out.push(OPAQUE);
            i = end;
            continue;
          }
        }
      }
    }
    if (glob && c === '*') out.push(STAR);
    else if (glob && c === '?') out.push(ONE);
    else out.push(opts.caseInsensitive ? c.toLowerCase() : c);
  }
  return out;
}

/**
 * Does the glob match the subject? With symbolic subjects: could the subject's text be one that
 * the glob matches (placeholders per `subjectPlaceholders`)?
 */
export function globMatch(glob: string, subject: string, opts: GlobOptions = {}): boolean {
  const p = tokenize(glob, true, opts);
  const t = tokenize(subject, false, opts);
  const n = p.length;
  const m = t.length;
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const key = i * (m + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === n) r = t.slice(j).every((x) => x === ANY);
    else if (p[i] === STAR) r = f(i + 1, j) || (j < m && f(i, j + 1));
    else if (j === m) r = false;
    else if (t[j] === ANY) r = f(i, j + 1) || (p[i] !== ':' && f(i + 1, j));
    else if (t[j] === OPAQUE) r = false;
    else if (p[i] === ONE) r = f(i + 1, j + 1);
    else r = p[i] === t[j] && f(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return f(0, 0);
}

/** The first glob of the list that matches the subject. */
export function firstMatch(globs: readonly string[], subject: string, opts: GlobOptions = {}): string | undefined {
  return globs.find((g) => globMatch(g, subject, opts));
}

/** A glob that matches every text (`*`, `**`): the only kind a value without text (a Ref) matches. */
export function matchesEverything(glob: string): boolean {
  return /^\*+$/.test(glob);
}
