/**
 * Terraform / OpenTofu root modules among discovered files: every directory holding configuration
 * files is a module; it is a root unless another module directory of the run calls it as a local
 * child module (`source = "./x"`), in which case it is read through its caller.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveredFile } from './walk.js';

const CONFIG = /\.(tf|tofu)(\.json)?$/i;
const LOCAL_SOURCE = /\bsource"?\s*[=:]\s*"(\.{1,2}(?:\/[^"]*)?)"/g;

export function isTerraformFile(p: string): boolean {
  return CONFIG.test(p);
}

export interface TerraformRoot {
  /** Absolute directory. */
  path: string;
  explicit: boolean;
}

/** Splits discovered files into Terraform root modules and the other files. */
export function terraformRoots(files: readonly DiscoveredFile[]): { roots: TerraformRoot[]; rest: DiscoveredFile[] } {
  const dirs = new Map<string, { explicit: boolean; files: string[] }>();
  const rest: DiscoveredFile[] = [];
  for (const f of files) {
    if (!isTerraformFile(f.path)) { rest.push(f); continue; }
    const d = path.dirname(f.path);
    const entry = dirs.get(d) ?? { explicit: false, files: [] };
    entry.explicit ||= f.explicit;
    entry.files.push(f.path);
    dirs.set(d, entry);
  }
  const called = new Set<string>();
  for (const [dir, { files: list }] of dirs) {
    for (const f of list) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      if (!text.includes('source')) continue;
      for (const m of text.matchAll(LOCAL_SOURCE)) {
        const target = path.resolve(dir, m[1]!);
        if (target !== dir) called.add(target);
      }
    }
  }
  const roots = [...dirs].filter(([d, e]) => e.explicit || !called.has(d)).map(([d, e]) => ({ path: d, explicit: e.explicit }));
  roots.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { roots, rest };
}
