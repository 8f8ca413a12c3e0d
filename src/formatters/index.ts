import type { Formatter } from './types.js';

export type { FormatContext, Formatter } from './types.js';

/** Output formats, `stylish` (the default) first. */
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const DEFAULT_FORMAT: FormatName = 'stylish';

interface FormatterModule {
  default: Formatter;
}

// One loader per format so that only the module asked for is imported.
const LOADERS: Record<FormatName, () => Promise<FormatterModule>> = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  markdown: () => import('./markdown.js'),
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Loads the formatter for `name`; throws an Error listing the valid names for an unknown one. */
export async function loadFormatter(name: string): Promise<Formatter> {
  if (!isFormatName(name)) {
    throw new Error(`Unknown format "${name}". Valid formats: ${FORMAT_NAMES.join(', ')}.`);
  }
  const mod = await LOADERS[name]();
  return mod.default;
}
