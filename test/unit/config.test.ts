import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dbPath).toBe('data/devshell.db');
    expect(config.databaseUrl).toBeNull();
    expect(config.scrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['JWT_SECRET', 'short'],
    ['CORS_ORIGINS', 'not a url'],
    ['RATE_LIMIT_PER_KEY', '-1'],
  ])('stops on a bad %s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrowError(new RegExp(`^${name}:`));
  });
});
