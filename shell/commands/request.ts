import { colour, dim, palette } from '../render/ansi.js';
import { renderBody, truncationNote } from '../render/json.js';
import { errorLine, statusLine } from '../render/status.js';
import { stringWidth } from '../render/width.js';
import { isSameOrigin, parseRequestLine, resolveUrl, type ParsedRequest } from '../request.js';
import { authHeader } from '../spec.js';
import { stripAnsi } from '../render/ansi.js';
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
  let credentials: Array<[string, string]> = [];
  let scheme: SentRequest['credentialScheme'] = 'plain';
  // Credentials go only to the API's own origin, never to an absolute URL elsewhere.
  if (isSameOrigin(url, env.spec.serverBase)) {
    if (env.authHeaders) {
      credentials = Object.entries(await env.authHeaders());
      scheme = 'host';
    } else if (env.apiKey) {
      credentials = [authHeader(env.spec.auth, env.apiKey)];
      scheme = env.spec.auth.kind === 'bearer' ? 'bearer' : 'plain';
    }
  }
  const typed = request.headers;
  const keep = (list: Array<[string, string]>) => list.filter(([name]) => !hasHeader(typed, name));
  return { headers: [...keep(ours), ...typed], credentials: keep(credentials), scheme };
}

async function printParseError(line: string, message: string, offset: number | undefined, ctx: RequestContext): Promise<void> {
  const caretAt = offset === undefined ? -1 : ctx.promptWidth + stringWidth(line.slice(0, offset));
  if (caretAt >= 0 && ctx.promptWidth + stringWidth(line) < ctx.columns()) {
    await ctx.line(colour(palette.ui.error, ' '.repeat(caretAt) + '^'));
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

/** Text to copy: pretty JSON exactly as displayed (without colour) when the body is JSON, else the raw body. */
function copyTextOf(body: string, contentType: string | null): () => string {
  return () => {
    const full = renderBody(body, contentType, Number.MAX_SAFE_INTEGER);
    return full.kind === 'json' ? stripAnsi(full.lines.join('\n')) : body;
  };
}

/** Parses, sends and prints one `METHOD PATH [JSON] [-H …]` line. */
export async function runRequest(line: string, ctx: RequestContext): Promise<void> {
  const parsed = parseRequestLine(line);
  if (!parsed.ok) {
    await printParseError(line, parsed.error.message, parsed.error.offset, ctx);
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

  const mark = await ctx.beginBlock();
  await ctx.line(statusLine({ status, statusText, durationMs, bytes }));
  const rendered = renderBody(body, contentType);
  if (rendered.lines.length) await ctx.write(rendered.lines.join('\n') + '\n');
  if (rendered.cut > 0) await ctx.line(truncationNote(rendered.cut));
  await ctx.endBlock(mark, copyTextOf(body, contentType), new URL(url).pathname);
  ctx.rememberIds(body);
}
