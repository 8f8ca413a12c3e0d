/**
 * IAM matching for the checks: action globs, statement resources against a target resource
 * (a data store, a function), and "does this role grant X on Y".
 *
 * Pseudo parameters (`${AWS::Region}`, `${AWS::AccountId}`, ...) and IAM policy variables are
 * symbolic: they match any text of one ARN segment (no `:` or `/`) on the other side, and each
 * other structurally. A CloudFormation-generated physical name is opaque: only a wildcard matches it.
 */
import type { DataStore, LambdaFunction, Resource, Role, Statement } from '../model/types.js';
import { templateText, variants, type Value } from '../model/value.js';
import { globMatch } from './globs.js';

/** What a statement's Resource is compared with. */
export type ArnTarget = {
  /** The resource in the project (Ref / GetAtt / Sub / Join pieces referring to it match). */
  resource?: Resource;
  /** Literal physical names (TableName, BucketName, FunctionName...). */
  physicalNames: string[];
  /**
   * ARNs of the target, `${AWS::Region}`-style placeholders standing for pseudo parameters, `*` for
   * any suffix, and {@link GENERATED_NAME} for a name CloudFormation generates.
   */
  arnPatterns: string[];
};

/** Placeholder of an ARN pattern for a physical name CloudFormation generates (only wildcards match it). */
export const GENERATED_NAME = '${ldlint:generated}';

export type Match = 'yes' | 'no' | 'unknown';

// ---------------------------------------------------------------------------------------------
// Actions

/**
 * An action glob as a matcher: `*` any text, `?` one character, case-insensitive. Patterns come from
 * templates, so they are matched by {@link globMatch} (linear, no backtracking), not by a RegExp.
 */
function globRegExp(pattern: string): { test(subject: string): boolean } {
  return { test: (subject) => globMatch(pattern, subject, { caseInsensitive: true, subjectPlaceholders: 'none', globPlaceholders: false }) };
}

/** IAM action glob (`*`, `?`), case-insensitive: `s3:Get*` matches `s3:GetObject`, `*` matches all. */
export function actionMatches(pattern: string, action: string): boolean {
  return globRegExp(pattern.trim()).test(action.trim());
}

/** Can the action pattern cover some action of the service (`dynamodb:GetItem`, `dynamodb:*`, `dyn*:*`, `*`)? */
export function actionCoversService(pattern: string, service: string): boolean {
  const p = pattern.trim();
  const colon = p.indexOf(':');
  if (colon < 0) return globRegExp(p).test(`${service}:x`) || /^\*+$/.test(p);
  return globRegExp(p.slice(0, colon)).test(service) && p.length > colon + 1;
}

/** Does the pattern cover every action of the service (`service:*`, `*`)? */
function actionCoversWholeService(pattern: string, service: string): boolean {
  const p = pattern.trim();
  if (/^\*+$/.test(p)) return true;
  const colon = p.indexOf(':');
  return colon > 0 && globRegExp(p.slice(0, colon)).test(service) && /^\*+$/.test(p.slice(colon + 1));
}

/** Literal action strings of a statement's Action/NotAction values (choices: every branch). */
function literalActions(values: Value[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const { value } of variants(v)) if (value.kind === 'lit' && typeof value.value === 'string') out.push(value.value);
  return out;
}

/**
 * Does the statement's Action (or NotAction) cover the action? The Effect is not considered.
 * An action value that is not a literal string never matches (callers decide about unknowns).
 */
export function statementAllows(stmt: Statement, action: string): boolean {
  const lits = literalActions(stmt.actions);
  if (stmt.notActions) return !lits.some((p) => actionMatches(p, action));
  return lits.some((p) => actionMatches(p, action));
}

/** Does the statement's Action (or NotAction) cover some action of one of the services? */
export function statementCoversService(stmt: Statement, services: string[]): boolean {
  const lits = literalActions(stmt.actions);
  if (stmt.notActions) return services.some((s) => !lits.some((p) => actionCoversWholeService(p, s)));
  return services.some((s) => lits.some((p) => actionCoversService(p, s)));
}

