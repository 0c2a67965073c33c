import { describe, expect, it } from 'vitest';
import { ipSubject } from '../../server/http/rate-limit.js';

describe('the per-IP rate limit’s subject', () => {
  it('is the address itself for IPv4, mapped IPv4 included', () => {
    expect(ipSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 for IPv6, however the address is written', () => {
    expect(ipSubject('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(ipSubject('2001:0DB8:85A3:08D3::1')).toBe('2001:db8:85a3:8d3::/64');
    expect(ipSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
    expect(ipSubject('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('counts two addresses of one /64 together and of two /64s apart', () => {
    expect(ipSubject('2001:db8:1:2::a')).toBe(ipSubject('2001:db8:1:2:ffff::b'));
    expect(ipSubject('2001:db8:1:2::a')).not.toBe(ipSubject('2001:db8:1:3::a'));
  });
});
