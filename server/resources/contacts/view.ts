import type { z } from 'zod';
import type { ContactRow } from '../../db/contacts.js';
import { formatId } from '../../http/ids.js';
import { parseStoredMetadata } from '../metadata.js';
import { AddressSchema, type ContactSchema } from './schemas.js';

export function parseAddress(text: string | null): z.infer<typeof AddressSchema> | null {
  if (!text) return null;
  const parsed = AddressSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export function contactView(row: ContactRow): z.infer<typeof ContactSchema> {
  return {
    id: formatId('cont', row.id),
    name: row.name,
    type: row.type,
    email: row.email,
    phone: row.phone,
    taxNumber: row.tax_number,
    address: parseAddress(row.address),
    metadata: parseStoredMetadata(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
