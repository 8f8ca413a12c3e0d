/**
 * `import()` of an installed package that is not bundled (tinypool, @aws-cdk/cloudformation-diff).
 * The CLI bundle runs as a script compiled from a V8 code cache (bin/load-bundle.js), where Node 20
 * offers no `import()`; the loader provides one as `globalThis.__ldlintImport`.
 */
export function importExternal<T>(specifier: string): Promise<T> {
  const provided = (globalThis as { __ldlintImport?: (s: string) => Promise<unknown> }).__ldlintImport;
  return (provided ? provided(specifier) : import(specifier)) as Promise<T>;
}
