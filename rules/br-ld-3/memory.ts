import { defineRule } from '../../src/engine/types.js';

// TODO(stub): not implemented yet.
export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-3/memory',
    businessRule: 'BR-LD-3',
    description: 'not implemented',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } },
  },
  check() {},
});
