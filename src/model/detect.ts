import { get, type SNode } from '../parse/index.js';
import type { Flavour } from './types.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** What a parsed file is, by content (and, for Serverless, by its conventional name). */
export function detectFlavour(root: SNode | undefined, fileName: string): Flavour | 'serverless-other' | null {
  if (root?.kind !== 'map') return null;
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (/^serverless\.(ya?ml|json)$/.test(base) && root.index.has('service') && root.index.has('provider')) return 'serverless';
  const transform = get(root, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items : transform ? [transform] : [];
  const resources = get(root, 'Resources');
  const isCfn = root.index.has('AWSTemplateFormatVersion') || resources?.kind === 'map';
  if (transforms.some((t) => t.kind === 'scalar' && t.value === SAM_TRANSFORM) && isCfn) return 'sam';
  if (isCfn) return 'cloudformation';
  return null;
}
