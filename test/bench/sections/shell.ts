import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { BUNDLE, buildShell, shellBuildIsStale } from '../../../scripts/build-shell.js';
import { launchChromium } from '../../helpers/chromium.js';
import { ROOT } from '../lib/child-server.js';
import type { BenchContext } from '../lib/context.js';
import { check, type Row, type Section } from '../lib/report.js';
import { formatDuration, formatNumber, formatRatio, median, percentile } from '../lib/stats.js';
import { benchHistory } from '../shell/fixtures.js';
// `window.benchKit` (types only: the kit runs in the page).
import type { KeyTime } from '../shell/kit.js';
import { startPageServer, type PageServer } from '../shell/page-server.js';

/**
 * The shell in real Chromium, timed with `performance.now()` inside the page (test/bench/shell/
 * kit.ts): bundle size, Ctrl+J to a ready prompt, JS time per keystroke with a full history and a
 * big document against an empty one, and a 1 MB response against the same text written raw.
 */

const BUNDLE_BUDGET_BYTES = 130_000;

interface Setup {
  name: 'light' | 'heavy';
  specUrl: string;
  storageKey: string;
  history: string[];
}

const SETUPS: Setup[] = [
  { name: 'light', specUrl: '/spec-5.json', storageKey: 'bench-light', history: [] },
  { name: 'heavy', specUrl: '/spec-500.json', storageKey: 'bench-heavy', history: benchHistory(1000) },
];

/** What one pass of typing presses: method, path prefix, Tab twice (unique completions, a segment each), a query, edits, moves, clear. */
const KEY_SCRIPT: string[] = [
  ...'GET /rep',
  'Tab',
  't',
  'Tab',
  ...'?from=2026-01-01',
  'Backspace',
  'Backspace',
  'Backspace',
  'Backspace',
  'ArrowLeft',
  'ArrowLeft',
  'ArrowLeft',
  'ArrowRight',
  'ArrowRight',
  'ArrowRight',
  'Control+u',
];
const COMPLETED = 'GET /reports/trial-balance';

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

interface Samples {
  firstOpen: number[];
  laterOpens: number[];
  keys: Record<Setup['name'], KeyTime[]>;
  idleFloor: number[];
}

/** Ctrl+J timings on a freshly loaded page: the first open, then `later` close/open pairs. */
async function measureOpens(page: Page, samples: Samples, later: number): Promise<void> {
  samples.firstOpen.push(await timed(page, 'open', 'Control+j'));
  for (let i = 0; i < later; i += 1) {
    await timed(page, 'close', 'Control+j');
    samples.laterOpens.push(await timed(page, 'open', 'Control+j'));
  }
}

async function measureKeys(page: Page, setup: Setup, passes: number, samples: Samples): Promise<void> {
  await page.evaluate(() => window.benchKit.startKeyTiming());
  for (let pass = 0; pass < passes; pass += 1) {
    for (const [index, key] of KEY_SCRIPT.entries()) {
      if (key.length === 1) await page.keyboard.type(key);
      else await page.keyboard.press(key);
      await page.waitForFunction(() => window.benchKit.keyDone());
      if (index === KEY_SCRIPT.lastIndexOf('Tab')) {
        const text = (await page.evaluate(() => window.benchKit.input())).text;
        if (!text.startsWith(COMPLETED)) throw new Error(`${setup.name}: Tab completed "GET /rep" + "t" to "${text}", expected ${COMPLETED}`);
      }
    }
  }
  samples.keys[setup.name].push(...(await page.evaluate(() => window.benchKit.stopKeyTiming())));
  samples.idleFloor.push(...(await page.evaluate(() => window.benchKit.timeIdleFloor(10))));
}

