import { z } from 'zod';
import { listRequestLog, type RequestLogRow } from '../../db/request-log.js';
import { formatId, tryParseId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';

/** The organisation's recent API requests (SPEC §5), in the caller's mode, newest first. */

const RequestLogEntrySchema = z.object({
  id: z.string().meta({ examples: ['req_1'] }),
  createdAt: z.string(),
  method: z.string(),
  path: z.string().describe('Without the query string'),
  status: z.number().int(),
  durationMs: z.number().int(),
  principal: z.string().describe('The API key (key_…) or, for a session, the user (usr_…) that made the request'),
  keyId: z.string().nullable(),
  actingUser: z.string().describe("The session's user, or the key's creator"),
  ip: z.string().nullable(),
  replayed: z.boolean().describe('Answered from a stored idempotent response'),
});

export const requestLogResource = { name: 'RequestLogEntry', prefix: 'req', schema: RequestLogEntrySchema } as const;

function requestLogView(row: RequestLogRow): z.infer<typeof RequestLogEntrySchema> {
  const keyId = row.key_id === null ? null : formatId('key', row.key_id);
  return {
    id: formatId('req', row.id),
    createdAt: row.created_at,
    method: row.method,
    path: row.path,
    status: row.status,
    durationMs: row.duration_ms,
    principal: keyId ?? formatId('usr', row.user_id),
    keyId,
    actingUser: formatId('usr', row.user_id),
    ip: row.ip,
    replayed: row.replayed === 1,
  };
}

const keyIdFilter = z
  .string()
  .refine((value) => tryParseId('key', value) !== null, { message: 'Must be an API key ID like key_1' })
  .describe('Only requests made with this API key');
const statusFilter = z
  .string()
  .regex(/^[1-5](\d\d|xx)$/, { message: 'Must be a status like 404 or a class like 4xx' })
  .describe('A status (404) or a class (4xx)');

function statusRange(value: string): { min: number; max: number } {
  if (value.endsWith('xx')) {
    const hundreds = Number(value[0]) * 100;
    return { min: hundreds, max: hundreds + 99 };
  }
  return { min: Number(value), max: Number(value) };
}

export const requestLogRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/request-log',
    operationId: 'listRequestLog',
    summary: 'Recent API requests of the organisation (30 days), newest first',
    tag: 'Organisation',
    access: 'principal',
    scope: 'organisation:read',
    query: z.strictObject({ ...paginationQuery, keyId: keyIdFilter.optional(), status: statusFilter.optional() }),
    response: { resource: requestLogResource, list: true },
    handler: async ({ db, tenant, query }) => {
      const { rows, total } = await listRequestLog(
        db,
        tenant,
        {
          keyId: query.keyId === undefined ? undefined : (tryParseId('key', query.keyId) as number),
          status: query.status === undefined ? undefined : statusRange(query.status),
        },
        { limit: query.perPage, offset: (query.page - 1) * query.perPage },
      );
      return { data: rows.map(requestLogView), meta: pageMeta(query, total) };
    },
  }),
];
