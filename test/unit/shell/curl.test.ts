import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { credentialVariable, shellQuote, toCurl, type CurlRequest } from '../../../shell/curl.js';

const KEY = 'sk_test_Abc123_secretValue-xyz';

/**
 * Runs the command in a real shell with `curl` replaced by a function that prints each argument
 * NUL-terminated, so we see exactly the words curl would have received.
 */
function argsSeenByCurl(command: string, shell: 'bash' | 'sh' = 'bash', env: Record<string, string> = {}): string[] {
  const script = `curl() { printf '%s\\0' "$@"; }\n${command}\n`;
  const out = execFileSync(shell, ['-c', script], { env: { PATH: process.env.PATH ?? '', DEVSHELL_API_KEY: KEY, ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const post = (body: string, extra: Partial<CurlRequest> = {}): CurlRequest => ({
  method: 'POST',
  url: 'https://books.example.com/api/v1/contacts',
  headers: [
    ['Content-Type', 'application/json'],
    ['Idempotency-Key', 'idem_1'],
  ],
  body,
  credentialHeaders: ['X-API-Key'],
  credentialScheme: 'plain',
  ...extra,
});

describe('shellQuote', () => {
  it('single-quotes and escapes single quotes', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME `x` "y" \\n')).toBe(`'$HOME \`x\` "y" \\n'`);
  });
});

describe('toCurl', () => {
  it('writes method, URL, every header, the key as a variable and the body', () => {
    expect(toCurl(post('{"name":"Acme"}'))).toBe(
      [
        `curl -X 'POST' 'https://books.example.com/api/v1/contacts' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -H 'Idempotency-Key: idem_1' \\`,
        `  -H "X-API-Key: $DEVSHELL_API_KEY" \\`,
        `  --data-raw '{"name":"Acme"}'`,
      ].join('\n'),
    );
  });

  it('puts a bearer key in the Authorization header', () => {
    const curl = toCurl({ method: 'GET', url: 'https://x.example/v2/c', headers: [], body: null, credentialHeaders: ['Authorization'], credentialScheme: 'bearer' }, { multiline: false });
    expect(curl).toBe(`curl -X 'GET' 'https://x.example/v2/c' -H "Authorization: Bearer $DEVSHELL_API_KEY"`);
  });

  it('replaces a credential header that is listed among the headers, in place', () => {
    const curl = toCurl(
      { method: 'GET', url: 'https://x.example/a', headers: [['X-Custom-Key', KEY], ['Accept', 'application/json']], body: null, credentialHeaders: ['x-custom-key'], credentialScheme: 'plain' },
      { multiline: false },
    );
    expect(curl).toBe(`curl -X 'GET' 'https://x.example/a' -H "X-Custom-Key: $DEVSHELL_API_KEY" -H 'Accept: application/json'`);
    expect(curl).not.toContain(KEY);
  });

  it('names host-provided credentials after their header', () => {
    expect(credentialVariable('host', 'Authorization')).toBe('DEVSHELL_AUTHORIZATION');
    expect(credentialVariable('host', 'X-Session-Token')).toBe('DEVSHELL_X_SESSION_TOKEN');
    expect(credentialVariable('plain', 'X-API-Key')).toBe('DEVSHELL_API_KEY');
    const curl = toCurl({ method: 'GET', url: 'https://x.example/a', headers: [], body: null, credentialHeaders: ['Authorization'], credentialScheme: 'host' });
    expect(curl).toContain(`-H "Authorization: $DEVSHELL_AUTHORIZATION"`);
  });

  it('never prints the secret, wherever it appears', () => {
    const curl = toCurl(post(`{"note":"${KEY}"}`, { url: `https://x.example/a?k=${KEY}`, headers: [['X-Echo', `v ${KEY}`]] }), { secret: KEY });
    expect(curl).not.toContain(KEY);
    expect(toCurl({ method: 'GET', url: 'https://x.example/a', headers: [['X-API-Key', 'sk_live_typedByHand123']], body: null })).not.toContain('sk_live_typedByHand123');
  });

  it('adds a JSON content type when the request named none, and --globoff for brackets', () => {
    const curl = toCurl({ method: 'POST', url: 'https://x.example/a?metadata[k]=v', headers: [], body: '{}' }, { multiline: false });
    expect(curl).toBe(`curl -X 'POST' 'https://x.example/a?metadata[k]=v' --globoff -H 'Content-Type: application/json' --data-raw '{}'`);
  });
});

describe('toCurl through a real shell', () => {
  const tricky = [
    `{"name":"O'Brien \\"the\\" 'quoted'"}`,
    '{"text":"line one\nline two\r\nend"}',
    '{"cost":"$HOME ${PATH} $(touch /tmp/devshell-pwned) `id` \\\\ !! !$"}',
    '{"name":"Grüße — 日本語 😀 \u2028"}',
    "'; echo injected; '",
    '',
  ];

  for (const [i, body] of tricky.entries()) {
    it(`round-trips tricky body #${i} exactly in bash and sh`, () => {
      const request = post(body, { url: "https://books.example.com/api/v1/contacts?q=a b&x='y'&m[k]=1" });
      for (const shell of ['bash', 'sh'] as const) {
        expect(argsSeenByCurl(toCurl(request), shell)).toEqual([
          '-X',
          'POST',
          "https://books.example.com/api/v1/contacts?q=a b&x='y'&m[k]=1",
          '--globoff',
          '-H',
          'Content-Type: application/json',
          '-H',
          'Idempotency-Key: idem_1',
          '-H',
          `X-API-Key: ${KEY}`,
          '--data-raw',
          body,
        ]);
      }
    });
  }

  it('expands the key variable inside a bearer header and mid-text', () => {
    const args = argsSeenByCurl(
      toCurl({ method: 'PATCH', url: `https://x.example/a?key=${KEY}`, headers: [], body: `{"k":"${KEY}!"}`, credentialHeaders: ['Authorization'], credentialScheme: 'bearer' }, { secret: KEY }),
    );
    expect(args).toEqual(['-X', 'PATCH', `https://x.example/a?key=${KEY}`, '-H', `Authorization: Bearer ${KEY}`, '-H', 'Content-Type: application/json', '--data-raw', `{"k":"${KEY}!"}`]);
  });

  it('round-trips any body and header value (one shell run for many samples)', () => {
    const samples = fc.sample(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 20 })), { numRuns: 200, seed: 7 });
    const cases = samples.filter(([body, value]) => !body.includes('\0') && !value.includes('\0'));
    const script = cases.map(([body, value]) => toCurl({ method: 'PUT', url: 'https://x.example/a', headers: [['X-Value', value]], body })).join('\n');
    const args = argsSeenByCurl(script);
    const perCase = 9;
    expect(args).toHaveLength(cases.length * perCase);
    cases.forEach(([body, value], i) => {
      expect(args.slice(i * perCase, (i + 1) * perCase)).toEqual(['-X', 'PUT', 'https://x.example/a', '-H', `X-Value: ${value}`, '-H', 'Content-Type: application/json', '--data-raw', body]);
    });
  });
});
