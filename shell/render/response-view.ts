import { stripAnsi } from './ansi.js';
import { MAX_BODY_LINES, capLines, renderBody, renderJson } from './json.js';
import { maskJson, maskText, type MaskOptions } from '../power/mask.js';
import { parseStoredBody } from '../power/response-store.js';
import type { CompiledFilter } from '../power/filter.js';

/**
 * What a response block shows and what its copy button copies: the body (or a `| filter`'s
 * selection of it) with secrets masked on screen, and the real text for the clipboard.
 *
 *   viewResponse(body: string, contentType: string | null, options?): ResponseView
 *     options: { filter?: CompiledFilter | null, mask?: MaskOptions, maxLines = MAX_BODY_LINES }
 *     Without a filter: the body as render/json.ts renderBody draws it, after mask.ts maskText
 *     (which keeps JSON valid, so a masked JSON body is still pretty-printed from its own text).
 *     With a filter: the JSON body is parsed, masked with maskJson and filtered, so a selection
 *     such as `| .data.secret` is masked too; each output is pretty-printed (renderJson).
 *     → { lines, cut, error, masked, copyText() }
 *       lines     coloured, sanitised terminal lines (capped at maxLines; cut = lines left out)
 *       error     why a filter gave nothing (the body is not JSON, or a run-time filter error
 *                 such as "Filter error at column 7: cannot iterate over null"); lines are []
 *       masked    whether anything on screen was masked: say that the copy holds the real text
 *       copyText  the real, unmasked text of what is shown: the pretty JSON (or raw text)
 *                 body, or the filter's outputs as pretty JSON, one after another
 */

export interface ResponseViewOptions {
  filter?: CompiledFilter | null;
  mask?: MaskOptions;
  maxLines?: number;
}

export interface ResponseView {
  lines: string[];
  cut: number;
  error: string | null;
  masked: boolean;
  copyText(): string;
}

function plainCopy(body: string, contentType: string | null): () => string {
  return () => {
    const full = renderBody(body, contentType, Number.MAX_SAFE_INTEGER);
    return full.kind === 'json' ? stripAnsi(full.lines.join('\n')) : body;
  };
}

export function viewResponse(body: string, contentType: string | null, options: ResponseViewOptions = {}): ResponseView {
  const maxLines = options.maxLines ?? MAX_BODY_LINES;
  const mask = options.mask ?? {};
  if (!options.filter) {
    const shown = maskText(body, mask);
    const rendered = renderBody(shown, contentType, maxLines);
    return { lines: rendered.lines, cut: rendered.cut, error: null, masked: shown !== body, copyText: plainCopy(body, contentType) };
  }
  const none = (error: string): ResponseView => ({ lines: [], cut: 0, error, masked: false, copyText: () => '' });
  const parsed = parseStoredBody(body, contentType);
  if (parsed.kind !== 'json') return none(`Cannot filter: the response body is ${parsed.kind === 'empty' ? 'empty' : 'not JSON'}.`);
  const result = options.filter.run(maskJson(parsed.value, mask));
  if (!result.ok) return none(result.error.message);
  const real = options.filter.run(parsed.value);
  const realValues = real.ok ? real.values : result.values;
  const rendered = capLines(
    (function* () {
      for (const value of result.values) yield* renderJson(value);
    })(),
    maxLines,
  );
  return {
    lines: rendered.lines,
    cut: rendered.cut,
    error: null,
    masked: JSON.stringify(realValues) !== JSON.stringify(result.values),
    copyText: () => realValues.map((value) => JSON.stringify(value, null, 2) ?? 'null').join('\n'),
  };
}
