import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { programs, reportCode } from '../../src/engine/code-rules.js';
import { resolveFunctions } from '../../src/engine/function-targets.js';
import { codeLoc } from '../../src/parse/code.js';
import type { Program } from '../../src/model/code/program.js';
import type { Call, SyntaxNode, Unit } from '../../src/model/code/unit.js';
import type { LambdaFunction } from '../../src/model/types.js';

export type Options = Record<string, never>;

/**
 * What this check looks for, by qualified callee name:
 * - Python: `<boto3 or a session>.client('lambda').invoke(FunctionName=..., InvocationType=...)`;
 * - JavaScript / TypeScript: `new InvokeCommand({...})` (SDK v3), `<new Lambda()>.invoke({...})` (v2 and v3's aggregated client);
 * - Java: `<LambdaClient | AWSLambda>.invoke(request)`, the request built with `functionName(...)` / `withFunctionName(...)`.
 */
const JS_CLIENTS = new Set(['new aws-sdk.Lambda()', 'new aws-sdk/clients/lambda()', 'new @aws-sdk/client-lambda.Lambda()', 'new Lambda()', 'new AWS.Lambda()']);
const JS_COMMANDS = new Set(['new @aws-sdk/client-lambda.InvokeCommand', 'new InvokeCommand']);
const JAVA_TYPES = new Set(['LambdaClient', 'AWSLambda', 'AWSLambdaClient', 'LambdaAsyncClient', 'AWSLambdaAsync']);

interface Invoke {
  call: Call;
  functionName: SyntaxNode | undefined;
  invocationType: SyntaxNode | undefined;
}

function invokeOf(u: Unit, c: Call): Invoke | undefined {
  if (u.language === 'python') {
    if (c.name !== 'invoke' || !c.object) return undefined;
    const receiver = u.qualify(c.object);
    if (!receiver.endsWith('client(lambda)')) return undefined;
    return { call: c, functionName: c.keywords.get('FunctionName'), invocationType: c.keywords.get('InvocationType') };
  }
  if (u.language === 'java') {
    if (c.name !== 'invoke' || !c.object || !javaLambdaClient(u, c.object)) return undefined;
    const req = builderArgs(u, c.args[0]);
    return { call: c, functionName: req.get('functionName') ?? req.get('withFunctionName') ?? req.get('setFunctionName'), invocationType: req.get('invocationType') ?? req.get('withInvocationType') ?? req.get('setInvocationType') };
  }
  const name = u.calleeName(c);
  const isCommand = c.isNew && JS_COMMANDS.has(name);
  const isV2 = !c.isNew && c.name === 'invoke' && c.object !== undefined && JS_CLIENTS.has(u.qualify(c.object));
  if (!isCommand && !isV2) return undefined;
  const params = objectArg(u, c.args[0]);
  return { call: c, functionName: params?.get('FunctionName'), invocationType: params?.get('InvocationType') };
}

/** The pairs of an object literal argument (followed through a name bound once). */
function objectArg(u: Unit, n: SyntaxNode | undefined, depth = 0): Map<string, SyntaxNode> | undefined {
  if (!n || depth > 4) return undefined;
  if (n.type === 'identifier') {
    const b = u.boundOnce(n.text);
    return objectArg(u, b?.value, depth + 1);
  }
  if (n.type !== 'object') return undefined;
  const out = new Map<string, SyntaxNode>();
  for (const p of n.namedChildren) {
    if (p?.type !== 'pair') continue;
    const key = p.childForFieldName('key');
    const value = p.childForFieldName('value');
    if (key && value) out.set(key.type === 'string' ? key.text.slice(1, -1) : key.text, value);
  }
  return out;
}

/** Java: the arguments of a request's builder chain (`InvokeRequest.builder().functionName(x).build()`), by method name. */
function builderArgs(u: Unit, n: SyntaxNode | undefined, depth = 0): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  let cur: SyntaxNode | undefined = n;
  for (let i = 0; cur && i < 20; i++) {
    if (cur.type === 'identifier') {
      if (depth > 3) break;
      const b = u.boundOnce(cur.text);
      for (const [k, v] of builderArgs(u, b?.value, depth + 1)) if (!out.has(k)) out.set(k, v);
      // Setters on the request object itself: request.setFunctionName(x) / withFunctionName(x).
      for (const c of u.calls()) {
        if (c.object?.type === 'identifier' && c.object.text === cur.text && c.args[0] && !out.has(c.name)) out.set(c.name, c.args[0]);
      }
      break;
    }
    const c = u.call(cur);
    if (!c) break;
    if (c.args[0] && !out.has(c.name)) out.set(c.name, c.args[0]);
    cur = c.object;
  }
  return out;
}

