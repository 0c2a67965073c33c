import type { Mode } from '../db/schema.js';

export type Role = 'owner' | 'admin' | 'member';

/** Who is calling. Every principal belongs to exactly one organisation and acts in one mode. */
export type Principal =
  | { kind: 'user'; userId: number; organisationId: number; role: Role; mode: Mode }
  | { kind: 'apiKey'; keyId: number; userId: number; organisationId: number; mode: Mode; scopes: string[] };

/** The organisation and mode that every data-layer call is filtered by. */
export interface Tenant {
  organisationId: number;
  mode: Mode;
}

export function tenantOf(principal: Principal): Tenant {
  return { organisationId: principal.organisationId, mode: principal.mode };
}
