import { maskText, type MaskOptions } from './mask.js';
import { parseStoredBody } from './response-store.js';

/**
 * What the hover tooltip of an ID says about the object it names, from the response to
 * `GET <its path>` made with the current credentials.
 *
 *   previewOf(status: number, body: string, contentType: string | null, mask?: MaskOptions): IdPreview | null
 *     2xx JSON: the object (our envelope's `data`, else the body itself) reduced to at most
 *       MAX_FIELDS of its identifying scalar fields, in PREVIEW_FIELDS order — name, number,
 *       status first — as [label, text] pairs; texts are one line, cut to MAX_TEXT characters
 *       and masked (mask.ts maskText), so a preview never shows a secret. No such field → null.
 *     401 / 403 / 404 / 410: a short note ("Not found"); a credential problem says so, so the
 *       tooltip never pretends the object is missing when the key may just not read it.
 *     Anything else (5xx, 429, not JSON): null — show nothing.
 *
 *   IdPreview = { kind: 'fields', fields: Array<[label, text]> } | { kind: 'note', text }
 */

export type IdPreview = { kind: 'fields'; fields: Array<[string, string]> } | { kind: 'note'; text: string };

export const PREVIEW_FIELDS = ['name', 'number', 'status', 'type', 'reference', 'description', 'email', 'code', 'date', 'dueDate'] as const;
export const MAX_FIELDS = 4;
export const MAX_TEXT = 60;

const NOTES: Record<number, string> = {
  401: 'Not authorised with the current credentials',
  403: 'The current key may not read this (403)',
  404: 'Not found (404)',
  410: 'Gone (410)',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function oneLine(text: string, mask: MaskOptions): string {
  const flat = maskText(text, mask).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT - 1).join('')}…` : flat;
}

export function previewOf(status: number, body: string, contentType: string | null, mask: MaskOptions = {}): IdPreview | null {
  const note = NOTES[status];
  if (note) return { kind: 'note', text: note };
  if (status < 200 || status > 299) return null;
  const parsed = parseStoredBody(body, contentType);
  if (parsed.kind !== 'json' || !isRecord(parsed.value)) return null;
  const object = isRecord(parsed.value.data) ? parsed.value.data : parsed.value;
  const fields: Array<[string, string]> = [];
  for (const key of PREVIEW_FIELDS) {
    const value = object[key];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = oneLine(String(value), mask);
    if (text) fields.push([key, text]);
    if (fields.length >= MAX_FIELDS) break;
  }
  return fields.length > 0 ? { kind: 'fields', fields } : null;
}
