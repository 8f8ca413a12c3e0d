/**
 * BR-LD-1 sensitivity: whether a function or data store is classified sensitive (tags, metadata),
 * which sensitive stores a function reaches, and the ISSO exception a function carries.
 */
import type { Loc, SNode } from '../parse/index.js';
import type { DataStore, LambdaFunction, Project, Resource } from '../model/types.js';
import { describeConditions, field, items, variants, type Value } from '../model/value.js';
import { arnTargetForStore, grantsService, matchResource, statementCoversService, valueRefersTo, type ArnTarget } from './iam-match.js';
import type { RuleContext, Settings } from './types.js';
import { nameTokens } from './names.js';

type SensitiveSettings = Settings['sensitiveData'];

export interface ClassificationVia {
  /** Tag key, or `Metadata.ldlint.dataClassification`. */
  key: string;
  /** The value that classifies (as written, e.g. `Internal,PHI`). */
  value: string;
  /** The value itself (for its location). */
  loc: Value;
  /** ` when condition X is true` for a value under an unknown condition; empty otherwise. */
  when: string;
}

export interface Classification {
  sensitive: boolean;
  via?: ClassificationVia;
  /** Classification tags / metadata whose value cannot be known (parameter without default, ...). */
  unknown: { key: string; value: Value }[];
}

interface Labelled {
  key: string;
  value: Value;
}

// ---------------------------------------------------------------------------------------------
// Classification

const SPLIT = /[,;/|\s]+/;

/** Does one classification value (`Internal,PHI`) name a sensitive class? Whole values, case-insensitive. */
export function isSensitiveValue(text: string, settings: SensitiveSettings): boolean {
  const wanted = new Set(settings.tagValues.map((v) => v.toLowerCase()));
  return text.split(SPLIT).some((t) => t !== '' && wanted.has(t.toLowerCase()));
}

function isBooleanTrue(text: string): boolean {
  return /^(true|yes)$/i.test(text.trim());
}

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Classifies labelled values (tags, metadata): the first sensitive one, and the unknown ones. */
function classify(labels: Labelled[], settings: SensitiveSettings): Classification {
  const unknown: Classification['unknown'] = [];
  let via: ClassificationVia | undefined;
  for (const { key, value } of labels) {
    const isClass = key === METADATA_KEY || settings.tagKeys.some((k) => eqi(k, key));
    const isBool = settings.booleanTagKeys.some((k) => eqi(k, key));
    if (!isClass && !isBool) continue;
    for (const variant of variants(value)) {
      const v = variant.value;
      if (v.kind === 'unknown') { unknown.push({ key, value: v }); continue; }
      const texts = (v.kind === 'list' ? v.items : [v]).flatMap((x) => (x.kind === 'lit' && x.value !== null ? [String(x.value)] : []));
      for (const text of texts) {
        const hit = (isClass && isSensitiveValue(text, settings)) || (isBool && isBooleanTrue(text));
        if (hit && !via) via = { key, value: text, loc: v, when: describeConditions(variant.conditions) };
      }
    }
  }
  return via ? { sensitive: true, via, unknown } : { sensitive: false, unknown };
}

const METADATA_KEY = 'Metadata.ldlint.dataClassification';

/** Evaluates a metadata node of a resource (intrinsics included). */
function evalNode(r: Resource, node: SNode | undefined): Value {
  return node ? r.template.evaluator.eval(node) : { kind: 'absent', loc: r.keyLoc };
}

/** `Metadata.ldlint` of a function (already the `ldlint` node) or of a resource's whole Metadata. */
function metadataLdlint(r: Resource, node: SNode | undefined): Value {
  return evalNode(r, node);
}

/**
 * Is the function classified sensitive: its effective tags (own, Globals, provider tags), stack tags,
 * or `Metadata.ldlint.dataClassification`?
 */
