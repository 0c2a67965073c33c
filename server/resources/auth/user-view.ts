import { formatId } from '../../http/ids.js';
import type { UserRow } from '../../db/users.js';
import { z } from 'zod';

export const UserSchema = z.object({
  id: z.string().meta({ examples: ['usr_1'] }),
  organisationId: z.string().meta({ examples: ['org_1'] }),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'member']),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});

/** The public shape of a user: never the hash, the TOTP secret or the token generation. */
export function userView(user: UserRow): z.infer<typeof UserSchema> {
  return {
    id: formatId('usr', user.id),
    organisationId: formatId('org', user.organisation_id),
    email: user.email,
    name: user.name,
    role: user.role,
    totpEnabled: user.totp_enabled === 1,
    createdAt: user.created_at,
  };
}
