import type { DB } from './open.js';
import type { OrganisationsTable } from './schema.js';
import type { Selectable } from 'kysely';

export type OrganisationRow = Selectable<OrganisationsTable>;

export async function insertOrganisation(db: DB, values: { name: string; baseCurrency?: string; createdAt: string }): Promise<number> {
  const row = await db
    .insertInto('organisations')
    .values({ name: values.name, base_currency: values.baseCurrency ?? 'GBP', created_at: values.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findOrganisation(db: DB, organisationId: number): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

export async function updateOrganisation(
  db: DB,
  organisationId: number,
  values: Partial<Pick<OrganisationRow, 'name' | 'base_currency' | 'vat_number' | 'address'>>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('organisations').set(values).where('id', '=', organisationId).execute();
}
