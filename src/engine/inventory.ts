/**
 * What a project holds for the reports that look beyond findings: the functions checked (per-function
 * overviews) and the ISSO exceptions they carry (the risk register). Plain data, so that it crosses
 * from a worker thread.
 */
import { toRange } from '../parse/index.js';
import type { Project } from '../model/types.js';
import { exceptionOf } from './sensitivity.js';
import type { FunctionEntry, RiskEntry, Settings } from './types.js';

export interface FileInventory {
  functions: FunctionEntry[];
  risks: RiskEntry[];
}

export function projectInventory(project: Project, settings: Settings, today: string): FileInventory {
  const functions: FunctionEntry[] = [];
  const risks: RiskEntry[] = [];
  for (const fn of project.functions) {
    const at = toRange(fn.resource.keyLoc);
    functions.push({ name: fn.name, file: at.file, line: at.line, flavour: fn.flavour });
    const ex = exceptionOf(fn, settings, today);
    if (ex.state === 'none') continue;
    const where = toRange(ex.loc.loc);
    risks.push({
      kind: 'exception',
      id: 'BR-LD-1',
      resource: fn.name,
      ...(ex.state === 'valid' || ex.state === 'expired' ? { reason: ex.reference, ...(ex.approvedBy ? { approvedBy: ex.approvedBy } : {}), ...(ex.expires ? { expires: ex.expires } : {}) } : {}),
      file: where.file,
      line: where.line,
      column: where.column,
      status: ex.state,
      ...(ex.state === 'invalid' ? { problem: ex.why } : ex.state === 'unknown' ? { problem: `${ex.what} cannot be known` } : {}),
    });
  }
  return { functions, risks };
}
