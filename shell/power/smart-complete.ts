import { complete, type Completion, type CompletionContext } from '../complete.js';
import { lineOf, type EditorState } from '../editor/model.js';
import type { Selection } from '../editor/selection.js';
import { nextPlaceholder, placeholders, type RankedSuggestion } from './frecency.js';
import { completeReference } from './reference-completion.js';
import type { ReferenceStore } from './response-store.js';

/**
 * Tab and ghost text with frecency: how the shell combines complete.ts (spec paths, methods,
 * built-ins, seen IDs), reference-completion.ts (`$last.` keys) and frecency.ts (ranking by use).
 *
 *   smartComplete(state: EditorState, ctx: SmartContext, selected = false): CompletionStep | null
 *     Tab. `selected`: a placeholder is selected now (the previous Tab put it there). In order:
 *     1. a placeholder is selected → the next one (frecency.ts nextPlaceholder, wrapping) is
 *        selected: { state: cursor on it, select: its range } — typing replaces it;
 *     2. the cursor ends a `$reference` → its completion from the real bodies;
 *     3. complete.ts's completion, when it makes progress (the line changes, or real choices to
 *        list), several choices ordered by rank (orderByRank);
 *     4. with the cursor at the end: the best-ranked route template that extends the line, its
 *        first `{param}` in the part added selected (`GET /shipments/` → `GET /shipments/
 *        {shipmentId}`; a template used more — through history lines of its shape — wins).
 *        Only templates: a history line is the ghost text's to offer (→ takes it), and Tab
 *        must not surprise with one;
 *     5. the line holds a placeholder → the next one after the cursor is selected, so after
 *        typing an ID into one, Tab goes on to the next;
 *     6. else complete.ts's hint (`/invoices/{id}` listed), or null.
 *     → { state, choices, select } (choices: list them under the prompt), or null: nothing to do.
 *   smartGhost(state, rank): string | null
 *     The suffix of the best-ranked suggestion without placeholders that extends the line, with
 *     the cursor at the end of a non-blank line; else null.
 *   orderByRank(before, candidates, ranked): string[]
 *     Candidates (words that would follow `before`) ordered by the position of the best-ranked
 *     suggestion starting with `before + candidate`; unranked ones last; ties keep their order.
 *
 *   SmartContext = { rank(prefix): RankedSuggestion[]  (a frecency.ts createRanker),
 *                    responses: ReferenceStore, completion: CompletionContext }
 */

export interface CompletionStep {
  state: EditorState;
  choices: readonly string[];
  select: Selection | null;
}

export interface SmartContext {
  rank(prefix: string): RankedSuggestion[];
  responses: ReferenceStore;
  completion: CompletionContext;
}

export function orderByRank(before: string, candidates: readonly string[], ranked: readonly RankedSuggestion[]): string[] {
  if (candidates.length < 2) return [...candidates];
  const position = (candidate: string) => {
    const at = ranked.findIndex((s) => s.text.startsWith(before + candidate));
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  return candidates
    .map((candidate, order) => ({ candidate, order, at: position(candidate) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((c) => c.candidate);
}

function applied(state: EditorState, result: Completion, choices: readonly string[]): CompletionStep {
  const text = state.text.slice(0, result.replaceFrom) + result.insert + state.text.slice(result.replaceTo);
  return { state: lineOf(text, result.replaceFrom + result.insert.length), choices, select: null };
}

function select(state: EditorState, range: { start: number; end: number }): CompletionStep {
  return { state: lineOf(state.text, range.start), choices: [], select: { start: range.start, end: range.end } };
}

export function smartComplete(state: EditorState, ctx: SmartContext, selected = false): CompletionStep | null {
  const next = () => nextPlaceholder(state.text, state.cursor);
  if (selected && next()) return select(state, next()!);
  const reference = completeReference(state.text, state.cursor, ctx.responses);
  if (reference) return applied(state, reference, reference.candidates);
  const result = complete(state.text, state.cursor, ctx.completion);
  const before = result ? state.text.slice(0, result.replaceFrom) : '';
  const step = result ? applied(state, result, orderByRank(before, result.candidates, ctx.rank(before))) : null;
  if (step && (step.state.text !== state.text || step.choices.some((c) => !c.includes('{')))) return step;
  const template = state.cursor >= state.text.length && state.text.trim() !== '' ? ctx.rank(state.text).find((s) => s.placeholders) : undefined;
  const added = template && placeholders(template.text).find((p) => p.start >= state.text.length);
  if (template && added) return select({ text: template.text, cursor: 0 }, added);
  const placeholder = next();
  return placeholder ? select(state, placeholder) : step;
}

export function smartGhost(state: EditorState, rank: (prefix: string) => RankedSuggestion[]): string | null {
  if (state.cursor < state.text.length || state.text.trim() === '') return null;
  const best = rank(state.text).find((s) => !s.placeholders);
  return best ? best.text.slice(state.text.length) : null;
}
