import { HTTP_METHODS, type HttpMethod } from './render/ansi.js';
import type { ShellSpec } from './spec.js';

/**
 * Tab completion (pure).
 *
 *   complete(text: string, cursor: number, ctx: CompletionContext): Completion | null
 *     → { replaceFrom, replaceTo, insert, candidates }
 *       Replace text[replaceFrom, replaceTo) (the word up to the cursor) with `insert`. One
 *       match: insert is the whole word (+ ' ' after a command/method/argument, + '/' after a
 *       path segment that only leads deeper) and candidates is []. Several: insert is their
 *       longest common prefix and candidates lists them — print them under the prompt. A list
 *       may also come with an unchanged insert (e.g. `/invoices/{id}` when no invoice ID has
 *       been seen yet: a hint of the shape). null: nothing to complete.
 *   longestCommonPrefix(words: readonly string[]): string
 *   routeFilterWords(spec): string[]        `routes` filter words: the paths' first segments
 *
 *   CompletionContext = {
 *     spec: Pick<ShellSpec, 'routes' | 'idRoutes' | 'serverPath'> | null,
 *     commands: readonly CompletableCommand[],      the built-ins (commands/registry.ts fits)
 *     seenIds?: Iterable<string>,                    IDs from earlier responses, most recent first
 *   }
 *   CompletableCommand = { name, args?: readonly string[], subArgs?: {arg: readonly string[]} }
 *
 * Positions: first word → methods (any case typed, upper inserted) and built-in names; after
 * a method → spec paths, segment by segment, relative to the server prefix (a typed prefix such
 * as `/api/v1` is kept), only routes of that method; a `{param}` segment is offered as the IDs
 * seen whose prefix maps to a route of that shape (`inv_29` for `/invoices/{id}`); after a
 * built-in → its arguments (`history clear`, `env set <NAME>`, `routes <filter>`).
 */

export interface CompletableCommand {
  name: string;
  args?: readonly string[];
  subArgs?: Readonly<Record<string, readonly string[]>>;
}

export interface CompletionContext {
  spec: Pick<ShellSpec, 'routes' | 'idRoutes' | 'serverPath'> | null;
  commands: readonly CompletableCommand[];
  seenIds?: Iterable<string>;
}

export interface Completion {
  replaceFrom: number;
  replaceTo: number;
  insert: string;
  candidates: string[];
}

// What the element's built-ins take beyond their own `args`, so completion works unchanged.
const ENV_NAMES = ['base-url', 'spec-url', 'key'];
const DEFAULT_SUB_ARGS: Record<string, Record<string, readonly string[]>> = {
  env: { set: ENV_NAMES, unset: ENV_NAMES },
};
const DEFAULT_ARGS: Record<string, readonly string[]> = { history: ['clear'], env: ['set', 'unset'] };

export function longestCommonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const word of words) {
    let i = 0;
    while (i < prefix.length && i < word.length && prefix[i] === word[i]) i += 1;
    prefix = prefix.slice(0, i);
  }
  // Never end inside a surrogate pair.
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

export function routeFilterWords(spec: Pick<ShellSpec, 'routes'>): string[] {
  const words = new Set<string>();
  for (const route of spec.routes) {
    const first = route.path.split('/').find((s) => s.length > 0);
    if (first && !first.startsWith('{')) words.add(first);
  }
  return [...words].sort();
}

/** Chooses between one match (completed) and several (common prefix + list). */
function fromWords(word: string, from: number, to: number, matches: readonly string[], suffix = ' '): Completion | null {
  const unique = [...new Set(matches)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return { replaceFrom: from, replaceTo: to, insert: unique[0]! + suffix, candidates: [] };
  const common = longestCommonPrefix(unique);
  return { replaceFrom: from, replaceTo: to, insert: common.length >= word.length ? common : word, candidates: unique };
}

function firstWord(word: string, from: number, to: number, ctx: CompletionContext): Completion | null {
  const lower = word.toLowerCase();
  const methods = HTTP_METHODS.filter((m) => m.toLowerCase().startsWith(lower));
  const commands = ctx.commands.map((c) => c.name).filter((n) => n.toLowerCase().startsWith(lower));
  return fromWords(word, from, to, [...methods, ...commands]);
}

function commandArgs(words: readonly string[], word: string, from: number, to: number, ctx: CompletionContext): Completion | null {
  const name = words[0]!.toLowerCase();
  const command = ctx.commands.find((c) => c.name.toLowerCase() === name);
  if (!command) return null;
  let options: readonly string[] = [];
  if (words.length === 1) {
    options = command.args ?? DEFAULT_ARGS[name] ?? [];
    if (name === 'routes' && ctx.spec) options = [...options, ...routeFilterWords(ctx.spec)];
  } else if (words.length === 2) {
    options = (command.subArgs ?? DEFAULT_SUB_ARGS[name])?.[words[1]!] ?? [];
  }
  return fromWords(word, from, to, options.filter((o) => o.startsWith(word)));
}

interface SegmentOption {
  /** Text for this segment, or null for a `{param}` placeholder that cannot be inserted. */
  value: string | null;
  /** The path up to and including this segment, for the candidate list. */
  display: string;
  /** A route ends here / goes deeper. */
  complete: boolean;
  continues: boolean;
}

const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);
const shape = (segments: readonly string[]) => segments.map((s) => (isParam(s) ? '{}' : s)).join('/');

