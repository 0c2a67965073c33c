import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../../shell/render/ansi.js';
import { compileFilter, type CompiledFilter } from '../../../shell/power/filter.js';
import { viewResponse } from '../../../shell/render/response-view.js';

const SECRET = 'sk_live_0123456789abcdefghijWXYZ';
const body = JSON.stringify({ success: true, data: { id: 'key_7', name: 'CI', secret: SECRET } });
const shown = (lines: string[]) => lines.map(stripAnsi).join('\n');

function filter(text: string): CompiledFilter {
  const compiled = compileFilter(text);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.filter;
}

describe('viewResponse', () => {
  it('masks secrets on screen, keeps the JSON pretty, and copies the real body', () => {
    const view = viewResponse(body, 'application/json');
    expect(shown(view.lines)).toContain('"secret": "sk_live_…WXYZ"');
    expect(shown(view.lines)).not.toContain(SECRET);
    expect(shown(view.lines)).toContain('"name": "CI"');
    expect(view.masked).toBe(true);
    expect(view.copyText()).toBe(JSON.stringify(JSON.parse(body), null, 2));
  });

  it('masks the known key wherever it appears, and says nothing when nothing was masked', () => {
    const echoed = viewResponse('{"note":"my key is abcdef123456"}', null, { mask: { secrets: ['abcdef123456'] } });
    expect(shown(echoed.lines)).not.toContain('abcdef123456');
    const plain = viewResponse('{"data":[{"id":"inv_1"}]}', 'application/json');
    expect(plain.masked).toBe(false);
    expect(shown(plain.lines)).toContain('"id": "inv_1"');
  });

  it('a filter prints only its selection, masked, and copies the real selection', () => {
    const ids = viewResponse('{"data":[{"id":"inv_1"},{"id":"inv_2"}],"meta":{"page":1}}', 'application/json', { filter: filter('.data[].id') });
    expect(ids.lines.map(stripAnsi)).toEqual(['"inv_1"', '"inv_2"']);
    expect(ids.copyText()).toBe('"inv_1"\n"inv_2"');
    const secret = viewResponse(body, 'application/json', { filter: filter('.data.secret') });
    expect(secret.lines.map(stripAnsi)).toEqual(['"sk_live_…WXYZ"']);
    expect(secret.masked).toBe(true);
    expect(secret.copyText()).toBe(JSON.stringify(SECRET));
  });

  it('a filter on a body that is not JSON, or that fails at run time, is an error with no lines', () => {
    expect(viewResponse('plain', 'text/plain', { filter: filter('.a') })).toMatchObject({ lines: [], error: 'Cannot filter: the response body is not JSON.' });
    expect(viewResponse('', null, { filter: filter('.a') }).error).toMatch(/empty/);
    const failed = viewResponse('{"data":null}', null, { filter: filter('.data[]') });
    expect(failed.lines).toEqual([]);
    expect(failed.error).toMatch(/^Filter error at column \d+: cannot iterate over null/);
  });

  it('caps long output and counts what was cut', () => {
    const many = JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ id: `inv_${i + 1}` })) });
    const view = viewResponse(many, null, { filter: filter('.data[].id'), maxLines: 10 });
    expect(view.lines).toHaveLength(10);
    expect(view.cut).toBe(40);
    expect(viewResponse(many, null, { maxLines: 10 }).cut).toBeGreaterThan(0);
  });
});
