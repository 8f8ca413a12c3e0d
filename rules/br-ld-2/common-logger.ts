import { defineRule } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { programs, reportCode } from '../../src/engine/code-rules.js';

export interface Options {
  approvedLoggers: string[];
}

/**
 * Whether an imported module is an approved logger: the name itself, or a submodule or class of it
 * (`aws_lambda_powertools.logging`, `@aws-lambda-powertools/logger/middleware`,
 * `software.amazon.lambda.powertools.logging.Logging`).
 */
export function approved(module: string, names: readonly string[]): boolean {
  return names.some((n) => module === n || module.startsWith(`${n}.`) || module.startsWith(`${n}/`));
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-2/common-logger',
    businessRule: 'BR-LD-2',
    description: 'Suggest an approved common logger when the code imports none (only when approvedLoggers is set)',
    defaultSeverity: 'info',
    schema: {
      type: 'object',
      properties: {
        approvedLoggers: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Module names of the approved loggers (`aws_lambda_powertools`, `@aws-lambda-powertools/logger`, `software.amazon.lambda.powertools.logging`, or an organisation\'s own package); a name also matches its submodules and classes. Empty (the default) turns the check off.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { approvedLoggers: [] },
    languages: ['python', 'javascript', 'typescript', 'java'],
    docs: {
      rationale:
        'BR-LD-2 recommends a common logging function, so that every function logs the same fields in the same structured format and the enterprise logging pipeline can parse, correlate and alert on them. Where the organisation names its approved loggers, a function whose code imports none of them logs its own way (print statements, ad-hoc formats) that the pipeline cannot read.',
      remediation: {
        cloudformation: 'Import and use an approved logger in the handler (e.g. Powertools for AWS Lambda `Logger`), shipped in the code package or a layer listed in `Layers`.',
        sam: 'Import and use an approved logger in the handler (e.g. Powertools for AWS Lambda `Logger`); the Powertools layer can be added once in `Globals.Function.Layers`.',
        serverless: 'Import and use an approved logger in the handler (e.g. Powertools for AWS Lambda `Logger`), from the package or a layer in `provider.layers`.',
        cdk: 'Import and use an approved logger in the handler (e.g. Powertools for AWS Lambda `Logger`), bundled with the asset or from a `lambda.LayerVersion`.',
        terraform: 'Import and use an approved logger (e.g. Powertools for AWS Lambda `Logger`) in the handler code (the `source_dir` / `source_file` of the `data "archive_file"` behind `filename`), bundled there or from a layer listed in `layers`.',
      },
    },
  },
  check(ctx, { approvedLoggers }) {
    const names = approvedLoggers ?? [];
    if (names.length === 0) return;
    for (const [fn, program] of programs(ctx)) {
      if (program.units.some((u) => u.importedModules.some((m) => approved(m.module, names)))) continue;
      const entry = program.entry;
      const at = program.handler()?.node ?? entry.root;
      reportCode(ctx, fn, entry.file, at,
        {
          message: `${fnLabel(fn)} imports none of the approved loggers (${names.join(', ')}) in ${entry.file.displayPath} or the ${program.units.length - 1} local module${program.units.length === 2 ? '' : 's'} it imports`,
          help: `Log through an approved logger: import ${names[0]} in the handler, from the package or a layer`,
        },
        `${entry.file.displayPath}:logger`);
    }
  },
});
