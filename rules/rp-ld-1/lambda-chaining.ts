import { defineRule } from '../../src/engine/types.js';

// TODO(stub): not implemented yet.
export default defineRule<Record<string, never>>({
  meta: {
    id: 'RP-LD-1/lambda-chaining',
    businessRule: 'RP-LD-1',
    description: 'not implemented',
    defaultSeverity: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    docs: { rationale: '', remediation: { cloudformation: '', sam: '', serverless: '', cdk: '' } },
  },
  check() {},
});
