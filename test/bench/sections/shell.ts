import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { BUNDLE, buildShell, shellBuildIsStale } from '../../../scripts/build-shell.js';
import { launchChromium } from '../../helpers/chromium.js';
import { bundleComposition, packageOf, sourceLocator } from '../lib/bundle-composition.js';
import { ROOT } from '../lib/child-server.js';
import type { BenchContext } from '../lib/context.js';
import type { Section } from '../lib/report.js';
import { benchHistory } from '../shell/fixtures.js';
// `window.benchKit` (types only: the kit runs in the page).
import type {} from '../shell/kit.js';
import { startPageServer, type PageServer } from '../shell/page-server.js';
import { AFTER_TAB, BEFORE_TAB, COMPLETED, KEYS_PER_PASS, TAB_STEPS, type Setup } from '../shell/key-script.js';
import { report, type AssistTimes, type OutputSamples, type ProfileShare, type Samples } from './shell-report.js';

/**
 * The shell in real Chromium, timed with `performance.now()` inside the page (test/bench/shell/
 * kit.ts): bundle size, Ctrl+J to a ready prompt, JS time per keystroke with a full history and a
 * big document against an empty one, and a 1 MB response against the same text written raw.
 */

const SETUPS: Setup[] = [
  { name: 'light', specUrl: '/spec-5.json', storageKey: 'bench-light', history: [] },
  { name: 'heavy', specUrl: '/spec-500.json', storageKey: 'bench-heavy', history: benchHistory(1000) },
];


/** Presses `key` and returns the time measured inside the page from its keydown. */
async function timed(page: Page, kind: 'open' | 'close' | 'enter', key: string): Promise<number> {
  await page.evaluate((which) => window.benchKit.arm(which), kind);
  await page.keyboard.press(key);
  return page.evaluate(() => window.benchKit.result());
}

async function buildKit(outDir: string): Promise<string> {
  // Like scripts/build-shell.ts: Vite must not bundle Lit's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    await build({
      root: ROOT,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2022',
        lib: { entry: path.join(ROOT, 'test', 'bench', 'shell', 'kit.ts'), formats: ['es'], fileName: () => 'bench-kit.js' },
      },
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return path.join(outDir, 'bench-kit.js');
}

