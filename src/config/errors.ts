/** One problem found in a config file. */
export interface ConfigProblem {
  /** Path of the offending key, e.g. `rules["BR-LD-3/timeout"][1].maxTimeoutSecs`; empty for the whole file. */
  path: string;
  /** What is wrong, with the allowed values or keys and a suggestion where there is one. */
  message: string;
  line: number;
  column: number;
}

/**
 * A config file that cannot be used: unreadable, not YAML/JSON, or not valid against the schema.
 * The CLI maps it to exit code 2. `file`, `line` and `column` locate the first problem (1-based;
 * 1:1 when the problem is the whole file); `problems` holds every problem found.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    const list = problems.length > 0 ? problems : [{ path: '', message: 'invalid configuration', line: 1, column: 1 }];
    super(list.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.line = list[0]!.line;
    this.column = list[0]!.column;
    this.problems = list;
  }
}

export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}
