import { defineRule } from '../../src/engine/types.js';

// TODO(stub): not implemented yet.
export default defineRule<Record<string, never>>({
  meta: {
    id: 'BR-LD-5/durable-functions',
    businessRule: 'BR-LD-5',
    description: 'not implemented',
    defaultSeverity: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } },
  },
  check() {},
});
