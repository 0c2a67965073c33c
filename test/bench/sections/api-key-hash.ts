import path from 'node:path';
import { createSecretKey } from 'node:crypto';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { createAppContext } from '../../../server/app.js';
import { authenticateApiKey, hashApiKey } from '../../../server/auth/api-keys.js';
import { signToken, verifyToken } from '../../../server/auth/jwt.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { loadConfig, OWASP_SCRYPT } from '../../../server/config.js';
import { openDatabase } from '../../../server/db/open.js';
import { productEnv, type BenchContext } from '../lib/context.js';
import type { Section } from '../lib/report.js';
import { formatDuration, formatRatio, median } from '../lib/stats.js';
import { BENCH_SECRETS, seedOrganisation } from '../seed.js';

/**
 * Why API keys use a keyed hash: the time to verify a key (HMAC-SHA-256 under the pepper, then the
 * indexed lookup by hash) against one scrypt hash of the same key at the production cost — what a
 * password-style hash would add to every request. In-process; medians of repeated timings.
 */

async function timeEach(times: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

/** Median per-call time of `fn`, timed in batches (a single HMAC is below the timer's resolution). */
async function perCall(batches: number, batchSize: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const t = performance.now();
    for (let i = 0; i < batchSize; i += 1) await fn();
    samples.push((performance.now() - t) / batchSize);
  }
  return median(samples);
}

/** The product's JWT check, against the same check with the secret as a KeyObject made once. */
async function timeJwt(batches: number): Promise<{ product: number; keyObject: number }> {
  const secret = BENCH_SECRETS.JWT_SECRET;
  const now = Date.now();
  const token = signToken(secret, { userId: 1, organisationId: 1, generation: 0, type: 'access' }, now);
  const decoded = jwt.decode(token, { json: true });
  const options: jwt.VerifyOptions = { algorithms: ['HS256'], issuer: decoded?.iss, audience: decoded?.aud as string | undefined };
  const key = createSecretKey(Buffer.from(secret));
  await perCall(2, 200, () => verifyToken(secret, token, 'access', now));
  await perCall(2, 200, () => jwt.verify(token, key, options));
  return {
    product: await perCall(batches, 200, () => verifyToken(secret, token, 'access', now)),
    keyObject: await perCall(batches, 200, () => jwt.verify(token, key, options)),
  };
}

/** What a bearer read pays instead of the key lookup, and whether jsonwebtoken's key handling is in it. */
function jwtNote(times: { product: number; keyObject: number }, verifyMs: number): string {
  const head = `Bearer-token verification (\`verifyToken\` in server/auth/jwt.ts, what a bearer read does instead of the key lookup, before its user lookup): ${formatDuration(times.product)} per call, ${formatRatio(times.product / verifyMs)} a whole API-key verification; the bare \`jwt.verify\` with a \`crypto.createSecretKey()\` KeyObject made once takes ${formatDuration(times.keyObject)}.`;
  // A string secret cost ~50× a KeyObject when measured; below 10× it is noise, not that.
  return times.product > 10 * times.keyObject
    ? `${head} The difference is jsonwebtoken handling a string secret on every call (it first tries to parse it as a public key, which throws, then makes a secret key): pass it a KeyObject made once.`
    : `${head} So the JWT check itself is not what separates bearer reads from API-key reads.`;
}

export async function runApiKeyHash(ctx: BenchContext): Promise<Section[]> {
  const dbPath = path.join(ctx.workDir, 'api-key-hash.db');
  const config = loadConfig(productEnv({ DB_PATH: dbPath }));
  const db = await openDatabase(config);
  try {
    const org = await seedOrganisation(db, { name: 'Key Ltd', ownerEmail: 'keys@bench.example', passwordHash: 'scrypt$unused' });
    const app = await createAppContext({ db, config });
    app.housekeeping.stop();
    const key = org.apiKey;
    // authenticateApiKey reads only the client address from the request.
    const req = { ip: '127.0.0.1' } as Request;

    await perCall(3, 200, () => authenticateApiKey(app, key, req)); // warm-up (JIT, statement cache)
    const hmacMs = await perCall(ctx.quick ? 3 : 15, 2000, () => hashApiKey(BENCH_SECRETS.API_KEY_PEPPER, key));
    const verifyMs = await perCall(ctx.quick ? 3 : 15, 200, () => authenticateApiKey(app, key, req));
    const scryptRuns = ctx.quick ? 2 : 7;
    ctx.log(`  ${scryptRuns} scrypt hashes at N=2^17, r=8, p=1`);
    const scryptMs = median(await timeEach(scryptRuns, () => hashPassword(key, OWASP_SCRYPT)));
    const ratio = scryptMs / verifyMs;
    const jwtTimes = await timeJwt(ctx.quick ? 3 : 10);
    return [
      {
        title: 'Server: API-key verification vs a password-style hash',
        method:
          'In-process microbenchmark on a SQLite file: `authenticateApiKey()` (HMAC-SHA-256 of the key under the pepper, the indexed lookup by hash, the revocation/expiry/allowlist checks) timed in batches of 200; one `scrypt` of the same key at the production cost (OWASP N=2^17, r=8, p=1) timed singly. Medians.',
        rows: [
          {
            name: 'One scrypt hash of the key vs one full API-key verification',
            figure: formatRatio(ratio),
            target: '≥ 1000× (three orders of magnitude)',
            status: ratio >= 1000 ? 'met' : 'missed',
            detail: `scrypt ${formatDuration(scryptMs)}; verification ${formatDuration(verifyMs)} (of which HMAC-SHA-256 ${formatDuration(hmacMs)})`,
          },
        ],
        notes: [
          jwtNote(jwtTimes, verifyMs),
          `scrypt would also be the wrong tool for lookup: a salted hash cannot be found by index, so each request would have to hash once per candidate key. With the keyed hash a request costs one HMAC (${formatDuration(hmacMs)}) and one indexed read.`,
        ],
      },
    ];
  } finally {
    await db.destroy();
  }
}

