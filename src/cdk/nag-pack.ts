/**
 * `LdlintChecks`: a cdk-nag NagPack that reports ldlint's checks on the constructs involved.
 *
 * It works with both cdk-nag majors (whichever the app installs; the class extends that NagPack):
 * - cdk-nag 3 (a CDK validation plugin): `Validations.of(app).addPlugins(new LdlintChecks(app))`;
 *   acknowledge with `Validations.of(construct).acknowledge({ id: 'ldlint-BR-LD-3/timeout', reason })`.
 *   `Aspects.of(app).add(new LdlintChecks())` also works: the aspect registers the pack as a plugin.
 *   The engine runs once on the synthesized templates (exact template lines).
 * - cdk-nag 2 (an aspect): `Aspects.of(app).add(new LdlintChecks())`; suppress with
 *   `NagSuppressions.addResourceSuppressions(construct, [{ id: 'ldlint-BR-LD-3/timeout', reason }])`.
 *   Aspects run before synthesis, so the engine runs once on the app's templates rendered in memory.
 *
 * Rule ids are `ldlint-<check id>` (`ldlint-BR-LD-3/timeout`): cdk-nag prefixes the pack name and a
 * dash; the `/` of ldlint's ids is allowed by cdk-nag 2 and 3 and by CDK's acknowledgements (only
 * `::` and unbalanced brackets are reserved), so ids stay greppable. Levels: error -> ERROR,
 * warning -> WARN; info findings (unverifiable values, function count) are left out unless
 * `includeInfo` (then INFO). Findings about a whole template or project (no resource) have no
 * construct to attach to and are left to `LdlintValidator` / the CLI. Under cdk-nag 3 the report
 * fails when a finding is at least `failOn` (default error), like `ldlint --fail-on error`; cdk-nag's
 * own packs fail on any violation.
 */
import type { CfnResource, IAspect, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ENGINE_SEVERITY_IDS } from '../config/schema.js';
import type { Finding, Rule, Severity } from '../engine/types.js';
import { rules as allRules } from '../../rules/index.js';
import { VERSION } from '../version.js';
import { docsUrl, lintStacksForPlugin, stacksOfTemplates, type LdlintCdkOptions } from './lint.js';
import { cdkLib } from './modules.js';
import { stacksInMemory } from './synth.js';
import { groupBy } from '../group-by.js';

export const NAG_PACK_NAME = 'ldlint';

/** The cdk-nag rule id of a check: `ldlint-BR-LD-3/timeout`. */
export function nagRuleId(checkId: string): string {
  return `${NAG_PACK_NAME}-${checkId}`;
}

export interface LdlintChecksProps extends LdlintCdkOptions {
  /** cdk-nag: add the checks' rationale to messages. */
  readonly verbose?: boolean;
  /** Report info findings too, at NagMessageLevel.INFO (default false). */
  readonly includeInfo?: boolean;
  /** cdk-nag 3: lowest severity that fails the report (default error). */
  readonly failOn?: 'error' | 'warning';
  /** cdk-nag 3: write acknowledged rules into the templates' Metadata (`cdk_nag`). */
  readonly writeSuppressionsToCloudFormation?: boolean;
  /** cdk-nag 2: write CSV/JSON compliance reports to the assembly (cdk-nag's default: true). */
  readonly reports?: boolean;
  /** cdk-nag 2: log suppressed findings as info annotations. */
  readonly logIgnores?: boolean;
}

/** What an `LdlintChecks` instance offers (both as a cdk-nag 2 aspect and as a cdk-nag 3 plugin). */
export interface LdlintChecksPack extends IAspect {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];
  readonly readPackName: string;
  /** The findings the pack reported from, after its last run (not suppressed the ldlint way). */
  readonly findings: readonly Finding[];
  visit(node: IConstruct): void;
  /** cdk-nag 3 only. */
  validate(context: IPolicyValidationContext): PolicyValidationPluginReport;
  /** cdk-nag 3 only: validates a construct tree directly (templates rendered in memory). */
  validateScope(scope: IConstruct): PolicyValidationPluginReport;
}

export interface LdlintChecksClass {
  new (scopeOrProps?: IConstruct | LdlintChecksProps, props?: LdlintChecksProps): LdlintChecksPack;
}

/** The parts of a cdk-nag module (2 or 3) the pack uses. */
export interface NagModule {
  NagPack: unknown;
  NagMessageLevel: { ERROR: unknown; WARN: unknown; INFO: unknown };
  NagRuleCompliance: { NON_COMPLIANT: unknown };
}

interface NagBase {
  packName: string;
  applyRule(params: unknown): void;
  validate?(context: unknown): PolicyValidationPluginReport;
  validateScope?(scope: unknown): PolicyValidationPluginReport;
}
type NagBaseClass = abstract new (...args: any[]) => NagBase;

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && typeof (x as IConstruct).node?.path === 'string';
}

