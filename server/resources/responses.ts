import { z } from 'zod';
import type { AppContext } from '../context.js';
import { formatId, type IdPrefix } from '../http/ids.js';

/** The body of a successful DELETE: the ID that is gone. */
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

export function deletedView(prefix: IdPrefix, id: number): z.infer<typeof deletedSchema> {
  return { id: formatId(prefix, id), deleted: true };
}

/** The app clock as an ISO timestamp (never Date.now: tests inject the clock). */
export function isoNow(app: Pick<AppContext, 'now'>): string {
  return new Date(app.now()).toISOString();
}
