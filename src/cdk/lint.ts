/**
 * The synchronous lint pipeline of the CDK plugins: config (nearest ldlint config, or the one
 * given), one project over the stack set, inline suppressions, config `ignore`, config `cdk`.
 * CDK calls validation plugins and aspects synchronously, so this cannot go through the async
 * `lintPaths`; it runs the same steps as its cloud-assembly branch (src/run.ts).
 *
 * No aws-cdk-lib imports here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createConfigResolver } from '../config/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { localReader } from '../io/read.js';
import { knownIdsOf, RunSuppressions } from '../engine/suppress.js';
import type { Finding, Rule } from '../engine/types.js';
import { readCloudAssembly, type StackSource } from '../model/cdk.js';
import { rules as allRules } from '../../rules/index.js';
import { cdkOptionsOf, lintStackSet } from './engine.js';

/** Options shared by `LdlintValidator` and `LdlintChecks`. */
export interface LdlintCdkOptions {
  /** ldlint config file (default: the nearest `ldlint.config.*` / `.ldlintrc*` above the cloud assembly, else above `cwd`). */
  readonly configFile?: string;
  /** Directory that report paths are relative to, and where the config search starts for apps synthesized in memory (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Report unverifiable values as warnings (like `--strict`). */
  readonly strict?: boolean;
  /** Today's date (YYYY-MM-DD), for exception and suppression expiry (default: today). */
  readonly today?: string;
  /** Template parameter values (like `--parameter`). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The checks to run (default: all of ldlint's). */
  readonly rules?: readonly Rule<any>[];
}

export interface PluginLint {
  /** Findings not suppressed (inline `Metadata.ldlint.suppress`, config `ignore`), sorted by file and line. */
  findings: Finding[];
  /** Absolute template path per display path. */
  absPath: Map<string, string>;
  cwd: string;
}

/** Lints a stack set (read from an assembly or synthesized in memory) the way the CLI lints `cdk.out`. */
export function lintStacksForPlugin(stacks: readonly StackSource[], options: LdlintCdkOptions = {}, configDir?: string): PluginLint {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const rules = options.rules ?? allRules;
  const config: ResolvedConfig = createConfigResolver(rules, options.configFile ? { config: path.resolve(cwd, options.configFile) } : {})(configDir ?? cwd);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const parameters = new Map<string, string>(Object.entries(config.settings.parameters ?? {}).map(([k, v]) => [k, String(v)]));
  for (const [k, v] of Object.entries(options.parameters ?? {})) parameters.set(k, v);
  const knownIds = knownIdsOf(allRules);
  const { findings } = lintStackSet(stacks, {
    rules,
    run: { rules: config.rules, settings: config.settings, strict: !!options.strict || config.strict, today },
    overrides: parameters,
    readLocal: localReader(cwd, configDir ?? cwd),
    cdk: cdkOptionsOf(config),
    inline: { inline: true, nonSuppressible: config.nonSuppressible, knownIds },
  });
  const suppressions = new RunSuppressions({ cwd, today, knownIds });
  const applied = suppressions.apply(findings, config, stacks.map((s) => s.path));
  applied.push(...suppressions.finish().findings);
  const reported = applied.filter((f) => !f.suppression);
  reported.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const absPath = new Map<string, string>();
  for (const s of stacks) absPath.set(s.path, s.absPath ?? path.resolve(cwd, s.path));
  return { findings: reported, absPath, cwd };
}

/**
 * The stack sources of synthesized templates (absolute paths, as CDK's validation context gives
 * them): read through their cloud assembly's manifest (construct paths, nested stacks, stages),
 * keeping the given templates and their nested stacks.
 */
export function stacksOfTemplates(templatePaths: readonly string[], cwd: string): { stacks: StackSource[]; assemblyDir: string | undefined } {
  const wanted = new Set(templatePaths.map((p) => path.resolve(p)));
  if (wanted.size === 0) return { stacks: [], assemblyDir: undefined };
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
  // The top-most directory among the templates' directories that holds a manifest: the app's assembly.
  const dirs = [...new Set([...wanted].map((p) => path.dirname(p)))].sort((a, b) => a.length - b.length);
  const root = dirs.find((d) => dirs.every((x) => x === d || x.startsWith(d + path.sep)));
  const assemblyDirs = root ? [root] : dirs.filter((d) => !dirs.some((x) => x !== d && d.startsWith(x + path.sep)));
  const stacks: StackSource[] = [];
  const seen = new Set<string>();
  for (const dir of assemblyDirs) {
    const assembly = readCloudAssembly(dir, { display });
    const tops = assembly.stacks.filter((s) => !s.nested && s.absPath !== undefined && wanted.has(s.absPath));
    for (const s of assembly.stacks) {
      const keep = tops.includes(s) || (s.nested && tops.some((t) => t.stackPath !== undefined && s.stackPath?.startsWith(t.stackPath + '/')));
      if (keep && !seen.has(s.absPath!)) {
        seen.add(s.absPath!);
        stacks.push(s);
      }
    }
  }
  // Templates the manifests do not list (should not happen): linted without construct paths.
  for (const p of wanted) {
    if (seen.has(p)) continue;
    const text = readTemplate(p);
    if (text !== undefined) stacks.push({ path: display(p), absPath: p, text, constructPaths: new Map(), handlerPaths: new Set() });
  }
  return { stacks, assemblyDir: root ?? assemblyDirs[0] };
}

function readTemplate(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** `docs/rules/br-ld-3/timeout.md` on the project site, for a check id. */
export function docsUrl(ruleId: string): string {
  return `https://github.com/ldlint/ldlint/blob/main/docs/rules/${ruleId.toLowerCase()}.md`;
}
