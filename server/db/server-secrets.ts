import type { DB } from './open.js';

/** Inserts `candidate` unless a value exists, then returns whichever won (safe under races). */
export async function getOrCreateServerSecret(db: DB, name: string, candidate: string): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: candidate })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
