import { BlockList, isIP } from 'node:net';

/**
 * API-key IP allowlists: exact IPv4/IPv6 addresses and CIDR ranges, matched with node:net's
 * BlockList. The address comes from `req.ip`, which honours X-Forwarded-For only when
 * `trust proxy` is configured — otherwise a client could name any address it likes.
 */

type Family = 'ipv4' | 'ipv6';

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is the IPv4 address `1.2.3.4`. */
export function normaliseAddress(address: string): { address: string; family: Family } | null {
  const trimmed = address.trim();
  const mapped = IPV4_MAPPED.exec(trimmed);
  const candidate = mapped ? (mapped[1] as string) : trimmed;
  const version = isIP(candidate);
  if (version === 4) return { address: candidate, family: 'ipv4' };
  if (version === 6) return { address: candidate.toLowerCase(), family: 'ipv6' };
  return null;
}

interface ParsedEntry {
  address: string;
  family: Family;
  prefix: number | null;
}

function parseEntry(entry: string): ParsedEntry | null {
  const [addressPart, prefixPart, ...rest] = entry.trim().split('/');
  if (rest.length > 0 || addressPart === undefined) return null;
  const normalised = normaliseAddress(addressPart);
  if (!normalised) return null;
  if (prefixPart === undefined) return { ...normalised, prefix: null };
  if (!/^\d{1,3}$/.test(prefixPart)) return null;
  const prefix = Number(prefixPart);
  // A mapped IPv4 address with an IPv6-sized prefix is ambiguous; accept IPv4 prefixes only.
  if (prefix > (normalised.family === 'ipv4' ? 32 : 128)) return null;
  return { ...normalised, prefix };
}

/** The canonical spelling of an allowlist entry (`10.0.0.0/8`, `2001:db8::/32`), or null if invalid. */
export function normaliseAllowlistEntry(entry: string): string | null {
  const parsed = parseEntry(entry);
  if (!parsed) return null;
  return parsed.prefix === null ? parsed.address : `${parsed.address}/${parsed.prefix}`;
}

function buildBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed) continue; // entries are validated when stored; skip rather than fail open
    if (parsed.prefix === null) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/**
 * Keys are looked up on every request, and the same few allowlists recur: keep the compiled
 * BlockList per stored JSON text. Bounded, since allowlists are few.
 */
const compiled = new Map<string, BlockList>();
const CACHE_LIMIT = 1000;

function blockListFor(storedJson: string): BlockList {
  let list = compiled.get(storedJson);
  if (!list) {
    list = buildBlockList(JSON.parse(storedJson) as string[]);
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(storedJson, list);
  }
  return list;
}

/** True when `address` may use a key whose allowlist is `entries` (empty = anywhere). */
export function isAddressAllowed(entries: readonly string[], address: string | undefined): boolean {
  if (entries.length === 0) return true;
  return matches(buildBlockList(entries), address);
}

/** As `isAddressAllowed`, for the allowlist as stored (a JSON array), with the compiled list cached. */
export function isAddressAllowedByStored(storedJson: string, address: string | undefined): boolean {
  if (storedJson === '[]') return true;
  return matches(blockListFor(storedJson), address);
}

function matches(list: BlockList, address: string | undefined): boolean {
  if (address === undefined) return false;
  const normalised = normaliseAddress(address);
  if (!normalised) return false;
  return list.check(normalised.address, normalised.family);
}
