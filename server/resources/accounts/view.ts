import type { z } from 'zod';
import type { AccountRow } from '../../db/accounts.js';
import { formatId } from '../../http/ids.js';
import type { AccountSchema } from './schemas.js';

export function accountView(row: AccountRow): z.infer<typeof AccountSchema> {
  return {
    id: formatId('acc', row.id),
    code: row.code,
    name: row.name,
    type: row.type,
    description: row.description,
    systemKey: row.system_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
