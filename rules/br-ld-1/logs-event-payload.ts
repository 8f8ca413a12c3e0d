import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { excerpt, programs, reportCode } from '../../src/engine/code-rules.js';
import { isSensitiveFunction } from '../../src/engine/sensitivity.js';
import type { Program } from '../../src/model/code/program.js';
import type { Call, SyntaxNode, Unit } from '../../src/model/code/unit.js';
import type { LambdaFunction } from '../../src/model/types.js';

export type Options = Record<string, never>;

/**
 * What this check looks for:
 * - a logging call inside the handler (`print`, `logger.info`, `logging.info`, `console.log`,
 *   `context.getLogger().log`, `System.out.println`) with an argument that carries the whole
 *   event: the event itself, serialised (`json.dumps`, `JSON.stringify`, `str`, `toString`, ...),
 *   or inside a concatenation, an f-string / template string, a format argument or a structured
 *   log's fields (`logger.info('in', { event })`);
 * - Powertools' event logging switched on: `inject_lambda_context(log_event=True)`,
 *   `injectLambdaContext(logger, { logEvent: true })`, Java `@Logging(logEvent = true)`.
 */
const LOG_METHODS: Record<'python' | 'node' | 'java', Set<string>> = {
  python: new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']),
  node: new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal']),
  java: new Set(['log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal', 'println', 'print', 'printf', 'fine', 'warning', 'severe']),
};

/** Calls that turn a value into text or a structure for the log: the value is still the whole event. */
const SERIALISERS = new Set(['dumps', 'stringify', 'str', 'repr', 'valueOf', 'toJson', 'writeValueAsString', 'format', 'inspect', 'toString', 'dict', 'pformat', 'pprint']);

function isLogCall(u: Unit, c: Call): boolean {
  if (u.language === 'python') return c.callee.type === 'identifier' ? c.name === 'print' || c.name === 'pprint' : c.object !== undefined && LOG_METHODS.python.has(c.name);
  if (u.language === 'java') return c.object !== undefined && LOG_METHODS.java.has(c.name);
  return c.object !== undefined && !c.isNew && LOG_METHODS.node.has(c.name);
}

/** Whether an expression carries the whole event named `event`. */
function carriesEvent(u: Unit, n: SyntaxNode | null | undefined, event: string, depth = 0): boolean {
  if (!n || depth > 6) return false;
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
      return n.text === event;
    case 'pair':
      return carriesEvent(u, n.childForFieldName('value'), event, depth + 1);
    case 'object':
    case 'dictionary':
    case 'string':
    case 'template_string':
    case 'concatenated_string':
    case 'binary_operator':
    case 'binary_expression':
    case 'parenthesized_expression':
    case 'interpolation':
    case 'template_substitution':
    case 'tuple':
    case 'await_expression':
      return n.namedChildren.some((c) => carriesEvent(u, c, event, depth + 1));
  }
  const c = u.call(n);
  if (!c) return false;
  if (c.object && c.name === 'toString' && carriesEvent(u, c.object, event, depth + 1)) return true;
  if (!SERIALISERS.has(c.name)) return false;
  return c.args.some((a) => carriesEvent(u, a, event, depth + 1));
}

/** Powertools' own event logging, switched on in code. */
function powertoolsLogEvent(u: Unit): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const isTrue = (v: SyntaxNode | undefined | null) => v?.type === 'true';
  for (const c of u.calls()) {
    if (c.name === 'inject_lambda_context' && isTrue(c.keywords.get('log_event'))) out.push(c.node);
    if (c.name === 'injectLambdaContext') {
      for (const a of c.args) {
        if (a.type === 'object' && a.namedChildren.some((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === 'logEvent' && isTrue(p.childForFieldName('value')))) out.push(c.node);
      }
    }
  }
  if (u.language === 'java') {
    for (const a of u.root.descendantsOfType('annotation')) {
      if (a?.childForFieldName('name')?.text !== 'Logging') continue;
      const pairs = a.childForFieldName('arguments')?.namedChildren ?? [];
      if (pairs.some((p) => p?.type === 'element_value_pair' && p.childForFieldName('key')?.text === 'logEvent' && isTrue(p.childForFieldName('value')))) out.push(a);
    }
  }
  return out;
}

function check(ctx: RuleContext, fn: LambdaFunction, program: Program): void {
  const sensitive = isSensitiveFunction(fn, ctx);
  const severity = sensitive ? 'error' : undefined;
  const why = sensitive ? ', and it is a sensitive function' : '';
  const handler = program.handler();
  const u = program.entry;
  if (handler?.event) {
    for (const c of u.callsIn(handler.node)) {
      if (!isLogCall(u, c) || !c.args.some((a) => carriesEvent(u, a, handler.event!))) continue;
      reportCode(ctx, fn, u.file, c.node,
        {
          message: `${fnLabel(fn)} logs the whole incoming event (${handler.event}) with ${excerpt(c.node)}, copying what callers send into the logs${why}`,
          help: 'Log only the fields you need (an id, a type, a count), with sensitive values masked',
        },
        `${u.file.displayPath}:log:${excerpt(c.node)}`, severity);
    }
  }
  for (const unit of program.units) {
    for (const node of powertoolsLogEvent(unit)) {
      reportCode(ctx, fn, unit.file, node,
        {
          message: `${fnLabel(fn)} has Powertools log every incoming event with ${excerpt(node)}${why}`,
          help: 'Turn Powertools event logging off (`log_event` / `logEvent`) and log only the fields you need, masked',
        },
        `${unit.file.displayPath}:powertools`, severity);
    }
  }
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-1/logs-event-payload',
    businessRule: 'BR-LD-1',
    description: 'Forbid code that logs the whole incoming event',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'An event carries whatever its caller sends: request bodies, headers, claims, records with PII or PHI. Logging it whole copies that data into CloudWatch and, through BR-LD-2, into the enterprise logging platform, which is not approved to hold CMS sensitive data. BR-LD-1 asks that sensitive data stays in the stores approved for it; on a sensitive function this is an error.',
      remediation: {
        cloudformation: 'In the handler, log the fields you need (an id, a type, a count) instead of the event, and mask sensitive values; with Powertools, leave `log_event` / `logEvent` off (and `POWERTOOLS_LOGGER_LOG_EVENT` unset in `Environment.Variables`).',
        sam: 'In the handler, log selected fields instead of the event, and mask sensitive values; with Powertools, leave `log_event` / `logEvent` off.',
        serverless: 'In the handler, log selected fields instead of the event, and mask sensitive values; with Powertools, leave `log_event` / `logEvent` off.',
        cdk: 'In the handler code of the function, log selected fields instead of the event, and mask sensitive values; with Powertools, leave `log_event` / `logEvent` off.',
        terraform: 'In the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`), log selected fields instead of the event and mask sensitive values; with Powertools, leave `log_event` / `logEvent` off (and `POWERTOOLS_LOGGER_LOG_EVENT` out of `environment { variables }`).',
      },
    },
  },
  check(ctx) {
    for (const [fn, program] of programs(ctx)) check(ctx, fn, program);
  },
});
