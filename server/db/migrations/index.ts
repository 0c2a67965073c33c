import type { Migration } from 'kysely';
import * as core from './001_core.js';

/**
 * Every migration, in order. Names sort lexically, so keep the three-digit prefix.
 * One list for both engines: engine differences live inside a migration (via ../engine.ts).
 */
export const migrations: Record<string, Migration> = {
  '001_core': core,
};
