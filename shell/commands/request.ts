import { colour, dim, palette } from '../render/ansi.js';
import { truncationNote } from '../render/json.js';
import { viewResponse } from '../render/response-view.js';
import { errorLine, statusLine } from '../render/status.js';
import { stringWidth } from '../render/width.js';
import { isSameOrigin, parseRequestLine, resolveUrl, type ParsedRequest } from '../request.js';
import type { CompiledFilter } from '../power/filter.js';
import { MASKED_NOTE, credentialsFor, maskOptionsFor } from './credentials.js';
import type { SentRequest, ShellContext } from './context.js';

/** An opaque handle for a response block's first row. */
export interface BlockMark {
  readonly id: number;
}

/** What sending a request needs beyond a built-in's context. */
export interface RequestContext extends ShellContext {
  readonly signal: AbortSignal;
  /** Visible width of the prompt, to point a caret at a column of the typed line. */
  readonly promptWidth: number;
  /** Marks the row the cursor is on as a response block's first row. */
  beginBlock(): Promise<BlockMark>;
  /** Ends the block on the row above the cursor; copying it gives `copyText()`. */
  endBlock(mark: BlockMark, copyText: () => string, requestPath: string): Promise<void>;
  /** Remembers the IDs in a response body, for completion. */
  rememberIds(text: string): void;
  recordSent(request: SentRequest): void;
  /** Keeps a response for `$last` / `$n` (and, when it is a list page, for next / prev); returns its n. */
  recordResponse(response: ReceivedResponse): number;
}

/** A response as received, for the response store and pagination. */
export interface ReceivedResponse {
  method: string;
  /** The path as sent (references resolved), query included. */
  path: string;
  url: string;
  status: number;
  body: string;
  contentType: string | null;
  linkHeader: string | null;
  /** The `| filter` it was shown with, so next / prev keep it. */
  filter: string | null;
}

export interface RequestOptions {
  /** A `| filter`: its text and the compiled form (compiled before sending, so errors send nothing). */
  filter?: { text: string; compiled: CompiledFilter } | null;
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** crypto.randomUUID exists only in secure contexts; an http:// LAN page still needs keys. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const hasHeader = (headers: Array<[string, string]>, name: string) => headers.some(([n]) => n.toLowerCase() === name.toLowerCase());

/** Headers in the order they are sent; typed `-H` headers replace ours of the same name. */
async function buildHeaders(
  request: ParsedRequest,
  url: string,
  ctx: RequestContext,
): Promise<{ headers: Array<[string, string]>; credentials: Array<[string, string]>; scheme: SentRequest['credentialScheme'] }> {
  const { env } = ctx;
  const ours: Array<[string, string]> = [['Accept', 'application/json']];
  if (request.body !== null) ours.push(['Content-Type', 'application/json']);
  // A header the API's CORS does not allow fails the preflight and sends nothing, so across
  // origins the key goes only to an API whose document declares it. The page's own origin has
  // no preflight: there every write gets one.
  const idempotencyWelcome = isSameOrigin(url, location.origin) || env.declaresIdempotencyKey;
  if (WITH_BODY.has(request.method) && idempotencyWelcome && !hasHeader(request.headers, 'Idempotency-Key')) {
    ours.push(['Idempotency-Key', newIdempotencyKey()]);
  }
  const { headers: credentials, scheme } = await credentialsFor(env, url);
  const typed = request.headers;
  const keep = (list: Array<[string, string]>) => list.filter(([name]) => !hasHeader(typed, name));
  return { headers: [...keep(ours), ...typed], credentials: keep(credentials), scheme };
}

/**
 * A local error in the typed line: a caret row under the part at `offset` (when the line fits on
 * one row, so the caret lines up with the prompt row above), the message, and "Nothing was sent."
 */
export async function printLocalError(
  ctx: Pick<ShellContext, 'line' | 'columns'> & { promptWidth: number },
  line: string,
  message: string,
  offset?: number,
  length = 1,
): Promise<void> {
  const caretAt = offset === undefined ? -1 : ctx.promptWidth + stringWidth(line.slice(0, offset));
  if (caretAt >= 0 && ctx.promptWidth + stringWidth(line) < ctx.columns()) {
    const width = Math.max(1, stringWidth(line.slice(offset, (offset ?? 0) + length)));
    await ctx.line(colour(palette.ui.error, ' '.repeat(caretAt) + '^'.repeat(width)));
  }
  await ctx.line(errorLine(message));
  await ctx.line(dim('Nothing was sent.'));
}

/** Notes Content-Security-Policy refusals of `url` while a request runs (fetch only says "Failed to fetch"). */
function watchCsp(url: string): { blocked(): Promise<boolean>; stop(): void } {
  let blocked = false;
  const origin = new URL(url).origin;
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    if (event.blockedURI === url || event.blockedURI.startsWith(origin)) blocked = true;
  };
  document.addEventListener('securitypolicyviolation', onViolation);
  return {
    // The violation event is queued as its own task, possibly after fetch has rejected.
    blocked: () => new Promise((resolve) => setTimeout(() => resolve(blocked), 0)),
    stop: () => document.removeEventListener('securitypolicyviolation', onViolation),
  };
}

