import type { Terminal } from '@xterm/xterm';

/** xterm parses 5–35 MB/s; one huge write() blocks the page, so big output goes in chunks. */
export const CHUNK_SIZE = 48 * 1024;

/** Splits text into chunks of at most `size` UTF-16 units without cutting a surrogate pair. */
export function chunkText(text: string, size = CHUNK_SIZE): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/**
 * Serialised, flow-controlled writes: every write resolves when xterm has parsed it, and writes
 * never interleave (the prompt redraw relies on the cursor being where the last write left it).
 *
 * This writes terminal data as is: callers pass only text they built (ANSI from render/*) or text
 * that went through render/sanitize first. Response text never reaches `write` unsanitised.
 */
export class Output {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly term: Terminal) {}

  /**
   * Queues data. A function is called when its turn comes, so it can read the buffer state
   * (cursor, markers) as left by every earlier write.
   */
  write(data: string | (() => string)): Promise<void> {
    const run = async () => {
      for (const chunk of chunkText(typeof data === 'string' ? data : data())) {
        await new Promise<void>((resolve) => this.term.write(chunk, resolve));
      }
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** Writes lines followed by a newline each (the terminal converts \n to CRLF). */
  line(text = ''): Promise<void> {
    return this.write(text + '\n');
  }

  /** Runs `action` after every earlier write has been parsed, before any later one. */
  after(action: () => void): Promise<void> {
    const run = async () => action();
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** Resolves once everything written so far has been parsed. */
  flushed(): Promise<void> {
    return this.queue;
  }
}
