import { makeMap, type Loc, type SEntry, type SMap, type SNode } from '../parse/index.js';

/** Builders for nodes the model generates (SAM, Serverless): each points at the syntax it stands for. */
export const syn = {
  str: (loc: Loc, value: string): SNode => ({ kind: 'scalar', loc, value }),
  num: (loc: Loc, value: number): SNode => ({ kind: 'scalar', loc, value }),
  seq: (loc: Loc, items: SNode[]): SNode => ({ kind: 'seq', loc, items }),
  map: (loc: Loc, pairs: [string, SNode | undefined][]): SMap =>
    makeMap(loc, pairs.filter((p): p is [string, SNode] => p[1] !== undefined).map(([key, value]): SEntry => ({ key, keyLoc: loc, value }))),
  entries: (loc: Loc, entries: SEntry[]): SMap => makeMap(loc, entries),
  ref: (loc: Loc, id: string): SNode => syn.map(loc, [['Ref', syn.str(loc, id)]]),
  getAtt: (loc: Loc, id: string, attr: string): SNode => syn.map(loc, [['Fn::GetAtt', syn.seq(loc, [syn.str(loc, id), syn.str(loc, attr)])]]),
  sub: (loc: Loc, text: string): SNode => syn.map(loc, [['Fn::Sub', syn.str(loc, text)]]),
};
