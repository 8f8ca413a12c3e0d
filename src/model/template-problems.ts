/**
 * What CloudFormation would reject in a template as written, found while it is modelled: reported
 * as engine findings beside the checks' (the template is still linted as well as it can be).
 */
import { get, type ParseIssue, type SEntry, type SMap } from '../parse/index.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Whether the template's `Transform` is, or lists, the SAM transform. */
export function declaresSamTransform(root: SMap): boolean {
  const transform = get(root, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items : transform ? [transform] : [];
  return transforms.some((t) => t.kind === 'scalar' && t.value === SAM_TRANSFORM);
}

/** The first resource of an `AWS::Serverless::*` type, if any. */
export function firstSamResource(root: SMap): SEntry | undefined {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return undefined;
  return resources.entries.find((e) => {
    const type = get(e.value, 'Type');
    return type?.kind === 'scalar' && typeof type.value === 'string' && type.value.startsWith('AWS::Serverless::');
  });
}

/** Problems of a CloudFormation or SAM template as written (its root before SAM expansion). */
export function templateProblems(root: SMap): ParseIssue[] {
  const problems: ParseIssue[] = [];
  const sam = firstSamResource(root);
  if (sam && !declaresSamTransform(root)) {
    const type = String((get(sam.value, 'Type') as { value: string }).value);
    problems.push({
      kind: 'missing-transform',
      message: `${sam.key} is an ${type}, but the template does not declare Transform: ${SAM_TRANSFORM}: CloudFormation rejects it as written. It is linted as SAM.`,
      loc: sam.keyLoc,
    });
  }
  return problems;
}
