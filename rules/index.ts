/** Every check ldlint ships, by id (sorted). The id is the module's path under rules/. */
import type { Rule } from '../src/engine/types.js';
import brLd1DedicatedTenancyVpc from './br-ld-1/dedicated-tenancy-vpc.js';
import brLd1ExceptionControls from './br-ld-1/exception-controls.js';
import brLd1LogsEventPayload from './br-ld-1/logs-event-payload.js';
import brLd1MultipleVpcs from './br-ld-1/multiple-vpcs.js';
import brLd1SensitiveDataAccess from './br-ld-1/sensitive-data-access.js';
import brLd1SensitiveDataClassification from './br-ld-1/sensitive-data-classification.js';
import brLd1SensitiveEnvVars from './br-ld-1/sensitive-env-vars.js';
import brLd2CommonLogger from './br-ld-2/common-logger.js';
import brLd2CommonLoggingLayer from './br-ld-2/common-logging-layer.js';
import brLd2ExecutionRoleLogging from './br-ld-2/execution-role-logging.js';
import brLd2LogForwarding from './br-ld-2/log-forwarding.js';
import brLd2LogRetention from './br-ld-2/log-retention.js';
import brLd3CostCeiling from './br-ld-3/cost-ceiling.js';
import brLd3Memory from './br-ld-3/memory.js';
import brLd3ProvisionedConcurrency from './br-ld-3/provisioned-concurrency.js';
import brLd3ReservedConcurrency from './br-ld-3/reserved-concurrency.js';
import brLd3Timeout from './br-ld-3/timeout.js';
import brLd3VpcCapacity from './br-ld-3/vpc-capacity.js';
import brLd4EphemeralStorage from './br-ld-4/ephemeral-storage.js';
import brLd4TmpPersistence from './br-ld-4/tmp-persistence.js';
import brLd4TmpStateFile from './br-ld-4/tmp-state-file.js';
import brLd4TmpStore from './br-ld-4/tmp-store.js';
import brLd5DurableFunctions from './br-ld-5/durable-functions.js';
import brLd5GlobalState from './br-ld-5/global-state.js';
import brLd5StepFunctions from './br-ld-5/step-functions.js';
import rpLd1FunctionQuantity from './rp-ld-1/function-quantity.js';
import rpLd1InvokeInCode from './rp-ld-1/invoke-in-code.js';
import rpLd1LambdaChaining from './rp-ld-1/lambda-chaining.js';
import rpLd1LongRunning from './rp-ld-1/long-running.js';
import rpLd1WorkflowComplexity from './rp-ld-1/workflow-complexity.js';
import ldlintUnknownProperty from './ldlint/unknown-property.js';

export const rules: readonly Rule<any>[] = [
  brLd1DedicatedTenancyVpc,
  brLd1ExceptionControls,
  brLd1LogsEventPayload,
  brLd1MultipleVpcs,
  brLd1SensitiveDataAccess,
  brLd1SensitiveDataClassification,
  brLd1SensitiveEnvVars,
  brLd2CommonLogger,
  brLd2CommonLoggingLayer,
  brLd2ExecutionRoleLogging,
  brLd2LogForwarding,
  brLd2LogRetention,
  brLd3CostCeiling,
  brLd3Memory,
  brLd3ProvisionedConcurrency,
  brLd3ReservedConcurrency,
  brLd3Timeout,
  brLd3VpcCapacity,
  brLd4EphemeralStorage,
  brLd4TmpPersistence,
  brLd4TmpStateFile,
  brLd4TmpStore,
  brLd5DurableFunctions,
  brLd5GlobalState,
  brLd5StepFunctions,
  rpLd1FunctionQuantity,
  rpLd1InvokeInCode,
  rpLd1LambdaChaining,
  rpLd1LongRunning,
  rpLd1WorkflowComplexity,
  ldlintUnknownProperty,
];

export const ruleById: ReadonlyMap<string, Rule<any>> = new Map(rules.map((r) => [r.meta.id, r]));
