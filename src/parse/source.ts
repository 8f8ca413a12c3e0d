/** A file's text and the line table that turns offsets into 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  /**
   * @param path  path as shown to users (relative to the working directory where possible)
   * @param text  the text that was parsed
   * @param columnShifts  spaces inserted at the start of a line by indentation repair
   *                      (0-based line -> count), subtracted again when reporting columns
   */
  constructor(
    readonly path: string,
    readonly text: string,
    private readonly columnShifts?: ReadonlyMap<number, number>,
  ) {}

  position(offset: number): Position {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const shift = this.columnShifts?.get(lo) ?? 0;
    return { line: lo + 1, column: Math.max(1, offset - starts[lo]! + 1 - shift) };
  }

  /** Offset of the first character of a 1-based line. */
  lineOffset(line: number): number {
    const starts = this.starts();
    return starts[Math.min(Math.max(line - 1, 0), starts.length - 1)]!;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/** Where a value came from: a half-open offset range in one file. */
export interface Loc {
  file: SourceFile;
  start: number;
  end: number;
}

export interface Range {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function toRange(loc: Loc): Range {
  const s = loc.file.position(loc.start);
  const e = loc.file.position(Math.max(loc.start, loc.end));
  return { file: loc.file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/**
 * A text with CRLF line ends as the same text with LF ends: every line and column stays where it
 * was (the CR is the last character of its line), and YAML reads both alike. The file itself when
 * it has no CR; undefined when it has a CR that does not end a line.
 */
export function withLfEnds(file: SourceFile): SourceFile | undefined {
  if (!file.text.includes('\r')) return file;
  if (/\r(?!\n)/.test(file.text)) return undefined;
  return new SourceFile(file.path, file.text.replace(/\r\n/g, '\n'));
}
