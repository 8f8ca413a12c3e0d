/**
 * `ldlint/cdk`: ldlint inside AWS CDK apps.
 *
 * - `LdlintValidator`: a CDK policy-validation plugin (`new App({ policyValidationBeta1: [new LdlintValidator()] })`
 *   or `Validations.of(app).addPlugins(new LdlintValidator())`) running the full engine on the
 *   synthesized templates.
 * - `LdlintChecks`: a cdk-nag NagPack (cdk-nag 2: `Aspects.of(app).add(new LdlintChecks())`;
 *   cdk-nag 3: `Validations.of(app).addPlugins(new LdlintChecks(app))`).
 *
 * aws-cdk-lib, constructs and cdk-nag are optional peer dependencies, loaded from the app's own
 * installation; nothing else in ldlint (the CLI, the main export) loads them.
 */
import { defineLdlintChecks, type LdlintChecksClass, type LdlintChecksPack } from './nag-pack.js';
import { cdkNagOrUndefined } from './modules.js';

export { LdlintValidator, type LdlintValidatorProps } from './validator.js';
export { defineLdlintChecks, nagRuleId, NAG_PACK_NAME, type LdlintChecksClass, type LdlintChecksPack, type LdlintChecksProps, type NagModule } from './nag-pack.js';
export type { LdlintCdkOptions } from './lint.js';
export { isGeneratedByCdk, readCloudAssembly, type CdkOptions, type StackSource } from '../model/cdk.js';

const nag = cdkNagOrUndefined();

/** The cdk-nag NagPack of ldlint's checks (over the cdk-nag the app installs: 2 or 3). */
export const LdlintChecks: LdlintChecksClass = nag
  ? defineLdlintChecks(nag as never)
  : (class {
      constructor() {
        throw new Error('LdlintChecks needs cdk-nag (an optional peer dependency): npm install cdk-nag');
      }
    } as unknown as LdlintChecksClass);
export type LdlintChecks = LdlintChecksPack;