async function openSetup(context: BrowserContext, server: PageServer, setup: Setup, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(`${setup.name}: ${err.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => Boolean(window.benchKit) && customElements.get('dev-shell') !== undefined);
  await page.evaluate((options) => window.benchKit.createShell(options), { specUrl: setup.specUrl, storageKey: setup.storageKey, history: setup.history });
  return page;
}

/** Ctrl+J timings on a freshly loaded page: the first open, then `later` close/open pairs. */
async function measureOpens(page: Page, samples: Samples, later: number): Promise<void> {
  samples.firstOpen.push(await timed(page, 'open', 'Control+j'));
  for (let i = 0; i < later; i += 1) {
    await timed(page, 'close', 'Control+j');
    samples.laterOpens.push(await timed(page, 'open', 'Control+j'));
  }
}

async function press(page: Page, key: string): Promise<void> {
  if (key.length === 1) await page.keyboard.type(key);
  else await page.keyboard.press(key);
  await page.waitForFunction(() => window.benchKit.keyDone());
}

async function measureKeys(page: Page, setup: Setup, passes: number, samples: Samples, round: number): Promise<void> {
  await page.evaluate(() => window.benchKit.startKeyTiming());
  for (let pass = 0; pass < passes; pass += 1) {
    for (const key of BEFORE_TAB) await press(page, key);
    for (const step of TAB_STEPS) {
      await press(page, 'Tab');
      // Both setups must complete alike, or they would not be typing the same thing.
      const text = (await page.evaluate(() => window.benchKit.input())).text;
      if (text !== step.expect) throw new Error(`${setup.name}: Tab gave "${text}", expected "${step.expect}"`);
      if (step.then) await press(page, step.then);
    }
    for (const key of AFTER_TAB) await press(page, key);
  }
  const times = await page.evaluate(() => window.benchKit.stopKeyTiming());
  if (times.length !== passes * KEYS_PER_PASS) throw new Error(`${setup.name}: timed ${times.length} keys of ${passes * KEYS_PER_PASS}`);
  samples.keys[setup.name].push(...times.map((t) => ({ ...t, round })));
  samples.idleFloor.push(...(await page.evaluate(() => window.benchKit.timeIdleFloor(10))));
}

export async function runShell(ctx: BenchContext): Promise<Section[]> {
  if (shellBuildIsStale()) {
    ctx.log('  building dist/dev-shell.js (stale or missing)');
    await buildShell({ quiet: true });
  }
  const bundle = { gzip: gzipSync(fs.readFileSync(BUNDLE)).length, parts: fs.existsSync(`${BUNDLE}.map`) ? bundleComposition(BUNDLE, `${BUNDLE}.map`) : [] };
  const kitFile = await buildKit(path.join(ctx.workDir, 'shell-kit'));
  const server = await startPageServer(kitFile);
  const browser = await launchChromium();
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const rounds = ctx.quick ? 1 : 4;
    const samples: Samples = { firstOpen: [], laterOpens: [], keys: { light: [], heavy: [] }, idleFloor: [] };

    for (let round = 0; round < rounds; round += 1) {
      for (const setup of round % 2 === 0 ? SETUPS : [...SETUPS].reverse()) {
        ctx.log(`    round ${round + 1}/${rounds} ${setup.name}: opens and keystrokes`);
        const page = await openSetup(context, server, setup, errors);
        await measureOpens(page, samples, ctx.quick ? 2 : 4);
        await measureKeys(page, setup, ctx.quick ? 1 : 2, samples, round);
        await page.close();
      }
    }

    ctx.log('    1 MB response vs raw writes');
    const output = await measureOutput(context, server, ctx.quick ? 1 : 5, errors);
    const assistPage = await openSetup(context, server, SETUPS[0]!, errors);
    const assist = await measureAssist(assistPage, ctx.quick ? 20 : 200);
    await assistPage.close();
    if (errors.length) throw new Error('the page reported errors');
    return [report(bundle, samples, output, assist)];
  } catch (err) {
    // A broken shell shows first as a page error; name it rather than only its symptom.
    if (errors.length) throw new Error(`${err instanceof Error ? err.message : String(err)} — page errors: ${[...new Set(errors)].slice(0, 3).join(' | ')}`);
    throw err;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The pure JS of the same keystrokes (ghost + coloured frame; completion on Tab), heavy vs light. */
async function measureAssist(page: Page, repeats: number): Promise<AssistTimes> {
  const line = `${COMPLETED}?from=2026-01-01`;
  const states = Array.from({ length: line.length }, (_, i) => line.slice(0, i + 1));
  const tabStates = ['GET /rep', 'GET /reports/t'];
  const time = (setup: Setup) =>
    page.evaluate(([specUrl, history, s, t, n]) => window.benchKit.timeAssist(specUrl, history, s, t, n), [setup.specUrl, setup.history, states, tabStates, repeats] as const);
  // A first pass of each warms up the JIT; the second is kept.
  await time(SETUPS[0]!);
  await time(SETUPS[1]!);
  return { light: await time(SETUPS[0]!), heavy: await time(SETUPS[1]!) };
}

/** Parses the shell's own status line (`HTTP 200 OK · 84 ms · 1.0 MB`) for the time it spent fetching. */
function reportedFetchMs(buffer: string): number {
  const matches = [...buffer.matchAll(/HTTP 200 OK · ([\d.,]+) (ms|s)/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error('no status line for GET /big in the terminal');
  const value = Number(last[1]!.replace(/,/g, ''));
  return last[2] === 's' ? value * 1000 : value;
}

async function measureOutput(context: BrowserContext, server: PageServer, runs: number, errors: string[]): Promise<OutputSamples> {
  const page = await openSetup(context, server, SETUPS[0]!, errors);
  await timed(page, 'open', 'Control+j');
  const parts = await page.evaluate(() => window.benchKit.prepareRenderParts('/api/v1/big', '/spec-5.json'));
  const out: OutputSamples = { total: [], fetchReported: [], displayed: [], coloured: [], full: [], fetch: [], parts, profile: [] };
  for (let i = 0; i <= runs; i += 1) {
    await page.keyboard.type('GET /big');
    await page.evaluate(() => window.benchKit.idle());
    const total = await timed(page, 'enter', 'Enter');
    const fetchMs = reportedFetchMs(await page.evaluate(() => window.benchKit.bufferText()));
    await page.keyboard.press('Control+l');
    await page.evaluate(() => window.benchKit.idle());
    const displayed = await page.evaluate(() => window.benchKit.timeRawWrite('displayed'));
    const coloured = await page.evaluate(() => window.benchKit.timeRawWrite('coloured'));
    const full = await page.evaluate(() => window.benchKit.timeRawWrite('full'));
    const fetched = await page.evaluate(() => window.benchKit.timeFetch('/api/v1/big'));
    if (i === 0) continue; // warm-up
    out.total.push(total);
    out.fetchReported.push(fetchMs);
    out.displayed.push(displayed);
    out.coloured.push(coloured);
    out.full.push(full);
    out.fetch.push(fetched);
  }
  out.profile = await profileEnter(page, 'GET /big');
  await page.close();
  return out;
}

/**
 * One more run of `line` under Chrome's sampling profiler: self time grouped by the original
 * source file of each function (mapped through dist/dev-shell.js.map), so the report can say
 * where the shell's time goes without knowing its code.
 */
async function profileEnter(page: Page, line: string): Promise<ProfileShare[]> {
  if (!fs.existsSync(`${BUNDLE}.map`)) return [];
  const locate = sourceLocator(`${BUNDLE}.map`);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await page.keyboard.type(line);
    await page.evaluate(() => window.benchKit.idle());
    await cdp.send('Profiler.start');
    await timed(page, 'enter', 'Enter');
    const { profile } = await cdp.send('Profiler.stop');
    const selfUs = new Map<number, number>();
    profile.samples?.forEach((node, i) => selfUs.set(node, (selfUs.get(node) ?? 0) + (profile.timeDeltas?.[i + 1] ?? 0)));
    const groups = new Map<string, number>();
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id) ?? 0;
      if (!us) continue;
      const { url, functionName, lineNumber, columnNumber } = node.callFrame;
      let name: string;
      if (url.endsWith('/dist/dev-shell.js')) {
        const source = locate(lineNumber, columnNumber) ?? 'dist/dev-shell.js (unmapped)';
        name = source.includes('node_modules/') ? packageOf(source) : source.replace(/^(\.\.\/)+/, '');
      } else if (url.endsWith('/bench-kit.js')) {
        name = 'the bench kit';
      } else {
        name = url ? url : functionName.startsWith('(') ? functionName : `(native ${functionName || 'code'})`;
      }
      if (name === '(idle)') continue;
      groups.set(name, (groups.get(name) ?? 0) + us / 1000);
    }
    return [...groups].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  } finally {
    await cdp.detach();
  }
}
