import { createHash } from 'node:crypto';
import { get, type SMap, type SNode } from '../parse/index.js';
import { syn } from './synth.js';

/**
 * The logical id the SAM translator gives the AWS::Lambda::LayerVersion of an
 * AWS::Serverless::LayerVersion, and the rewriting of references to it.
 *
 * samtranslator (model/sam_resources.py, SamLayerVersion._construct_lambda_layer) resolves template
 * parameters in LayerName, LicenseInfo, Description and RetentionPolicy, takes the resource's
 * `to_dict()` — `{Id: {Type, DependsOn (if truthy), Condition / UpdatePolicy (resource attributes,
 * DeletionPolicy, UpdateReplacePolicy and Metadata deleted), Properties: {the set properties}}}` —
 * and names the layer `Id` + the first 10 hex digits of the sha1 of
 * `json.dumps(hash_dict, separators=(",", ":"), sort_keys=True)` (translator/logical_id_generator.py,
 * LogicalIdGenerator.gen / get_hash / _stringify; ensure_ascii is left on). The translator then
 * rewrites `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholders and `DependsOn` naming the old id
 * (translator/translator.py: changed_logical_ids, ResolveDependsOn, resolve_sam_resource_id_refs).
 */

/** SamLayerVersion.property_types: what `to_dict()` (so the hash) holds. */
const LAYER_PROPERTIES = ['LayerName', 'Description', 'PublishLambdaVersion', 'ContentUri', 'CompatibleArchitectures', 'CompatibleRuntimes', 'LicenseInfo', 'RetentionPolicy'];
/** The properties whose parameter references the translator resolves before hashing. */
const RESOLVED = new Set(['LayerName', 'LicenseInfo', 'Description', 'RetentionPolicy']);
/** Resource attributes the translator keeps in the hashed dict (the others it supports it deletes first). */
const HASHED_ATTRIBUTES = ['Condition', 'UpdatePolicy'];
/** Pseudo parameters the translator resolves from the deployment's region (samtranslator/sdk/parameter.py). */
const REGIONAL = new Set(['AWS::Region', 'AWS::Partition']);
/** `${...}` placeholders as samtranslator's Fn::Sub handling finds them (intrinsics/actions.py, _sub_all_refs). */
const SUB_REF = /\$\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)\}/g;

/** Thrown when the hashed dict depends on something only known at packaging or deploy time. */
const UNKNOWABLE = Symbol('unknowable');

type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

/**
 * The translator's logical id for a layer, or undefined when it cannot be known from the template:
 * a local ContentUri (`sam package` replaces it with `s3://<bucket>/<md5 of the zip>`), a resolved
 * property that uses AWS::Region / AWS::Partition (the deployment's region), a parameter with no
 * value ldlint knows, or a number it cannot print as Python does.
 *
 * @param props the layer's Properties with Globals.LayerVersion merged (as the Globals plugin does)
 * @param isParameter whether a name is one of the template's Parameters
 * @param param a parameter's value (override or default)
 */
export function layerLogicalId(id: string, res: SMap, props: SMap, isParameter: (name: string) => 'value' | 'unknown' | false, param: (name: string) => string | undefined): string | undefined {
  const content = get(props, 'ContentUri');
  if (!content || content.kind === 'seq') return undefined;
  if (content.kind === 'scalar' && !(typeof content.value === 'string' && content.value.startsWith('s3://'))) return undefined;
  const lookup = (name: string): string | undefined => {
    if (REGIONAL.has(name)) throw UNKNOWABLE;
    const kind = isParameter(name);
    if (kind === false) return undefined;
    const value = kind === 'value' ? param(name) : undefined;
    if (value === undefined) throw UNKNOWABLE;
    return value;
  };
  try {
    const properties: { [k: string]: Plain } = {};
    for (const key of LAYER_PROPERTIES) {
      const node = props.index.get(key)?.value;
      if (!node) continue;
      let value = plain(node);
      // resolve_string_parameter_in_resource leaves falsy values alone.
      if (RESOLVED.has(key) && truthy(value)) value = resolveParameters(value, lookup);
      if (value !== null) properties[key] = value;
    }
    const body: { [k: string]: Plain } = { Type: 'AWS::Serverless::LayerVersion' };
    const dependsOn = get(res, 'DependsOn');
    if (dependsOn) {
      const d = plain(dependsOn);
      if (truthy(d)) body.DependsOn = d;
    }
    for (const attr of HASHED_ATTRIBUTES) {
      const e = res.index.get(attr);
      if (e) body[attr] = plain(e.value);
    }
    body.Properties = properties;
    return `${id}${createHash('sha1').update(pythonJson({ [id]: body }), 'utf8').digest('hex').slice(0, 10)}`;
  } catch (err) {
    if (err === UNKNOWABLE) return undefined;
    throw err;
  }
}

