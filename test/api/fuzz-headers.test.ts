import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { registerOrg, startApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';
import { forgeUnsigned } from '../helpers/auth.js';
import { FuzzHarness, isWriteRoute } from './fuzz-support/harness.js';
import { requestArbitrary, type FuzzWorld } from './fuzz-support/requests.js';
import { FACTORIES, factoryContext } from './matrix-support/factories.js';
import { label } from './matrix-support/route-probes.js';

/**
 * Malformed headers on every write route: Authorization, X-API-Key, Idempotency-Key, Content-Type,
 * Content-Encoding and X-Mode, each absent, valid, or broken in the ways clients and attackers
 * break them (any byte HTTP allows in a header, truncation, wrong scheme, wrong token type,
 * unknown keys, overlong values, wrong charsets). The invariants of fuzz-support/harness.ts hold.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Any string HTTP lets a client put in a header value (visible ASCII, space, tab, obs-text). */
const headerBytes = (maxLength: number) =>
  fc.string({
    maxLength,
    unit: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) }, { weight: 1, arbitrary: fc.constantFrom(0x20, 0x09) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) }).map((c) => String.fromCharCode(c)),
  });

const serverErrors: unknown[] = [];
const api = await startApi({ logError: (err) => serverErrors.push(err) });
const writeRoutes = api.routes.filter(isWriteRoute);

describe('fuzzing the headers of every write route', () => {
  const harness = new FuzzHarness(api, serverErrors);
  let world: FuzzWorld;
  let refreshToken: string;
  let headers: fc.Arbitrary<Record<string, string>>;
  let contentTypes: fc.Arbitrary<string | undefined>;

  beforeAll(async () => {
    const a = await registerOrg(api);
    refreshToken = a.refreshToken;
    const creatable = new Set(api.routes.map(label));
    const owner = factoryContext(api, a.token, 'live');
    const owned: Record<string, string[]> = {};
    for (const [prefix, factory] of Object.entries(FACTORIES)) {
      if (creatable.has(factory.creates)) owned[prefix] = [await factory.make(owner)];
    }
    const key = await createKey(api, a.token, { name: 'fuzz', scopes: ['*'] });
    world = { owned, foreign: {}, token: a.token, apiKey: key.secret };

    const token = world.token;
    const apiKey = world.apiKey;
    const absent = fc.constant<string | undefined>(undefined);
    const authorization = fc.oneof(
      { weight: 3, arbitrary: absent },
      { weight: 3, arbitrary: fc.constant(`Bearer ${token}`) },
      {
        weight: 6,
        arbitrary: fc.oneof(
          headerBytes(80),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            'Bearer  ',
            `bearer ${token}`,
            `BEARER ${token}`,
            `Bearer  ${token}`,
            `Bearer ${token} extra`,
            `Bearer ${token}\t`,
            `Bearer ${token}x`,
            `Bearer ${token.slice(0, -5)}`,
            `Bearer ${token.split('.').slice(0, 2).join('.')}.`,
            `Bearer ${forgeUnsigned({ sub: 'usr_1', typ: 'access' })}`,
            `Bearer ${refreshToken}`,
            `Bearer ${apiKey}`,
            `Bearer ${apiKey.toUpperCase()}`,
            `Bearer sk_live_${'A'.repeat(43)}`,
            'Bearer sk_test_',
            `Bearer ${'a'.repeat(8_000)}`,
            `Basic ${Buffer.from('owner:password').toString('base64')}`,
            `Token ${token}`,
            `Bearer ${token}, Bearer ${token}`,
          ),
        ),
      },
    );
    const xApiKey = fc.oneof(
      { weight: 6, arbitrary: absent },
      { weight: 1, arbitrary: fc.constant(apiKey) },
      {
        weight: 3,
        arbitrary: fc.oneof(
          headerBytes(60),
          fc.constantFrom(
            '',
            ' ',
            'sk_live_',
            `sk_live_${'A'.repeat(43)}`,
            `sk_test_${'A'.repeat(43)}`,
            `${apiKey} `,
            ` ${apiKey}`,
            `${apiKey}\t`,
            apiKey.slice(0, -1),
            `${apiKey}A`,
            apiKey.replace('sk_live_', 'sk_test_'),
            `Bearer ${apiKey}`,
            token,
            'a'.repeat(8_000),
          ),
        ),
      },
    );
    const idempotencyKey = fc.oneof(
      { weight: 4, arbitrary: absent },
      {
        weight: 4,
        arbitrary: fc.oneof(
          headerBytes(40),
          fc.constantFrom('', ' ', '"', '""', '"unterminated', '"a\\"b"', '"a\\b"', 'a'.repeat(255), 'a'.repeat(256), `"${'a'.repeat(255)}"`, 'key\twith\ttabs', Buffer.from('ключ').toString('latin1'), 'fuzz-shared'),
        ),
      },
    );
    const contentType = fc.oneof(
      { weight: 3, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: absent },
      {
        weight: 4,
        arbitrary: fc.oneof(
          headerBytes(40),
          fc.constantFrom(
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/json; charset=',
            'application/json; charset=utf-8; charset=utf-16',
            'APPLICATION/JSON',
            'application/vnd.api+json',
            'application/merge-patch+json',
            'text/plain',
            'text/csv',
            'text/csv; charset=utf-16le',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            ';;;',
            '*/*',
          ),
        ),
      },
    );
    const contentEncoding = fc.oneof({ weight: 8, arbitrary: absent }, { weight: 2, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'x-unknown', 'gzip, gzip') });
    const mode = fc.oneof({ weight: 6, arbitrary: absent }, { weight: 2, arbitrary: fc.oneof(headerBytes(10), fc.constantFrom('test', 'live', 'TEST', 'Live', '', 'test,live')) });
    headers = fc
      .record({ authorization, 'x-api-key': xApiKey, 'idempotency-key': idempotencyKey, 'content-encoding': contentEncoding, 'x-mode': mode })
      .map((h) => Object.fromEntries(Object.entries(h).filter((entry): entry is [string, string] => entry[1] !== undefined)));
    contentTypes = contentType;
    await harness.init();
  });
  afterAll(() => api.close());

  for (const route of writeRoutes) {
    it(`${label(route)}: malformed credentials, idempotency keys and content types never cause a 5xx, always get the envelope, and a 4xx changes nothing`, async () => {
      const secrets = [world.token, world.apiKey, refreshToken];
      await fc.assert(
        fc.asyncProperty(fc.tuple(requestArbitrary(route, world, headers), contentTypes), async ([request, type]) => {
          // The fuzzed Content-Type (or none) replaces the one that matches the body.
          const { 'content-type': _matching, ...rest } = request.headers;
          await harness.check({ ...request, headers: type === undefined ? rest : { ...rest, 'content-type': type } }, secrets);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});