export function classification(fn: LambdaFunction, settings: Settings): Classification {
  const labels: Labelled[] = [];
  for (const t of fn.tags) if (!t.inherited) labels.push({ key: t.key, value: t.value });
  const meta = field(metadataLdlint(fn.resource, fn.ldlintMetadata), 'dataClassification');
  if (meta.kind !== 'absent') labels.push({ key: METADATA_KEY, value: meta });
  for (const t of fn.tags) if (t.inherited) labels.push({ key: t.key, value: t.value });
  for (const t of fn.stackTags) labels.push({ key: t.key, value: t.value });
  return classify(labels, settings.sensitiveData);
}

/** Tags of a resource from a CloudFormation tag list `[{Key, Value}]` or a tag map. */
function tagLabels(v: Value): Labelled[] {
  const out: Labelled[] = [];
  for (const variant of variants(v)) {
    const t = variant.value;
    if (t.kind === 'map') for (const e of t.entries) out.push({ key: e.key, value: e.value });
    else if (t.kind === 'list') {
      for (const item of t.items) {
        const k = field(item, 'Key');
        if (k.kind === 'lit' && k.value !== null) out.push({ key: String(k.value), value: field(item, 'Value') });
      }
    }
  }
  return out;
}

/** Is the data store classified sensitive by its tags or `Metadata.ldlint.dataClassification`? */
export function storeClassification(store: DataStore, settings: Settings): Classification {
  const r = store.resource;
  const labels: Labelled[] = [...tagLabels(r.get('Tags')), ...tagLabels(r.get('FileSystemTags'))];
  if (r.type === 'AWS::DynamoDB::GlobalTable') for (const rep of items(r.get('Replicas'))) labels.push(...tagLabels(field(rep, 'Tags')));
  const meta = field(field(metadataLdlint(r, r.metadata), 'ldlint'), 'dataClassification');
  if (meta.kind !== 'absent') labels.push({ key: METADATA_KEY, value: meta });
  return classify(labels, settings.sensitiveData);
}

// ---------------------------------------------------------------------------------------------
// Exceptions

export type ExceptionState =
  | { state: 'none' }
  | { state: 'valid'; reference: string; loc: Value }
  | { state: 'expired'; reference: string; expires: string; loc: Value }
  | { state: 'invalid'; why: string; loc: Value }
  /** The exception (or its expiry) depends on a value the linter cannot see. */
  | { state: 'unknown'; what: string; loc: Value };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function nonEmptyText(v: Value): string | undefined {
  if (v.kind !== 'lit' || v.value === null || typeof v.value === 'boolean') return undefined;
  const s = String(v.value).trim();
  return s === '' ? undefined : s;
}

function metadataException(ex: Value, today: string): ExceptionState {
  if (ex.kind === 'unknown') return { state: 'unknown', what: 'Metadata.ldlint.exception', loc: ex };
  if (ex.kind === 'choice') return { state: 'unknown', what: `Metadata.ldlint.exception (depends on condition ${ex.condition})`, loc: ex };
  if (ex.kind !== 'map') return { state: 'invalid', why: 'Metadata.ldlint.exception must be a map with `reference` (and optional `approvedBy`, `expires`)', loc: ex };
  const ref = field(ex, 'reference');
  if (ref.kind === 'unknown') return { state: 'unknown', what: 'Metadata.ldlint.exception.reference', loc: ref };
  const reference = nonEmptyText(ref);
  if (reference === undefined) return { state: 'invalid', why: 'it has no approval reference (Metadata.ldlint.exception.reference is missing or empty)', loc: ref.kind === 'absent' ? ex : ref };
  const exp = field(ex, 'expires');
  if (exp.kind === 'absent') return { state: 'valid', reference, loc: ex };
  if (exp.kind === 'unknown') return { state: 'unknown', what: 'Metadata.ldlint.exception.expires', loc: exp };
  const expires = exp.kind === 'lit' && exp.value !== null ? String(exp.value).trim() : undefined;
  if (expires === undefined || !isDate(expires)) return { state: 'invalid', why: 'its expiry is not a date of the form YYYY-MM-DD', loc: exp };
  if (expires < today) return { state: 'expired', reference, expires, loc: exp };
  return { state: 'valid', reference, loc: ex };
}

