import { defineRule } from '../../src/engine/types.js';

export interface Options {
  maxFunctions: number;
}

export default defineRule<Options>({
  meta: {
    id: 'RP-LD-1/function-quantity',
    businessRule: 'RP-LD-1',
    description: 'Flag projects that define more functions than the configured maximum',
    defaultSeverity: 'info',
    schema: {
      type: 'object',
      properties: { maxFunctions: { type: 'integer', minimum: 0, description: 'Largest number of functions a project may define before it is flagged.' } },
      additionalProperties: false,
    },
    defaultOptions: { maxFunctions: 25 },
    docs: {
      rationale:
        'RP-LD-1 recommends against building large portions of an application in Lambda: every additional function deepens the dependency on Lambda-specific packaging, triggers and permissions (vendor lock-in) and multiplies the deployment units to govern. A project with many functions is a prompt to review whether parts of the application would be simpler as a service in a container.',
      remediation: {
        cloudformation: 'Consolidate related `AWS::Lambda::Function` resources, or move the larger parts of the application to a container service (ECS/Fargate); split unrelated parts into separate stacks.',
        sam: 'Consolidate related `AWS::Serverless::Function` resources (one handler serving several routes of an API), or move the larger parts of the application to a container service.',
        serverless: 'Consolidate entries of `functions:` that serve the same resource, or split the service; move the larger parts of the application to a container service.',
        cdk: 'Consolidate `lambda.Function` constructs that serve the same purpose, or move the larger parts of the application to `ecs_patterns` services; split unrelated parts into separate stacks.',
        terraform: 'Consolidate related `aws_lambda_function` resources, or move the larger parts of the application to a container service (`aws_ecs_service`); split unrelated parts into separate modules.',
      },
    },
  },
  check(ctx, { maxFunctions }) {
    const { functions, templates } = ctx.project;
    if (functions.length <= maxFunctions || templates.length === 0) return;
    ctx.report({
      resource: null,
      at: { file: templates[0]!.file, start: 0, end: 0 },
      path: 'Functions',
      message: `The project defines ${functions.length} functions, more than the maximum of ${maxFunctions}, which deepens its dependency on Lambda`,
      help: 'Consolidate functions that serve the same purpose, or move larger parts of the application to a container service',
    });
  },
});
