import { defineRule } from '../../src/engine/types.js';
import { fnLabel, shortList } from '../../src/engine/helpers.js';
import { exceptionOf, sensitiveAccesses, storeClassification, unknownSensitiveAccesses, type StoreAccess } from '../../src/engine/sensitivity.js';
import type { DataStore } from '../../src/model/types.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-1/sensitive-data-access',
    businessRule: 'BR-LD-1',
    description: 'Forbid functions that read or write a sensitive data store of the project unless they carry a valid ISSO exception',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'A function that reads or writes a data store classified as holding PII/PHI processes that data whether or not the function itself is tagged. CMS asks that Lambda not be used for sensitive data, so any path to such a store (an execution-role permission, an event source feeding records in, or an environment variable naming the store) needs an ISSO-approved exception, or the processing belongs elsewhere.',
      remediation: {
        cloudformation:
          'Remove the function\'s access to the store (role policy `Resource`, `AWS::Lambda::EventSourceMapping`, S3 `NotificationConfiguration`, environment variable), or record the ISSO approval in the function\'s `Metadata.ldlint.exception` (`reference`, `expires`).',
        sam:
          'Remove the policy template (`DynamoDBCrudPolicy`, `S3ReadPolicy`, ...), the `Events` entry or the variable that reaches the store, or add `Metadata.ldlint.exception` to the `AWS::Serverless::Function`.',
        serverless:
          'Remove the `iam.role.statements` entry, the `events` source or the variable that reaches the store, or record the approval in `custom.ldlint.exceptions.<function>`.',
        cdk:
          'Drop the `grant*` call, event source or variable that reaches the store, or add the exception with `addMetadata(\'ldlint\', {exception: {...}})` on the function\'s CfnFunction.',
        terraform: 'Remove the function\'s access to the store (the `aws_iam_role_policy` / `aws_iam_policy_document` statement, the `aws_lambda_event_source_mapping`, the environment variable), or record the ISSO approval in the `cms:isso-exception` tag of the `aws_lambda_function`.',
      },
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      const accesses = sensitiveAccesses(fn, ctx.project, ctx.settings);
      const byStore = new Map<DataStore, StoreAccess[]>();
      for (const a of accesses) {
        const list = byStore.get(a.store);
        if (list) list.push(a);
        else byStore.set(a.store, [a]);
      }
      const unknown = unknownSensitiveAccesses(fn, ctx.project, ctx.settings);
      if (byStore.size === 0 && unknown.length === 0) continue;
      const ex = exceptionOf(fn, ctx.settings, ctx.today);
      if (ex.state === 'valid') continue;
      if (ex.state === 'unknown') {
        if (byStore.size > 0) ctx.unverifiable(ex.loc, `ISSO exception (${ex.what})`, fn.resource, fn.name);
        continue;
      }
      if (byStore.size > 0) {
        const exText = (full: boolean) =>
          ex.state === 'expired' ? `its ISSO exception ${ex.reference} expired on ${ex.expires}`
            : ex.state === 'invalid' ? `its ISSO exception is not valid${full ? `: ${ex.why}` : ''}`
              : 'it carries no ISSO exception';
        const record = ex.state === 'invalid' ? `Fix the ISSO exception (${ex.why})` : ex.state === 'expired' ? 'Renew the ISSO exception' : 'Record the ISSO approval';
        const v = ctx.vocabulary(fn.resource);
        for (const [store, list] of byStore) {
          const via = storeClassification(store, ctx.settings).via!;
          const paths = [...new Set(list.map((a) => a.path))];
          const origins = [...new Set(list.flatMap((a) => /\((.*)\)$/.exec(a.path)?.[1] ?? []))];
          const classified = via.key.startsWith('Metadata.') ? `${via.key}=${via.value}` : `tag ${via.key}=${via.value}`;
          const full = `${fnLabel(fn)} reaches sensitive data store ${store.resource.logicalId} (${store.resource.type}, ${classified}) through ${shortList(paths, 2)}; ${exText(true)}`;
          // Too long with where each access is written: the kinds of access (the places go in the help).
          const kinds = [...new Set(paths.map((p) => p.replace(/ \(.*\)$/, '').replace(/^execution role statement$/, 'its role')))];
          const short = `${fnLabel(fn)} reaches sensitive data store ${store.resource.logicalId} (${classified}) through ${shortList(kinds, 2)}; ${exText(false)}`;
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: list[0]!.at, path: `access:${store.resource.logicalId}`,
            message: full.length <= 200 ? full : short,
            help: `Remove the access${origins.length ? ` (${shortList(origins, 2)})` : ''}, or ${record[0]!.toLowerCase()}${record.slice(1)} in ${v.name('Metadata.ldlint.exception').replace('<function>', fn.name)}${v.dialect === 'terraform' ? ` (the ${ctx.settings.sensitiveData.exceptionTagKey} tag)` : ''}`,
          });
        }
      }
      for (const u of unknown) {
        ctx.unverifiable(u.at, `access to sensitive data store ${u.store.resource.logicalId} through ${u.path}`, fn.resource, fn.name);
      }
    }
  },
});