/**
 * The ISSO exception of a function: `Metadata.ldlint.exception {reference, approvedBy?, expires?}`
 * (Serverless `custom.ldlint.exceptions.<key>` arrives there too) or the exception tag whose value
 * is the reference. A valid one wins over an expired one, which wins over an invalid one.
 */
export function exceptionOf(fn: LambdaFunction, settings: Settings, today: string): ExceptionState {
  const found: ExceptionState[] = [];
  const ex = field(metadataLdlint(fn.resource, fn.ldlintMetadata), 'exception');
  if (ex.kind !== 'absent') found.push(metadataException(ex, today));
  const key = settings.sensitiveData.exceptionTagKey;
  const tags: { key: string; value: Value }[] = [...fn.tags, ...fn.stackTags];
  for (const t of tags) {
    if (!eqi(t.key, key)) continue;
    const v = t.value;
    if (v.kind === 'unknown' || v.kind === 'choice') { found.push({ state: 'unknown', what: `tag ${t.key}`, loc: v }); continue; }
    const reference = nonEmptyText(v);
    found.push(reference ? { state: 'valid', reference, loc: v } : { state: 'invalid', why: `its tag ${t.key} has no approval reference`, loc: v });
  }
  const order = ['valid', 'unknown', 'expired', 'invalid'] as const;
  for (const s of order) {
    const hit = found.find((f) => f.state === s);
    if (hit) return hit;
  }
  return { state: 'none' };
}

// ---------------------------------------------------------------------------------------------
// Access to sensitive stores

export interface StoreAccess {
  store: DataStore;
  /** How: `execution role statement in ClaimsRole.Policies[0] (claims)`, `event source ...`, `environment variable TABLE`. */
  path: string;
  /** The value that grants or denotes the access (or where it is configured). */
  at: Value | Loc;
}

/** Where a statement resource / event source / variable denotes a store only through an unknown value. */
export interface UnknownAccess {
  store: DataStore;
  path: string;
  at: Value;
}

/** The sensitive stores of the project with their ARN targets (memoized per project and settings). */
const sensitiveCache = new WeakMap<Project, WeakMap<Settings, { store: DataStore; target: ArnTarget }[]>>();

export function sensitiveStores(project: Project, settings: Settings): { store: DataStore; target: ArnTarget }[] {
  let bySettings = sensitiveCache.get(project);
  if (!bySettings) sensitiveCache.set(project, (bySettings = new WeakMap()));
  let list = bySettings.get(settings);
  if (!list) {
    list = project.dataStores.filter((s) => storeClassification(s, settings).sensitive).map((store) => ({ store, target: arnTargetForStore(store) }));
    bySettings.set(settings, list);
  }
  return list;
}

function envEntries(fn: LambdaFunction): { name: string; value: Value }[] {
  const out: { name: string; value: Value }[] = [];
  for (const { value: vars } of variants(fn.get('Environment.Variables'))) {
    if (vars.kind === 'map') for (const e of vars.entries) out.push({ name: e.key, value: e.value });
  }
  return out;
}

function firstResource(stmt: { resources: Value[] }, target: ArnTarget, want: 'yes' | 'unknown'): Value | undefined {
  return stmt.resources.find((r) => matchResource(r, target) === want);
}

function statementAt(stmt: { resources: Value[]; loc: Loc }, target: ArnTarget): Value {
  return firstResource(stmt, target, 'yes') ?? stmt.resources[0] ?? { kind: 'absent', loc: stmt.loc };
}

/**
 * Every way the function reaches a sensitive store of the project: execution-role statements
 * covering an action of the store's service on it, event sources, environment variables whose
 * value denotes it. Unknown values are not guessed (see {@link unknownSensitiveAccesses}).
 */
export function sensitiveAccesses(fn: LambdaFunction, project: Project, settings: Settings): StoreAccess[] {
  const out: StoreAccess[] = [];
  for (const { store, target } of sensitiveStores(project, settings)) {
    if (fn.role) {
      for (const stmt of grantsService(fn.role, store.services, target)) {
        out.push({ store, path: `execution role statement (${stmt.origin})`, at: statementAt(stmt, target) });
      }
    }
    for (const es of fn.eventSources) {
      if (valueRefersTo(es.source, target) !== 'yes') continue;
      // S3 notifications and SNS subscriptions on the store carry a generated Ref at the store's key: point at the configuration.
      const generated = es.source.loc === store.resource.keyLoc;
      out.push({ store, path: `event source (${es.origin})`, at: generated ? es.loc : es.source });
    }
    for (const env of envEntries(fn)) {
      if (valueRefersTo(env.value, target) === 'yes') out.push({ store, path: `environment variable ${env.name}`, at: env.value });
    }
  }
  return out;
}

