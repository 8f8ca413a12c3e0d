/**
 * ldlint's public API (the package's main export). The CDK plugins are in `ldlint/cdk`; this entry
 * point never loads aws-cdk-lib.
 */
export { lintPaths, type LintOptions, type LintRun } from './run.js';
export { lintSource, type FileOutcome } from './lint.js';
export type { SourceInput, LoadOptions } from './model/load.js';
export type { RunConfig, RuleSetting } from './engine/run.js';
export type { BusinessRule, Finding, LintResult, Rule, RuleMeta, RuleDocs, Severity, SeverityOrOff, Settings } from './engine/types.js';
export type { Flavour, LambdaFunction, Project, Resource, Template } from './model/types.js';
export type { ResolvedConfig, UserConfig } from './config/types.js';
export { rules } from '../rules/index.js';
export { VERSION } from './version.js';
