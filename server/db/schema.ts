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

/** Consecutive failed sign-ins per normalised email (known or not); shared by every instance. */
export interface LoginAttemptsTable {
  email: string;
  failures: number;
  /** ISO time until which every sign-in is refused; null when not locked. */
  locked_until: string | null;
  last_failure_at: string;
}

/** API keys: only the keyed hash and the last four characters of the secret are kept. */
export interface ApiKeysTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  name: string;
  key_hash: string;
  last4: string;
  /** JSON array of scopes (`invoices:read`, `*`…). */
  scopes: string;
  /** JSON array of addresses and CIDR ranges; empty = any. */
  ip_allowlist: string;
  expires_at: string | null;
  created_by: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  rotated_from_id: number | null;
}

/** One row per authenticated API request; written in batches, pruned after 30 days. */
export interface RequestLogTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  created_at: string;
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  duration_ms: number;
  /** The API key that made the request; null for a user's bearer session. */
  key_id: number | null;
  /** The acting user: the session's user, or the key's creator. */
  user_id: number;
  ip: string | null;
  replayed: number;
}

/** Idempotency keys per principal: claimed atomically, completed with the stored response. */
export interface IdempotencyKeysTable {
  id: Generated<number>;
  principal: string;
  idem_key: string;
  fingerprint: string;
  state: 'in_progress' | 'complete';
  claim_token: string;
  claimed_at: string;
  expires_at: string;
  response_status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  response_location: string | null;
}

/** Bookkeeping (migration 006). */
export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export interface AccountsTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  code: string;
  name: string;
  type: AccountType;
  description: string | null;
  /** The role postings find the account by (`bank`, `debtors`, `vat`…); null for user accounts. */
  system_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactsTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  name: string;
  type: 'customer' | 'supplier' | 'both';
  email: string | null;
  phone: string | null;
  tax_number: string | null;
  /** JSON object: line1, line2, city, region, postcode, country. */
  address: string | null;
  /** JSON object of string values, mirrored into metadata_entries. */
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface DocumentSequencesTable {
  organisation_id: number;
  mode: Mode;
  kind: 'invoice' | 'quote';
  last_value: number;
}

export interface InvoicesTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  contact_id: number;
  number: string | null;
  status: 'draft' | 'finalised' | 'paid' | 'void';
  issue_date: string;
  due_date: string;
  currency: string;
  reference: string | null;
  notes: string | null;
  subtotal: number;
  tax_total: number;
  total: number;
  quote_id: number | null;
  finalised_at: string | null;
  paid_at: string | null;
  payment_date: string | null;
  payment_account_id: number | null;
  voided_at: string | null;
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** A line of an invoice or a quote (the two tables have the same shape). */
export interface DocumentLinesColumns {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  position: number;
  description: string;
  /** Quantity in ten-thousandths (1.5 → 15000). */
  quantity_e4: number;
  unit_price: number;
  /** Hundredths of a percent (20% → 2000). */
  tax_rate_bp: number;
  account_id: number;
  net_amount: number;
  tax_amount: number;
}

export interface InvoiceLinesTable extends DocumentLinesColumns {
  invoice_id: number;
}

export interface QuotesTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  contact_id: number;
  number: string;
  status: 'draft' | 'sent' | 'accepted' | 'declined' | 'converted';
  issue_date: string;
  expiry_date: string;
  currency: string;
  reference: string | null;
  notes: string | null;
  subtotal: number;
  tax_total: number;
  total: number;
  invoice_id: number | null;
  sent_at: string | null;
  accepted_at: string | null;
  declined_at: string | null;
  converted_at: string | null;
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface QuoteLinesTable extends DocumentLinesColumns {
  quote_id: number;
}

export interface TransactionsTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  date: string;
  description: string;
  /** Signed minor units: money in positive, money out negative. */
  amount: number;
  currency: string;
  reference: string | null;
  contact_id: number | null;
  /** The category account; null while uncategorised. */
  account_id: number | null;
  bank_account_id: number;
  status: 'uncategorised' | 'categorised';
  journal_entry_id: number | null;
  metadata: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface JournalEntriesTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  date: string;
  description: string;
  currency: string;
  source_type: 'invoice' | 'invoice_payment' | 'invoice_void' | 'transaction' | 'transaction_reversal';
  source_id: number;
  created_at: string;
}

export interface JournalLinesTable {
  id: Generated<number>;
  entry_id: number;
  organisation_id: number;
  mode: Mode;
  account_id: number;
  debit: number;
  credit: number;
}

/** One row per metadata key of a record: the index behind `?metadata[k]=v`. */
export interface MetadataEntriesTable {
  organisation_id: number;
  mode: Mode;
  resource: 'contact' | 'invoice' | 'quote' | 'transaction';
  resource_id: number;
  key: string;
  value: string;
}

/** Bank imports and categorisation rules (migration 007). */
/** One row per organisation and mode, upserted first by every change to the rule set (its lock). */
export interface CategorisationRuleSetsTable {
  organisation_id: number;
  mode: Mode;
  version: number;
}

export interface CategorisationRulesTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  name: string;
  /** JSON array of {field, operator, value}. */
  conditions: string;
  match: 'all' | 'any';
  /** The category account (not a foreign key: a deleted account just stops the rule applying). */
  account_id: number;
  contact_id: number | null;
  /** Lower runs first; ties go to the lower id. */
  priority: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface BankImportsTable {
  id: Generated<number>;
  organisation_id: number;
  mode: Mode;
  status: 'preview' | 'confirmed';
  bank_account_id: number;
  currency: string;
  /** JSON array of the parsed rows, their preview and (once confirmed) their outcome. */
  rows: string;
  row_count: number;
  created_at: string;
  confirmed_at: string | null;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  server_secrets: ServerSecretsTable;
  login_attempts: LoginAttemptsTable;
  api_keys: ApiKeysTable;
  request_log: RequestLogTable;
  idempotency_keys: IdempotencyKeysTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  document_sequences: DocumentSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  transactions: TransactionsTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  metadata_entries: MetadataEntriesTable;
  categorisation_rule_sets: CategorisationRuleSetsTable;
  categorisation_rules: CategorisationRulesTable;
  bank_imports: BankImportsTable;
}