/** IDs seen whose prefix's single-item route has the shape of `template` up to `upTo` segments. */
function idsFor(template: readonly string[], upTo: number, ctx: CompletionContext, seen: readonly string[]): string[] {
  const wanted = shape(template.slice(0, upTo + 1));
  const prefixes = [...(ctx.spec?.idRoutes ?? new Map())].filter(([, r]) => shape(r.pathTemplate.split('/').filter(Boolean)) === wanted).map(([p]) => p);
  return seen.filter((id) => prefixes.some((p) => id.startsWith(`${p}_`)));
}

function pathOptions(method: HttpMethod, typed: readonly string[], partial: string, ctx: CompletionContext): SegmentOption[] {
  const seen = [...new Set(ctx.seenIds ?? [])];
  const byKey = new Map<string, SegmentOption>();
  const depth = typed.length;
  for (const route of ctx.spec?.routes ?? []) {
    if (route.method !== method) continue;
    const template = route.path.split('/').filter(Boolean);
    if (template.length <= depth) continue;
    if (!typed.every((segment, i) => isParam(template[i]!) || template[i] === segment)) continue;
    const here = template[depth]!;
    const base = `/${[...typed, ''].join('/')}`;
    const values = isParam(here) ? [...idsFor(template, depth, ctx, seen), null] : [here];
    for (const value of values) {
      if (value !== null && !value.startsWith(partial)) continue;
      const key = value ?? `{${here}}`;
      const option = byKey.get(key) ?? { value, display: base + (value ?? here), complete: false, continues: false };
      if (template.length === depth + 1) option.complete = true;
      else option.continues = true;
      byKey.set(key, option);
    }
  }
  const options = [...byKey.values()];
  // `{id}` is a hint for an empty segment, or when nothing else fits what was typed.
  const fits = options.filter((o) => o.value !== null);
  return partial !== '' && fits.length > 0 ? fits : options;
}

function pathCompletion(method: HttpMethod, word: string, from: number, to: number, ctx: CompletionContext): Completion | null {
  if (!ctx.spec || /[?#]/.test(word) || /^[a-z]+:/i.test(word)) return null;
  const serverPath = ctx.spec.serverPath;
  const withSlash = word.startsWith('/') ? word : `/${word}`;
  const keepPrefix = serverPath && (withSlash === serverPath || withSlash.startsWith(`${serverPath}/`)) ? serverPath : '';
  const relative = withSlash.slice(keepPrefix.length) || '/';
  const segments = relative.split('/').slice(1);
  const partial = segments.pop() ?? '';
  const head = `${keepPrefix}/${segments.map((s) => `${s}/`).join('')}`;
  const options = pathOptions(method, segments, partial, ctx);
  if (options.length === 0) return null;
  const insertable = options.filter((o) => o.value !== null);
  const result = (insert: string, candidates: string[]): Completion => ({ replaceFrom: from, replaceTo: to, insert, candidates });
  if (insertable.length === 1 && options.length === 1) {
    const only = insertable[0]!;
    const deeper = only.continues && (!only.complete || only.value === partial);
    return result(head + only.value + (deeper ? '/' : ''), []);
  }
  const common = longestCommonPrefix(insertable.map((o) => o.value!));
  const insert = insertable.length > 0 && common.length > partial.length ? head + common : head + partial;
  return result(insert, options.map((o) => (keepPrefix ? keepPrefix + o.display : o.display)));
}

export function complete(text: string, cursor: number, ctx: CompletionContext): Completion | null {
  const before = text.slice(0, Math.max(0, Math.min(cursor, text.length)));
  const from = before.search(/\S*$/);
  const word = before.slice(from);
  const words = before.slice(0, from).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return firstWord(word, from, before.length, ctx);
  const method = words[0]!.toUpperCase();
  if ((HTTP_METHODS as readonly string[]).includes(method)) {
    // Only the path is completed; a flag, a header or the JSON body is left alone.
    const pathWords = words.slice(1).filter((w, i, all) => !/^-/.test(w) && !/^-/.test(all[i - 1] ?? ''));
    if (pathWords.length > 0 || word.startsWith('-') || /^-/.test(words[words.length - 1]!)) return null;
    return pathCompletion(method as HttpMethod, word, from, before.length, ctx);
  }
  return commandArgs(words, word, from, before.length, ctx);
}
