import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { classification, exceptionOf, sensitiveAccesses } from '../../src/engine/sensitivity.js';
import { describeConditions, show, variants } from '../../src/model/value.js';
import type { LambdaFunction } from '../../src/model/types.js';

export type Control = 'kmsKey' | 'vpc' | 'encryptedLogGroup';

export interface Options {
  requiredControls: Control[];
}

const CONTROLS: Control[] = ['kmsKey', 'vpc', 'encryptedLogGroup'];

/** `alias/aws/lambda` and friends: AWS managed keys are not customer-managed. */
const AWS_MANAGED_KEY = /(^|:)alias\/aws\//;

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-1/exception-controls',
    businessRule: 'BR-LD-1',
    description: 'Require compensating controls (customer-managed KMS key, VPC attachment, encrypted log group) on sensitive functions that run under an ISSO exception',
    defaultSeverity: 'error',
    schema: {
      type: 'object',
      properties: {
        requiredControls: {
          type: 'array',
          items: { enum: CONTROLS },
          uniqueItems: true,
          description:
            'Compensating controls a sensitive function with an exception must have: `kmsKey` (KmsKeyArn, a customer-managed key for environment variables), `vpc` (VpcConfig.SubnetIds not empty), `encryptedLogGroup` (its log group is managed in the project and has KmsKeyId). Default: all three.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { requiredControls: [...CONTROLS] },
    docs: {
      rationale:
        'An ISSO exception lets a function handle CMS sensitive data on Lambda on the condition that the risk is compensated: environment variables encrypted with a key the agency controls, network traffic confined to a VPC, and logs (which often carry fragments of the data) encrypted at rest. Without these, the exception accepts the risk without the controls it was granted for.',
      remediation: {
        cloudformation:
          'Set `KmsKeyArn` to a customer-managed `AWS::KMS::Key`, `VpcConfig.SubnetIds` (and `SecurityGroupIds`), and define the function\'s `AWS::Logs::LogGroup` (`/aws/lambda/<name>`) with `KmsKeyId`.',
        sam:
          'Set `KmsKeyArn` and `VpcConfig` on the function (or in `Globals.Function`), and add an `AWS::Logs::LogGroup` named `!Sub /aws/lambda/${Function}` with `KmsKeyId`.',
        serverless:
          'Set `kmsKeyArn` and `vpc` (function or provider), and override the generated log group in `resources.Resources.<Name>LogGroup.Properties.KmsKeyId`.',
        cdk:
          'Pass `environmentEncryption: key`, `vpc` and a `logGroup: new logs.LogGroup(this, \'Logs\', {encryptionKey: key})` to the function.',
        terraform: 'Set `kms_key_arn` to a customer-managed `aws_kms_key`, `vpc_config { subnet_ids, security_group_ids }`, and declare the function\'s `aws_cloudwatch_log_group` (`/aws/lambda/<name>`) with `kms_key_id`.',
      },
    },
  },
  check(ctx, { requiredControls }) {
    const required = new Set(requiredControls);
    for (const fn of ctx.project.functions) {
      const ex = exceptionOf(fn, ctx.settings, ctx.today);
      if (ex.state !== 'valid') continue;
      const c = classification(fn, ctx.settings);
      if (!c.sensitive && sensitiveAccesses(fn, ctx.project, ctx.settings).length === 0) continue;
      const context = ` (sensitive, ISSO exception ${ex.reference})`;
      if (required.has('kmsKey')) checkKmsKey(ctx, fn, context);
      if (required.has('vpc')) checkVpc(ctx, fn, context);
      if (required.has('encryptedLogGroup')) checkLogGroup(ctx, fn, context);
    }
  },
});

