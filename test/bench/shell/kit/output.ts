import { Terminal } from '@xterm/xterm';
import { createIdFinder } from '../../../../shell/ids.js';
import { renderBody } from '../../../../shell/render/json.js';
import { parseSpec } from '../../../../shell/spec.js';
import { Output } from '../../../../shell/terminal/output.js';
import { frame, shell } from './page.js';

/**
 * The output baselines: a second xterm Terminal of the shell terminal's size written through the
 * shell's own `Output` (the element exposes no way to write raw text to its own terminal), and
 * the shell's pure renderers timed on their own.
 */

let raw: { term: Terminal; output: Output } | null = null;

/** A plain xterm Terminal with the shell terminal's size and scrollback, in a box of the same size. */
function rawTerminal(): { term: Terminal; output: Output } {
  if (raw) return raw;
  const view = shell().testHooks!.viewport();
  const screen = shell().shadowRoot!.querySelector('.terminal')!.getBoundingClientRect();
  const box = document.getElementById('raw')!;
  box.style.width = `${screen.width}px`;
  box.style.height = `${screen.height}px`;
  const term = new Terminal({ cols: view.cols, rows: view.rows, scrollback: 5000, convertEol: true });
  term.open(box);
  raw = { term, output: new Output(term) };
  return raw;
}

type RawText = 'displayed' | 'coloured' | 'full';
const texts: Partial<Record<RawText, string>> = {};

/** Writes a prepared text through the shell's own flow-controlled writer to the raw terminal; ms until parsed. */
export async function timeRawWrite(which: RawText): Promise<number> {
  const text = texts[which];
  if (text === undefined) throw new Error('call prepareRenderParts first');
  const { term, output } = rawTerminal();
  term.reset();
  await output.flushed();
  await frame();
  const t0 = performance.now();
  await output.write(text);
  return performance.now() - t0;
}

export async function timeFetch(url: string): Promise<number> {
  const t0 = performance.now();
  await (await fetch(url, { cache: 'no-store' })).text();
  return performance.now() - t0;
}

/**
 * The pure parts of showing a response, timed alone: colouring (capped as the shell caps it) and
 * the ID scan. Keeps the texts the raw baselines write: the same pretty lines the shell displays
 * without colour, the shell's coloured lines, and the whole pretty body.
 */
export async function prepareRenderParts(
  url: string,
  specUrl: string,
): Promise<{ renderMs: number; smallRenderMs: number; idScanMs: number; ids: number; lines: number; cut: number; fullLines: number; bytes: number }> {
  const body = await (await fetch(url, { cache: 'no-store' })).text();
  const spec = parseSpec(await (await fetch(specUrl)).json(), new URL(specUrl, location.href).href);
  let t0 = performance.now();
  const rendered = renderBody(body, 'application/json');
  const renderMs = performance.now() - t0;
  const findIds = createIdFinder(spec.idRoutes);
  t0 = performance.now();
  const ids = findIds(body).length;
  const idScanMs = performance.now() - t0;
  const parsed = JSON.parse(body) as { data: unknown[] };
  const full = JSON.stringify(parsed, null, 2).split('\n');
  // A body of the same shape cut down to about the lines the shell shows: if colouring the big
  // body costs far more than this, the shell colours lines it never shows.
  const small = JSON.stringify({ ...parsed, data: parsed.data.slice(0, Math.ceil((parsed.data.length * rendered.lines.length) / full.length)) });
  t0 = performance.now();
  renderBody(small, 'application/json');
  const smallRenderMs = performance.now() - t0;
  texts.displayed = full.slice(0, rendered.lines.length).join('\n') + '\n';
  texts.coloured = rendered.lines.join('\n') + '\n';
  texts.full = full.join('\n') + '\n';
  return { renderMs, smallRenderMs, idScanMs, ids, lines: rendered.lines.length, cut: rendered.cut, fullLines: full.length, bytes: body.length };
}
