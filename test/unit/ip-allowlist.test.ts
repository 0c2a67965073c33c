import { describe, expect, it } from 'vitest';
import { isAddressAllowed, isAddressAllowedByStored, normaliseAddress, normaliseAllowlistEntry } from '../../server/auth/ip-allowlist.js';

describe('IP allowlists', () => {
  it('allows any address when the list is empty', () => {
    expect(isAddressAllowed([], '203.0.113.9')).toBe(true);
    expect(isAddressAllowedByStored('[]', '2001:db8::1')).toBe(true);
  });

  it('matches exact IPv4 and IPv6 addresses', () => {
    expect(isAddressAllowed(['203.0.113.7'], '203.0.113.7')).toBe(true);
    expect(isAddressAllowed(['203.0.113.7'], '203.0.113.8')).toBe(false);
    expect(isAddressAllowed(['2001:db8::1'], '2001:0db8:0:0:0:0:0:1')).toBe(true);
    expect(isAddressAllowed(['2001:db8::1'], '2001:db8::2')).toBe(false);
  });

  it('matches CIDR ranges of both families', () => {
    expect(isAddressAllowed(['198.51.100.0/24'], '198.51.100.255')).toBe(true);
    expect(isAddressAllowed(['198.51.100.0/24'], '198.51.101.0')).toBe(false);
    expect(isAddressAllowed(['10.0.0.0/8'], '10.200.3.4')).toBe(true);
    expect(isAddressAllowed(['2001:db8::/32'], '2001:db8:ffff::1')).toBe(true);
    expect(isAddressAllowed(['2001:db8::/32'], '2001:db9::1')).toBe(false);
    expect(isAddressAllowed(['0.0.0.0/0'], '8.8.8.8')).toBe(true);
  });

  it('treats an IPv4-mapped IPv6 client address as the IPv4 address', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toEqual({ address: '127.0.0.1', family: 'ipv4' });
    expect(isAddressAllowed(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(isAddressAllowed(['127.0.0.0/8'], '::FFFF:127.0.0.5')).toBe(true);
    expect(isAddressAllowed(['::ffff:192.0.2.1'], '192.0.2.1')).toBe(true);
  });

  it('never matches IPv4 entries against IPv6 clients or vice versa', () => {
    expect(isAddressAllowed(['127.0.0.1'], '::1')).toBe(false);
    expect(isAddressAllowed(['::1'], '127.0.0.1')).toBe(false);
  });

  it('refuses unknown or missing client addresses when a list is set', () => {
    expect(isAddressAllowed(['127.0.0.1'], undefined)).toBe(false);
    expect(isAddressAllowed(['127.0.0.1'], 'not-an-ip')).toBe(false);
  });

  it('normalises valid entries and rejects invalid ones', () => {
    expect(normaliseAllowlistEntry(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
    expect(normaliseAllowlistEntry('2001:DB8::/32')).toBe('2001:db8::/32');
    expect(normaliseAllowlistEntry('::ffff:10.1.2.3')).toBe('10.1.2.3');
    for (const bad of ['', 'localhost', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/1', '10.0.0/8', '300.1.1.1', '10.0.0.0/-1', '1.2.3.4/ 8']) {
      expect(normaliseAllowlistEntry(bad), bad).toBeNull();
    }
  });
});
