import type { Generated } from 'kysely';

/**
 * Row types of every table, as Kysely sees them. Each migration that adds a table adds its
 * interface here. Conventions: timestamps are ISO-8601 UTC text, dates `YYYY-MM-DD` text, money
 * integer minor units, booleans 0/1 integers, JSON as text — identical on SQLite and PostgreSQL.
 */

export type Mode = 'live' | 'test';

export interface OrganisationsTable {
  id: Generated<number>;
  name: string;
  base_currency: string;
  vat_number: string | null;
  /** JSON object: line1, line2, city, postcode, country. */
  address: string | null;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  organisation_id: number;
  email: string;
  name: string;
  password_hash: string;
  role: 'owner' | 'admin' | 'member';
  /** Bumped on password change; tokens carrying an older generation are dead. */
  token_generation: Generated<number>;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  /** The last accepted TOTP time step; a code at or before it is a replay. */
  totp_last_step: number | null;
  created_at: string;
}

/** Secrets the server generates for itself when the environment gives none (JWT, key pepper). */
export interface ServerSecretsTable {
  name: string;
  value: string;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  server_secrets: ServerSecretsTable;
}
