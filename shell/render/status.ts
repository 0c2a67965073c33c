import { bold, colour, dim, palette, type Colour } from './ansi.js';
import { sanitizeLine } from './sanitize.js';

/**
 * The line above every response body: `HTTP 201 Created · 84 ms · 1.2 kB`.
 *
 *   statusLine({status, statusText?, durationMs, bytes}): string
 *     "HTTP <status> <reason>" bold in the class colour (2xx green, 3xx cyan, 4xx amber,
 *     5xx red, else gray), then dim " · <time> · <size>". statusText is the server's and is
 *     sanitised; when empty (HTTP/2 has none) the standard reason phrase is used.
 *   statusColour(status: number): Colour
 *   reasonPhrase(status: number): string          standard phrase, or '' when unknown
 *   formatDuration(ms: number): string            "84 ms", "1.2 s", "0 ms"
 *   formatBytes(bytes: number): string            "0 B", "512 B", "1.2 kB", "3.4 MB" (SI, 1000)
 *   errorLine(message: string): string            a red, sanitised one-line failure message
 */

export interface StatusInfo {
  status: number;
  statusText?: string;
  durationMs: number;
  bytes: number;
}

const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  418: "I'm a teapot",
  422: 'Unprocessable Content',
  425: 'Too Early',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

export function statusColour(status: number): Colour {
  if (status >= 200 && status < 300) return palette.status.success;
  if (status >= 300 && status < 400) return palette.status.redirect;
  if (status >= 400 && status < 500) return palette.status.clientError;
  if (status >= 500 && status < 600) return palette.status.serverError;
  return palette.status.info;
}

export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 1000) return `${Math.round(safe)} ms`;
  if (safe < 60_000) return `${trimmed(safe / 1000)} s`;
  const minutes = Math.floor(safe / 60_000);
  return `${minutes} min ${Math.round((safe % 60_000) / 1000)} s`;
}

/** One decimal below 10, none above (1.2 kB, 12 kB), never a trailing ".0". */
function trimmed(n: number): string {
  const text = n < 10 ? n.toFixed(1) : Math.round(n).toString();
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

export function formatBytes(bytes: number): string {
  const safe = Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : 0;
  if (safe < 1000) return `${safe} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = safe / 1000;
  let unit = 0;
  // Step up before rounding could print "1000 kB".
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${trimmed(value)} ${units[unit]}`;
}

export function statusLine({ status, statusText, durationMs, bytes }: StatusInfo): string {
  const reason = sanitizeLine(statusText?.trim() || reasonPhrase(status));
  const head = `HTTP ${status}${reason ? ` ${reason}` : ''}`;
  return colour(statusColour(status), bold(head)) + dim(` · ${formatDuration(durationMs)} · ${formatBytes(bytes)}`);
}

export function errorLine(message: string): string {
  return colour(palette.ui.error, sanitizeLine(message));
}
