import { defineRule } from '../../src/engine/types.js';

// TODO(stub): not implemented yet.
export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-1/sensitive-data-access',
    businessRule: 'BR-LD-1',
    description: 'not implemented',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } },
  },
  check() {},
});
