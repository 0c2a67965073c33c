import { describe, expect, it } from 'vitest';
import { ConfigError, INSECURE_TEST_SCRYPT, loadConfig, OWASP_SCRYPT } from '../../server/config.js';

describe('configuration for tests and API-only instances', () => {
  it('lowers the scrypt cost only when DEVSHELL_INSECURE_FAST_SCRYPT=1 is set explicitly', () => {
    expect(loadConfig({}).scrypt).toEqual(OWASP_SCRYPT);
    expect(loadConfig({ DEVSHELL_INSECURE_FAST_SCRYPT: '1', NODE_ENV: 'test' }).scrypt).toEqual(INSECURE_TEST_SCRYPT);
    expect(() => loadConfig({ DEVSHELL_INSECURE_FAST_SCRYPT: 'yes' })).toThrowError(/^DEVSHELL_INSECURE_FAST_SCRYPT:/);
  });

  it('refuses the cheap scrypt setting in production', () => {
    expect(() => loadConfig({ DEVSHELL_INSECURE_FAST_SCRYPT: '1', NODE_ENV: 'production' })).toThrowError(ConfigError);
    expect(() => loadConfig({ DEVSHELL_INSECURE_FAST_SCRYPT: '1', NODE_ENV: 'production' })).toThrowError(/refused when NODE_ENV=production/);
  });

  it('serves the demo site unless SERVE_DEMO=false', () => {
    expect(loadConfig({}).serveDemo).toBe(true);
    expect(loadConfig({ SERVE_DEMO: 'false' }).serveDemo).toBe(false);
  });

  it('reads the rate-limit variables, 0 switching a limit off', () => {
    expect(loadConfig({}).rateLimit).toEqual({ perKey: 600, perIp: 1200, windowSeconds: 60 });
    expect(loadConfig({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '30', RATE_LIMIT_WINDOW_SECONDS: '10' }).rateLimit).toEqual({
      perKey: 0,
      perIp: 30,
      windowSeconds: 10,
    });
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrowError(/^RATE_LIMIT_WINDOW_SECONDS:/);
  });
});
