/**
 * `data "aws_iam_policy_document"`, computed locally as the provider does: `statement` blocks
 * (effect defaults to Allow), `source_policy_documents` first, `override_policy_documents`
 * replacing statements with the same `sid` (or added).
 */
import type { Evaluator, ResourceInstance } from './evaluate.js';
import { jsonValue, lit, mapGet, type TEntry, type TMap, type TV } from './values.js';

const FIELDS: [string, string][] = [['sid', 'Sid'], ['effect', 'Effect'], ['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']];

export function policyDocument(inst: ResourceInstance, ev: Evaluator): TV {
  const loc = inst.block.labels[1]?.loc ?? inst.block.loc;
  const body = ev.blockValue(inst.block.body, inst.module, inst.scope);
  const statements: TV[] = [];
  const sidOf = (s: TV) => (s.k === 'map' ? mapGet(s, 'Sid') : undefined);
  const fromDocs = (v: TV | undefined): TV[] | undefined => {
    if (!v) return [];
    if (v.k !== 'list') return undefined;
    const out: TV[] = [];
    for (const d of v.items) {
      const doc = jsonValue(d);
      if (!doc || doc.k !== 'map') return undefined;
      const st = mapGet(doc, 'Statement');
      if (st?.k === 'list') out.push(...st.items);
      else if (st) out.push(st);
    }
    return out;
  };
  const sources = fromDocs(mapGet(body, 'source_policy_documents'));
  const overrides = fromDocs(mapGet(body, 'override_policy_documents'));
  if (!sources || !overrides) return { k: 'unknown', reason: 'a policy document merges documents known only after apply', loc };
  statements.push(...sources);
  const own = mapGet(body, 'statement');
  if (own?.k === 'list') {
    for (const s of own.items) {
      if (s.k !== 'map') { statements.push(s); continue; }
      const entries: TEntry[] = [];
      for (const [tf, json] of FIELDS) {
        const e = s.entries.find((x) => x.key === tf);
        if (e && !(e.value.k === 'lit' && e.value.v === null)) entries.push({ key: json, keyLoc: e.keyLoc, value: e.value });
      }
      if (!entries.some((e) => e.key === 'Effect')) entries.push({ key: 'Effect', keyLoc: s.loc, value: lit('Allow', s.loc) });
      const st: TMap = { k: 'map', entries, loc: s.loc };
      const sid = sidOf(st);
      const same = sid?.k === 'lit' && sid.v ? statements.findIndex((x) => { const o = sidOf(x); return o?.k === 'lit' && o.v === sid.v; }) : -1;
      if (same >= 0) statements[same] = st;
      else statements.push(st);
    }
  } else if (own) statements.push(own);
  for (const o of overrides) {
    const sid = sidOf(o);
    const same = sid?.k === 'lit' && sid.v ? statements.findIndex((x) => { const s = sidOf(x); return s?.k === 'lit' && s.v === sid.v; }) : -1;
    if (same >= 0) statements[same] = o;
    else statements.push(o);
  }
  return { k: 'map', entries: [{ key: 'Version', keyLoc: loc, value: lit('2012-10-17', loc) }, { key: 'Statement', keyLoc: loc, value: { k: 'list', items: statements, loc } }], loc };
}
