import type { Migration } from 'kysely';
import * as core from './001_core.js';
import * as auth from './002_auth.js';
import * as apiKeys from './003_api_keys.js';
import * as requestLog from './004_request_log.js';
import * as idempotency from './005_idempotency.js';
import * as bookkeeping from './006_bookkeeping.js';
import * as bankImportsRules from './007_bank_imports_rules.js';
import * as rateLimits from './008_rate_limits.js';
import * as metadataRecordIndex from './009_metadata_record_index.js';

/**
 * Every migration, in order. Names sort lexically, so keep the three-digit prefix.
 * One list for both engines: engine differences live inside a migration (via ../engine.ts).
 */
export const migrations: Record<string, Migration> = {
  '001_core': core,
  '002_auth': auth,
  '003_api_keys': apiKeys,
  '004_request_log': requestLog,
  '005_idempotency': idempotency,
  '006_bookkeeping': bookkeeping,
  '007_bank_imports_rules': bankImportsRules,
  '008_rate_limits': rateLimits,
  '009_metadata_record_index': metadataRecordIndex,
};
