import { generateApiKey, hashApiKey, last4 } from '../../server/auth/api-keys.js';
import type { Tenant } from '../../server/auth/principal.js';
import { findAccountBySystemKey } from '../../server/db/accounts.js';
import { insertApiKey } from '../../server/db/api-keys.js';
import { insertContact } from '../../server/db/contacts.js';
import type { DB } from '../../server/db/open.js';
import { insertOrganisation } from '../../server/db/organisations.js';
import { insertUser } from '../../server/db/users.js';
import { setUpOrganisation } from '../../server/resources/organisation-setup.js';

/**
 * Bench data, written through the data layer (never HTTP) so 100,000 invoices take seconds.
 * Every server the bench starts shares these secrets, as instances of one deployment do.
 */
export const BENCH_SECRETS = {
  JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
  API_KEY_PEPPER: 'bench-api-key-pepper-bench-api-key-pepper-01',
} as const;

export const OWNER_PASSWORD = 'bench correct horse battery';

/** The metadata pair that exactly HOT_INVOICES invoices carry, whatever the organisation's size. */
export const HOT_METADATA = { key: 'segment', value: 'hot' } as const;
export const HOT_INVOICES = 25;

export interface SeededOrganisation {
  tenant: Tenant;
  userId: number;
  ownerEmail: string;
  /** A live key with the scopes the benchmarks need. */
  apiKey: string;
  contactId: number;
  salesAccountId: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function seedOrganisation(db: DB, options: { name: string; ownerEmail: string; passwordHash: string }): Promise<SeededOrganisation> {
  const createdAt = iso(Date.now());
  return db.transaction().execute(async (trx) => {
    const organisationId = await insertOrganisation(trx, { name: options.name, createdAt });
    await setUpOrganisation(trx, organisationId, createdAt);
    const userId = await insertUser(trx, {
      organisationId,
      email: options.ownerEmail,
      name: 'Bench Owner',
      passwordHash: options.passwordHash,
      role: 'owner',
      createdAt,
    });
    const tenant: Tenant = { organisationId, mode: 'live' };
    const apiKey = generateApiKey('live');
    await insertApiKey(trx, tenant, {
      name: 'bench',
      keyHash: hashApiKey(BENCH_SECRETS.API_KEY_PEPPER, apiKey),
      last4: last4(apiKey),
      scopes: ['invoices:write', 'contacts:write'],
      ipAllowlist: [],
      expiresAt: null,
      createdBy: userId,
      createdAt,
    });
    const contact = await insertContact(trx, tenant, {
      name: 'Bench Customer Ltd',
      type: 'customer',
      email: 'accounts@bench.example',
      phone: null,
      tax_number: null,
      address: null,
      metadata: '{}',
      created_at: createdAt,
      updated_at: createdAt,
    });
    const sales = await findAccountBySystemKey(trx, tenant, 'sales');
    if (!sales) throw new Error('the default chart has no sales account');
    return { tenant, userId, ownerEmail: options.ownerEmail, apiKey, contactId: contact.id, salesAccountId: sales.id };
  });
}

/**
 * Adds `count` draft invoices of one line each. The first HOT_INVOICES carry `segment=hot`; the
 * rest `segment=cold-<n>`, so a metadata filter returns one page whatever the organisation's size.
 * Returns the IDs of the first and the last invoice added.
 *
 * Multi-row inserts through Kysely, in transactions of CHUNK invoices: the data layer's one-row
 * functions (insert, then replace lines, then replace metadata — a delete and an insert each)
 * make five statements per invoice and would take minutes for 100,000. The rows are typed by
 * `Database`, so they cannot drift from the schema.
 */
export async function seedInvoices(db: DB, org: SeededOrganisation, count: number): Promise<{ first: number; last: number }> {
  const CHUNK = 500;
  const { organisationId, mode } = org.tenant;
  let first = 0;
  let last = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const size = Math.min(CHUNK, count - done);
    const now = iso(Date.now());
    const numbers = Array.from({ length: size }, (_, i) => done + i);
    const metadataOf = (n: number) => ({ [HOT_METADATA.key]: n < HOT_INVOICES ? HOT_METADATA.value : `cold-${n % 100}`, order: `PO-${n}` });
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('invoices')
        .values(
          numbers.map((n) => ({
            organisation_id: organisationId,
            mode,
            contact_id: org.contactId,
            number: null,
            status: 'draft' as const,
            issue_date: '2026-01-15',
            due_date: '2026-02-14',
            currency: 'GBP',
            reference: `BENCH-${n}`,
            notes: null,
            subtotal: 12_000,
            tax_total: 2_400,
            total: 14_400,
            quote_id: null,
            finalised_at: null,
            paid_at: null,
            payment_date: null,
            payment_account_id: null,
            voided_at: null,
            metadata: JSON.stringify(metadataOf(n)),
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'reference'])
        .execute();
      // Match by reference rather than trusting RETURNING's row order.
      const idOf = new Map(inserted.map((row) => [row.reference, row.id]));
      const ids = numbers.map((n) => idOf.get(`BENCH-${n}`)!);
      await trx
        .insertInto('invoice_lines')
        .values(
          ids.map((invoiceId) => ({
            organisation_id: organisationId,
            mode,
            invoice_id: invoiceId,
            position: 0,
            description: 'Consulting, one day',
            quantity_e4: 10_000,
            unit_price: 12_000,
            tax_rate_bp: 2000,
            account_id: org.salesAccountId,
            net_amount: 12_000,
            tax_amount: 2_400,
          })),
        )
        .execute();
      await trx
        .insertInto('metadata_entries')
        .values(
          numbers.flatMap((n, i) =>
            Object.entries(metadataOf(n)).map(([key, value]) => ({
              organisation_id: organisationId,
              mode,
              resource: 'invoice' as const,
              resource_id: ids[i]!,
              key,
              value,
            })),
          ),
        )
        .execute();
      if (first === 0) first = Math.min(...ids);
      last = Math.max(last, ...ids);
    });
  }
  return { first, last };
}

/** Users of the organisation that exist only to be signed in to (one attempt each: no lockout). */
export async function seedLoginUsers(db: DB, organisationId: number, emails: readonly string[], passwordHash: string): Promise<void> {
  const createdAt = iso(Date.now());
  await db.transaction().execute(async (trx) => {
    for (const email of emails) {
      await insertUser(trx, { organisationId, email, name: 'Bench User', passwordHash, role: 'member', createdAt });
    }
  });
}
