/**
 * The bodies of this session's responses, numbered, for `$last` / `$n` references.
 *
 *   class ResponseStore implements ReferenceStore
 *     new ResponseStore({ maxResponses = 50, maxChars = 20_000_000 } = {})
 *     record(bodyText: string, contentType?: string | null): number
 *       Keeps a response's body and returns its number: 1 for the session's first response,
 *       then 2, 3, … (numbers are never reused, also after eviction). The body is parsed once
 *       here: JSON when the content type says JSON (`application/json`, `*+json`, `text/json`)
 *       or, with no content type, when the text parses; a declared non-JSON type stays text
 *       (the same rule as render/json.ts's renderBody). Keep the real body here, never a
 *       masked one: `env set key $last.data.secret` must get the key itself.
 *       Only the newest `maxResponses` are kept, and older ones go first while the kept text
 *       exceeds `maxChars` UTF-16 units (the newest always stays), so a few huge bodies cannot
 *       hold the page's memory.
 *     lastNumber: number     the newest response's number, 0 before the first
 *     oldestNumber: number   the oldest number still kept (lastNumber + 1 when none is)
 *     body(n): StoredBody | undefined      undefined when n was never given or was evicted
 *     clear(): void          forgets the bodies; numbering continues (old `$n` stay invalid)
 *
 *   parseStoredBody(text, contentType?): StoredBody
 *   StoredBody = { kind: 'json', value } | { kind: 'text', text } | { kind: 'empty' }
 *   ReferenceStore = { lastNumber, oldestNumber, body(n) }   what references.ts reads
 *
 * Big integers in JSON lose precision once parsed (JSON.parse); IDs here are strings.
 */

export type StoredBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'empty' };

export interface ReferenceStore {
  readonly lastNumber: number;
  readonly oldestNumber: number;
  body(n: number): StoredBody | undefined;
}

export interface ResponseStoreOptions {
  maxResponses?: number;
  maxChars?: number;
}

function jsonTyped(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json') || essence === 'text/json';
}

export function parseStoredBody(text: string, contentType?: string | null): StoredBody {
  if (text === '') return { kind: 'empty' };
  if (!contentType || jsonTyped(contentType)) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      // Declared JSON that does not parse is shown as text, so it is kept as text.
    }
  }
  return { kind: 'text', text };
}

interface Entry {
  number: number;
  body: StoredBody;
  chars: number;
}

export class ResponseStore implements ReferenceStore {
  private readonly entries: Entry[] = [];
  private readonly maxResponses: number;
  private readonly maxChars: number;
  private chars = 0;
  private last = 0;

  constructor(options: ResponseStoreOptions = {}) {
    this.maxResponses = Math.max(1, Math.floor(options.maxResponses ?? 50));
    this.maxChars = Math.max(0, options.maxChars ?? 20_000_000);
  }

  get lastNumber(): number {
    return this.last;
  }

  get oldestNumber(): number {
    return this.entries[0]?.number ?? this.last + 1;
  }

  record(bodyText: string, contentType?: string | null): number {
    this.last += 1;
    this.entries.push({ number: this.last, body: parseStoredBody(bodyText, contentType), chars: bodyText.length });
    this.chars += bodyText.length;
    while (this.entries.length > 1 && (this.entries.length > this.maxResponses || this.chars > this.maxChars)) {
      this.chars -= this.entries.shift()!.chars;
    }
    return this.last;
  }

  body(n: number): StoredBody | undefined {
    const first = this.entries[0];
    if (!first || !Number.isInteger(n)) return undefined;
    return this.entries[n - first.number]?.body;
  }

  clear(): void {
    this.entries.length = 0;
    this.chars = 0;
  }
}
