/**
 * What CloudFormation would reject in a template as written, found while it is modelled: reported
 * as engine findings beside the checks' (the template is still linted as well as it can be).
 */
import { basename, dirname } from 'node:path';
import { get, type Loc, type ParseIssue, type SEntry, type SMap } from '../parse/index.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** The top-level sections of a CloudFormation template (and SAM's Globals). */
const SECTIONS: ReadonlySet<string> = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Globals', 'Resources', 'Outputs']);

/**
 * Whether a mapping is a CloudFormation or SAM template: it has AWSTemplateFormatVersion or a
 * Resources mapping, or it has a Resources key (empty, null, a list) and nothing but template sections.
 */
export function isTemplate(root: SMap): boolean {
  if (root.index.has('AWSTemplateFormatVersion') || root.index.get('Resources')?.value.kind === 'map') return true;
  return root.index.has('Resources') && root.entries.every((e) => SECTIONS.has(e.key));
}

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
      message: `${sam.key} is an ${type}, but the template does not declare \`Transform: ${SAM_TRANSFORM}\`, so CloudFormation rejects it (ldlint lints it as SAM)`,
      loc: sam.keyLoc,
    });
  }
  const resources = invalidResources(root);
  if (resources) problems.push(resources);
  return problems;
}

/** CloudFormation requires Resources, a mapping with at least one resource. */
function invalidResources(root: SMap): ParseIssue | undefined {
  const entry = root.index.get('Resources');
  const rejected = 'so CloudFormation rejects it (a template needs at least one resource)';
  if (!entry) {
    return { kind: 'invalid-template', message: `The template has no \`Resources\` section, ${rejected}`, loc: { file: root.loc.file, start: root.loc.start, end: root.loc.start } };
  }
  const v = entry.value;
  if (v.kind === 'map' && v.entries.length > 0) return undefined;
  const what = v.kind === 'map' ? 'an empty mapping' : v.kind === 'seq' ? 'a list, not a mapping of logical ids to resources' : v.value === null ? 'empty' : `${JSON.stringify(v.value)}, not a mapping of logical ids to resources`;
  return { kind: 'invalid-template', message: `The template's \`Resources\` is ${what}, ${rejected}`, loc: entry.keyLoc };
}

/** A template on the way down a chain of nested stacks, and the TemplateURL that leads to the next one. */
export interface NestingStep {
  path: string;
  url?: Loc;
}

/**
 * A cycle of nested stacks: each step's TemplateURL leads to the next, the last one's back to the
 * first. It is named and placed the same whichever template of the cycle was linted (so that dedupe
 * keeps one finding): from its smallest path round, at the TemplateURL that leads back to it.
 */
export function nestedStackCycle(cycle: Required<NestingStep>[]): ParseIssue {
  const first = cycle.reduce((m, s, i) => (s.path < cycle[m]!.path ? i : m), 0);
  const round = [...cycle.slice(first), ...cycle.slice(0, first)];
  // Within one directory the file names say it; otherwise the paths.
  const dirs = new Set(round.map((s) => dirname(s.path)));
  const names = [...round, round[0]!].map((s) => (dirs.size === 1 ? basename(s.path) : s.path)).join(' → ');
  return {
    kind: 'nested-stack-cycle',
    message: `Nested stacks form a cycle (${names}${dirs.size === 1 ? ` in ${[...dirs][0]}` : ''}), and CloudFormation cannot create a stack that contains itself`,
    loc: round.at(-1)!.url,
  };
}
