import { createHash } from 'node:crypto';
import { makeMap, type Loc, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import { syn } from '../synth.js';
import { compileEvents, type EventContext } from './events.js';
import { deepMerge, extend, stripNullProperties } from './merge.js';
import { naming } from './naming.js';
import { arn, concat, entryOf, isFalsy, isMap, isNull, items, list, num, Props, resourceNode, statement, str, text, truthy, valueOf } from './nodes.js';
import { compileLogSubscriptions, compileStateMachines, IAM_ROLES_PER_FUNCTION_PLUGIN, pluginsOf, STEP_FUNCTIONS_PLUGIN } from './plugins.js';
import { isUnknownNode } from './variables.js';
import { removedByPlugin } from './plugin-keys.js';

/** What the framework resolves outside the file: the stage and region in effect. */
export interface CompileOptions {
  stage: string;
  region: string;
}

export interface CompiledFunction {
  key: string;
  logicalId: string;
  keyLoc: Loc;
  /** The function's configuration as written (variables resolved). */
  node: SMap;
}

export interface CompiledService {
  /** A CloudFormation-shaped root (`Resources`, `Outputs`, ...) for buildTemplate. */
  root: SMap;
  functions: CompiledFunction[];
}

const VPC_POLICY = (loc: Loc): SNode => concat(loc, 'arn:', syn.ref(loc, 'AWS::Partition'), ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole');

interface RoleUser {
  key: string;
  functionName: SNode;
  disableLogs: boolean;
  /** `disableLogs: true` (where the framework's Deny of log writes comes from). */
  disableLoc?: Loc;
  /** Named `<service>-<stage>-...` (covered by the role's wildcard log statement). */
  canonical: boolean;
}

/**
 * Compiles a resolved serverless.yml (provider aws) into the CloudFormation resources the framework
 * generates, with the framework's logical ids, then merges `resources` as the framework does.
 * Properties the user did not set stay absent (the checks ask whether they were set).
 */
export function compileService(sls: SMap, options: CompileOptions): CompiledService {
  return new Compiler(sls, options).compile();
}

class Compiler {
  private readonly out = new Map<string, SEntry>();
  private readonly provider: SMap | undefined;
  private readonly providerLoc: Loc;
  private readonly service: SNode;
  private readonly functions: CompiledFunction[] = [];
  private readonly defaultRoleUsers: RoleUser[] = [];
  private readonly defaultRoleStatements: SNode[] = [];
  private vpcUsed = false;
  private readonly plugins: Set<string>;

  constructor(private readonly sls: SMap, private readonly options: CompileOptions) {
    const p = sls.index.get('provider');
    this.provider = isMap(p?.value) ? p.value : undefined;
    this.providerLoc = p?.keyLoc ?? sls.loc;
    const s = sls.index.get('service');
    const sv = s?.value;
    const name = isMap(sv) ? valueOf(sv, 'name') : sv;
    this.service = name ?? syn.str(s?.keyLoc ?? sls.loc, 'service');
    this.plugins = pluginsOf(sls);
  }

  add(id: string, keyLoc: Loc, node: SMap): void {
    this.out.set(id, { key: id, keyLoc, value: node });
  }

  get(id: string): SEntry | undefined {
    return this.out.get(id);
  }

  /** `<service>-<stage>` (the prefix of generated function names). */
  private prefix(loc: Loc): SNode {
    return concat(loc, this.service, `-${this.options.stage}`);
  }

  compile(): CompiledService {
    const fns = this.functionEntries();
    const keys = new Set(fns.map((f) => f.key));
    for (const f of fns) this.compileFunction(f, keys);
    this.compileCustomResources();
    this.compileDefaultRole();
    this.compileLayers();
    const userIds = new Set<string>();
    for (const r of resourceFragments(this.sls)) {
      const res = r.index.get('Resources')?.value;
      if (isMap(res)) for (const e of res.entries) userIds.add(e.key);
    }
    // Without the plugin listed, the framework ignores `stepFunctions` (nothing is deployed).
    if (this.plugins.has(STEP_FUNCTIONS_PLUGIN)) compileStateMachines(this, this.sls, this.provider, (id) => this.out.has(id) || userIds.has(id), keys);
    const root = this.mergeResources();
    return { root, functions: this.functions };
  }

  /**
   * `functions:` as a map, or (v1 style) a list of maps deep-merged in order (lodash `_.merge`, so a
   * key given twice merges its settings). A function whose value is null does not exist, nor one
   * that a listed plugin removes.
   */
  private functionEntries(): { key: string; keyLoc: Loc; node: SMap }[] {
    const fns = this.sls.index.get('functions')?.value;
    const maps = fns?.kind === 'seq' ? fns.items : fns ? [fns] : [];
    const out = new Map<string, { key: string; keyLoc: Loc; node: SMap | undefined }>();
    for (const m of maps) {
      if (!isMap(m)) continue;
      for (const e of m.entries) {
        const prior = out.get(e.key);
        if (isNull(e.value)) out.set(e.key, { key: e.key, keyLoc: prior?.keyLoc ?? e.keyLoc, node: undefined });
        else if (isMap(e.value)) {
          const merged = prior?.node ? deepMerge(prior.node, e.value) : e.value;
          out.set(e.key, { key: e.key, keyLoc: prior?.keyLoc ?? e.keyLoc, node: isMap(merged) ? merged : e.value });
        }
      }
    }
    // serverless-disable-functions and friends delete `enabled: false` functions before packaging.
    return [...out.values()].filter((f): f is { key: string; keyLoc: Loc; node: SMap } => f.node !== undefined && !removedByPlugin(f.node, this.plugins));
  }

  /** The setting on the function, else on the provider (a `null` on the function counts as not set). */
  private pick(fn: SMap, key: string, providerKey = key): SEntry | undefined {
    return entryOf(fn, key) ?? entryOf(this.provider, providerKey);
  }

  /** `fn.<key> || provider.<key>` after coercion: `timeout: 0` falls back as in the framework. */
  private pickTruthy(fn: SMap, key: string, coerce: (n: SNode) => SNode | undefined = (n) => n): SEntry | undefined {
    return truthy(entryOf(fn, key), coerce) ?? truthy(entryOf(this.provider, key), coerce);
  }

  private compileFunction(f: { key: string; keyLoc: Loc; node: SMap }, keys: Set<string>): void {
    const { key, keyLoc: at, node: fn } = f;
    const id = naming.lambda(key);
    this.functions.push({ key, logicalId: id, keyLoc: at, node: fn });
    const p = new Props();
    const nameEntry = entryOf(fn, 'name');
    const functionName = nameEntry?.value ?? concat(at, this.prefix(at), `-${key}`);
    p.set('FunctionName', functionName, nameEntry?.keyLoc ?? at);
    p.copy('Handler', entryOf(fn, 'handler'));
    const image = entryOf(fn, 'image');
    if (image) p.set('PackageType', syn.str(image.keyLoc, 'Image'), image.keyLoc);
    else p.copy('Runtime', this.pick(fn, 'runtime'));
    // `memorySize || provider.memorySize || 1024`, `timeout || provider.timeout || 6` (defaults left out).
    p.copy('MemorySize', this.pickTruthy(fn, 'memorySize', num), (n) => num(n)!);
    p.copy('Timeout', this.pickTruthy(fn, 'timeout', num), (n) => num(n)!);
    p.copy('Description', entryOf(fn, 'description'));

    // Execution role.
    const ownRole = entryOf(fn, 'role');
    // A function's own `iamRoleStatements` take effect only with serverless-iam-roles-per-function.
    const perFunction = this.plugins.has(IAM_ROLES_PER_FUNCTION_PLUGIN) ? entryOf(fn, 'iamRoleStatements') : undefined;
    const providerRole = this.providerRole();
    let usesDefault = false;
    if (ownRole) p.set('Role', roleRef(ownRole.value), ownRole.keyLoc);
    else if (perFunction) p.set('Role', syn.getAtt(perFunction.keyLoc, naming.functionRole(key), 'Arn'), perFunction.keyLoc);
    else if (providerRole) p.set('Role', roleRef(providerRole.value), providerRole.keyLoc);
    else {
      usesDefault = true;
      p.set('Role', syn.getAtt(at, naming.role(), 'Arn'), at);
    }

    const env = mergedMap(entryOf(this.provider, 'environment'), truthy(entryOf(fn, 'environment')), ENV_NAME, 'drop');
    if (env) p.set('Environment', isUnknownNode(env.value) ? env.value : syn.map(env.value.loc, [['Variables', env.value]]), env.keyLoc);

    const tags = mergedMap(entryOf(this.provider, 'tags'), truthy(entryOf(fn, 'tags')), TAG_KEY, 'keep');
    if (tags) p.set('Tags', tagList(tags.value), tags.keyLoc);

    const vpc = this.vpcConfig(fn);
    if (vpc) p.set('VpcConfig', vpc.value, vpc.keyLoc);
    if (fn.index.has('vpc')) this.vpcUsed = true;

    // A function's `layers` replaces the provider's entirely (`layers: []` clears them).
    const layers = truthy(entryOf(fn, 'layers')) ?? truthy(entryOf(this.provider, 'layers'));
    p.copy('Layers', layers, (n) => list(n)!);

    const kms = entryOf(fn, 'kmsKeyArn') ?? entryOf(fn, 'awsKmsKeyArn') ?? entryOf(this.provider, 'kmsKeyArn') ?? entryOf(this.sls, 'awsKmsKeyArn');
    p.copy('KmsKeyArn', kms);

    const tracing = entryOf(fn, 'tracing') ?? entryOf(valueOf(this.provider, 'tracing'), 'lambda');
    let traced = false;
    if (tracing && !(tracing.value.kind === 'scalar' && tracing.value.value === false)) {
      const mode = tracing.value.kind === 'scalar' && tracing.value.value === true ? syn.str(tracing.value.loc, 'Active') : tracing.value;
      p.set('TracingConfig', syn.map(tracing.value.loc, [['Mode', mode]]), tracing.keyLoc);
      traced = true;
    }

    const onError = entryOf(fn, 'onError');
    if (onError) p.set('DeadLetterConfig', syn.map(onError.value.loc, [['TargetArn', onError.value]]), onError.keyLoc);

    // `reservedConcurrency || reservedConcurrency === 0`: 0 is written.
    const rc = entryOf(fn, 'reservedConcurrency');
    if (rc && (!isFalsy(num(rc.value)) || (num(rc.value) as { value?: unknown }).value === 0)) p.copy('ReservedConcurrentExecutions', rc, (n) => num(n)!);
    const eph = truthy(entryOf(fn, 'ephemeralStorageSize'), num);
    if (eph) p.set('EphemeralStorage', syn.map(eph.value.loc, [['Size', num(eph.value)]]), eph.keyLoc);
    // `[architecture || provider.architecture]`: the value as written, in a one-item list.
    const arch = this.pickTruthy(fn, 'architecture');
    if (arch) p.set('Architectures', syn.seq(arch.value.loc, [arch.value]), arch.keyLoc);

    const fsc = entryOf(fn, 'fileSystemConfig');
    if (fsc && isMap(fsc.value)) {
      p.set('FileSystemConfigs', syn.seq(fsc.value.loc, [syn.map(fsc.value.loc, [['Arn', valueOf(fsc.value, 'arn')], ['LocalMountPath', valueOf(fsc.value, 'localMountPath')]])]), fsc.keyLoc);
    }
    const snap = entryOf(fn, 'snapStart');
    if (snap && snap.value.kind === 'scalar' && snap.value.value === true) p.set('SnapStart', syn.map(snap.value.loc, [['ApplyOn', syn.str(snap.value.loc, 'PublishedVersions')]]), snap.keyLoc);
    const logs = entryOf(fn, 'logs') ?? entryOf(valueOf(this.provider, 'logs'), 'lambda');
    if (logs && isMap(logs.value)) {
      const l = logs.value;
      const lc = syn.map(l.loc, [['LogFormat', valueOf(l, 'logFormat')], ['ApplicationLogLevel', valueOf(l, 'applicationLogLevel')], ['SystemLogLevel', valueOf(l, 'systemLogLevel')], ['LogGroup', valueOf(l, 'logGroup')]]);
      if (lc.entries.length) p.set('LoggingConfig', lc, logs.keyLoc);
    }

    const exception = valueOf(valueOf(valueOf(valueOf(this.sls, 'custom'), 'ldlint'), 'exceptions'), key);
    const metadata = exception ? syn.map(exception.loc, [['ldlint', syn.map(exception.loc, [['exception', exception]])]]) : undefined;
    this.add(id, at, resourceNode(at, 'AWS::Lambda::Function', p.map(fn.loc), { source: key, metadata, condition: valueOf(fn, 'condition'), dependsOn: valueOf(fn, 'dependsOn') }));

    // Log group.
    const disableLogs = valueOf(fn, 'disableLogs');
    const logsDisabled = disableLogs?.kind === 'scalar' && (disableLogs.value === true || disableLogs.value === 'true');
    if (!logsDisabled) {
      const lg = new Props();
      lg.set('LogGroupName', concat(nameEntry?.value.loc ?? at, '/aws/lambda/', functionName), nameEntry?.keyLoc ?? at);
      lg.copy('RetentionInDays', entryOf(fn, 'logRetentionInDays') ?? entryOf(this.provider, 'logRetentionInDays'), (n) => num(n)!);
      lg.copy('DataProtectionPolicy', entryOf(fn, 'logDataProtectionPolicy') ?? entryOf(this.provider, 'logDataProtectionPolicy'));
      this.add(naming.logGroup(key), at, resourceNode(at, 'AWS::Logs::LogGroup', lg.map(at), { source: key }));
    }

    // Provisioned concurrency: a version and the `provisioned` alias.
    const pc = entryOf(fn, 'provisionedConcurrency');
    if (pc) {
      const version = naming.version(key);
      this.add(version, at, resourceNode(at, 'AWS::Lambda::Version', syn.map(at, [['FunctionName', syn.ref(at, id)]]), { source: key }));
      const alias = new Props()
        .set('FunctionName', syn.ref(at, id), at)
        .set('FunctionVersion', syn.getAtt(at, version, 'Version'), at)
        .set('Name', syn.str(at, 'provisioned'), at)
        .set('ProvisionedConcurrencyConfig', syn.map(pc.value.loc, [['ProvisionedConcurrentExecutions', num(pc.value)]]), pc.keyLoc);
      this.add(naming.provisionedAlias(key), at, resourceNode(at, 'AWS::Lambda::Alias', alias.map(at), { source: key }));
    }

    // Asynchronous invocation: destinations, retries, event age.
    const extra: SNode[] = [];
    this.eventInvokeConfig(key, id, at, fn, !!pc, keys, usesDefault ? extra : undefined);

    // Events.
    const ctx: EventContext = {
      key, id, at, service: this.service, stage: this.options.stage, region: this.options.region,
      functionName, add: (i, l, n) => this.add(i, l, n), get: (i) => this.get(i), provider: this.provider,
    };
    const eventStatements = compileEvents(ctx, valueOf(fn, 'events'));

    if (usesDefault) {
      this.defaultRoleUsers.push({ key, functionName, disableLogs: logsDisabled, disableLoc: disableLogs?.loc, canonical: !nameEntry || isCanonical(nameEntry.value, this.service, this.options.stage) });
      if (kms && kms.value.kind === 'scalar') extra.push(statement(kms.value.loc, 'Allow', ['kms:Decrypt'], [kms.value]));
      if (traced) extra.push(statement(tracing!.value.loc, 'Allow', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], [syn.str(tracing!.value.loc, '*')]));
      if (onError && onError.value.kind === 'scalar') extra.push(statement(onError.value.loc, 'Allow', ['sns:Publish'], [onError.value]));
      if (fsc && isMap(fsc.value)) extra.push(statement(fsc.value.loc, 'Allow', ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], items(valueOf(fsc.value, 'arn'))));
      this.defaultRoleStatements.push(...eventStatements, ...extra);
    } else if (!ownRole && perFunction) {
      this.functionRole(key, at, fn, perFunction, functionName, logsDisabled, !!vpc, traced, eventStatements);
    }
  }

  /** `provider.iam.role` (v3) or `provider.role` (v2) when it names an existing role. */
  private providerRole(): SEntry | undefined {
    const iamRole = entryOf(valueOf(this.provider, 'iam'), 'role');
    if (iamRole && !isMap(iamRole.value)) return iamRole;
    const role = entryOf(this.provider, 'role');
    return role && !isMap(role.value) ? role : undefined;
  }

  /** `vpc: false` / `vpc: ~` opt out; otherwise subnets and groups fall back to the provider's separately. */
  private vpcConfig(fn: SMap): SEntry | undefined {
    const own = fn.index.get('vpc');
    if (own && (isNull(own.value) || (own.value.kind === 'scalar' && own.value.value === false))) return undefined;
    const prov = entryOf(this.provider, 'vpc');
    // A value ldlint cannot know (`${ssm:...}`) may be any VPC setting; an intrinsic has no
    // `securityGroupIds` / `subnetIds` of its own, so the framework falls back to the provider's.
    if (own && isUnknownNode(own.value)) return own;
    if (!(own && isMap(own.value)) && prov && isUnknownNode(prov.value)) return prov;
    const pick = (k: string) => entryOf(own?.value, k) ?? entryOf(prov?.value, k);
    const sg = pick('securityGroupIds');
    const sn = pick('subnetIds');
    if (!sg || !sn) return undefined;
    const loc = own?.value.loc ?? prov!.value.loc;
    const value = makeMap(loc, [
      { key: 'SecurityGroupIds', keyLoc: sg.keyLoc, value: list(sg.value)! },
      { key: 'SubnetIds', keyLoc: sn.keyLoc, value: list(sn.value)! },
    ]);
    return { key: 'VpcConfig', keyLoc: own?.keyLoc ?? prov!.keyLoc, value };
  }

  private eventInvokeConfig(key: string, id: string, at: Loc, fn: SMap, provisioned: boolean, keys: Set<string>, statements: SNode[] | undefined): void {
    const dest = entryOf(fn, 'destinations');
    const age = entryOf(fn, 'maximumEventAge');
    const retries = entryOf(fn, 'maximumRetryAttempts');
    if (!dest && !age && !retries) return;
    const p = new Props().set('FunctionName', syn.ref(at, id), at);
    if (dest && isMap(dest.value)) {
      const dc = new Props();
      for (const [from, to] of [['onSuccess', 'OnSuccess'], ['onFailure', 'OnFailure']] as const) {
        const d = entryOf(dest.value, from);
        if (!d) continue;
        const target = isMap(d.value) ? valueOf(d.value, 'arn') : d.value;
        if (!target) continue;
        const t = text(target);
        let destination: SNode = target;
        if (t !== undefined && !t.startsWith('arn:')) {
          destination = keys.has(t) ? syn.getAtt(target.loc, naming.lambda(t), 'Arn') : arn(target.loc, 'lambda', `function:${t}`);
          if (statements) {
            const targetFn = this.functionNameOf(t, keys, target.loc);
            statements.push(statement(target.loc, 'Allow', ['lambda:InvokeFunction'], [arn(target.loc, 'lambda', 'function:', targetFn)]));
          }
        } else if (statements && t !== undefined) {
          const action = t.includes(':function:') || t.includes(':lambda:') ? 'lambda:InvokeFunction' : t.includes(':sqs:') ? 'sqs:SendMessage' : t.includes(':sns:') ? 'sns:Publish' : t.includes(':event-bus/') ? 'events:PutEvents' : undefined;
          if (action) statements.push(statement(target.loc, 'Allow', [action], [target]));
        }
        dc.set(to, syn.map(d.value.loc, [['Destination', destination]]), d.keyLoc);
      }
      p.set('DestinationConfig', dc.map(dest.value.loc), dest.keyLoc);
    }
    p.set('Qualifier', syn.str(at, provisioned ? 'provisioned' : '$LATEST'), at);
    p.copy('MaximumEventAgeInSeconds', age, (n) => num(n)!);
    p.copy('MaximumRetryAttempts', retries, (n) => num(n)!);
    this.add(naming.eventInvokeConfig(key), at, resourceNode(at, 'AWS::Lambda::EventInvokeConfig', p.map(dest?.value.loc ?? at), { source: key }));
  }

  /** The FunctionName of a function of the service (for ARNs built by name). */
  private functionNameOf(key: string, keys: Set<string>, loc: Loc): SNode {
    if (!keys.has(key)) return syn.str(loc, key);
    const fns = this.sls.index.get('functions')?.value;
    const maps = fns?.kind === 'seq' ? fns.items : fns ? [fns] : [];
    for (const m of maps) {
      const n = valueOf(valueOf(m, key), 'name');
      if (n) return n;
    }
    return concat(loc, this.prefix(loc), `-${key}`);
  }

  /**
   * The framework's own Lambda-backed custom resources (lib/plugins/aws/custom-resources): one
   * function each (`custom-resource-existing-s3`, `-existing-cup`, `-event-bridge`,
   * `-apigw-cw-role`), 1024 MB, 180 s, on the shared role `IamRoleCustomResourcesLambdaExecution`
   * (or the deployment role), with a log group only under `provider.logs.frameworkLambda`.
   */
  private compileCustomResources(): void {
    const found = new Map<string, { loc: Loc; statements: SNode[] }>();
    const need = (name: string, loc: Loc, statements: SNode[]) => {
      const c = found.get(name);
      if (c) c.statements.push(...statements);
      else found.set(name, { loc, statements: [...statements] });
    };
    const on = (n: SNode | undefined) => n !== undefined && !isFalsy(n);
    const fnArn = (loc: Loc) => arn(loc, 'lambda', 'function:*');
    const eventBridge = entryOf(this.provider, 'eventBridge');
    const eventBridgeCustom = eventBridge && on(eventBridge.value) && !on(valueOf(eventBridge.value, 'useCloudFormation'));
    const logs = valueOf(this.provider, 'logs');
    const restApi = valueOf(logs, 'restApi');
    const websocketLogs = valueOf(logs, 'websocket');
    const roleManagedExternally = on(valueOf(restApi, 'roleManagedExternally'));
    const cwRole = (loc: Loc) => need('custom-resource-apigw-cw-role', loc, [
      statement(loc, 'Allow', ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:ListAttachedRolePolicies', 'iam:PassRole'], [concat(loc, 'arn:', syn.ref(loc, 'AWS::Partition'), ':iam::', syn.ref(loc, 'AWS::AccountId'), ':role/*')]),
      statement(loc, 'Allow', ['apigateway:GET', 'apigateway:PATCH'], [concat(loc, 'arn:', syn.ref(loc, 'AWS::Partition'), ':apigateway:*::/account')]),
    ]);
    for (const f of this.functions) {
      for (const ev of items(valueOf(f.node, 'events'))) {
        if (!isMap(ev) || ev.entries.length === 0) continue;
        const e = ev.entries[0]!;
        const v = e.value;
        if (e.key === 's3' && isMap(v) && on(valueOf(v, 'existing'))) {
          const bucket = valueOf(v, 'bucket');
          need('custom-resource-existing-s3', e.keyLoc, [
            ...(bucket ? [statement(e.keyLoc, 'Allow', ['s3:PutBucketNotification', 's3:GetBucketNotification'], [concat(e.keyLoc, 'arn:', syn.ref(e.keyLoc, 'AWS::Partition'), ':s3:::', bucket)])] : []),
            statement(e.keyLoc, 'Allow', ['lambda:AddPermission', 'lambda:RemovePermission'], [fnArn(e.keyLoc)]),
          ]);
        } else if (e.key === 'cognitoUserPool' && isMap(v) && on(valueOf(v, 'existing'))) {
          need('custom-resource-existing-cup', e.keyLoc, [
            statement(e.keyLoc, 'Allow', ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool'], [syn.str(e.keyLoc, '*')]),
            statement(e.keyLoc, 'Allow', ['lambda:AddPermission', 'lambda:RemovePermission'], [fnArn(e.keyLoc)]),
            statement(e.keyLoc, 'Allow', ['iam:PassRole'], [syn.sub(e.keyLoc, 'arn:${AWS::Partition}:iam::*:role/*')]),
          ]);
        } else if (e.key === 'eventBridge' && eventBridgeCustom) {
          const bus = valueOf(v, 'eventBus');
          need('custom-resource-event-bridge', e.keyLoc, [
            ...(bus && text(bus) !== 'default' ? [statement(e.keyLoc, 'Allow', ['events:CreateEventBus', 'events:DeleteEventBus'], [arn(e.keyLoc, 'events', 'event-bus/*')])] : []),
            statement(e.keyLoc, 'Allow', ['events:PutRule', 'events:RemoveTargets', 'events:PutTargets', 'events:DeleteRule'], [arn(e.keyLoc, 'events', 'rule/*')]),
            statement(e.keyLoc, 'Allow', ['lambda:AddPermission', 'lambda:RemovePermission'], [fnArn(e.keyLoc)]),
          ]);
        } else if (e.key === 'http' && on(restApi) && !roleManagedExternally && (!isMap(restApi) || valueOf(restApi, 'accessLogging') === undefined || on(valueOf(restApi, 'accessLogging')))) {
          cwRole(e.keyLoc);
        } else if (e.key === 'websocket' && on(websocketLogs) && !roleManagedExternally && !valueOf(valueOf(this.provider, 'apiGateway'), 'websocketApiId')) {
          cwRole(e.keyLoc);
        }
      }
    }
    if (found.size === 0) return;
    const stage = this.options.stage;
    const deploymentRole = valueOf(valueOf(this.provider, 'iam'), 'deploymentRole') ?? valueOf(this.provider, 'cfnRole');
    const frameworkLogs = on(valueOf(logs, 'frameworkLambda'));
    const roleId = 'IamRoleCustomResourcesLambdaExecution';
    const roleStatements: SNode[] = [];
    let roleLoc: Loc | undefined;
    for (const [name, { loc, statements }] of found) {
      const id = naming.lambda(name);
      let functionName = concat(loc, this.prefix(loc), `-${name}`);
      // The framework shortens names over 64 characters: the first 32, then an MD5 of the whole.
      const t = text(functionName);
      if (t !== undefined && t.length > 64) functionName = syn.str(loc, `${t.slice(0, 32)}${createHash('md5').update(t).digest('hex')}`);
      const p = new Props()
        .set('FunctionName', functionName, loc)
        .set('Handler', syn.str(loc, CUSTOM_RESOURCE_HANDLERS[name]!), loc)
        .set('MemorySize', { kind: 'scalar', loc, value: 1024 }, loc)
        .set('Runtime', syn.str(loc, 'nodejs18.x'), loc)
        .set('Timeout', { kind: 'scalar', loc, value: 180 }, loc)
        .set('Role', deploymentRole ?? syn.getAtt(loc, roleId, 'Arn'), loc);
      this.add(id, loc, resourceNode(loc, 'AWS::Lambda::Function', p.map(loc)));
      if (!deploymentRole) {
        roleLoc ??= loc;
        roleStatements.push(...statements);
      }
      if (frameworkLogs) {
        const lg = new Props()
          .set('LogGroupName', concat(loc, '/aws/lambda/', functionName), loc)
          .copy('RetentionInDays', entryOf(this.provider, 'logRetentionInDays'), (n) => num(n)!)
          .copy('DataProtectionPolicy', entryOf(this.provider, 'logDataProtectionPolicy'));
        this.add(naming.logGroup(name), loc, resourceNode(loc, 'AWS::Logs::LogGroup', lg.map(loc)));
      }
    }
    if (roleLoc) {
      const at = roleLoc;
      const statements: SNode[] = [];
      if (frameworkLogs) {
        statements.push(statement(at, 'Allow', ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'], [arn(at, 'logs', 'log-group:/aws/lambda/', this.service, `-${stage}*:*`)]));
        statements.push(statement(at, 'Allow', ['logs:PutLogEvents'], [arn(at, 'logs', 'log-group:/aws/lambda/', this.service, `-${stage}*:*:*`)]));
      }
      statements.push(...roleStatements);
      const policyName = syn.map(at, [['Fn::Join', syn.seq(at, [syn.str(at, '-'), syn.seq(at, [syn.str(at, stage), this.service, syn.str(at, 'custom-resources-lambda')])])]]);
      const p = new Props()
        .set('AssumeRolePolicyDocument', assumeRole(at), at)
        .set('Policies', syn.seq(at, [syn.map(at, [['PolicyName', policyName], ['PolicyDocument', syn.map(at, [['Version', syn.str(at, '2012-10-17')], ['Statement', syn.seq(at, statements)]])]])]), at);
      this.add(roleId, at, resourceNode(at, 'AWS::IAM::Role', p.map(at)));
    }
  }

  /** `IamRoleLambdaExecution`, shared by the functions without a role of their own. */
  private compileDefaultRole(): void {
    if (this.defaultRoleUsers.length === 0) return;
    const iam = entryOf(this.provider, 'iam');
    const roleCfg = valueOf(iam?.value, 'role');
    const cfg = isMap(roleCfg) ? roleCfg : undefined;
    const at = entryOf(iam?.value, 'role')?.keyLoc ?? iam?.keyLoc ?? entryOf(this.provider, 'iamRoleStatements')?.keyLoc ?? this.providerLoc;
    const stage = this.options.stage;
    const statements: SNode[] = [];
    const create: SNode[] = [];
    const put: SNode[] = [];
    const denied: SNode[] = [];
    let deniedAt: Loc | undefined;
    let canonical = false;
    for (const u of this.defaultRoleUsers) {
      if (u.canonical) {
        if (u.disableLogs) {
          deniedAt ??= u.disableLoc;
          denied.push(arn(u.disableLoc ?? at, 'logs', 'log-group:/aws/lambda/', u.functionName, ':*'));
        }
        else canonical = true;
      } else if (!u.disableLogs) {
        create.push(arn(at, 'logs', 'log-group:/aws/lambda/', u.functionName, ':*'));
        put.push(arn(at, 'logs', 'log-group:/aws/lambda/', u.functionName, ':*:*'));
      }
    }
    if (canonical) {
      create.unshift(arn(at, 'logs', 'log-group:/aws/lambda/', this.service, `-${stage}*:*`));
      put.unshift(arn(at, 'logs', 'log-group:/aws/lambda/', this.service, `-${stage}*:*:*`));
    }
    if (create.length) statements.push(statement(at, 'Allow', ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'], create));
    if (put.length) statements.push(statement(at, 'Allow', ['logs:PutLogEvents'], put));
    // The framework denies log writes to the groups of canonically named functions with disableLogs.
    if (canonical && denied.length) statements.push(statement(deniedAt ?? at, 'Deny', ['logs:PutLogEvents'], denied));
    statements.push(...items(valueOf(cfg, 'statements') ?? valueOf(this.provider, 'iamRoleStatements')));
    statements.push(...this.defaultRoleStatements);
    const managed = [...items(valueOf(cfg, 'managedPolicies') ?? valueOf(this.provider, 'iamManagedPolicies'))];
    if (this.vpcUsed || entryOf(this.provider, 'vpc')) managed.push(VPC_POLICY(at));
    const policyName = concat(at, `${stage}-`, this.service, '-lambda');
    const p = new Props()
      .set('AssumeRolePolicyDocument', assumeRole(at), at)
      .set('Policies', syn.seq(at, [syn.map(at, [['PolicyName', policyName], ['PolicyDocument', syn.map(at, [['Version', syn.str(at, '2012-10-17')], ['Statement', syn.seq(at, statements)]])]])]), at)
      .set('Path', valueOf(cfg, 'path') ?? syn.str(at, '/'), at)
      .set('RoleName', valueOf(cfg, 'name') ?? syn.map(at, [['Fn::Join', syn.seq(at, [syn.str(at, '-'), syn.seq(at, [this.service, syn.str(at, stage), syn.ref(at, 'AWS::Region'), syn.str(at, 'lambdaRole')])])]]), at);
    if (managed.length) p.set('ManagedPolicyArns', syn.seq(at, managed), at);
    const boundary = valueOf(cfg, 'permissionsBoundary') ?? valueOf(cfg, 'permissionBoundary') ?? valueOf(this.provider, 'rolePermissionsBoundary');
    if (boundary) p.set('PermissionsBoundary', boundary, at);
    const tags = valueOf(cfg, 'tags');
    if (isMap(tags)) p.set('Tags', tagList(tags), at);
    this.add(naming.role(), at, resourceNode(at, 'AWS::IAM::Role', p.map(at)));
  }

  /** serverless-iam-roles-per-function: a role for a function with its own `iamRoleStatements`. */
  private functionRole(key: string, at: Loc, fn: SMap, own: SEntry, functionName: SNode, logsDisabled: boolean, vpc: boolean, traced: boolean, eventStatements: SNode[]): void {
    const settings = valueOf(valueOf(this.sls, 'custom'), 'serverless-iam-roles-per-function');
    const inheritNode = valueOf(fn, 'iamRoleStatementsInherit') ?? valueOf(settings, 'defaultInherit');
    const inherit = inheritNode?.kind === 'scalar' && (inheritNode.value === true || inheritNode.value === 'true');
    const loc = own.keyLoc;
    const statements: SNode[] = [];
    if (!logsDisabled) {
      statements.push(statement(loc, 'Allow', ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'], [arn(loc, 'logs', 'log-group:/aws/lambda/', functionName, ':*')]));
      statements.push(statement(loc, 'Allow', ['logs:PutLogEvents'], [arn(loc, 'logs', 'log-group:/aws/lambda/', functionName, ':*:*')]));
    }
    statements.push(...items(own.value));
    if (inherit) statements.push(...items(valueOf(valueOf(valueOf(this.provider, 'iam'), 'role'), 'statements') ?? valueOf(this.provider, 'iamRoleStatements')));
    statements.push(...eventStatements);
    if (traced) statements.push(statement(loc, 'Allow', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], [syn.str(loc, '*')]));
    const managed: SNode[] = [];
    if (vpc) managed.push(VPC_POLICY(loc));
    if (inherit) managed.push(...items(valueOf(valueOf(valueOf(this.provider, 'iam'), 'role'), 'managedPolicies') ?? valueOf(this.provider, 'iamManagedPolicies')));
    const stage = this.options.stage;
    const p = new Props()
      .set('AssumeRolePolicyDocument', assumeRole(loc), loc)
      .set('Policies', syn.seq(loc, [syn.map(loc, [['PolicyName', concat(loc, this.service, `-${stage}-${key}-lambda`)], ['PolicyDocument', syn.map(loc, [['Version', syn.str(loc, '2012-10-17')], ['Statement', syn.seq(loc, statements)]])]])]), loc)
      .set('Path', syn.str(loc, '/'), loc)
      .set('RoleName', valueOf(fn, 'iamRoleStatementsName') ?? syn.map(loc, [['Fn::Join', syn.seq(loc, [syn.str(loc, '-'), syn.seq(loc, [this.service, syn.str(loc, stage), syn.str(loc, key), syn.ref(loc, 'AWS::Region'), syn.str(loc, 'lambdaRole')])])]]), loc);
    if (managed.length) p.set('ManagedPolicyArns', syn.seq(loc, managed), loc);
    const boundary = valueOf(fn, 'iamPermissionsBoundary') ?? valueOf(settings, 'iamGlobalPermissionsBoundary');
    if (boundary) p.set('PermissionsBoundary', boundary, loc);
    this.add(naming.functionRole(key), at, resourceNode(at, 'AWS::IAM::Role', p.map(loc), { source: key }));
  }

  /** Top-level `layers:`: `<Name>LambdaLayer` layer versions. */
  private compileLayers(): void {
    const layers = this.sls.index.get('layers')?.value;
    if (!isMap(layers)) return;
    for (const e of layers.entries) {
      const l = isMap(e.value) ? e.value : undefined;
      const p = new Props()
        .set('LayerName', valueOf(l, 'name') ?? syn.str(e.keyLoc, e.key), e.keyLoc)
        .copy('Description', entryOf(l, 'description'))
        .copy('CompatibleRuntimes', entryOf(l, 'compatibleRuntimes'))
        .copy('CompatibleArchitectures', entryOf(l, 'compatibleArchitectures'))
        .copy('LicenseInfo', entryOf(l, 'licenseInfo'));
      this.add(naming.layer(e.key), e.keyLoc, resourceNode(e.keyLoc, 'AWS::Lambda::LayerVersion', p.map(e.keyLoc), { source: e.key }));
    }
  }

  /** `resources` (a map or a list of fragments): Resources deep-merged, then extensions, then plugins that run last. */
  private mergeResources(): SMap {
    const resources = new Map(this.out);
    const sections = new Map<string, SEntry>();
    const extensions = new Map<string, SEntry>();
    for (const frag of resourceFragments(this.sls)) {
      for (const e of frag.entries) {
        if (e.key === 'Resources' && isMap(e.value)) {
          for (const r of e.value.entries) {
            const current = resources.get(r.key);
            resources.set(r.key, current ? { ...current, value: deepMerge(current.value, r.value) } : r);
          }
        } else if (e.key === 'extensions' && isMap(e.value)) {
          for (const x of e.value.entries) {
            const prior = extensions.get(x.key);
            extensions.set(x.key, prior ? { ...prior, value: deepMerge(prior.value, x.value) } : x);
          }
        } else if (['Outputs', 'Conditions', 'Mappings', 'Parameters', 'Metadata', 'Rules'].includes(e.key) && isMap(e.value)) {
          const current = sections.get(e.key);
          sections.set(e.key, current ? { ...current, value: deepMerge(current.value, e.value) } : e);
        } else if (e.key === 'Description' || e.key === 'Transform') {
          sections.set(e.key, e);
        }
      }
    }
    for (const x of extensions.values()) {
      const current = resources.get(x.key);
      if (current && isMap(current.value) && isMap(x.value)) resources.set(x.key, { ...current, value: extend(current.value, x.value) });
    }
    compileLogSubscriptions(resources, this.sls, this.plugins, this.functions);
    for (const [id, r] of resources) {
      const v = stripNullProperties(r.value);
      if (v !== r.value) resources.set(id, { ...r, value: v });
    }
    const loc = this.sls.loc;
    const entries: SEntry[] = [{ key: 'AWSTemplateFormatVersion', keyLoc: loc, value: syn.str(loc, '2010-09-09') }];
    for (const s of sections.values()) entries.push(s);
    entries.push({ key: 'Resources', keyLoc: this.sls.index.get('resources')?.keyLoc ?? loc, value: makeMap(loc, [...resources.values()]) });
    entries.push({ key: '__StackTags', keyLoc: this.providerLoc, value: this.stackTags() });
    return makeMap(loc, entries);
  }

  /** Stack tags: `STAGE` (the framework's default) and `provider.stackTags`. */
  private stackTags(): SMap {
    const stageNode = valueOf(this.provider, 'stage');
    const at = stageNode?.loc ?? this.providerLoc;
    const entries: SEntry[] = [{ key: 'STAGE', keyLoc: at, value: syn.str(at, this.options.stage) }];
    const st = valueOf(this.provider, 'stackTags');
    if (isMap(st)) {
      for (const e of st.entries) {
        const i = entries.findIndex((x) => x.key === e.key);
        const v = { key: e.key, keyLoc: e.keyLoc, value: str(e.value) };
        if (i >= 0) entries[i] = v;
        else entries.push(v);
      }
    }
    return makeMap(at, entries);
  }
}

/** Handlers of the framework's custom-resource functions, by function name. */
const CUSTOM_RESOURCE_HANDLERS: Record<string, string> = {
  'custom-resource-existing-s3': 's3/handler.handler',
  'custom-resource-existing-cup': 'cognito-user-pool/handler.handler',
  'custom-resource-event-bridge': 'event-bridge/handler.handler',
  'custom-resource-apigw-cw-role': 'api-gateway-cloud-watch-role/handler.handler',
};

/** `resources:` as one map or a list of fragments. */
function resourceFragments(sls: SMap): SMap[] {
  const r = sls.index.get('resources')?.value;
  const list = r?.kind === 'seq' ? r.items : r ? [r] : [];
  return list.filter(isMap);
}

/** A role reference: an ARN stays, a logical id becomes `Fn::GetAtt [id, Arn]`, intrinsics stay. */
function roleRef(n: SNode): SNode {
  const t = n.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
  if (t !== undefined && !t.startsWith('arn:')) return syn.getAtt(n.loc, t, 'Arn');
  return n;
}

function isCanonical(name: SNode, service: SNode, stage: string): boolean {
  const n = text(name);
  const s = text(service);
  return n !== undefined && s !== undefined && n.startsWith(`${s}-${stage}`);
}

/** Environment variable names and tag keys the framework's schema coerces values of (to text). */
const ENV_NAME = /^[A-Za-z_][a-zA-Z0-9_]*$/;
const TAG_KEY = /^(?!aws:)[\w./=+:\-_\x20]{1,128}$/;

/**
 * `Object.assign({}, provider.<map>, fn.<map>)`: the function wins key by key. Values under keys the
 * schema knows become text (numbers, booleans); a null value is no value: `drop` removes the key
 * (environment), `keep` keeps the key without a value (a tag `{Key}`).
 */
function mergedMap(provider: SEntry | undefined, own: SEntry | undefined, coerceKey: RegExp, nulls: 'drop' | 'keep'): SEntry | undefined {
  if (!provider && !own) return undefined;
  if (own && !isMap(own.value)) return own;
  if (provider && !isMap(provider.value)) return own && !isUnknownNode(provider.value) ? own : provider;
  const p = provider?.value as SMap | undefined;
  const o = own?.value as SMap | undefined;
  const entries: SEntry[] = [];
  for (const e of p?.entries ?? []) {
    const mine = o?.index.get(e.key);
    entries.push(mine ?? e);
  }
  for (const e of o?.entries ?? []) if (!p?.index.has(e.key)) entries.push(e);
  const loc = (o ?? p)!.loc;
  const kept = nulls === 'drop' ? entries.filter((e) => !isNull(e.value)) : entries;
  return { key: own?.key ?? provider!.key, keyLoc: (own ?? provider)!.keyLoc, value: makeMap(loc, kept.map((e) => ({ ...e, value: coerceKey.test(e.key) ? str(e.value) : e.value }))) };
}

/** A tag map as a CloudFormation tag list (keys and values keep their locations; a null value is left out). */
export function tagList(tags: SNode): SNode {
  if (!isMap(tags)) return tags;
  return syn.seq(tags.loc, tags.entries.map((t) => makeMap(t.keyLoc, [
    { key: 'Key', keyLoc: t.keyLoc, value: { kind: 'scalar', loc: t.keyLoc, value: t.key } },
    ...(isNull(t.value) ? [] : [{ key: 'Value', keyLoc: t.keyLoc, value: TAG_KEY.test(t.key) ? str(t.value) : t.value }]),
  ])));
}

function assumeRole(loc: Loc): SNode {
  return syn.map(loc, [
    ['Version', syn.str(loc, '2012-10-17')],
    ['Statement', syn.seq(loc, [syn.map(loc, [
      ['Effect', syn.str(loc, 'Allow')],
      ['Principal', syn.map(loc, [['Service', syn.seq(loc, [syn.str(loc, 'lambda.amazonaws.com')])]])],
      ['Action', syn.seq(loc, [syn.str(loc, 'sts:AssumeRole')])],
    ])])],
  ]);
}