export async function runShell(ctx: BenchContext): Promise<Section[]> {
  if (shellBuildIsStale()) {
    ctx.log('  building dist/dev-shell.js (stale or missing)');
    await buildShell({ quiet: true });
  }
  const gzip = gzipSync(fs.readFileSync(BUNDLE)).length;
  const kitFile = await buildKit(path.join(ctx.workDir, 'shell-kit'));
  const server = await startPageServer(kitFile);
  const browser = await launchChromium();
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const rounds = ctx.quick ? 1 : 3;
    const samples: Samples = { firstOpen: [], laterOpens: [], keys: { light: [], heavy: [] }, idleFloor: [] };

    for (let round = 0; round < rounds; round += 1) {
      for (const setup of round % 2 === 0 ? SETUPS : [...SETUPS].reverse()) {
        ctx.log(`    round ${round + 1}/${rounds} ${setup.name}: opens and keystrokes`);
        const page = await openSetup(context, server, setup, errors);
        await measureOpens(page, samples, ctx.quick ? 2 : 5);
        await measureKeys(page, setup, ctx.quick ? 1 : 2, samples);
        await page.close();
      }
    }

    ctx.log('    1 MB response vs raw writes');
    const output = await measureOutput(context, server, ctx.quick ? 1 : 5, errors);
    const assistPage = await openSetup(context, server, SETUPS[0]!, errors);
    const assist = await measureAssist(assistPage, ctx.quick ? 20 : 200);
    await assistPage.close();
    if (errors.length) throw new Error(`errors in the page: ${errors.slice(0, 3).join(' | ')}`);
    return [report(ctx, gzip, samples, output, assist)];
  } finally {
    await browser.close();
    await server.close();
  }
}

