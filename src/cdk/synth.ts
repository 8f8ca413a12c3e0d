/**
 * Stack templates of a construct tree, synthesized in memory (for cdk-nag v2 aspects and
 * `validateScope()`, which run without a cloud assembly on disk). Each template is rendered as CDK
 * writes it (`JSON.stringify(template, undefined, 1)`), so finding lines match the file that
 * synthesis writes. Before synthesis, references between stacks are still direct `Ref`/`GetAtt`
 * (synthesis turns them into exports and nested-stack parameters).
 */
import path from 'node:path';
import type { IConstruct } from 'constructs';
import type { StackSource } from '../model/cdk.js';
import { cdkLib } from './modules.js';

const HANDLER_MARK = 'aws:cdk:is-custom-resource-handler-';

/** The stacks of the app that `scope` belongs to (nested stacks and stages included), rendered in memory. */
export function stacksInMemory(scope: IConstruct, cwd: string): { stacks: StackSource[]; errors: { stack: string; message: string }[] } {
  const cdk = cdkLib();
  const root = scope.node.root;
  const all = root.node.findAll();
  const handlerPaths = new Set<string>();
  for (const c of all) if (c.node.metadata.some((m) => typeof m.type === 'string' && m.type.startsWith(HANDLER_MARK))) handlerPaths.add(c.node.path);
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
  const stacks: StackSource[] = [];
  const errors: { stack: string; message: string }[] = [];
  for (const c of all) {
    if (!cdk.Stack.isStack(c)) continue;
    const stack = c;
    let template: unknown;
    try {
      template = (stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation();
    } catch (e) {
      errors.push({ stack: stack.node.path, message: (e as Error)?.message ?? String(e) });
      continue;
    }
    const constructPaths = new Map<string, string>();
    for (const el of stack.node.findAll()) {
      if (!cdk.CfnElement.isCfnElement(el) || cdk.Stack.of(el) !== stack) continue;
      const id = stack.resolve(el.logicalId);
      if (typeof id === 'string') constructPaths.set(id, el.node.path);
    }
    const outdir = outdirOf(stack, cdk, cwd);
    const abs = path.join(outdir, stack.templateFile);
    stacks.push({
      path: display(abs),
      absPath: abs,
      text: JSON.stringify(template, undefined, 1),
      stackPath: stack.node.path,
      constructPaths,
      handlerPaths,
      ...(cdk.NestedStack.isNestedStack(stack) ? { nested: true } : {}),
    });
  }
  return { stacks, errors };
}

function outdirOf(stack: IConstruct, cdk: ReturnType<typeof cdkLib>, cwd: string): string {
  try {
    const stage = cdk.Stage.of(stack);
    if (stage) return stage.outdir;
  } catch {
    // an App without outdir creates a temporary one on demand; fall back below
  }
  return path.join(cwd, 'cdk.out');
}
