/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core (which downloads
 * nothing). Required when CI is set, skipped with its reason where the browser is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireProgram } from './support/system-program.js';
import { runMain } from './support/cli.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const program = requireProgram(CHROMIUM, { install: 'apt-get install -y chromium' });
const ROOT = path.resolve(__dirname, '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ldlint-html-'));

let context: BrowserContext | undefined;
const consoleErrors: string[] = [];

async function open(file: string): Promise<Page> {
  const page = await context!.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${file}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${file}: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) consoleErrors.push(`${file}: requested ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return page;
}

/** Lints `paths` from `cwd` into an HTML and a JSON report. */
async function reports(cwd: string, paths: string[], name: string, extra: string[] = []) {
  const html = path.join(tmp, `${name}.html`);
  const json = path.join(tmp, `${name}.json`);
  const run = await runMain([...paths, '--report-suppressed', ...extra, '-f', `html=${html}`, '-f', `json=${json}`], cwd);
  expect(run.code, run.stderr).toBeLessThan(2);
  return { html, json: JSON.parse(readFileSync(json, 'utf8')) };
}

beforeAll(async () => {
  if (!program.command) return;
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: program.command,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the HTML report of examples/ in Chromium', () => {
  it('renders with no console error and its totals equal the JSON report', async () => {
    const { html, json } = await reports(ROOT, ['examples/'], 'examples');
    const page = await open(html);
    const total = async (k: string) => Number(await page.locator(`[data-total="${k}"] .n`).textContent());
    expect(await total('errors')).toBe(json.summary.errors);
    expect(await total('warnings')).toBe(json.summary.warnings);
    expect(await total('infos')).toBe(json.summary.infos);
    expect(await total('suppressed')).toBe(json.summary.suppressed);
    expect(await page.locator('#findings-table tbody tr').count()).toBe(json.findings.length);
    expect(await page.locator('#matrix-table tbody tr').count()).toBe(json.summary.functions);
    expect(await page.locator('#overview-table tbody tr').count()).toBe(6);
    expect(consoleErrors).toEqual([]);
  });

  it('filters change the visible rows, from the keyboard too', async () => {
    const { html, json } = await reports(ROOT, ['examples/'], 'filters');
    const page = await open(html);
    const visible = () => page.locator('#findings-table tbody tr:visible').count();
    expect(await visible()).toBe(json.findings.length);
    const errors = json.findings.filter((f: { severity: string; suppression?: unknown }) => f.severity === 'error' && !f.suppression).length;
    await page.selectOption('#f-severity', 'error');
    expect(await visible()).toBe(errors);
    expect(await page.locator('#shown').textContent()).toBe(`Showing ${errors} of ${json.findings.length} findings`);
    const br2 = json.findings.filter((f: { businessRule: string; severity: string }) => f.businessRule === 'BR-LD-2' && f.severity === 'error').length;
    await page.selectOption('#f-br', 'BR-LD-2');
    expect(await visible()).toBe(br2);
    // Keyboard: focus the reset button and press Enter.
    await page.focus('#filters button[type="reset"]');
    await page.keyboard.press('Enter');
    await expect.poll(visible).toBe(json.findings.length);
    // A select reached with Tab and changed with the arrow keys.
    await page.focus('#f-severity');
    await page.keyboard.press('ArrowDown');
    const first = await page.locator('#f-severity').inputValue();
    const expected = json.findings.filter((f: { severity: string; suppression?: unknown }) => (f.suppression ? 'suppressed' : f.severity) === first).length;
    await expect.poll(visible).toBe(expected);
    expect(consoleErrors).toEqual([]);
  });
});

describe('the risk register in Chromium', () => {
  it('lists every suppression and exception, expired and expiring ones marked', async () => {
    const proj = path.join(tmp, 'risky');
    mkdirSync(proj, { recursive: true });
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(path.join(proj, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Claims:
    Type: AWS::Serverless::Function
    Metadata:
      ldlint:
        exception: {reference: ISSO-77, approvedBy: Jane Roe, expires: 2099-01-31}
        suppress:
          - id: BR-LD-3/reserved-concurrency
            reason: Throttled by the API usage plan
            expires: ${soon}
          - id: BR-LD-4
            reason: Nothing to suppress here
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      Timeout: 30
      MemorySize: 256
      Tags: {DataClassification: PHI}
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      # ldlint-disable-next-line BR-LD-3/timeout -- batch job
      Timeout: 900
`);
    writeFileSync(path.join(proj, 'ldlint.config.yaml'), 'ignore:\n  - id: BR-LD-2\n    reason: Logging stack is migrated in Q3\n    expires: 2020-01-01\n');
    const { html } = await reports(proj, ['.'], 'risky');
    const page = await open(html);
    const rows = page.locator('#risk-table tbody tr');
    expect(await rows.count()).toBe(5);
    const text = (await rows.allTextContents()).join('\n');
    for (const s of ['Throttled by the API usage plan', 'Nothing to suppress here', 'batch job', 'Logging stack is migrated in Q3', 'ISSO-77', 'Jane Roe', '2099-01-31', 'template.yaml:', 'ldlint.config.yaml:']) expect(text).toContain(s);
    expect(await page.locator('#risk-table tr.expiring').allTextContents()).toEqual([expect.stringContaining('Throttled by the API usage plan')]);
    expect(await page.locator('#risk-table tr.expired').allTextContents()).toEqual([expect.stringContaining('Logging stack is migrated in Q3')]);
    expect(consoleErrors).toEqual([]);
  });
});
