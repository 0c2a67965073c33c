import type { ShellSpec } from '../spec.js';
import type { HistoryStore } from '../history.js';
import type { ListExchange } from '../power/pagination.js';

/** Headers from the host page for every request (the portal case: the signed-in user's token). */
export type AuthHeadersProvider = () => Record<string, string> | Promise<Record<string, string>>;

/** What the shell talks to. Starts from the element's attributes; `env set` changes it. */
export interface ShellEnv {
  /** Effective base URL (attribute, `env set`, or the page's origin). */
  baseUrl: string;
  /** Effective OpenAPI document URL. */
  specUrl: string;
  apiKey: string;
  authHeaders: AuthHeadersProvider | undefined;
  /** The loaded document, or a fallback built from baseUrl when it could not be loaded. */
  spec: ShellSpec;
  /** 'loading', 'loaded', or why loading failed. */
  specStatus: string;
  /** The document declares an `Idempotency-Key` header, so its API's CORS surely allows one. */
  declaresIdempotencyKey: boolean;
}

/** A request as it was sent, for `curl [n]`. The key is never stored here, only where it went. */
export interface SentRequest {
  method: string;
  url: string;
  /** Headers as sent, except that the key (or host-provided auth) values are left out. */
  headers: Array<[string, string]>;
  /** Names of headers that carried credentials: curl writes them with $DEVSHELL_API_KEY. */
  credentialHeaders: string[];
  /** How the credential header value is built from the key ('Bearer ' + key or the key). */
  credentialScheme: 'bearer' | 'plain' | 'host';
  body: string | null;
}

/** The last response that was a page of a list (for `next` / `prev`), and the filter it was shown with. */
export interface LastList {
  exchange: ListExchange;
  filter: string | null;
}

/** The capabilities a built-in command gets. */
export interface ShellContext {
  readonly env: ShellEnv;
  readonly history: HistoryStore;
  readonly sent: readonly SentRequest[];
  /** Writes trusted terminal text (our own ANSI); untrusted text must be sanitised first. */
  write(text: string): Promise<void>;
  /** Writes one line (a newline is added). */
  line(text?: string): Promise<void>;
  /** Writes `display` (lines, sanitised by the caller) as one copyable block; the button copies `copyText`. */
  block(display: string, copyText: string): Promise<void>;
  /** Changes a setting and, when the document URL changes, reloads the spec. */
  setEnv(name: 'baseUrl' | 'specUrl' | 'apiKey', value: string | null): Promise<void>;
  clearScreen(): Promise<void>;
  /** Terminal width in columns, for layout. */
  columns(): number;
  /** The last list response, or null before the first. */
  lastList(): LastList | null;
  /**
   * Sends a request line as if typed (references already resolved), shown first as `→ line`, its
   * response printed with `filter` (a `| filter`'s text) when given.
   */
  request(line: string, filter: string | null): Promise<void>;
}

export interface Command {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Usage lines for `<name> --help` (first line is the synopsis). */
  usage: readonly string[];
  /** Argument words offered by completion in second position. */
  args?: readonly string[];
  run(args: string[], ctx: ShellContext): Promise<void>;
}