function checkKmsKey(ctx: RuleContext, fn: LambdaFunction, context: string): void {
  const vocabulary = ctx.vocabulary(fn.resource);
  const help = `Set ${vocabulary.name('KmsKeyArn')} to a customer-managed KMS key ${vocabulary.where('KmsKeyArn')}`;
  for (const variant of variants(fn.get('KmsKeyArn'))) {
    const v = variant.value;
    const when = describeConditions(variant.conditions);
    if (v.kind === 'unknown') ctx.unverifiable(v, 'KmsKeyArn', fn.resource, fn.name);
    else if (v.kind === 'absent' || (v.kind === 'lit' && (v.value === null || v.value === ''))) {
      ctx.report({
        resource: fn.resource, resourceName: fn.name, at: v, path: 'KmsKeyArn',
        message: `${fnLabel(fn)}${context} does not set ${vocabulary.name('KmsKeyArn')}${when}, so the AWS managed key encrypts its environment`,
        help,
      });
    } else if (v.kind === 'lit' && AWS_MANAGED_KEY.test(String(v.value))) {
      ctx.report({
        resource: fn.resource, resourceName: fn.name, at: v, path: 'KmsKeyArn',
        message: `${fnLabel(fn)}${context} has ${vocabulary.name('KmsKeyArn')} ${show(v)}${when}, an AWS managed key`,
        help,
      });
    }
  }
}

function checkVpc(ctx: RuleContext, fn: LambdaFunction, context: string): void {
  const vocabulary = ctx.vocabulary(fn.resource);
  const subnets = vocabulary.name('VpcConfig.SubnetIds');
  for (const variant of variants(fn.get('VpcConfig.SubnetIds'))) {
    const v = variant.value;
    const when = describeConditions(variant.conditions);
    if (v.kind === 'unknown') ctx.unverifiable(v, 'VpcConfig.SubnetIds', fn.resource, fn.name);
    else if (v.kind === 'absent' || (v.kind === 'list' && v.items.length === 0)) {
      ctx.report({
        resource: fn.resource, resourceName: fn.name, at: v, path: 'VpcConfig.SubnetIds',
        message: `${fnLabel(fn)}${context} is not attached to a VPC${when} (${v.kind === 'absent' ? `no ${subnets}` : `${subnets} is empty`})`,
        help: `Set ${vocabulary.name('VpcConfig')} with subnets and security groups ${vocabulary.where('VpcConfig')}`,
      });
    }
  }
}

function checkLogGroup(ctx: RuleContext, fn: LambdaFunction, context: string): void {
  const binding = ctx.project.logGroupOf(fn);
  const name = show(binding.name);
  if (!binding.resource) {
    if (binding.name.kind === 'unknown') {
      ctx.unverifiable(binding.name, 'log group (LoggingConfig.LogGroup)', fn.resource, fn.name);
      return;
    }
    const vocabulary = ctx.vocabulary(fn.resource);
    ctx.report({
      resource: fn.resource, resourceName: fn.name, at: binding.configured ? binding.name : fn.resource.keyLoc, path: 'LogGroup.KmsKeyId',
      message: `${fnLabel(fn)}${context} writes to log group ${name}, unmanaged and unencrypted`,
      help: `Declare the log group as ${vocabulary.type('AWS::Logs::LogGroup')} with ${vocabulary.name('KmsKeyId')} set to a customer-managed KMS key`,
    });
    return;
  }
  const lg = binding.resource;
  const vocabulary = ctx.vocabulary(lg);
  for (const variant of variants(lg.get('KmsKeyId'))) {
    const v = variant.value;
    const when = describeConditions(variant.conditions);
    if (v.kind === 'unknown') ctx.unverifiable(v, `KmsKeyId of log group ${lg.logicalId}`, fn.resource, fn.name);
    else if (v.kind === 'absent' || (v.kind === 'lit' && (v.value === null || v.value === ''))) {
      ctx.report({
        resource: fn.resource, resourceName: fn.name, at: v, path: 'LogGroup.KmsKeyId',
        message: `${fnLabel(fn)}${context} writes to log group ${lg.logicalId}, which does not set ${vocabulary.name('KmsKeyId')}${when}`,
        help: `Set ${vocabulary.name('KmsKeyId')} to a customer-managed KMS key ${vocabulary.where('KmsKeyId')}`,
      });
    }
  }
}
