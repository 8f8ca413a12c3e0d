/**
 * Re-indents the continuation lines of flow collections and quoted scalars that are not indented
 * past the key that owns them. YAML 1.2 (and the `yaml` package) rejects such lines; SnakeYAML, which
 * CloudFormation uses, and PyYAML accept them. Returns the repaired text and, per 0-based line, the
 * number of spaces inserted so that reported columns still point into the original text.
 */
export function repairIndentation(text: string): { text: string; shifts: Map<number, number> } | null {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const indent = leadingSpaces(line);
    const start = valueStart(line, indent);
    if (start === null) { i++; continue; }
    const { col: valueCol, owner } = start;
    const c = line[valueCol];
    if (c === '|' || c === '>') {
      // Block scalars hold arbitrary text: skip their lines.
      i++;
      while (i < lines.length && (lines[i]!.trim() === '' || leadingSpaces(lines[i]!) > owner)) i++;
      continue;
    }
    if (c !== '[' && c !== '{' && c !== "'" && c !== '"') { i++; continue; }
    const scanner = new FlowScanner();
    let open = scanner.feed(line, valueCol);
    i++;
    while (open && i < lines.length) {
      const next = lines[i]!;
      const ind = leadingSpaces(next);
      if (next.trim() !== '' && ind <= owner) {
        const add = owner + 1 - ind;
        lines[i] = ' '.repeat(add) + next;
        shifts.set(i, add);
      }
      open = scanner.feed(lines[i]!, 0);
      i++;
    }
  }
  return shifts.size > 0 ? { text: lines.join('\n'), shifts } : null;
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (line[n] === ' ') n++;
  return n;
}

/** Column where a block-context value starts on this line, and the indentation that owns it. */
function valueStart(line: string, indent: number): { col: number; owner: number } | null {
  let pos = indent;
  while (line[pos] === '-' && (line[pos + 1] === ' ' || pos + 1 === line.length)) {
    pos += 1;
    while (line[pos] === ' ') pos++;
  }
  const owner = pos;
  if (pos >= line.length || line[pos] === '#') return null;
  // A key: plain or quoted text up to ': '.
  const keyEnd = findKeyEnd(line, pos);
  if (keyEnd !== null) {
    pos = keyEnd + 1;
    while (line[pos] === ' ') pos++;
  }
  pos = skipProps(line, pos);
  if (pos >= line.length || line[pos] === '#') return null;
  return { col: pos, owner: keyEnd !== null ? owner : Math.max(owner - 1, indent - 1, 0) };
}

function findKeyEnd(line: string, from: number): number | null {
  let pos = from;
  const q = line[pos];
  if (q === '"' || q === "'") {
    const close = line.indexOf(q, pos + 1);
    if (close < 0) return null;
    pos = close + 1;
    return line[pos] === ':' && (pos + 1 === line.length || line[pos + 1] === ' ') ? pos : null;
  }
  if (q === '[' || q === '{' || q === '!' || q === '&' || q === '*' || q === '|' || q === '>') return null;
  for (; pos < line.length; pos++) {
    if (line[pos] === ':' && (pos + 1 === line.length || line[pos + 1] === ' ' || line[pos + 1] === '\r')) return pos;
    if (line[pos] === ' ' && line[pos + 1] === '#') return null;
  }
  return null;
}

function skipProps(line: string, from: number): number {
  let pos = from;
  while (line[pos] === '!' || line[pos] === '&') {
    while (pos < line.length && line[pos] !== ' ') pos++;
    while (line[pos] === ' ') pos++;
  }
  return pos;
}

/** Tracks flow brackets and quotes across lines; `feed` returns whether the construct is still open. */
class FlowScanner {
  private depth = 0;
  private quote: '"' | "'" | null = null;

  feed(line: string, from: number): boolean {
    for (let p = from; p < line.length; p++) {
      const ch = line[p];
      if (this.quote === '"') {
        if (ch === '\\') p++;
        else if (ch === '"') this.quote = null;
      } else if (this.quote === "'") {
        if (ch === "'") {
          if (line[p + 1] === "'") p++;
          else this.quote = null;
        }
      } else if (ch === '"' || ch === "'") {
        this.quote = ch;
      } else if (ch === '[' || ch === '{') {
        this.depth++;
      } else if (ch === ']' || ch === '}') {
        this.depth--;
      } else if (ch === '#' && (p === 0 || line[p - 1] === ' ')) {
        break;
      }
      if (this.depth <= 0 && this.quote === null) return false;
    }
    return this.depth > 0 || this.quote !== null;
  }
}