/** Defines `LdlintChecks` over a given cdk-nag module (the package's export uses the installed one). */
export function defineLdlintChecks(nag: NagModule): LdlintChecksClass {
  const Base = nag.NagPack as NagBaseClass;
  const v3 = typeof (Base.prototype as NagBase).validateScope === 'function';

  class LdlintChecks extends Base implements LdlintChecksPack {
    public readonly name = 'LdlintChecks';
    public readonly version = VERSION;
    public readonly ruleIds: string[];
    public findings: Finding[] = [];
    private readonly opts: LdlintChecksProps;
    private readonly meta: Map<string, Rule<any>['meta']>;
    private byPath = new Map<string, Finding[]>();
    private byLogicalId = new Map<string, Finding[]>();
    private computedFor: IConstruct | undefined;
    private fromDisk = false;
    private registered = false;

    constructor(scopeOrProps?: IConstruct | LdlintChecksProps, maybeProps?: LdlintChecksProps) {
      const scope = isConstruct(scopeOrProps) ? scopeOrProps : undefined;
      const props: LdlintChecksProps = (isConstruct(scopeOrProps) ? maybeProps : scopeOrProps) ?? {};
      const nagProps = v3
        ? { verbose: props.verbose, writeSuppressionsToCloudFormation: props.writeSuppressionsToCloudFormation }
        : { verbose: props.verbose, ...(props.reports !== undefined ? { reports: props.reports } : {}), logIgnores: props.logIgnores };
      super(...(v3 ? [scope, nagProps] : [nagProps]));
      this.packName = NAG_PACK_NAME;
      this.opts = props;
      const rules = props.rules ?? allRules;
      this.meta = new Map(rules.map((r) => [r.meta.id, r.meta]));
      this.ruleIds = rules.map((r) => nagRuleId(r.meta.id));
    }

    public get readPackName(): string {
      return this.packName;
    }

    /** cdk-nag 2: the aspect entry point. cdk-nag 3: registers the pack as a validation plugin. */
    public visit(node: IConstruct): void {
      const cdk = cdkLib();
      if (v3) {
        if (this.registered) return;
        this.registered = true;
        const stage = cdk.Stage.of(node) ?? (cdk.Stage.isStage(node) ? node : undefined);
        const plugins = (stage as unknown as { _validationPlugins?: unknown[] } | undefined)?._validationPlugins;
        if (!plugins?.includes(this)) cdk.Validations.of(node).addPlugins(this as never);
        return;
      }
      if (!cdk.CfnResource.isCfnResource(node)) return;
      if (this.computedFor !== node.node.root) this.lintInMemory(node.node.root);
      this.checkResource(node);
    }

    /** cdk-nag 3: lints the synthesized templates, then lets cdk-nag walk the tree. */
    public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      const cwd = this.opts.cwd ?? process.cwd();
      const { stacks, assemblyDir } = stacksOfTemplates(context.templatePaths, cwd);
      this.index(lintStacksForPlugin(stacks, this.opts, assemblyDir).findings);
      this.fromDisk = true;
      try {
        return this.outcome(super.validate!(context));
      } finally {
        this.fromDisk = false;
      }
    }

    /** cdk-nag 3: validates a construct tree directly, its templates rendered in memory. */
    public validateScope(scope: IConstruct): PolicyValidationPluginReport {
      if (!this.fromDisk) this.lintInMemory(scope.node.root);
      return this.outcome(super.validateScope!(scope));
    }

    protected checkResource(node: CfnResource): void {
      const shown = this.findingsOf(node).filter((f) => f.resource !== null && (f.severity !== 'info' || this.opts.includeInfo));
      const byRule = groupBy(shown, (f) => f.ruleId);
      for (const [ruleId, fs] of byRule) {
        const worst = fs.reduce((a, f) => (RANK[f.severity] > RANK[a] ? f.severity : a), 'info' as Severity);
        const meta = this.meta.get(ruleId);
        const description = meta?.description ?? ENGINE_SEVERITY_IDS[ruleId]?.description ?? ruleId;
        const where = fs.map((f) => `${f.file}:${f.line}`).filter((x, i, all) => all.indexOf(x) === i).join(', ');
        this.applyRule({
          ruleSuffixOverride: ruleId,
          // cdk-nag 3 groups a rule's violations under the first one's text: keep it about the check.
          info: v3 ? description : `${fs.map((f) => f.message).join(' ')} (${where})`,
          explanation: `${meta?.docs.rationale ?? description}${/^(BR|RP)-LD-\d\//.test(ruleId) ? ` See ${docsUrl(ruleId)}` : ''}`,
          level: worst === 'error' ? nag.NagMessageLevel.ERROR : worst === 'warning' ? nag.NagMessageLevel.WARN : nag.NagMessageLevel.INFO,
          node,
          rule: () => nag.NagRuleCompliance.NON_COMPLIANT,
        });
      }
    }

    private findingsOf(node: CfnResource): Finding[] {
      const byPath = this.byPath.get(node.node.path);
      if (byPath) return byPath;
      const stack = cdkLib().Stack.of(node);
      const id = stack.resolve(node.logicalId);
      return this.byLogicalId.get(`${stack.templateFile}\0${id}`) ?? [];
    }

    private lintInMemory(root: IConstruct): void {
      const cwd = this.opts.cwd ?? process.cwd();
      const { stacks } = stacksInMemory(root, cwd);
      this.index(lintStacksForPlugin(stacks, this.opts).findings);
      this.computedFor = root;
    }

    private index(findings: Finding[]): void {
      this.findings = findings;
      this.byPath = new Map();
      this.byLogicalId = new Map();
      for (const f of findings) {
        if (f.constructPath) push(this.byPath, f.constructPath, f);
        else if (f.resource !== null) push(this.byLogicalId, `${f.file.slice(f.file.lastIndexOf('/') + 1)}\0${f.resource}`, f);
      }
    }

    private outcome(report: PolicyValidationPluginReport): PolicyValidationPluginReport {
      const failOn = this.opts.failOn ?? 'error';
      return { ...report, success: !report.violations.some((v) => v.severity !== undefined && RANK[v.severity as Severity] >= RANK[failOn]) };
    }
  }
  return LdlintChecks as unknown as LdlintChecksClass;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
