import { describe, expect, it } from 'vitest';
import { commands, editDistance, findCommand, suggestCommand } from '../../../shell/commands/registry.js';
import { maskKey, modeOf } from '../../../shell/commands/env.js';

describe('the built-in registry', () => {
  it('has every built-in of SPEC §6 and next / prev, each with a summary and a usage line', () => {
    expect(commands.map((c) => c.name)).toEqual(['help', 'routes', 'curl', 'next', 'prev', 'env', 'history', 'clear']);
    for (const command of commands) {
      expect(command.summary.length).toBeGreaterThan(5);
      expect(command.usage[0]).toMatch(new RegExp(`^${command.name}\\b`));
    }
    expect(findCommand('ROUTES')?.name).toBe('routes');
    expect(findCommand('nope')).toBeUndefined();
  });

  it('suggests the closest command or method for a typo, and nothing for a far-off word', () => {
    expect(editDistance('rotues', 'routes')).toBe(1);
    expect(editDistance('', 'env')).toBe(3);
    expect(suggestCommand('rotues')).toBe('routes');
    expect(suggestCommand('hstory')).toBe('history');
    expect(suggestCommand('clera')).toBe('clear');
    expect(suggestCommand('gte')).toBe('GET');
    expect(suggestCommand('nxet')).toBe('next');
    expect(suggestCommand('xyzzy')).toBeNull();
    expect(suggestCommand('zz')).toBeNull();
  });
});

describe('env display helpers', () => {
  it('masks a key to its prefix and last four characters', () => {
    expect(maskKey('sk_test_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('sk_test_…6789');
    expect(maskKey('short')).toBe('••••');
    expect(maskKey('')).toBe('(none)');
    expect(maskKey('sk_live_ab')).toBe('sk_live_••••');
  });

  it('reads the mode from the key, or names host credentials', () => {
    expect(modeOf({ apiKey: 'sk_test_x', authHeaders: undefined })).toBe('test');
    expect(modeOf({ apiKey: 'sk_live_x', authHeaders: undefined })).toBe('live');
    expect(modeOf({ apiKey: '', authHeaders: undefined })).toBe('no credentials');
    expect(modeOf({ apiKey: '', authHeaders: () => ({}) })).toBe('host page credentials');
  });
});
