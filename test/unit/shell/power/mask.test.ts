import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toCurl, type CurlRequest } from '../../../../shell/curl.js';
import { redactSecrets } from '../../../../shell/history-list.js';
import {
  REVEAL_WARNING,
  findSecrets,
  isSecretName,
  maskJson,
  maskText,
  maskValue,
  parseCurlArgs,
  revealCurl,
  revealValues,
} from '../../../../shell/power/mask.js';

const KEY = 'sk_test_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5a1b2';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXBhcnQtd3h5eg';

describe('maskValue', () => {
  it('keeps a recognisable prefix and the last 4 characters of a key', () => {
    expect(maskValue(KEY)).toBe('sk_test_…a1b2');
    expect(maskValue('sk_live_abcdefghijklmnop9f3c')).toBe('sk_live_…9f3c');
    expect(maskValue(JWT)).toBe('eyJ…h5eg');
    expect(maskValue('JBSWY3DPEHPK3PXPJBSWY3DP')).toBe('…Y3DP');
    expect(maskValue('whsec_abcdefghijklmnopqrstuv')).toBe('whsec_…stuv');
  });

  it('shows nothing of short values or passwords', () => {
    expect(maskValue('short1234')).toBe('••••');
    expect(maskValue('correct horse battery staple', 'password')).toBe('••••••••');
    expect(maskValue('x', 'password')).toBe('••••••••');
  });

  it('leaves masked and empty values alone (idempotent)', () => {
    for (const masked of ['sk_test_…a1b2', '••••', '••••••••', '********', '']) expect(maskValue(masked)).toBe(masked);
  });
});

