import { makeMap, type Loc, type SEntry, type SMap, type SNode } from '../../parse/index.js';
import { syn } from '../synth.js';
import { naming } from './naming.js';
import { arn, concat, isIntrinsic, isMap, items, resourceNode, statement, text, valueOf } from './nodes.js';

/** What an event compiler needs about its function and the template being built. */
export interface EventContext {
  key: string;
  /** Logical id of the function. */
  id: string;
  /** The function's key under `functions:`. */
  at: Loc;
  service: SNode;
  stage: string;
  region: string;
  functionName: SNode;
  provider: SMap | undefined;
  add(id: string, keyLoc: Loc, node: SMap): void;
  get(id: string): SEntry | undefined;
}

/**
 * Compiles a function's `events` into the resources the framework generates (event source
 * mappings, buckets and topics with their notifications, permissions, rules, subscription filters).
 * Returns the statements the framework adds to the function's execution role (queue and stream
 * reads). A permission carries `SourceArn` only when no other generated resource already names the
 * event source (so that the model sees each event source once).
 */
export function compileEvents(ctx: EventContext, events: SNode | undefined): SNode[] {
  const statements: SNode[] = [];
  const counters = new Map<string, number>();
  const next = (type: string) => {
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    return n;
  };
  const once = new Set<string>();
  for (const ev of items(events)) {
    if (!isMap(ev) || ev.entries.length === 0) continue;
    const e = ev.entries[0]!;
    const at = e.keyLoc;
    const v = e.value;
    const fnArn = syn.getAtt(at, ctx.id, 'Arn');
    const esm = (id: string, kind: string, source: SNode | undefined, extra: [string, SNode | undefined][] = []) =>
      ctx.add(id, at, resourceNode(at, 'AWS::Lambda::EventSourceMapping', syn.map(v.loc, [
        ['EventSourceArn', source], ['FunctionName', fnArn], ...extra, ['__EventKind', syn.str(at, kind)],
      ]), { source: ctx.key }));
    const permission = (id: string, principal: SNode, kind: string, sourceArn?: SNode) =>
      ctx.add(id, at, resourceNode(at, 'AWS::Lambda::Permission', syn.map(at, [
        ['Action', syn.str(at, 'lambda:InvokeFunction')], ['FunctionName', fnArn], ['Principal', principal],
        ['SourceArn', sourceArn], ['__EventKind', syn.str(at, kind)],
      ]), { source: ctx.key }));
    switch (e.key) {
      case 'sqs': {
        const source = isMap(v) ? valueOf(v, 'arn') : v;
        esm(naming.sqs(ctx.key, nameOf(source, 'Queue')), 'SQS', source, [
          ['BatchSize', valueOf(v, 'batchSize')], ['Enabled', valueOf(v, 'enabled')], ['MaximumBatchingWindowInSeconds', valueOf(v, 'maximumBatchingWindow')],
        ]);
        if (source) statements.push(statement(at, 'Allow', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [source]));
        break;
      }
      case 'stream': {
        const source = isMap(v) ? valueOf(v, 'arn') : v;
        const declared = text(valueOf(v, 'type'))?.toLowerCase();
        const t = text(source) ?? '';
        const getAttAttr = source?.kind === 'map' && source.entries[0]?.key === 'Fn::GetAtt' ? text((source.entries[0].value as { items?: SNode[] }).items?.[1]) : undefined;
        const type = declared ?? (t.includes(':kinesis:') ? 'kinesis' : t.includes(':dynamodb:') || getAttAttr === 'StreamArn' ? 'dynamodb' : 'kinesis');
        const kind = type === 'dynamodb' ? 'DynamoDB' : 'Kinesis';
        esm(naming.stream(ctx.key, type === 'dynamodb' ? 'Dynamodb' : 'Kinesis', streamName(source, type)), kind, source, [
          ['BatchSize', valueOf(v, 'batchSize')], ['StartingPosition', valueOf(v, 'startingPosition')], ['Enabled', valueOf(v, 'enabled')],
        ]);
        const prefix = type === 'dynamodb' ? 'dynamodb' : 'kinesis';
        if (source) statements.push(statement(at, 'Allow', [`${prefix}:GetRecords`, `${prefix}:GetShardIterator`, `${prefix}:DescribeStream`, `${prefix}:ListStreams`], [source]));
        break;
      }
      case 's3': {
        const bucket = isMap(v) ? valueOf(v, 'bucket') : v;
        if (!bucket) break;
        const name = text(bucket);
        const existing = isMap(v) && text(valueOf(v, 'existing')) === 'true';
        const principal = syn.str(at, 's3.amazonaws.com');
        if (existing || name === undefined) {
          permission(naming.s3Permission(ctx.key, name ?? nameOf(bucket, 'Bucket')), principal, 'S3', concat(bucket.loc, 'arn:', syn.ref(at, 'AWS::Partition'), ':s3:::', bucket));
          break;
        }
        const id = naming.bucket(name);
        const config = syn.map(at, [
          ['Event', valueOf(v, 'event') ?? syn.str(at, 's3:ObjectCreated:*')],
          ['Function', fnArn],
          ['Filter', isMap(v) && valueOf(v, 'rules') ? syn.map(at, [['S3Key', syn.map(at, [['Rules', s3Rules(valueOf(v, 'rules')!)]])]]) : undefined],
        ]);
        const prior = ctx.get(id);
        const configs = [...items(valueOf(valueOf(valueOf(prior?.value, 'Properties'), 'NotificationConfiguration'), 'LambdaConfigurations')), config];
        const props = syn.map(bucket.loc, [
          ['BucketName', bucket],
          ['NotificationConfiguration', syn.map(at, [['LambdaConfigurations', syn.seq(at, configs)]])],
        ]);
        ctx.add(id, prior?.keyLoc ?? bucket.loc, resourceNode(prior?.keyLoc ?? bucket.loc, 'AWS::S3::Bucket', props));
        permission(naming.s3Permission(ctx.key, name), principal, 'S3');
        break;
      }
      case 'sns': {
        const topicArn = isMap(v) ? valueOf(v, 'arn') : text(v)?.startsWith('arn:') ? v : undefined;
        const topicName = isMap(v) ? valueOf(v, 'topicName') : topicArn ? undefined : v;
        const name = text(topicName) ?? nameOf(topicArn, 'Topic');
        const principal = syn.str(at, 'sns.amazonaws.com');
        if (topicArn) {
          ctx.add(naming.snsSubscription(ctx.key, name), at, resourceNode(at, 'AWS::SNS::Subscription', syn.map(v.loc, [
            ['TopicArn', topicArn], ['Protocol', syn.str(at, 'lambda')], ['Endpoint', fnArn], ['FilterPolicy', valueOf(v, 'filterPolicy')],
          ]), { source: ctx.key }));
        } else if (topicName) {
          const id = naming.topic(name);
          const prior = ctx.get(id);
          const subs = [...items(valueOf(valueOf(prior?.value, 'Properties'), 'Subscription')), syn.map(at, [['Endpoint', fnArn], ['Protocol', syn.str(at, 'lambda')]])];
          ctx.add(id, prior?.keyLoc ?? topicName.loc, resourceNode(prior?.keyLoc ?? topicName.loc, 'AWS::SNS::Topic', syn.map(topicName.loc, [
            ['TopicName', topicName], ['DisplayName', valueOf(v, 'displayName')], ['Subscription', syn.seq(at, subs)],
          ])));
        }
        permission(naming.snsPermission(ctx.key, name), principal, 'SNS');
        break;
      }
      case 'schedule': {
        const n = next('schedule');
        const rate = isMap(v) ? items(valueOf(v, 'rate'))[0] : v;
        const enabled = isMap(v) ? text(valueOf(v, 'enabled')) : undefined;
        const rule = naming.schedule(ctx.key, n);
        ctx.add(rule, at, resourceNode(at, 'AWS::Events::Rule', syn.map(v.loc, [
          ['ScheduleExpression', rate], ['State', syn.str(at, enabled === 'false' ? 'DISABLED' : 'ENABLED')],
          ['Targets', syn.seq(at, [syn.map(at, [['Arn', fnArn], ['Id', syn.str(at, `${ctx.key}Schedule`)]])])],
        ]), { source: ctx.key }));
        permission(naming.schedulePermission(ctx.key, n), syn.str(at, 'events.amazonaws.com'), 'Schedule', syn.getAtt(at, rule, 'Arn'));
        break;
      }
      case 'cloudwatchEvent':
      case 'eventBridge': {
        const bridge = e.key === 'eventBridge';
        const n = next(e.key);
        const rule = bridge ? naming.eventBridgeRule(ctx.key, n) : naming.cloudWatchEvent(ctx.key, n);
        ctx.add(rule, at, resourceNode(at, 'AWS::Events::Rule', syn.map(v.loc, [
          ['EventBusName', bridge ? valueOf(v, 'eventBus') : undefined],
          ['EventPattern', valueOf(v, bridge ? 'pattern' : 'event')],
          ['ScheduleExpression', bridge ? valueOf(v, 'schedule') : undefined],
          ['Targets', syn.seq(at, [syn.map(at, [['Arn', fnArn], ['Id', syn.str(at, `${ctx.key}${bridge ? 'EventBridge' : 'CloudWatchEvent'}${n}`)]])])],
        ]), { source: ctx.key }));
        permission(bridge ? naming.eventBridgePermission(ctx.key, n) : naming.cloudWatchEventPermission(ctx.key, n), syn.str(at, 'events.amazonaws.com'), bridge ? 'EventBridge' : 'CloudWatchEvent', syn.getAtt(at, rule, 'Arn'));
        break;
      }
      case 'cloudwatchLog': {
        const n = next('cloudwatchLog');
        const group = isMap(v) ? valueOf(v, 'logGroup') : v;
        if (!group) break;
        ctx.add(naming.cloudWatchLog(ctx.key, n), at, resourceNode(at, 'AWS::Logs::SubscriptionFilter', syn.map(v.loc, [
          ['DestinationArn', fnArn], ['FilterPattern', valueOf(v, 'filter') ?? syn.str(at, '')], ['LogGroupName', group],
        ]), { source: ctx.key }));
        if (!once.has('cloudwatchLog')) {
          once.add('cloudwatchLog');
          permission(naming.cloudWatchLogPermission(ctx.key), concat(at, 'logs.', syn.ref(at, 'AWS::Region'), '.amazonaws.com'), 'CloudWatchLogs', arn(at, 'logs', 'log-group:', group, ':*'));
        }
        break;
      }
      case 'http':
      case 'httpApi': {
        if (once.has(e.key)) break;
        once.add(e.key);
        const rest = e.key === 'http';
        const apiId = rest ? naming.restApi() : naming.httpApi();
        const external = valueOf(valueOf(ctx.provider, rest ? 'apiGateway' : 'httpApi'), rest ? 'restApiId' : 'id');
        if (!external && !ctx.get(apiId)) {
          const name = concat(ctx.at, `${ctx.stage}-`, ctx.service);
          ctx.add(apiId, at, resourceNode(at, rest ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api', syn.map(at, rest
            ? [['Name', name]]
            : [['Name', name], ['ProtocolType', syn.str(at, 'HTTP')]])));
        }
        const api = external ?? syn.ref(at, apiId);
        permission(rest ? naming.apiGatewayPermission(ctx.key) : naming.httpApiPermission(ctx.key), syn.str(at, 'apigateway.amazonaws.com'), rest ? 'Api' : 'HttpApi',
          concat(at, 'arn:', syn.ref(at, 'AWS::Partition'), ':execute-api:', syn.ref(at, 'AWS::Region'), ':', syn.ref(at, 'AWS::AccountId'), ':', api, rest ? '/*/*' : '/*'));
        break;
      }
      case 'alb':
        if (!once.has('alb')) {
          once.add('alb');
          permission(naming.albPermission(ctx.key), syn.str(at, 'elasticloadbalancing.amazonaws.com'), 'ALB');
        }
        break;
      case 'msk': {
        const source = isMap(v) ? valueOf(v, 'arn') : undefined;
        if (!source) break;
        const t = text(source);
        esm(naming.msk(ctx.key, t ? t.split('/')[1] ?? 'Cluster' : nameOf(source, 'Cluster')), 'MSK', source, [['Topics', valueOf(v, 'topic') ? syn.seq(at, [valueOf(v, 'topic')!]) : undefined]]);
        break;
      }
      case 'activemq':
      case 'rabbitmq': {
        const source = isMap(v) ? valueOf(v, 'arn') : undefined;
        if (!source) break;
        esm(naming.mq(ctx.key, e.key === 'activemq' ? 'ActiveMQ' : 'RabbitMQ', nameOf(source, 'Broker')), 'MQ', source, [['Queues', valueOf(v, 'queue') ? syn.seq(at, [valueOf(v, 'queue')!]) : undefined]]);
        break;
      }
      default:
        break;
    }
  }
  return statements;
}

