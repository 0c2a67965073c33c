import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { hashPassword } from '../../../server/auth/passwords.js';
import { OWASP_SCRYPT } from '../../../server/config.js';
import { openDatabase } from '../../../server/db/open.js';
import { startBenchServer } from '../lib/child-server.js';
import { productEnv, type BenchContext } from '../lib/context.js';
import { requestJson, type JsonResponse } from '../lib/http.js';
import { check, type Section } from '../lib/report.js';
import { formatDuration, formatRatio, median, percentile } from '../lib/stats.js';
import { OWNER_PASSWORD, seedLoginUsers, seedOrganisation } from '../seed.js';

/**
 * Login timing (SPEC §2: an unknown email has the same timing profile as a known one): the
 * median of N sign-ins with a known email and a wrong password against N with unknown emails, at
 * the production scrypt cost, one request at a time, alternating. Every attempt uses a different
 * email, so none reaches the lockout (5 failures per email) and each one runs the full path.
 */

const ATTEMPTS = 30;

export async function runLogin(ctx: BenchContext): Promise<Section[]> {
  const attempts = ctx.quick ? 4 : ATTEMPTS;
  const dbPath = path.join(ctx.workDir, 'login.db');
  const db = await openDatabase({ dbPath, databaseUrl: null });
  const known = Array.from({ length: attempts + 1 }, (_, i) => `known-${i}@bench.example`);
  const unknown = Array.from({ length: attempts + 1 }, (_, i) => `unknown-${i}@bench.example`);
  try {
    // One production-cost hash shared by every user: verifying it costs the same as a unique one.
    const passwordHash = await hashPassword(OWNER_PASSWORD, OWASP_SCRYPT);
    const org = await seedOrganisation(db, { name: 'Login Ltd', ownerEmail: 'owner@login.example', passwordHash });
    await seedLoginUsers(db, org.tenant.organisationId, known, passwordHash);
  } finally {
    await db.destroy();
  }

  const server = await startBenchServer('product (login)', 'app-server.ts', productEnv({ DB_PATH: dbPath }));
  try {
    const login = (email: string) =>
      requestJson(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { email, password: 'wrong password, long enough' } });
    // Warm-up: the first sign-in also makes the app's dummy hash; JIT and statement caches.
    await login(known[attempts]!);
    await login(unknown[attempts]!);
    const knownRes: JsonResponse[] = [];
    const unknownRes: JsonResponse[] = [];
    ctx.log(`  ${attempts} + ${attempts} sign-ins at N=2^17`);
    for (let i = 0; i < attempts; i += 1) {
      // ABBA order, so neither kind always goes first.
      if (i % 2 === 0) {
        knownRes.push(await login(known[i]!));
        unknownRes.push(await login(unknown[i]!));
      } else {
        unknownRes.push(await login(unknown[i]!));
        knownRes.push(await login(known[i]!));
      }
    }
    const statuses = new Set([...knownRes, ...unknownRes].map((r) => r.status));
    const sameBodies = [...knownRes, ...unknownRes].every((r) => isDeepStrictEqual(r.json, knownRes[0]!.json));
    const k = median(knownRes.map((r) => r.ms));
    const u = median(unknownRes.map((r) => r.ms));
    const ratio = k / u;
    return [
      {
        title: 'Server: login timing',
        method: `The product on a SQLite file with the production scrypt cost (N=2^17, r=8, p=1). ${attempts} sign-ins with known emails and a wrong password and ${attempts} with unknown emails, sequential, alternating (ABBA), each email used once; client-side round-trip times, medians.`,
        rows: [
          {
            name: 'Login: known email + wrong password vs unknown email (median of each)',
            figure: formatRatio(ratio),
            target: '0.9–1.1',
            status: check(ratio >= 0.9 && ratio <= 1.1 && sameBodies && statuses.size === 1),
            detail:
              `known ${formatDuration(k)} (p90 ${formatDuration(percentile(knownRes.map((r) => r.ms), 90))}); ` +
              `unknown ${formatDuration(u)} (p90 ${formatDuration(percentile(unknownRes.map((r) => r.ms), 90))}); ` +
              `statuses ${[...statuses].join(', ')}; ${sameBodies ? 'identical bodies' : 'BODIES DIFFER'}`,
          },
        ],
        notes: [],
      },
    ];
  } finally {
    await server.stop();
  }
}
