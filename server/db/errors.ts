/**
 * Whether an error means "the database cannot be reached right now" (connection refused or
 * lost, server shutting down, pool exhausted, SQLite busy) — a 503 for the client, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code)) return true;
    // PostgreSQL SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now).
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  }
  if (typeof message === 'string') {
    return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(message);
  }
  return false;
}
