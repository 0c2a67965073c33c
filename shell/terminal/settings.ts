import { SpecError, fallbackSpec, parseSpec, type ShellSpec } from '../spec.js';
import { createIdFinder, type FoundId } from '../ids.js';
import type { AuthHeadersProvider, ShellEnv } from '../commands/context.js';

/** What the element's attributes and properties say. */
export interface ElementSettings {
  baseUrl: string;
  specUrl: string;
  apiKey: string;
  authHeaders: AuthHeadersProvider | undefined;
}

export type SettingName = 'baseUrl' | 'specUrl' | 'apiKey';

/**
 * `env set` on top of the element's settings: a string replaces the setting. The key may also be
 * '' (`env unset key`: send none). `env unset` of a URL removes the override, back to the page's.
 */
export type Overrides = Partial<Record<SettingName, string>>;

const DEFAULT_SPEC_PATH = '/api/v1/openapi.json';

function absolute(url: string): string {
  return new URL(url, location.href).href.replace(/\/+$/, '');
}

/** The environment requests run in: defaults filled, overrides applied, the spec carried over. */
export function resolveEnv(element: ElementSettings, overrides: Overrides, previous: ShellEnv | null): ShellEnv {
  const pick = (name: SettingName): string | null => overrides[name] || element[name] || null;
  const baseUrl = absolute(pick('baseUrl') ?? location.origin);
  const specUrl = new URL(pick('specUrl') ?? `${baseUrl}${DEFAULT_SPEC_PATH}`, location.href).href;
  const keyOverridden = overrides.apiKey !== undefined;
  const apiKey = keyOverridden ? overrides.apiKey! : element.apiKey || '';
  const keep = previous && previous.specUrl === specUrl && previous.baseUrl === baseUrl;
  return {
    baseUrl,
    specUrl,
    apiKey,
    // A key typed with `env set key` is the user's explicit choice and wins over the host's.
    authHeaders: keyOverridden ? undefined : element.authHeaders,
    spec: keep ? previous.spec : fallbackSpec(baseUrl),
    specStatus: keep ? previous.specStatus : 'loading',
    declaresIdempotencyKey: keep ? previous.declaresIdempotencyKey : false,
  };
}

export interface LoadedSpec {
  spec: ShellSpec;
  status: string;
  declaresIdempotencyKey: boolean;
}

/** An `Idempotency-Key` header parameter anywhere in the document (spec.ts does not keep parameters). */
const IDEMPOTENCY_PARAMETER = /"name"\s*:\s*"idempotency-key"/i;

/** Fetches and parses the OpenAPI document; on failure, a fallback spec and the reason. */
export async function loadSpec(specUrl: string, baseUrl: string): Promise<LoadedSpec> {
  try {
    const response = await fetch(specUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new SpecError(`HTTP ${response.status}`);
    const text = await response.text();
    const doc: unknown = JSON.parse(text);
    return { spec: parseSpec(doc, response.url || specUrl), status: 'loaded', declaresIdempotencyKey: IDEMPOTENCY_PARAMETER.test(text) };
  } catch (err) {
    const reason = err instanceof SpecError ? err.message : err instanceof SyntaxError ? 'not JSON' : 'network error';
    return {
      spec: fallbackSpec(baseUrl),
      status: `Could not load the API document from ${specUrl} (${reason}): no routes, completion or ID links.`,
      declaresIdempotencyKey: false,
    };
  }
}

/**
 * The live environment: the element's settings, `env set` overrides on top, and the document
 * loaded for them. Reloads the document when its URL (or the base URL) changes.
 */
export class Environment {
  private env: ShellEnv;
  private overrides: Overrides = {};
  private loading: Promise<void> = Promise.resolve();
  private findIds: ReturnType<typeof createIdFinder>;

  constructor(
    private element: ElementSettings,
    private readonly onLoaded: () => void = () => {},
  ) {
    this.env = resolveEnv(element, this.overrides, null);
    this.findIds = createIdFinder(this.env.spec.idRoutes);
  }

  get current(): ShellEnv {
    return this.env;
  }

  /** Resolves when the document for the current settings has been loaded (or failed to). */
  get loaded(): Promise<void> {
    return this.loading;
  }

  /** The IDs of the current document's prefixes in a text. */
  ids(text: string): FoundId[] {
    return this.findIds(text);
  }

  /** New attribute values from the element. */
  configure(element: ElementSettings): Promise<void> {
    this.element = element;
    return this.apply();
  }

  /** `env set NAME VALUE` (a string) or `env unset NAME` (null): no key, or the page's URL back. */
  set(name: SettingName, value: string | null): Promise<void> {
    const next: Overrides = { ...this.overrides };
    if (value !== null) next[name] = value;
    else if (name === 'apiKey') next.apiKey = '';
    else delete next[name];
    this.overrides = next;
    return this.apply();
  }

  private apply(): Promise<void> {
    const before = this.env;
    this.env = resolveEnv(this.element, this.overrides, before);
    return before.specUrl !== this.env.specUrl || before.baseUrl !== this.env.baseUrl ? this.reload() : this.loading;
  }

  reload(): Promise<void> {
    const env = this.env;
    env.specStatus = 'loading';
    this.loading = loadSpec(env.specUrl, env.baseUrl).then(({ spec, status, declaresIdempotencyKey }) => {
      // A later `env set` may have moved on while this document loaded.
      if (this.env.specUrl !== env.specUrl || this.env.baseUrl !== env.baseUrl) return;
      this.env.spec = spec;
      this.env.specStatus = status;
      this.env.declaresIdempotencyKey = declaresIdempotencyKey;
      this.findIds = createIdFinder(spec.idRoutes);
      this.onLoaded();
    });
    return this.loading;
  }
}
