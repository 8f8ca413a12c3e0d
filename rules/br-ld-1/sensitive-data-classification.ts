import { defineRule } from '../../src/engine/types.js';
import { fnLabel } from '../../src/engine/helpers.js';
import { classification, exceptionOf, sensitiveAccesses } from '../../src/engine/sensitivity.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-1/sensitive-data-classification',
    businessRule: 'BR-LD-1',
    description: 'Forbid functions classified as handling PII/PHI/sensitive data unless they carry a valid ISSO exception',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: {
      rationale:
        'CMS asks that Lambda not be used for sensitive data (PII, PHI, FTI, CUI): short-lived shared execution environments, plaintext environment configuration and logs that leave the function make controls hard to prove. A function tagged or annotated as handling such data is either moved to a platform approved for it or runs under an exception approved by the ISSO, recorded with its reference and expiry so that reviewers can find it and it lapses when due. Classification tag keys and values are set in `settings.sensitiveData`.',
      remediation: {
        cloudformation:
          'Move the processing of sensitive data off Lambda, or record the ISSO approval in the function\'s `Metadata.ldlint.exception` (`reference`, `approvedBy`, `expires: YYYY-MM-DD`) or in the `cms:isso-exception` tag; renew an expired `expires`.',
        sam:
          'Move the processing off Lambda, or add `Metadata: {ldlint: {exception: {reference, approvedBy, expires}}}` to the `AWS::Serverless::Function` (tags in `Globals.Function.Tags` classify every function).',
        serverless:
          'Move the processing off Lambda, or record the approval in `custom.ldlint.exceptions.<function>: {reference, expires}` (tags in `provider.tags`/`provider.stackTags` classify every function).',
        cdk:
          'Move the processing off Lambda, or add the exception with `fn.node.defaultChild.addMetadata(\'ldlint\', {exception: {reference, expires}})` or `Tags.of(fn).add(\'cms:isso-exception\', ref)`.',
        terraform: 'Move the processing of sensitive data off Lambda, or record the ISSO approval in the `cms:isso-exception` tag (in `tags` of the `aws_lambda_function`, or the provider\'s `default_tags`).',
      },
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      const c = classification(fn, ctx.settings);
      const accesses = c.sensitive ? [] : sensitiveAccesses(fn, ctx.project, ctx.settings);
      if (!c.sensitive) {
        for (const u of c.unknown) ctx.unverifiable(u.value, `classification ${u.key}`, fn.resource, fn.name);
      }
      if (!c.sensitive && accesses.length === 0) continue;
      const why = c.via
        ? `is classified sensitive by ${c.via.key.startsWith('Metadata.') ? c.via.key : `tag ${c.via.key}`}=${c.via.value}${c.via.when}`
        : `reaches sensitive data store ${accesses[0]!.store.resource.logicalId}`;
      const ex = exceptionOf(fn, ctx.settings, ctx.today);
      const v = ctx.vocabulary(fn.resource);
      const tag = ctx.settings.sensitiveData.exceptionTagKey;
      const record = v.dialect === 'terraform' ? `the \`${tag}\` tag` : `${v.name('Metadata.ldlint.exception').replace('<function>', fn.name)} or the \`${tag}\` tag`;
      switch (ex.state) {
        case 'valid':
          break;
        case 'unknown':
          ctx.unverifiable(ex.loc, `ISSO exception (${ex.what})`, fn.resource, fn.name);
          break;
        case 'expired':
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: ex.loc, path: 'Metadata.ldlint.exception.expires',
            message: `${fnLabel(fn)} ${why}, and its ISSO exception ${ex.reference} expired on ${ex.expires}`,
            help: 'Renew the exception with a new `expires` date, or move the sensitive processing off Lambda',
          });
          break;
        case 'invalid':
          if (!c.via) break; // a function sensitive only by access is reported by BR-LD-1/sensitive-data-access
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: ex.loc, path: 'Metadata.ldlint.exception',
            message: `${fnLabel(fn)} ${why}, and its ISSO exception is not valid`,
            help: `Fix the exception (${ex.why}): record the approval \`reference\` (and \`expires: YYYY-MM-DD\`) in ${record}, or move the sensitive processing off Lambda`,
          });
          break;
        case 'none':
          if (!c.via) break;
          ctx.report({
            resource: fn.resource, resourceName: fn.name, at: c.via.loc, path: 'classification',
            message: `${fnLabel(fn)} ${why} and carries no ISSO exception`,
            help: `Lambda should not process CMS sensitive data: move the processing off Lambda, or record the ISSO approval (\`reference\`, \`expires\`) in ${record}`,
          });
          break;
      }
    }
  },
});