/** Does the statement cover every action of the services (for Deny: nothing of the service is left)? */
function statementCoversWholeServices(stmt: Statement, services: string[]): boolean {
  const lits = literalActions(stmt.actions);
  if (stmt.notActions) return services.every((s) => !lits.some((p) => actionCoversService(p, s)));
  return services.every((s) => lits.some((p) => actionCoversWholeService(p, s)));
}

// ---------------------------------------------------------------------------------------------
// Resources

type Tok =
  | { t: 'c'; c: string }
  | { t: 'star' }
  | { t: 'one' }
  | { t: 'ph'; name: string }
  | { t: 'opaque'; id: string }
  | { t: 'unk' };

/** Tokens of glob text: `*`, `?`, `${Name}` placeholders, characters. */
function tokenizeText(text: string, out: Tok[] = []): Tok[] {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const name = text.slice(i + 2, end);
        out.push(name.startsWith('ldlint:') ? { t: 'opaque', id: name } : { t: 'ph', name });
        i = end;
        continue;
      }
    }
    if (c === '*') out.push({ t: 'star' });
    else if (c === '?') out.push({ t: 'one' });
    else out.push({ t: 'c', c });
  }
  return out;
}

const isSegmentTok = (k: Tok) => (k.t === 'c' && k.c !== ':' && k.c !== '/') || k.t === 'ph';

/** Glob matching of statement tokens against target tokens, wildcards and placeholders on both sides. */
function tokensMatch(a: Tok[], b: Tok[]): boolean {
  const memo = new Map<number, boolean>();
  const W = b.length + 1;
  const rec = (i: number, j: number): boolean => {
    const key = i * W + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, false);
    const r = step(i, j);
    memo.set(key, r);
    return r;
  };
  const step = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.t === 'star') return rec(i + 1, j) || (j < b.length && rec(i, j + 1));
    // A pattern's trailing `*` (index, object key, qualifier) stays within its ARN segment: no `:`.
    if (y?.t === 'star') return rec(i, j + 1) || (i < a.length && !(a[i]!.t === 'c' && (a[i] as { c: string }).c === ':') && rec(i + 1, j));
    if (!x || !y) return false;
    if (x.t === 'one' || y.t === 'one') return rec(i + 1, j + 1);
    if (x.t === 'ph' && y.t === 'ph' && x.name === y.name && rec(i + 1, j + 1)) return true;
    if (x.t === 'ph') {
      for (let k = j; k < b.length && isSegmentTok(b[k]!); k++) if (rec(i + 1, k + 1)) return true;
    }
    if (y.t === 'ph') {
      for (let k = i; k < a.length && isSegmentTok(a[k]!); k++) if (rec(k + 1, j + 1)) return true;
    }
    if (x.t === 'opaque' || y.t === 'opaque') return x.t === 'opaque' && y.t === 'opaque' && x.id === y.id && rec(i + 1, j + 1);
    if (x.t === 'c' && y.t === 'c') return x.c === y.c && rec(i + 1, j + 1);
    return false;
  };
  return rec(0, 0);
}

/** Statement-side tokens of a value; refs to other resources are opaque, unknown parts `unk`. */
function valueTokens(v: Value): Tok[] | undefined {
  if (v.kind === 'lit') return typeof v.value === 'string' ? tokenizeText(v.value) : undefined;
  if (v.kind === 'pseudo') return [{ t: 'ph', name: v.name }];
  if (v.kind !== 'template') return undefined;
  const out: Tok[] = [];
  for (const p of v.parts) {
    if (typeof p === 'string') tokenizeText(p, out);
    else if (p.kind === 'pseudo') out.push({ t: 'ph', name: p.name });
    else if (p.kind === 'ref') out.push({ t: 'opaque', id: `ref:${p.target}.${p.attr ?? ''}` });
    else out.push({ t: 'unk' });
  }
  return out;
}