/** Whether a Java receiver is a Lambda client: by its declared type, or how it is built. */
function javaLambdaClient(u: Unit, receiver: SyntaxNode): boolean {
  const name = receiver.type === 'identifier' ? receiver.text : receiver.type === 'field_access' ? receiver.childForFieldName('field')?.text : undefined;
  if (name) {
    for (const b of u.bindings.get(name) ?? []) {
      const type = b.type?.replace(/^.*\./, '');
      if (type && JAVA_TYPES.has(type)) return true;
    }
  }
  const q = u.qualify(receiver);
  return /(^|\.)(LambdaClient|LambdaAsyncClient)\.(create|builder)\(|AWSLambda(Async)?ClientBuilder\.(defaultClient|standard)\(/.test(q);
}

/** `Event` (or `DryRun`) when the invocation type says so; undefined for RequestResponse or absent. */
function asyncType(program: Program, u: Unit, n: SyntaxNode | undefined): string | undefined {
  if (!n) return undefined;
  // Java: InvocationType.EVENT
  if (n.type === 'field_access') {
    const f = n.childForFieldName('field')?.text;
    return f === 'EVENT' ? 'Event' : f === 'DRY_RUN' ? 'DryRun' : undefined;
  }
  const r = program.resolver(u).resolve(n);
  return r?.exact && (r.text === 'Event' || r.text === 'DryRun') ? r.text : undefined;
}

/** What the message says the call invokes: a function of the project, a name, or nothing known. */
function target(ctx: RuleContext, program: Program, u: Unit, n: SyntaxNode | undefined): string {
  if (!n) return '';
  const resolver = program.resolver(u);
  const env = resolver.envName(n);
  if (env !== undefined) {
    const e = program.env.get(env);
    if (e.kind === 'set') {
      const fns = resolveFunctions(ctx.project, e.value, { namesMustMatch: true }).flatMap((t) => (t.kind === 'function' ? [t.fn.name] : []));
      if (fns.length) return ` function ${[...new Set(fns)].join(' or ')} of the project (through ${env})`;
      return e.text ? ` "${e.text}" (through ${env})` : ` the function ${env} names`;
    }
    return ` the function ${env} names`;
  }
  const r = resolver.resolve(n);
  if (!r?.exact) return '';
  const lit = { kind: 'lit' as const, value: r.text, loc: codeLoc(u.file, n) };
  const fn = resolveFunctions(ctx.project, lit, { namesMustMatch: true }).find((t) => t.kind === 'function');
  return fn?.kind === 'function' ? ` function ${fn.fn.name} of the project ("${r.text}")` : ` "${r.text}"`;
}

function check(ctx: RuleContext, fn: LambdaFunction, program: Program): void {
  for (const u of program.units) {
    for (const c of u.calls()) {
      const inv = invokeOf(u, c);
      if (!inv) continue;
      const kind = asyncType(program, u, inv.invocationType);
      if (kind === 'DryRun') continue;
      const what = target(ctx, program, u, inv.functionName);
      if (kind === 'Event') {
        reportCode(ctx, fn, u.file, c.node,
          {
            message: `${fnLabel(fn)} invokes${what || ' a function'} asynchronously (InvocationType Event), still a chain of functions`,
            help: 'Publish an event (SQS, SNS, EventBridge) that triggers the next function, or orchestrate the steps with Step Functions',
          },
          `${u.file.displayPath}:event:${what}`, 'info');
      } else {
        reportCode(ctx, fn, u.file, c.node,
          {
            message: `${fnLabel(fn)} invokes${what || ' a function'} synchronously, waiting and paying while it runs`,
            help: 'Orchestrate the steps with Step Functions, or hand off through a queue or an event (SQS, SNS, EventBridge)',
          },
          `${u.file.displayPath}:sync:${what}`);
      }
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'RP-LD-1/invoke-in-code',
    businessRule: 'RP-LD-1',
    description: 'Flag code that invokes a Lambda function synchronously through the AWS SDK',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'RP-LD-1 asks that functions do not orchestrate each other. A function that calls another through the SDK and waits for it doubles the compute paid for the wait, couples their timeouts and retries, and hides the workflow in code where no diagram or policy shows it. The configuration shows at most that a function may invoke another; the code shows that it does.',
      remediation: {
        cloudformation: 'Model the sequence as an `AWS::StepFunctions::StateMachine` whose tasks invoke the functions, or let the first function publish an event (SQS, SNS, EventBridge) that triggers the next; then drop the `lambda:InvokeFunction` permission.',
        sam: 'Model the sequence as an `AWS::Serverless::StateMachine` (its `Policies` can use `LambdaInvokePolicy`), or connect the functions through an SQS / SNS / EventBridge event source.',
        serverless: 'Use serverless-step-functions for the sequence, or trigger the next function through an `sqs`, `sns` or `eventBridge` event instead of invoking it from code.',
        cdk: 'Use `aws-stepfunctions-tasks.LambdaInvoke` in a state machine, or an SQS / SNS / EventBridge event source, instead of invoking the function from code.',
        terraform: 'Remove the SDK invoke from the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`): model the sequence as an `aws_sfn_state_machine` whose tasks invoke the functions, or trigger the next function through an `aws_lambda_event_source_mapping` (SQS) or an SNS / EventBridge subscription; then drop `lambda:InvokeFunction` from the role.',
      },
    },
  },
  check(ctx) {
    for (const [fn, program] of programs(ctx)) check(ctx, fn, program);
  },
});