interface AssistTimes {
  light: { perKeyUs: number; perTabUs: number };
  heavy: { perKeyUs: number; perTabUs: number };
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

interface OutputSamples {
  total: number[];
  fetchReported: number[];
  displayed: number[];
  coloured: number[];
  full: number[];
  fetch: number[];
  parts: { renderMs: number; idScanMs: number; ids: number; lines: number; cut: number; fullLines: number; bytes: number };
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
  const out: OutputSamples = { total: [], fetchReported: [], displayed: [], coloured: [], full: [], fetch: [], parts };
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
  await page.close();
  return out;
}

const keyClass = (key: string) => (key.length === 1 ? 'characters' : key.startsWith('Arrow') ? 'arrows' : key);

/** Per kind of key: median and p95 for both setups, to show which keys carry the time. */
function keyBreakdown(samples: Samples): string {
  const classes = [...new Set(samples.keys.light.map((k) => keyClass(k.key)))];
  const stat = (keys: KeyTime[], cls: string) => {
    const ms = keys.filter((k) => keyClass(k.key) === cls).map((k) => k.ms);
    return `${formatDuration(median(ms))}/${formatDuration(percentile(ms, 95))}`;
  };
  return classes.map((cls) => `${cls} heavy ${stat(samples.keys.heavy, cls)}, light ${stat(samples.keys.light, cls)}`).join('; ');
}

function report(ctx: BenchContext, gzip: number, samples: Samples, output: OutputSamples, assist: AssistTimes): Section {
  const light = samples.keys.light.map((k) => k.ms);
  const heavy = samples.keys.heavy.map((k) => k.ms);
  const keyRatio = median(heavy) / median(light);
  const renderOnly = output.total.map((t, i) => t - output.fetchReported[i]!);
  const outputRatio = median(renderOnly) / median(output.displayed);
  const p = output.parts;
  const rows: Row[] = [
    {
      name: 'Bundle: `dist/dev-shell.js` gzip size (xterm, Lit, CSS included)',
      figure: `${formatNumber(gzip / 1000, 1)} kB`,
      target: '≤ 130 kB',
      status: check(gzip <= BUNDLE_BUDGET_BYTES),
      detail: `${formatNumber(gzip)} bytes gzip (level 6); ${formatNumber(fs.statSync(BUNDLE).size)} bytes minified`,
    },
    {
      name: 'Ctrl+J to a ready prompt, first open after page load',
      figure: formatDuration(median(samples.firstOpen)),
      target: 'report',
      status: 'info',
      detail: `median of ${samples.firstOpen.length} page loads; max ${formatDuration(Math.max(...samples.firstOpen))}`,
    },
    {
      name: 'Ctrl+J to a ready prompt, later opens',
      figure: formatDuration(median(samples.laterOpens)),
      target: 'report',
      status: 'info',
      detail: `median of ${samples.laterOpens.length}; p95 ${formatDuration(percentile(samples.laterOpens, 95))}`,
    },
    {
      name: 'JS time per keystroke: 1,000 history entries + 500-path document vs empty history + 5-path document',
      figure: formatRatio(keyRatio),
      target: '≤ 1.5',
      status: check(keyRatio <= 1.5),
      detail:
        `heavy: median ${formatDuration(median(heavy))}, p95 ${formatDuration(percentile(heavy, 95))}, max ${formatDuration(Math.max(...heavy))}; ` +
        `light: median ${formatDuration(median(light))}, p95 ${formatDuration(percentile(light, 95))} (${heavy.length} + ${light.length} keys); ` +
        `the same wait with no key takes ${formatDuration(median(samples.idleFloor))}`,
    },
    {
      name: 'Context: pure JS per keystroke (ghost lookup + coloured prompt frame), heavy vs light',
      figure: formatRatio(assist.heavy.perKeyUs / assist.light.perKeyUs),
      target: '—',
      status: 'info',
      detail:
        `heavy ${formatDuration(assist.heavy.perKeyUs / 1000)}, light ${formatDuration(assist.light.perKeyUs / 1000)} per key; ` +
        `Tab completion heavy ${formatDuration(assist.heavy.perTabUs / 1000)}, light ${formatDuration(assist.light.perTabUs / 1000)}`,
    },
    {
      name: '1 MB JSON response (pretty, coloured, IDs linkified) vs the same pretty text written raw',
      figure: formatRatio(outputRatio),
      target: '≤ 1.5×',
      status: check(outputRatio <= 1.5),
      detail:
        `shell ${formatDuration(median(renderOnly))} from Enter to output parsed, less its own fetch time (${formatDuration(median(output.fetchReported))}; ${formatDuration(median(output.total))} with it); ` +
        `raw ${formatDuration(median(output.displayed))} for the same ${formatNumber(p.lines)} lines uncoloured`,
    },
    {
      name: 'Context: the whole 1 MB body pretty-printed, written raw (what the shell avoids by capping)',
      figure: formatDuration(median(output.full)),
      target: '—',
      status: 'info',
      detail: `${formatNumber(p.fullLines)} lines; the shell shows the first ${formatNumber(p.lines)} and a note (${formatNumber(p.cut)} lines cut; copy gives the whole body)`,
    },
  ];
  const notes = [
    `Keystrokes: real key events from Playwright into xterm's textarea; each key is timed from a capture-phase \`keydown\` listener that runs before any shell code until \`testHooks.idle()\` resolves (the editor updated, colour and ghost computed, the prompt repainted and parsed by xterm). xterm's paint of the changed row happens in the next animation frame, the same in both setups, and is not counted. Typed per pass: \`GET /rep\`, Tab, \`t\`, Tab (completes to \`${COMPLETED}\`), \`?from=2026-01-01\`, 4 × Backspace, 3 × ←, 3 × →, Ctrl+U; ${ctx.quick ? 1 : 2} pass(es) per page, ${ctx.quick ? 1 : 3} page load(s) per setup, interleaved. The heavy history's only entry that matches what is typed is its oldest, so every ghost lookup walks all 1,000.`,
    `Per kind of key (median/p95): ${keyBreakdown(samples)}.`,
    `Output: the shell runs \`GET /big\` against a local server (${formatNumber(p.bytes)} bytes of JSON, ${formatNumber(p.ids)} invoice IDs the document declares); its time counts from the Enter keydown to \`idle()\`, less the fetch time the shell itself prints in the status line. The raw baseline writes the same pretty lines without colour to a second xterm Terminal of the same size and scrollback through the shell's own chunked \`Output\` writer (\`<dev-shell>\` has no hook to write raw text to its own terminal). Medians of ${output.total.length} runs after a warm-up.`,
    `Where the output time goes (medians, in the page): colouring the capped body \`renderBody()\` ${formatDuration(p.renderMs)}; the ID scan over the whole body ${formatDuration(p.idScanMs)}; writing the shell's coloured lines raw ${formatDuration(median(output.coloured))} vs uncoloured ${formatDuration(median(output.displayed))}; a plain \`fetch\` + \`text()\` of the body ${formatDuration(median(output.fetch))}.`,
  ];
  return {
    title: 'Shell (real Chromium)',
    method: 'Headless Chromium (test/helpers/chromium.ts) on a bench page that loads the built `dist/dev-shell.js` and `test/bench/shell/kit.ts`; every time is `performance.now()` inside the page.',
    rows,
    notes,
  };
}
