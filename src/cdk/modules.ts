/**
 * aws-cdk-lib and cdk-nag are optional peer dependencies: they are loaded here, on first use, from
 * the application's own installation (one instance of aws-cdk-lib per app matters: `Stack.isStack`,
 * aspects and validation plugins must see the app's classes).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type CdkLib = typeof import('aws-cdk-lib');
export type CdkNag = typeof import('cdk-nag');

let lib: CdkLib | undefined;

export function cdkLib(): CdkLib {
  if (!lib) {
    try {
      lib = require('aws-cdk-lib') as CdkLib;
    } catch (e) {
      throw new Error(`ldlint/cdk needs aws-cdk-lib (an optional peer dependency): npm install aws-cdk-lib constructs. ${(e as Error).message}`);
    }
  }
  return lib;
}

/** cdk-nag, when installed. */
export function cdkNagOrUndefined(): CdkNag | undefined {
  try {
    return require('cdk-nag') as CdkNag;
  } catch {
    return undefined;
  }
}
