/**
 * `LdlintValidator`: a CDK policy-validation plugin that runs ldlint's full engine on the templates
 * CDK has just synthesized (all stacks of the app as one project, nested stacks and stages included).
 *
 *   const app = new App({ policyValidationBeta1: [new LdlintValidator()] });
 *   // or: Validations.of(app).addPlugins(new LdlintValidator());
 *
 * Each finding is one violation: rule name = the check id (`BR-LD-3/timeout`), description = the
 * finding's message, severity = ldlint's severity, the violating resource = logical id and template
 * (CDK adds the construct path), `ruleMetadata` = file, line, column and construct path. The report
 * fails (synthesis stops) when a finding is at least `failOn` (default: error). Acknowledge a finding
 * with `Validations.of(construct).acknowledge({ id: 'ldlint::BR-LD-3/timeout', reason: '...' })`,
 * or suppress it the ldlint way (`Metadata.ldlint.suppress`, config `ignore`).
 *
 * No runtime import of aws-cdk-lib: the plugin only implements CDK's interfaces.
 */
import type {
  IPolicyValidationContext,
  IPolicyValidationContextBeta1,
  IPolicyValidationPlugin,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReport,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
} from 'aws-cdk-lib';
import type { Finding, Severity } from '../engine/types.js';
import { rules as allRules } from '../../rules/index.js';
import { VERSION } from '../version.js';
import { docsUrl, lintStacksForPlugin, stacksOfTemplates, type LdlintCdkOptions } from './lint.js';

export interface LdlintValidatorProps extends LdlintCdkOptions {
  /** Lowest severity that makes the report fail, i.e. stops synthesis (default: error). */
  readonly failOn?: Severity | 'none';
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export class LdlintValidator implements IPolicyValidationPlugin, IPolicyValidationPluginBeta1 {
  public readonly name = 'ldlint';
  public readonly version = VERSION;
  public readonly ruleIds: string[];
  /** The findings of the last `validate()` call (not suppressed), for programmatic use. */
  public findings: Finding[] = [];

  constructor(private readonly props: LdlintValidatorProps = {}) {
    this.ruleIds = (props.rules ?? allRules).map((r) => r.meta.id);
  }

  /** The report satisfies both the stable and the Beta1 interface (logical id and template always set). */
  public validate(context: IPolicyValidationContext | IPolicyValidationContextBeta1): PolicyValidationPluginReport & PolicyValidationPluginReportBeta1 {
    const cwd = this.props.cwd ?? process.cwd();
    const { stacks, assemblyDir } = stacksOfTemplates(context.templatePaths, cwd);
    const run = lintStacksForPlugin(stacks, this.props, assemblyDir);
    this.findings = run.findings;
    const failOn = this.props.failOn ?? 'error';
    const violations: PolicyViolationBeta1[] = run.findings.map((f) => ({
      ruleName: f.ruleId,
      description: f.message,
      severity: f.severity,
      ...(/^(BR|RP)-LD-\d\//.test(f.ruleId) ? { fix: docsUrl(f.ruleId) } : {}),
      ruleMetadata: {
        file: f.file,
        line: String(f.line),
        column: String(f.column),
        ...(f.constructPath ? { constructPath: f.constructPath } : {}),
        ...(f.path ? { path: f.path } : {}),
      },
      violatingResources: [
        {
          resourceLogicalId: f.resource ?? '',
          templatePath: run.absPath.get(f.file) ?? f.file,
          locations: [`${f.file}:${f.line}:${f.column}`],
        },
      ],
    }));
    const success = failOn === 'none' || !run.findings.some((f) => RANK[f.severity] >= RANK[failOn]);
    return { success, violations };
  }
}
