import { clear, createStore, get, update, type UseStore } from 'idb-keyval';
import { addToHistory, normaliseHistory, type HistoryOptions } from './history-list.js';

/**
 * The shell's command history, persisted per `storage-key` in IndexedDB (idb-keyval), oldest
 * first. The list logic (redaction, cap, consecutive duplicates) is history-list.ts; this file
 * only loads and saves. Private modes and sandboxed frames may have no IndexedDB: the history
 * then lives in memory and the shell says so once.
 */
export interface HistoryStore {
  /** Oldest → newest. */
  readonly entries: readonly string[];
  /** False when IndexedDB is unavailable and the history ends with the page. */
  readonly persistent: boolean;
  /** Adds a line (redacted; a repeat of the newest entry is not added again). */
  add(line: string, options?: HistoryOptions): Promise<void>;
  clear(): Promise<void>;
}

/** An IndexedDB that never answers (a blocked open) must not hold back the first prompt. */
const LOAD_TIMEOUT_MS = 3000;
const ENTRIES = 'entries';

export const MEMORY_ONLY_NOTICE = 'History is kept in memory only: this browser gives the page no IndexedDB (private mode?).';

function openStore(storageKey: string): UseStore {
  // One database per storage-key, so `history clear` clears exactly one namespace.
  return createStore(`devshell-history:${storageKey || 'default'}`, 'history');
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), LOAD_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function memoryHistory(): HistoryStore {
  let entries: string[] = [];
  return {
    get entries() {
      return entries;
    },
    persistent: false,
    async add(line, options) {
      entries = addToHistory(entries, line, options);
    },
    async clear() {
      entries = [];
    },
  };
}

export async function openHistory(storageKey: string): Promise<{ store: HistoryStore; notice: string | null }> {
  let store: UseStore;
  let entries: string[];
  try {
    store = openStore(storageKey);
    entries = normaliseHistory(await withTimeout(get(ENTRIES, store)));
  } catch {
    return { store: memoryHistory(), notice: MEMORY_ONLY_NOTICE };
  }
  return {
    notice: null,
    store: {
      get entries() {
        return entries;
      },
      persistent: true,
      async add(line, options) {
        entries = addToHistory(entries, line, options);
        try {
          // Read-modify-write inside one transaction: another tab's lines are kept, not overwritten.
          await update(ENTRIES, (stored: unknown) => addToHistory(normaliseHistory(stored, options), line, options), store);
        } catch {
          // A failed write (quota, a closed database) loses persistence, not the session's history.
        }
      },
      async clear() {
        entries = [];
        try {
          await clear(store);
        } catch {
          // As above.
        }
      },
    },
  };
}
