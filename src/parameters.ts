import { parseText, toPlain, toRange } from './parse/index.js';

/** A `--parameters FILE` that cannot be used; the CLI reports it with exit code 2. */
export class UsageError extends Error {}

/**
 * Parameter values from a file in any of the shapes users have: the CloudFormation CLI list
 * `[{ParameterKey, ParameterValue}]`, `{"Parameters": {...}}` (CodePipeline), or a plain map.
 */
export function parseParametersFile(path: string, text: string): Map<string, string> {
  const parsed = parseText(path, text);
  if (!parsed.root) {
    const r = toRange(parsed.error!.loc);
    throw new UsageError(`${r.file}:${r.line}:${r.column}: cannot parse parameters file: ${parsed.error!.message}`);
  }
  const data = toPlain(parsed.root);
  const out = new Map<string, string>();
  const put = (k: unknown, v: unknown) => {
    if (typeof k === 'string' && v !== undefined && v !== null) out.set(k, Array.isArray(v) ? v.join(',') : String(v));
  };
  if (Array.isArray(data)) {
    for (const item of data) {
      if (item && typeof item === 'object') put((item as Record<string, unknown>).ParameterKey, (item as Record<string, unknown>).ParameterValue);
    }
    return out;
  }
  if (data && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    const map = obj.Parameters && typeof obj.Parameters === 'object' && !Array.isArray(obj.Parameters) ? (obj.Parameters as Record<string, unknown>) : obj;
    for (const [k, v] of Object.entries(map)) put(k, v);
    return out;
  }
  throw new UsageError(`${path}: a parameters file must be a list of {ParameterKey, ParameterValue}, {"Parameters": {...}} or a map`);
}

/** `--parameter Key=Value` */
export function parseParameterFlag(flag: string): [string, string] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new UsageError(`--parameter expects Key=Value, got "${flag}"`);
  return [flag.slice(0, eq), flag.slice(eq + 1)];
}
