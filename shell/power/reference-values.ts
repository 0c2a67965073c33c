import type { ParsedReference } from './reference-syntax.js';
import type { ReferenceStore } from './response-store.js';

/**
 * Walking a parsed reference into the stored bodies (internal to references.ts).
 *
 *   referenceValue(text, ref, store): { ok: true, value } | { ok: false, message }
 *     `text` is what the reference was parsed from (messages quote its parts). Messages start
 *     with the reference as typed and say why it fails:
 *       `$last — no response yet: send a request first`
 *       `$7 — there is no response 7 yet (the last is $5)`
 *       `$1 — response 1 is no longer kept (the oldest kept is $51)`
 *       `$3.data — response 3 is not JSON, so it has no fields`
 *       `$last.data.foo — $last.data has no key "foo" (its keys: id, name, …)`
 *       `$last.data[5] — $last.data has 3 items, so [5] is out of range (0 to 2, or -1 for the last)`
 *       `$last.data.id.x — $last.data.id is a string, not an object`
 *   describeValue(value): string      'a string', 'an array of 3 items', 'null', …
 *   childKeys(value): string[] | null  an object's keys (own, in order), null for non-objects
 */

export type ValueResult = { ok: true; value: unknown } | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return `a ${typeof value}`;
}

export function childKeys(value: unknown): string[] | null {
  return isRecord(value) ? Object.keys(value) : null;
}

function keyList(keys: readonly string[]): string {
  if (keys.length === 0) return 'it is an empty object';
  const shown = keys.slice(0, 8).join(', ');
  return `its keys: ${shown}${keys.length > 8 ? ', …' : ''}`;
}

function baseValue(ref: ParsedReference, store: ReferenceStore, typed: string): ValueResult {
  const fail = (message: string): ValueResult => ({ ok: false, message: `${typed} — ${message}` });
  if (store.lastNumber === 0) return fail('no response yet: send a request first');
  const n = ref.base === 'last' ? store.lastNumber : ref.base;
  if (n > store.lastNumber) return fail(`there is no response ${n} yet (the last is $${store.lastNumber}; write $${ref.head} for a literal ${ref.head})`);
  const body = store.body(n);
  if (!body) return fail(`response ${n} is no longer kept (the oldest kept is $${store.oldestNumber})`);
  if (body.kind === 'empty') return fail(`response ${n} had an empty body`);
  if (body.kind === 'text') return ref.steps.length > 0 ? fail(`response ${n} is not JSON, so it has no fields`) : { ok: true, value: body.text };
  return { ok: true, value: body.value };
}

export function referenceValue(text: string, ref: ParsedReference, store: ReferenceStore): ValueResult {
  const typed = text.slice(ref.start, ref.end);
  const base = baseValue(ref, store, typed);
  if (!base.ok) return base;
  let value = base.value;
  for (let i = 0; i < ref.steps.length; i += 1) {
    const step = ref.steps[i]!;
    const parent = text.slice(ref.start, step.start);
    const fail = (message: string): ValueResult => ({ ok: false, message: `${typed} — ${parent} ${message}` });
    // `.0` on an array reads as an index: people write it, and it cannot mean anything else.
    const index = step.kind === 'index' ? step.index : Array.isArray(value) && /^[0-9]+$/.test(step.key) ? Number(step.key) : null;
    if (index !== null) {
      if (!Array.isArray(value)) return fail(`is ${describeValue(value)}, not an array${isRecord(value) ? ' (use .key)' : ''}`);
      if (value.length === 0) return fail('is an empty array');
      const at = index < 0 ? value.length + index : index;
      if (at < 0 || at >= value.length) {
        return fail(`has ${value.length} item${value.length === 1 ? '' : 's'}, so [${index}] is out of range (0 to ${value.length - 1}, or -1 for the last)`);
      }
      value = value[at];
      continue;
    }
    const key = (step as { key: string }).key;
    if (!isRecord(value)) return fail(`is ${describeValue(value)}, not an object`);
    if (!Object.hasOwn(value, key)) return fail(`has no key "${key}" (${keyList(Object.keys(value))})`);
    value = value[key];
  }
  return { ok: true, value };
}
