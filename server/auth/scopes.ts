/**
 * The scope table of SPEC §2. `write` implies `read`; `*` grants everything.
 * Categorisation rules fall under transactions; the request log under organisation:read.
 */
export const SCOPES = [
  'invoices:read',
  'invoices:write',
  'contacts:read',
  'contacts:write',
  'transactions:read',
  'transactions:write',
  'accounts:read',
  'accounts:write',
  'quotes:read',
  'quotes:write',
  'reports:read',
  'organisation:read',
  'organisation:write',
  'bank-imports:write',
] as const;

export type Scope = (typeof SCOPES)[number];
export type GrantableScope = Scope | '*';

export function isGrantableScope(value: string): value is GrantableScope {
  return value === '*' || (SCOPES as readonly string[]).includes(value);
}

/** True when a key holding `granted` may call a route that requires `required`. */
export function scopeSatisfies(granted: readonly string[], required: Scope): boolean {
  if (granted.includes('*') || granted.includes(required)) return true;
  const [resource, action] = required.split(':');
  return action === 'read' && granted.includes(`${resource}:write`);
}
