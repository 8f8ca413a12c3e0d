import { defineRule } from '../../src/engine/types.js';
import { fnLabel, shortList } from '../../src/engine/helpers.js';
import { globMatch, matchesEverything } from '../../src/engine/globs.js';
import { renderText } from '../../src/engine/log-groups.js';
import { describeConditions, items, readableVariants, variants, type Value, type VUnknown } from '../../src/model/value.js';

export interface Options {
  approvedLayers: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'BR-LD-2/common-logging-layer',
    businessRule: 'BR-LD-2',
    description: 'Suggest an approved common logging layer when the configuration lists some',
    defaultSeverity: 'info',
    schema: {
      type: 'object',
      properties: {
        approvedLayers: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'ARN globs of the approved common logging layers (`*` matches any text, `/` and `:` included; version numbers too). Empty (the default) turns the check off. A layer given by Ref to a layer of the project matches only `*`.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { approvedLayers: [] },
    docs: {
      rationale:
        'BR-LD-2 recommends a common logging function shared by the organisation’s functions, so that every function logs the same fields in the same format and the enterprise logging pipeline can parse them. Where the organisation publishes such a layer, a function that uses none of the approved layers probably logs its own way.',
      remediation: {
        cloudformation: 'Add the approved logging layer’s version ARN to the function’s `Layers`.',
        sam: 'Add the approved logging layer to `Layers`, once for all functions in `Globals.Function.Layers`.',
        serverless: 'Add the approved logging layer to `provider.layers` (or the function’s `layers`, which replaces the provider list).',
        cdk: 'Pass `layers: [lambda.LayerVersion.fromLayerVersionArn(this, "Logging", arn)]` to the function.',
        terraform: 'Add the approved logging layer\'s version ARN to `layers` of the `aws_lambda_function`.',
      },
    },
  },
  check(ctx, { approvedLayers }) {
    const globs = approvedLayers ?? [];
    if (globs.length === 0) return;
    const list = shortList(globs.map((g) => `"${g}"`), 2);
    for (const fn of ctx.project.functions) {
      const layers = fn.get('Layers');
      for (const { value, conditions } of variants(layers)) {
        let unknown: VUnknown | undefined;
        let found = false;
        for (const layer of items(value)) {
          const m = layerMatches(layer, globs, fn.resource);
          if (m === true) found = true;
          else if (m !== false) unknown ??= m;
        }
        if (found) continue;
        if (unknown) {
          ctx.unverifiable(unknown, 'Layers', fn.resource, fn.name);
          continue;
        }
        const when = describeConditions(conditions);
        const v = ctx.vocabulary(fn.resource);
        ctx.report({
          resource: fn.resource,
          resourceName: fn.name,
          at: value.kind === 'absent' ? fn.resource.keyLoc : value,
          path: conditions.length ? `Layers${when}` : 'Layers',
          message: `${fnLabel(fn)} uses none of the approved common logging layers (${list})${when}`,
          help: `Add an approved logging layer to ${v.name('Layers')} ${v.where('Layers')}, so that its logs have the fields enterprise logging expects`,
        });
      }
    }
  },
});

/** A layer ARN (template text) against the globs; a Ref/GetAtt to a layer of the project matches only `*`. */
function layerMatches(layer: Value, globs: string[], from: Parameters<typeof renderText>[1]): boolean | VUnknown {
  const { values, unknown } = readableVariants(layer);
  for (const value of values) {
    if (value.kind === 'ref') {
      if (globs.some(matchesEverything)) return true;
      continue;
    }
    const text = renderText(value, from);
    if (text !== undefined && globs.some((g) => globMatch(g, text))) return true;
  }
  return unknown ?? false;
}
