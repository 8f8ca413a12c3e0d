import type { Formatter, ReportWriter } from './types.js';
import { joinReport } from './common.js';

export type { FormatContext, Formatter, ReportWriter } from './types.js';

/** Output formats, `stylish` (the default) first. */
export const FORMAT_NAMES = ['stylish', 'codeframe', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown', 'html'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const DEFAULT_FORMAT: FormatName = 'stylish';

interface FormatterModule {
  default: ReportWriter;
}

// One loader per format so that only the module asked for is imported.
const LOADERS: Record<FormatName, () => Promise<FormatterModule>> = {
  stylish: () => import('./stylish.js'),
  codeframe: () => import('./codeframe.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  junit: () => import('./junit.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  markdown: () => import('./markdown.js'),
  html: () => import('./html.js'),
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Loads the report writer for `name`; throws an Error listing the valid names for an unknown one. */
export async function loadReportWriter(name: string): Promise<ReportWriter> {
  if (!isFormatName(name)) {
    throw new Error(`Unknown format "${name}". Valid formats: ${FORMAT_NAMES.join(', ')}.`);
  }
  const mod = await LOADERS[name]();
  return mod.default;
}

/** Loads the formatter for `name` (the whole report as one string); throws for an unknown name. */
export async function loadFormatter(name: string): Promise<Formatter> {
  const write = await loadReportWriter(name);
  return (result, ctx) => joinReport(write(result, ctx));
}
