#!/usr/bin/env node
// The screenshot of the examples' HTML report shown in the README: docs/html-report.png.
// Needs a build (npm run build) and Chromium (Debian's `chromium`; CHROMIUM=path to override).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-shot-'));
try {
  const report = path.join(tmp, 'report.html');
  const r = spawnSync(process.execPath, ['bin/ldlint.js', 'examples/', '--report-suppressed', '-f', `html=${report}`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ldlint exited ${r.status}: ${r.stderr}`);
  // An empty profile of its own (Playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 1100 },
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.screenshot({ path: path.join(ROOT, 'docs/html-report.png') });
  } finally {
    await context.close();
  }
  console.log('wrote docs/html-report.png');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
