import type { SNode } from '../parse/index.js';
import { declaresSamTransform, firstSamResource, isTemplate } from './template-problems.js';
import type { Flavour } from './types.js';

export { SAM_TRANSFORM } from './template-problems.js';

/**
 * What a parsed file is, by content (and, for Serverless, by its conventional name). A template
 * with `AWS::Serverless::*` resources is SAM even without the transform (CloudFormation rejects it,
 * and read as plain CloudFormation it would have no function to check).
 */
export function detectFlavour(root: SNode | undefined, fileName: string): Flavour | 'serverless-other' | null {
  if (root?.kind !== 'map') return null;
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (/^serverless\.(ya?ml|json)$/.test(base) && root.index.has('service') && root.index.has('provider')) return 'serverless';
  if (!isTemplate(root)) return null;
  return declaresSamTransform(root) || firstSamResource(root) ? 'sam' : 'cloudformation';
}
