import type { Project } from '../model/types.js';
import { toFinding, type RunConfig } from './run.js';
import type { Finding } from './types.js';

/**
 * One `ldlint/unverifiable` note per function whose code was looked for and not found (a CodeUri
 * that does not exist, a handler whose entry file is not there): the code checks did not read it.
 */
export function codeNotes(project: Project, config: Pick<RunConfig, 'rules' | 'strict'>): Finding[] {
  const severity = config.rules.get('ldlint/unverifiable')?.severity ?? (config.strict ? 'warning' : 'info');
  if (severity === 'off') return [];
  return project.functions.flatMap((fn) =>
    fn.codeProblem
      ? [toFinding('ldlint/unverifiable', 'ldlint', severity, {
          resource: fn.resource,
          at: fn.codeProblem.at,
          message: `The code of ${fn.name} is not checked: ${fn.codeProblem.reason}`,
          help: 'Point the function at its code (the code path and handler) so the code checks can read it, or run with --no-code',
          path: 'code',
        })]
      : [],
  );
}