/**
 * Accesses that depend on an unknown value which could denote a sensitive store of the project:
 * an Allow statement on the store's service whose Resource is a parameter without default. Imports
 * (`Fn::ImportValue`) come from other stacks and never denote a store of this one.
 */
export function unknownSensitiveAccesses(fn: LambdaFunction, project: Project, settings: Settings): UnknownAccess[] {
  const out: UnknownAccess[] = [];
  const known = new Set(sensitiveAccesses(fn, project, settings).map((a) => a.store));
  for (const { store, target } of sensitiveStores(project, settings)) {
    if (known.has(store) || !fn.role) continue;
    for (const stmt of fn.role.statements) {
      if (stmt.effect !== 'Allow' || stmt.notResources || !statementCoversService(stmt, store.services)) continue;
      const at = firstResource(stmt, target, 'unknown');
      if (at && !isImport(at)) out.push({ store, path: `execution role statement (${stmt.origin})`, at });
    }
  }
  return out;
}

function isImport(v: Value): boolean {
  if (v.kind === 'unknown') return v.source === 'import';
  if (v.kind === 'template') return v.parts.some((p) => typeof p !== 'string' && p.kind === 'unknown' && p.source === 'import');
  return false;
}

/** Sensitive function: classified sensitive, or reaching a sensitive store of the project. */
export function isSensitiveFunction(fn: LambdaFunction, ctx: Pick<RuleContext, 'project' | 'settings'>): boolean {
  return classification(fn, ctx.settings).sensitive || sensitiveAccesses(fn, ctx.project, ctx.settings).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Secrets in configuration

const entryTokens = new Map<string, string[]>();

/**
 * The first list entry whose tokens occur, consecutively, among the name's tokens (`API_KEY` in
 * `stripeApiKey`): names match by word, never by substring.
 */
export function matchNameList(tokens: string[], list: readonly string[]): string | undefined {
  for (const entry of list) {
    let want = entryTokens.get(entry);
    if (!want) entryTokens.set(entry, (want = nameTokens(entry)));
    if (want.length === 0) continue;
    for (let i = 0; i + want.length <= tokens.length; i++) {
      if (want.every((w, k) => tokens[i + k] === w)) return entry;
    }
  }
  return undefined;
}

/** Name lists that decide whether a name denotes a secret (rule options). */
export interface SecretNames {
  secretNames: readonly string[];
  configurationTokens: readonly string[];
}

/** Does the name denote a secret: a secret token (`PASSWORD`) and no configuration token (`PASSWORD_MIN_LENGTH`)? */
export function isSecretName(name: string, names: SecretNames): string | undefined {
  const tokens = nameTokens(name);
  const secret = matchNameList(tokens, names.secretNames);
  return secret && !matchNameList(tokens, names.configurationTokens) ? secret : undefined;
}

/**
 * A resource attribute that is itself a secret, copied by the value (`!GetAtt Client.ClientSecret`,
 * `!Sub 'Basic ${Key.SecretAccessKey}'`): CloudFormation resolves it into the configuration in
 * plaintext. Attribute names are judged like variable names (`MasterUserSecret.SecretArn` is an ARN).
 */
export function secretAttribute(v: Value, names: SecretNames): { target: string; attr: string } | undefined {
  const refs = v.kind === 'ref' ? [v] : v.kind === 'template' ? v.parts.filter((p): p is Extract<typeof p, { kind: 'ref' }> => typeof p !== 'string' && p.kind === 'ref') : [];
  for (const r of refs) if (r.attr && isSecretName(r.attr, names)) return { target: r.target, attr: r.attr };
  return undefined;
}