describe('isSecretName', () => {
  it('knows the names that carry secrets', () => {
    for (const name of ['token', 'secret', 'password', 'apiKey', 'api_key', 'X-API-Key', 'accessToken', 'refreshToken', 'tempToken', 'refresh_token', 'clientSecret', 'newPassword', 'privateKey', 'Authorization', 'cookie', 'credentials', 'csrfToken']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('leaves metadata about secrets and pagination cursors alone', () => {
    for (const name of ['tokenType', 'apiKeyId', 'passwordChangedAt', 'redactedKey', 'last4', 'tokenExpiresAt', 'expiresIn', 'nextPageToken', 'NextToken', 'continuationToken', 'syncToken', 'key', 'name', 'idempotencyKey', 'publicKey']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('maskText: response bodies', () => {
  it('masks secret fields in JSON and keeps it valid JSON', () => {
    const body = JSON.stringify({
      success: true,
      data: { accessToken: JWT, refreshToken: 'r3fr3sh-t0ken-value-0042', tokenType: 'Bearer', expiresIn: 900, user: { id: 'usr_1', password: 'hunter2hunter2' } },
    });
    const masked = maskText(body);
    expect(JSON.parse(masked)).toEqual({
      success: true,
      data: { accessToken: 'eyJ…h5eg', refreshToken: '…0042', tokenType: 'Bearer', expiresIn: 900, user: { id: 'usr_1', password: '••••••••' } },
    });
  });

  it('hides a new API key but not its public description', () => {
    const body = JSON.stringify({ data: { id: 'key_2', redactedKey: 'sk_test_…a1b2', last4: 'a1b2', secret: KEY } }, null, 2);
    const masked = maskText(body);
    expect(masked).toContain('"secret": "sk_test_…a1b2"');
    expect(masked).toContain('"id": "key_2"');
    expect(masked).not.toContain(KEY);
    expect(findSecrets(body)).toHaveLength(1);
    expect(maskText(masked)).toBe(masked);
  });

  it('masks escaped values without breaking the JSON string', () => {
    const body = JSON.stringify({ password: 'a"b\\c\nd', clientSecret: 'abcdefgh"ij\\"kl"' });
    const parsed = JSON.parse(maskText(body)) as Record<string, string>;
    expect(parsed).toEqual({ password: '••••••••', clientSecret: '…"kl"' });
  });

  it('masks token-looking values anywhere, also under harmless names', () => {
    const body = JSON.stringify({ note: `use ${KEY} or Bearer ${JWT}`, other: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', slack: 'xoxb-123456789012-abcdef' });
    const parsed = JSON.parse(maskText(body)) as Record<string, string>;
    expect(parsed.note).toBe('use sk_test_…a1b2 or Bearer eyJ…h5eg');
    expect(parsed.other).toBe('ghp_…6789');
    expect(parsed.slack).toBe('xoxb-…cdef');
  });

  it('masks TOTP secrets in otpauth URIs and secret query parameters', () => {
    const body = JSON.stringify({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', otpauthUri: 'otpauth://totp/devshell:ann?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=devshell' });
    const parsed = JSON.parse(maskText(body)) as Record<string, string>;
    expect(parsed).toEqual({ secret: '…Y3DP', otpauthUri: 'otpauth://totp/devshell:ann?secret=…Y3DP&issuer=devshell' });
    expect(maskText('GET /x?page=2&api_key=abcdefghijklmnop&access_token=zzzzzzzzzzzz1234')).toBe('GET /x?page=2&api_key=…mnop&access_token=…1234');
  });

  it('masks an Authorization value in JSON but keeps its scheme', () => {
    expect(JSON.parse(maskText(JSON.stringify({ headers: { Authorization: `Bearer ${JWT}`, 'X-API-Key': KEY } })))).toEqual({
      headers: { Authorization: 'Bearer eyJ…h5eg', 'X-API-Key': 'sk_test_…a1b2' },
    });
  });

  it('leaves IDs, plain words and numbers alone', () => {
    const body = '{"id":"inv_29","contactId":"cont_1","token_count":3,"description":"A token of thanks","key":"colour"}';
    expect(maskText(body)).toBe(body);
    expect(findSecrets(body)).toEqual([]);
  });
});

describe('maskText: headers, history and curl', () => {
  it('masks credential headers in -H flags and header lines, keeping the scheme', () => {
    expect(maskText(`GET /x -H 'Authorization: Bearer ${JWT}' -H "X-API-Key: ${KEY}"`)).toBe(
      `GET /x -H 'Authorization: Bearer eyJ…h5eg' -H "X-API-Key: sk_test_…a1b2"`,
    );
    expect(maskText('Cookie: session=abcdefghijklmnop; theme=dark\nAccept: */*')).toBe('Cookie: …dark\nAccept: */*');
    expect(maskText('X-Custom-Key: abcdefghijklmnopqr', { secretHeaders: ['X-Custom-Key'] })).toBe('X-Custom-Key: …opqr');
    expect(maskText('proxy-authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe('proxy-authorization: Basic …ZA==');
  });

  it('leaves curl variables and history redactions alone', () => {
    const curl = `curl -X 'GET' 'https://api.test/api/v1/invoices' \\\n  -H "X-API-Key: $DEVSHELL_API_KEY" \\\n  -H "Authorization: Bearer $DEVSHELL_API_KEY"`;
    expect(maskText(curl)).toBe(curl);
    const stored = redactSecrets(`POST /auth/login -H 'Authorization: Bearer ${JWT}' {"email":"a@b.c","password":"hunter2"}`);
    expect(maskText(stored)).toBe(stored);
  });

  it('masks known secrets wherever they appear', () => {
    const hostToken = 'portal-session-0123456789';
    expect(maskText(`echoed ${hostToken} twice: ${hostToken}`, { secrets: [hostToken, 'abc'] })).toBe('echoed …6789 twice: …6789');
  });

  it('masks a history line with a secret JSON field', () => {
    expect(maskText(`POST /auth/refresh {"refreshToken": "${JWT}"}`)).toBe('POST /auth/refresh {"refreshToken": "eyJ…h5eg"}');
  });
});

describe('maskJson', () => {
  it('masks parsed values for filters and renderers', () => {
    const value = { data: [{ id: 'key_1', secret: KEY, scopes: ['read'], nested: { accessToken: 'abcdefghijklmnopqrstu', n: 1 } }], note: `x ${JWT}` };
    expect(maskJson(value)).toEqual({ data: [{ id: 'key_1', secret: 'sk_test_…a1b2', scopes: ['read'], nested: { accessToken: '…rstu', n: 1 } }], note: 'x eyJ…h5eg' });
    expect(value.data[0]!.secret).toBe(KEY);
    expect(maskJson(null)).toBeNull();
    expect(maskJson(42)).toBe(42);
  });
});

describe('curl --reveal', () => {
  const request: CurlRequest = {
    method: 'POST',
    url: 'https://api.test/api/v1/contacts?x=it%27s',
    headers: [
      ['Accept', 'application/json'],
      ['Idempotency-Key', 'k-1'],
    ],
    credentialHeaders: ['X-API-Key'],
    credentialScheme: 'plain',
    body: `{"name":"O'Neil $HOME \`id\`"}`,
  };

  it('parses curl arguments', () => {
    expect(parseCurlArgs([])).toEqual({ ok: true, n: null, reveal: false });
    expect(parseCurlArgs(['2', '--reveal'])).toEqual({ ok: true, n: 2, reveal: true });
    expect(parseCurlArgs(['--reveal', '3'])).toEqual({ ok: true, n: 3, reveal: true });
    expect(parseCurlArgs(['--show'])).toEqual({ ok: false, message: 'curl: unexpected "--show"; use curl [n] [--reveal] (n from 1, the last request)' });
    expect(parseCurlArgs(['0']).ok).toBe(false);
  });

  it('finds the values of the variables a request uses', () => {
    expect(revealValues(request, { apiKey: KEY })).toEqual({ DEVSHELL_API_KEY: KEY });
    expect(revealValues({ credentialHeaders: ['Authorization'], credentialScheme: 'bearer' }, { apiKey: KEY })).toEqual({ DEVSHELL_API_KEY: KEY });
    expect(revealValues({ credentialHeaders: ['Authorization', 'X-Tenant'], credentialScheme: 'host' }, { hostHeaders: { authorization: `Bearer ${JWT}`, 'X-Tenant': 't1' } })).toEqual({
      DEVSHELL_AUTHORIZATION: `Bearer ${JWT}`,
      DEVSHELL_X_TENANT: 't1',
    });
    expect(revealValues(request, { apiKey: '' })).toEqual({});
  });

  it('puts the key into the command as a single-quoted literal, leaving the rest as toCurl wrote it', () => {
    const command = toCurl(request, { secret: KEY });
    const revealed = revealCurl(command, revealValues(request, { apiKey: KEY }));
    expect(revealed).toContain(`-H 'X-API-Key: ${KEY}'`);
    expect(revealed).not.toContain('$DEVSHELL_API_KEY');
    expect(revealed.replace(`-H 'X-API-Key: ${KEY}'`, '-H "X-API-Key: $DEVSHELL_API_KEY"')).toBe(command);
    expect(REVEAL_WARNING).toMatch(/clear text/);
  });

  it('reveals the bearer form and a key the user typed into the URL', () => {
    const bearer: CurlRequest = { ...request, url: `https://api.test/x?k=${KEY}`, credentialHeaders: ['Authorization'], credentialScheme: 'bearer' };
    const revealed = revealCurl(toCurl(bearer, { secret: KEY, multiline: false }), { DEVSHELL_API_KEY: KEY });
    expect(revealed).toContain(`-H 'Authorization: Bearer ${KEY}'`);
    expect(revealed).toContain(`'https://api.test/x?k='${`'${KEY}'`}`);
  });

  it('keeps words with unknown variables as they are', () => {
    expect(revealCurl(`curl -H "A: $OTHER" -H "B: $DEVSHELL_API_KEY"`, { DEVSHELL_API_KEY: 'k' })).toBe(`curl -H "A: $OTHER" -H 'B: k'`);
    expect(revealCurl(`curl -H "A: \`id\`"`, {})).toBe(`curl -H "A: \`id\`"`);
  });

  it('is a command a POSIX shell reads back into the same arguments', () => {
    const key = `sk_test_it's-a-"key"-$HOME`;
    const command = revealCurl(toCurl(request, { secret: null }), { DEVSHELL_API_KEY: key });
    const script = `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${command}`;
    const argv = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/nowhere' } }).split('\n');
    expect(argv).toContain(`X-API-Key: ${key}`);
    expect(argv).toContain(request.body);
    expect(argv).toContain(request.url);
  });
});