function plain(n: SNode): Plain {
  switch (n.kind) {
    case 'scalar':
      // An integer prints the same in Python; a float may not (`1.0`, `1e+21`) and YAML `1.0` reaches us as 1.
      if (typeof n.value === 'number' && !Number.isSafeInteger(n.value)) throw UNKNOWABLE;
      return n.value;
    case 'seq':
      return n.items.map(plain);
    case 'map': {
      const out: { [k: string]: Plain } = Object.create(null);
      for (const [k, e] of n.index) out[k] = plain(e.value);
      return out;
    }
  }
}

function isMap(v: Plain): v is { [k: string]: Plain } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function truthy(v: Plain): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** IntrinsicsResolver.resolve_parameter_refs: a pre-order walk resolving `Ref` and `Fn::Sub` to parameters. */
function resolveParameters(v: Plain, lookup: (name: string) => string | undefined): Plain {
  if (isMap(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof v.Ref === 'string') {
      const value = lookup(v.Ref);
      if (value !== undefined) return value;
    } else if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const sub = v['Fn::Sub']!;
      const text = (s: string) => substitute(s, (full, name) => lookup(name) ?? full);
      if (typeof sub === 'string') v['Fn::Sub'] = text(sub);
      else if (Array.isArray(sub) && typeof sub[0] === 'string') sub[0] = text(sub[0]);
    }
    for (const k of Object.keys(v)) v[k] = resolveParameters(v[k]!, lookup);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => resolveParameters(x, lookup));
  return v;
}

/** Action._sub_all_refs: each placeholder found in the original text replaces its first occurrence in the result. */
function substitute(text: string, handler: (full: string, name: string) => string): string {
  let out = text;
  for (const m of text.matchAll(SUB_REF)) {
    const at = out.indexOf(m[0]);
    if (at >= 0) out = out.slice(0, at) + handler(m[0], m[1]!) + out.slice(at + m[0].length);
  }
  return out;
}

/** Python's `json.dumps(v, separators=(",", ":"), sort_keys=True)` (ensure_ascii on). */
export function pythonJson(v: Plain): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pythonString(v);
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(',')}]`;
  return `{${Object.keys(v).sort(byCodePoint).map((k) => `${pythonString(k)}:${pythonJson(v[k]!)}`).join(',')}}`;
}

function pythonString(s: string): string {
  // JSON.stringify escapes what Python does (", \, \b \f \n \r \t, other controls as \u00xx, lone
  // surrogates); ensure_ascii also escapes DEL and every non-ASCII UTF-16 unit.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python sorts str keys by code point; JavaScript's default sort compares UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * Rewrites references to renamed logical ids as the translator does after translation: `Ref: Old`,
 * `Fn::GetAtt: [Old, Attr]` (a list of strings only), `${Old}` / `${Old.Attr}` in `Fn::Sub`, and
 * `DependsOn: Old` (string or list) in any map.
 */
export function renameReferences(node: SNode, renamed: Map<string, string>): SNode {
  if (node.kind === 'seq') return { ...node, items: node.items.map((i) => renameReferences(i, renamed)) };
  if (node.kind !== 'map') return node;
  if (node.entries.length === 1) {
    const only = node.entries[0]!;
    const { key, value } = only;
    if (key === 'Ref' && value.kind === 'scalar' && typeof value.value === 'string' && renamed.has(value.value)) {
      return syn.entries(node.loc, [{ ...only, value: { ...value, value: renamed.get(value.value)! } }]);
    }
    if (key === 'Fn::GetAtt' && value.kind === 'seq' && value.items.length >= 2 && value.items.every((i) => i.kind === 'scalar' && typeof i.value === 'string')) {
      const parts = value.items.map((i) => String((i as { value: string }).value)).join('.').split('.');
      const to = renamed.get(parts[0]!);
      if (to) {
        // samtranslator joins and re-splits on dots: [Old, "A.B"] becomes [New, A, B].
        const items = [{ ...value.items[0]!, value: to }, ...parts.slice(1).map((p) => syn.str(value.items[1]!.loc, p))];
        return syn.entries(node.loc, [{ ...only, value: { ...value, items } }]);
      }
    }
    if (key === 'Fn::Sub') {
      const text = (t: SNode): SNode => (t.kind === 'scalar' && typeof t.value === 'string'
        ? { ...t, value: substitute(t.value, (full, name) => { const to = renamed.get(name.split('.')[0]!); return to ? full.split(name.split('.')[0]!).join(to) : full; }) }
        : renameReferences(t, renamed));
      const v = value.kind === 'seq' ? { ...value, items: value.items.map((x, i) => (i === 0 ? text(x) : renameReferences(x, renamed))) } : text(value);
      return syn.entries(node.loc, [{ ...only, value: v }]);
    }
  }
  return syn.entries(node.loc, node.entries.map((e) => {
    if (e.key === 'DependsOn') {
      const rename = (n: SNode): SNode => (n.kind === 'scalar' && typeof n.value === 'string' && renamed.has(n.value) ? { ...n, value: renamed.get(n.value)! } : n);
      if (e.value.kind === 'scalar') return { ...e, value: rename(e.value) };
      if (e.value.kind === 'seq') return { ...e, value: { ...e.value, items: e.value.items.map(rename) } };
    }
    return { ...e, value: renameReferences(e.value, renamed) };
  }));
}