function networkFailure(url: string, err: unknown, cspBlocked: boolean): string {
  const target = new URL(url);
  const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    return `Network error: the browser is offline, so ${target.origin} could not be reached${detail}.`;
  }
  if (cspBlocked) {
    return `Blocked: this page's Content-Security-Policy (connect-src) does not allow requests to ${target.origin}, so nothing was sent.`;
  }
  if (target.origin !== location.origin) {
    return (
      `Network error: no response from ${target.origin}${detail}. The server is down or unreachable (DNS, refused ` +
      `connection, TLS), or it does not allow calls from this page: CORS must allow the origin ${location.origin}.`
    );
  }
  return `Network error: no response from ${target.origin}${detail}. The server is down or unreachable.`;
}

/** Parses, sends and prints one `METHOD PATH [JSON] [-H …]` line. */
export async function runRequest(line: string, ctx: RequestContext, options: RequestOptions = {}): Promise<void> {
  const parsed = parseRequestLine(line);
  if (!parsed.ok) {
    await printLocalError(ctx, line, parsed.error.message, parsed.error.offset);
    return;
  }
  const request = parsed.request;
  let url: string;
  try {
    url = resolveUrl(ctx.env.spec.serverBase, request.path);
  } catch {
    await ctx.line(errorLine(`Cannot make a URL of ${request.path} against ${ctx.env.spec.serverBase}`));
    return;
  }
  const { headers, credentials, scheme } = await buildHeaders(request, url, ctx);
  ctx.recordSent({
    method: request.method,
    url,
    headers,
    credentialHeaders: credentials.map(([name]) => name),
    credentialScheme: scheme,
    body: request.body,
  });

  const csp = watchCsp(url);
  const started = performance.now();
  let status: number;
  let statusText: string;
  let contentType: string | null;
  let linkHeader: string | null;
  let body: string;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: [...headers, ...credentials],
      body: request.body,
      signal: ctx.signal,
      credentials: 'same-origin',
    });
    ({ status, statusText } = response);
    contentType = response.headers.get('content-type');
    // Readable across origins only when the API lists Link in Access-Control-Expose-Headers.
    linkHeader = response.headers.get('link');
    body = await response.text();
  } catch (err) {
    if (ctx.signal.aborted) await ctx.line(colour(palette.ui.warning, 'Request cancelled (Ctrl+C). The server may still have processed it.'));
    else await ctx.line(errorLine(networkFailure(url, err, await csp.blocked())));
    return;
  } finally {
    csp.stop();
  }
  const durationMs = performance.now() - started;
  const bytes = new TextEncoder().encode(body).byteLength;

  const filter = options.filter ?? null;
  const n = ctx.recordResponse({ method: request.method, path: request.path, url, status, body, contentType, linkHeader, filter: filter?.text ?? null });
  // Secrets are masked for display only: the store above and the copy button keep the real body.
  const view = viewResponse(body, contentType, { filter: filter?.compiled ?? null, mask: maskOptionsFor(ctx.env, credentials.map(([, value]) => value)) });

  const mark = await ctx.beginBlock();
  // `$n` names this response in later lines (`GET /invoices/$3.data[0].id`).
  await ctx.line(statusLine({ status, statusText, durationMs, bytes }) + dim(` · $${n}`));
  if (view.error) await ctx.line(errorLine(view.error));
  else if (view.lines.length) await ctx.write(view.lines.join('\n') + '\n');
  else if (filter) await ctx.line(dim('(the filter selected nothing)'));
  if (view.cut > 0) await ctx.line(truncationNote(view.cut));
  await ctx.endBlock(mark, view.copyText, new URL(url).pathname);
  if (view.masked) await ctx.line(dim(MASKED_NOTE));
  ctx.rememberIds(idScanWindow(body));
}

/** IDs offered by Tab come from the first 256 kB of a body: scanning a 1 MB body costs ~90 ms for nothing anyone tabs through. */
const ID_SCAN_CHARS = 256 * 1024;

function idScanWindow(body: string): string {
  if (body.length <= ID_SCAN_CHARS) return body;
  // Cut at a quote so no ID is cut in half (a half ID would be offered as if it existed).
  return body.slice(0, Math.max(0, body.lastIndexOf('"', ID_SCAN_CHARS)));
}
