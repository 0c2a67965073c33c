import { describe, expect, it } from 'vitest';
import { addToHistory, capHistory, HISTORY_CAP, normaliseHistory, redactSecrets } from '../../../shell/history-list.js';

const LIVE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEfGhIjKlMnOp';
const TEST = 'sk_test_51Mabc_DEF-ghi0123456789';

describe('addToHistory', () => {
  it('appends, oldest first, trimmed', () => {
    expect(addToHistory(['GET /a'], '  GET /b  ')).toEqual(['GET /a', 'GET /b']);
  });

  it('keeps consecutive duplicates once, but not earlier ones', () => {
    let h: string[] = [];
    for (const line of ['GET /a', 'GET /a', 'GET /b', 'GET /a', 'GET /a']) h = addToHistory(h, line);
    expect(h).toEqual(['GET /a', 'GET /b', 'GET /a']);
  });

  it('ignores blank lines', () => {
    expect(addToHistory(['x'], '   ')).toEqual(['x']);
    expect(addToHistory([], '')).toEqual([]);
  });

  it('caps at 1,000 by dropping the oldest', () => {
    let h: string[] = [];
    for (let i = 0; i < HISTORY_CAP + 5; i += 1) h = addToHistory(h, `GET /n/${i}`);
    expect(HISTORY_CAP).toBe(1000);
    expect(h).toHaveLength(1000);
    expect(h[0]).toBe('GET /n/5');
    expect(h[999]).toBe('GET /n/1004');
    expect(addToHistory(['a', 'b', 'c'], 'd', { cap: 2 })).toEqual(['c', 'd']);
  });

  it('does not change the list it was given', () => {
    const h = Object.freeze(['GET /a']);
    expect(addToHistory(h, 'GET /b')).toEqual(['GET /a', 'GET /b']);
    expect(h).toEqual(['GET /a']);
  });

  it('stores redacted lines, and a repeated secret command once', () => {
    let h: string[] = [];
    h = addToHistory(h, `env set key ${LIVE}`);
    h = addToHistory(h, `env set key ${TEST}`);
    expect(h).toEqual(['env set key ********']);
    expect(JSON.stringify(h)).not.toMatch(/sk_(live|test)_[A-Za-z0-9]/);
  });

  it('keeps entries one line without controls', () => {
    expect(addToHistory([], 'GET /a\n\x1b[2J')).toEqual(['GET /a [2J']);
  });
});

describe('redactSecrets', () => {
  it('masks the value of env set key, whatever it is', () => {
    expect(redactSecrets(`env set key ${LIVE}`)).toBe('env set key ********');
    expect(redactSecrets('env set api-key hunter2')).toBe('env set api-key ********');
    expect(redactSecrets('ENV SET Key  abc def')).toBe('ENV SET Key  ********');
    expect(redactSecrets('env set base-url https://x.example')).toBe('env set base-url https://x.example');
  });

  it('masks any sk_live_/sk_test_ token anywhere, keeping its kind', () => {
    expect(redactSecrets(`GET /keys?k=${LIVE}`)).toBe('GET /keys?k=sk_live_********');
    expect(redactSecrets(`POST /x {"a":"${TEST}"}`)).toBe('POST /x {"a":"sk_test_********"}');
    expect(redactSecrets('GET /task_live_1')).toBe('GET /task_live_1');
  });

  it('masks credential header values in -H flags, in every quoting style', () => {
    expect(redactSecrets(`GET /a -H 'Authorization: Bearer eyJhbGciOi.x.y'`)).toBe(`GET /a -H 'Authorization: Bearer ********'`);
    expect(redactSecrets(`GET /a -H "X-API-Key: ${LIVE}"`)).toBe('GET /a -H "X-API-Key: ********"');
    expect(redactSecrets(`GET /a -H x-api-key:abc123`)).toBe('GET /a -H x-api-key:********');
    expect(redactSecrets(`GET /a --header 'Cookie: session=abc'`)).toBe(`GET /a --header 'Cookie: ********'`);
    expect(redactSecrets(`GET /a -H'Proxy-Authorization: Basic dXNlcjpwYXNz'`)).toBe(`GET /a -H'Proxy-Authorization: Basic ********'`);
  });

  it('masks the spec’s own key header when told its name', () => {
    expect(redactSecrets(`GET /a -H 'X-Custom-Key: abc'`, { secretHeaders: ['X-Custom-Key'] })).toBe(`GET /a -H 'X-Custom-Key: ********'`);
    expect(redactSecrets(`GET /a -H 'X-Custom-Key: abc'`)).toBe(`GET /a -H 'X-Custom-Key: abc'`);
  });

  it('leaves other headers alone', () => {
    const line = `POST /a -H 'Idempotency-Key: k1' -H "Accept: application/json" {"a":1}`;
    expect(redactSecrets(line)).toBe(line);
  });

  it('masks passwords and tokens in JSON bodies', () => {
    expect(redactSecrets('POST /auth/login {"email":"a@b.c","password":"hunter2 \\"x\\""}')).toBe('POST /auth/login {"email":"a@b.c","password":"********"}');
    expect(redactSecrets('POST /auth/refresh {"refreshToken": "abc"}')).toBe('POST /auth/refresh {"refreshToken": "********"}');
    expect(redactSecrets('POST /auth/password {"currentPassword":"a","newPassword":"b"}')).toBe('POST /auth/password {"currentPassword":"********","newPassword":"********"}');
    expect(redactSecrets('POST /contacts {"name":"Token Ltd"}')).toBe('POST /contacts {"name":"Token Ltd"}');
  });
});

describe('capHistory and normaliseHistory', () => {
  it('caps to the newest entries', () => {
    expect(capHistory(['a', 'b', 'c'], 2)).toEqual(['b', 'c']);
    expect(capHistory(['a'], 0)).toEqual([]);
  });

  it('cleans whatever storage returned', () => {
    expect(normaliseHistory(null)).toEqual([]);
    expect(normaliseHistory({ length: 2 })).toEqual([]);
    expect(normaliseHistory(['GET /a', 42, 'GET /a', `env set key ${LIVE}`, '', 'GET /b\r\n'], { cap: 2 })).toEqual(['env set key ********', 'GET /b']);
  });
});
