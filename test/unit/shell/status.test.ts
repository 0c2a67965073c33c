import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../../shell/render/ansi.js';
import { errorLine, formatBytes, formatDuration, reasonPhrase, statusColour, statusLine } from '../../../shell/render/status.js';

describe('statusLine', () => {
  it('reads HTTP status, reason, time and size', () => {
    expect(stripAnsi(statusLine({ status: 201, statusText: 'Created', durationMs: 84.3, bytes: 1234 }))).toBe('HTTP 201 Created · 84 ms · 1.2 kB');
  });

  it('colours the status by class', () => {
    expect(statusLine({ status: 200, durationMs: 1, bytes: 1 })).toMatch(/^\x1b\[32m/);
    expect(statusLine({ status: 304, durationMs: 1, bytes: 1 })).toMatch(/^\x1b\[36m/);
    expect(statusLine({ status: 404, durationMs: 1, bytes: 1 })).toMatch(/^\x1b\[33m/);
    expect(statusLine({ status: 503, durationMs: 1, bytes: 1 })).toMatch(/^\x1b\[31m/);
    expect(statusColour(101)).toBe('gray');
    expect(statusColour(0)).toBe('gray');
  });

  it('falls back to the standard reason phrase when the server sends none (HTTP/2)', () => {
    expect(stripAnsi(statusLine({ status: 404, statusText: '', durationMs: 5, bytes: 0 }))).toBe('HTTP 404 Not Found · 5 ms · 0 B');
    expect(stripAnsi(statusLine({ status: 299, durationMs: 5, bytes: 0 }))).toBe('HTTP 299 · 5 ms · 0 B');
    expect(reasonPhrase(422)).toBe('Unprocessable Content');
  });

  it('neutralises a hostile status text', () => {
    const line = stripAnsi(statusLine({ status: 200, statusText: 'OK\x1b]0;pwned\x07\r\n$ ', durationMs: 1, bytes: 1 }));
    expect(line).toBe('HTTP 200 OK\\u001b]0;pwned\\u0007\\r\\n$ · 1 ms · 1 B');
  });
});

describe('formatDuration', () => {
  it('shows milliseconds, then seconds, then minutes', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.4)).toBe('0 ms');
    expect(formatDuration(999)).toBe('999 ms');
    expect(formatDuration(1000)).toBe('1 s');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(12_345)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(Number.NaN)).toBe('0 ms');
  });
});

describe('formatBytes', () => {
  it('uses SI units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1234)).toBe('1.2 kB');
    expect(formatBytes(12_345)).toBe('12 kB');
    expect(formatBytes(999_600)).toBe('1 MB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(-5)).toBe('0 B');
  });
});

describe('errorLine', () => {
  it('is red and one line', () => {
    expect(errorLine('Network error: offline\nnext')).toBe('\x1b[31mNetwork error: offline\\nnext\x1b[39m');
  });
});