/** A ref to the target inside a Sub/Join, standing where a name or ARN stands (`table/${T}`, `${T.Arn}/*`). */
function templateRefersTo(v: Value & { kind: 'template' }, target: Resource): boolean {
  return v.parts.some((p, i) => {
    if (typeof p === 'string' || p.kind !== 'ref' || p.target !== target.logicalId) return false;
    const before = v.parts[i - 1];
    const after = v.parts[i + 1];
    const okBefore = before === undefined || typeof before !== 'string' || /[:/*]$/.test(before);
    const okAfter = after === undefined || typeof after !== 'string' || /^[:/*]/.test(after);
    return okBefore && okAfter;
  });
}

function matchOne(v: Value, target: ArnTarget): Match {
  switch (v.kind) {
    case 'ref':
      return target.resource && v.target === target.resource.logicalId ? 'yes' : 'no';
    case 'unknown':
      return 'unknown';
    case 'lit':
      if (typeof v.value !== 'string') return 'no';
      if (target.physicalNames.includes(v.value)) return 'yes';
      break;
    case 'template':
      if (target.resource && templateRefersTo(v, target.resource)) return 'yes';
      break;
    case 'pseudo':
      break;
    default:
      return 'no';
  }
  const toks = valueTokens(v);
  if (!toks) return 'no';
  const patterns = target.arnPatterns.map((p) => tokenizeText(p));
  const hasUnknown = toks.some((k) => k.t === 'unk');
  const asOpaque = toks.map((k): Tok => (k.t === 'unk' ? { t: 'opaque', id: 'unknown' } : k));
  if (patterns.some((p) => tokensMatch(asOpaque, p))) return 'yes';
  if (!hasUnknown) return 'no';
  const asStar = toks.map((k): Tok => (k.t === 'unk' ? { t: 'star' } : k));
  return patterns.some((p) => tokensMatch(asStar, p)) ? 'unknown' : 'no';
}

/**
 * Tri-state form of {@link resourceMatches}: 'unknown' when the value (or a part of it) is unknown
 * and could match. Choices and lists match when any branch / item does.
 */
export function matchResource(resource: Value, target: ArnTarget): Match {
  let result: Match = 'no';
  const values = resource.kind === 'list' ? resource.items : [resource];
  for (const item of values) {
    for (const { value } of variants(item)) {
      const m = value.kind === 'list' ? matchResource(value, target) : matchOne(value, target);
      if (m === 'yes') return 'yes';
      if (m === 'unknown') result = 'unknown';
    }
  }
  return result;
}

/**
 * Does a statement Resource value name the target: `*`, a Ref/GetAtt/Sub/Join of the target
 * resource, a literal physical name, or an ARN / glob matching one of the target's ARN patterns?
 * Unknown values do not match (see {@link matchResource}).
 */
export function resourceMatches(resource: Value, target: ArnTarget): boolean {
  return matchResource(resource, target) === 'yes';
}

/** Does a value used as data (an environment variable, an event source ARN) denote the target? `*` does not count. */
export function valueRefersTo(value: Value, target: ArnTarget): Match {
  let result: Match = 'no';
  for (const { value: v } of variants(value)) {
    let m: Match;
    if (v.kind === 'lit' && typeof v.value === 'string' && (v.value.includes('*') || v.value.includes('?'))) {
      m = target.physicalNames.includes(v.value) ? 'yes' : 'no';
    } else if (v.kind === 'template' && v.parts.some((p) => typeof p === 'string' && /[*?]/.test(p))) {
      m = target.resource && templateRefersTo(v, target.resource) ? 'yes' : 'no';
    } else if (v.kind === 'template' && target.resource && v.parts.some((p) => typeof p !== 'string' && p.kind === 'ref' && p.target === target.resource!.logicalId)) {
      // A URL or connection string built from the resource (`https://sqs.../${Queue.QueueName}`) denotes it too.
      m = 'yes';
    } else m = v.kind === 'list' ? matchResource(v, target) : matchOne(v, target);
    if (m === 'yes') return 'yes';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

/** Do the statement's resources (Resource or NotResource) cover the target? */
export function statementCovers(stmt: Statement, target: ArnTarget): Match {
  let any: Match = 'no';
  for (const r of stmt.resources) {
    const m = matchResource(r, target);
    if (m === 'yes') { any = 'yes'; break; }
    if (m === 'unknown') any = 'unknown';
  }
  if (!stmt.notResources) return any;
  return any === 'yes' ? 'no' : any === 'unknown' ? 'unknown' : 'yes';
}

/** An Allow statement of the role granting the action on the target, unless an explicit Deny covers it. */
export function grants(role: Role, action: string, target: ArnTarget): Statement | undefined {
  const denied = role.statements.some((s) => s.effect === 'Deny' && statementAllows(s, action) && statementCovers(s, target) === 'yes');
  if (denied) return undefined;
  return role.statements.find((s) => s.effect === 'Allow' && statementAllows(s, action) && statementCovers(s, target) === 'yes');
}

/**
 * The role's Allow statements granting some action of the services on the target (a Deny of every
 * action of the services on the target removes them all).
 */
export function grantsService(role: Role, services: string[], target: ArnTarget): Statement[] {
  const denied = role.statements.some((s) => s.effect === 'Deny' && statementCoversWholeServices(s, services) && statementCovers(s, target) === 'yes');
  if (denied) return [];
  return role.statements.filter((s) => s.effect === 'Allow' && statementCoversService(s, services) && statementCovers(s, target) === 'yes');
}

// ---------------------------------------------------------------------------------------------
// Targets

const ARN = 'arn:${AWS::Partition}';
const REGION_ACCOUNT = '${AWS::Region}:${AWS::AccountId}';

/** Physical name as text for ARN patterns: literal, Sub of pseudo parameters, else generated/opaque. */
function nameText(v: Value): { literal?: string; pattern: string } {
  if (v.kind === 'lit' && v.value !== null && v.value !== '') return { literal: String(v.value), pattern: String(v.value).replace(/[*?]/g, '') };
  if (v.kind === 'template' && v.parts.every((p) => typeof p === 'string' || p.kind === 'pseudo')) return { pattern: templateText(v)! };
  return { pattern: GENERATED_NAME };
}

/** The ARN target of a data store: Ref/GetAtt of it, its physical name, the ARNs of its service. */
export function arnTargetForStore(store: DataStore): ArnTarget {
  const { literal, pattern: n } = nameText(store.physicalName);
  const t = store.resource.type;
  let arnPatterns: string[];
  switch (t) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      arnPatterns = [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/${n}`, `${ARN}:dynamodb:${REGION_ACCOUNT}:table/${n}/*`];
      break;
    case 'AWS::S3::Bucket':
      arnPatterns = [`${ARN}:s3:::${n}`, `${ARN}:s3:::${n}/*`];
      break;
    case 'AWS::RDS::DBInstance':
      arnPatterns = [`${ARN}:rds:${REGION_ACCOUNT}:db:${n}`, `${ARN}:rds-db:${REGION_ACCOUNT}:dbuser:${GENERATED_NAME}/*`];
      break;
    case 'AWS::RDS::DBCluster':
      arnPatterns = [`${ARN}:rds:${REGION_ACCOUNT}:cluster:${n}`, `${ARN}:rds-db:${REGION_ACCOUNT}:dbuser:${GENERATED_NAME}/*`];
      break;
    case 'AWS::SQS::Queue':
      arnPatterns = [`${ARN}:sqs:${REGION_ACCOUNT}:${n}`];
      break;
    case 'AWS::Kinesis::Stream':
      arnPatterns = [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/${n}`, `${ARN}:kinesis:${REGION_ACCOUNT}:stream/${n}/*`];
      break;
    case 'AWS::SNS::Topic':
      arnPatterns = [`${ARN}:sns:${REGION_ACCOUNT}:${n}`];
      break;
    case 'AWS::EFS::FileSystem':
      arnPatterns = [`${ARN}:elasticfilesystem:${REGION_ACCOUNT}:file-system/${GENERATED_NAME}`];
      break;
    default:
      arnPatterns = [];
  }
  return { resource: store.resource, physicalNames: literal !== undefined ? [literal] : [], arnPatterns };
}

/** The ARN target of a function: Ref/GetAtt of it, its FunctionName, its ARN with or without qualifier. */
export function arnTargetForFunction(fn: LambdaFunction): ArnTarget {
  const { literal, pattern: n } = nameText(fn.functionName);
  return {
    resource: fn.resource,
    physicalNames: literal !== undefined ? [literal] : [],
    arnPatterns: [`${ARN}:lambda:${REGION_ACCOUNT}:function:${n}`, `${ARN}:lambda:${REGION_ACCOUNT}:function:${n}:*`],
  };
}
