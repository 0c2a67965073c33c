import type { ShellEnv } from '../../../../shell/commands/context.js';
import { lineOf } from '../../../../shell/editor/model.js';
import { ResponseStore } from '../../../../shell/power/references.js';
import { renderInputFrame } from '../../../../shell/render/input-line.js';
import { stringWidth } from '../../../../shell/render/width.js';
import { parseSpec } from '../../../../shell/spec.js';
import { Assist } from '../../../../shell/terminal/assist.js';
import { PROMPT_TEXT } from '../../../../shell/terminal/prompt.js';

/**
 * The pure JavaScript a keystroke costs, without xterm or scheduling: the ghost lookup and the
 * coloured prompt frame for each state of a typed line, and completion for the Tab states —
 * through the session's own `Assist` glue. Microseconds per keystroke, averaged over `repeats`.
 */
export async function timeAssist(
  specUrl: string,
  history: string[],
  states: string[],
  tabStates: string[],
  repeats: number,
): Promise<{ perKeyUs: number; perTabUs: number }> {
  const spec = parseSpec(await (await fetch(specUrl)).json(), new URL(specUrl, location.href).href);
  const env = { spec, specStatus: 'loaded' } as ShellEnv;
  const responses = new ResponseStore();
  const assist = new Assist(() => env, () => history, () => responses);
  const frameOf = (text: string) =>
    renderInputFrame({ prompt: PROMPT_TEXT, promptWidth: stringWidth(PROMPT_TEXT), text, cursor: text.length, columns: 120, ghost: assist.ghost(lineOf(text)), fromRow: 0 });
  let sink = 0;
  let t0 = performance.now();
  for (let r = 0; r < repeats; r += 1) for (const text of states) sink += frameOf(text).output.length;
  const perKeyUs = ((performance.now() - t0) * 1000) / (repeats * states.length);
  t0 = performance.now();
  for (let r = 0; r < repeats; r += 1) for (const text of tabStates) sink += assist.complete(lineOf(text), false)?.choices.length ?? 0;
  const perTabUs = ((performance.now() - t0) * 1000) / (repeats * tabStates.length);
  if (sink < 0) throw new Error('unreachable');
  return { perKeyUs, perTabUs };
}
