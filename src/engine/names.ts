/**
 * Tokens of an identifier for matching names by word, never by substring: split on `_ - .`,
 * digits and camelCase, upper-cased (`dbPath2` -> `DB`, `PATH`).
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((t) => t !== '')
    .map((t) => t.toUpperCase());
}
