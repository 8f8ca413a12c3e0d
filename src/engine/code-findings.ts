import type { Project } from '../model/types.js';
import { toFinding, type RunConfig } from './run.js';
import type { Finding } from './types.js';

/** One `ldlint/unverifiable` note per function whose code could not be read (code.md: never an error, never a guess). */
export function codeFindings(project: Project, config: RunConfig): Finding[] {
  const severity = config.rules.get('ldlint/unverifiable')?.severity ?? (config.strict ? 'warning' : 'info');
  if (severity === 'off') return [];
  return project.functions.flatMap((fn) =>
    fn.codeProblem
      ? [toFinding('ldlint/unverifiable', 'ldlint', severity, {
        resource: fn.resource, resourceName: fn.name, at: fn.codeProblem.at,
        message: `The code of function ${fn.name} cannot be read: ${fn.codeProblem.reason}. The code checks are skipped for it.`,
        path: 'code',
      })]
      : [],
  );
}