/** A name for logical ids from an ARN (`arn:...:my-queue` -> `my-queue`) or an intrinsic's target. */
function nameOf(n: SNode | undefined, fallback: string): string {
  const t = text(n);
  if (t !== undefined) return t.slice(t.lastIndexOf(':') + 1) || fallback;
  if (n && isIntrinsic(n)) {
    const { key, value } = n.entries[0]!;
    if (key === 'Ref') return text(value) ?? fallback;
    if (key === 'Fn::GetAtt') return value.kind === 'seq' ? text(value.items[0]) ?? fallback : (text(value) ?? fallback).split('.')[0]!;
    if (key === 'Fn::ImportValue') return text(value) ?? fallback;
  }
  return fallback;
}

/** Table or stream name in a stream ARN (`...:table/Claims/stream/2020...` -> `Claims`). */
function streamName(n: SNode | undefined, type: string): string {
  const t = text(n);
  if (t !== undefined) {
    const m = type === 'dynamodb' ? /table\/([^/]+)/.exec(t) : /stream\/([^/]+)/.exec(t);
    return m?.[1] ?? t.slice(t.lastIndexOf(':') + 1);
  }
  return nameOf(n, 'Stream');
}

/** `rules: [{prefix: x}, {suffix: y}]` -> `[{Name: prefix, Value: x}, ...]` */
function s3Rules(rules: SNode): SNode {
  return syn.seq(rules.loc, items(rules).flatMap((r) => (isMap(r) ? r.entries.map((e) => makeMap(e.keyLoc, [
    { key: 'Name', keyLoc: e.keyLoc, value: { kind: 'scalar', loc: e.keyLoc, value: e.key } },
    { key: 'Value', keyLoc: e.keyLoc, value: e.value },
  ])) : [])));
}
