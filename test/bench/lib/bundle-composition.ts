import fs from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * What a bundle is made of, from its source map: the generated code attributed to each original
 * source, grouped by package. Sizes are the minified bytes of each group and the gzip size of
 * each group compressed on its own (which adds up to a little more than the whole, since the
 * whole shares one dictionary).
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one mappings segment's base64 VLQ fields. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`bad source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export interface CompositionPart {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Groups a source path into the package (or project folder) it belongs to. */
export function packageOf(source: string): string {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = source.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const parts = source.split('/').filter((p) => p !== '..' && p !== '.');
  return parts.length > 1 ? `${parts[0]}/ (own code)` : parts[0]!;
}

export function bundleComposition(bundleFile: string, mapFile: string, group: (source: string) => string = packageOf): CompositionPart[] {
  const code = fs.readFileSync(bundleFile, 'utf8').split('\n');
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const chunks = new Map<string, string[]>();
  const add = (name: string, text: string) => {
    if (!text) return;
    const list = chunks.get(name) ?? [];
    list.push(text);
    chunks.set(name, list);
  };
  let sourceIndex = 0;
  map.mappings.split(';').forEach((lineMappings, lineNumber) => {
    const line = code[lineNumber] ?? '';
    let column = 0;
    let start = 0;
    let owner = 'unmapped';
    for (const segment of lineMappings.split(',').filter(Boolean)) {
      const fields = decodeSegment(segment);
      column += fields[0]!;
      add(owner, line.slice(start, column));
      start = column;
      if (fields.length >= 4) {
        sourceIndex += fields[1]!;
        owner = group(map.sources[sourceIndex] ?? 'unmapped');
      } else {
        owner = 'unmapped';
      }
    }
    add(owner, line.slice(start));
  });
  return [...chunks]
    .map(([name, parts]) => {
      const text = parts.join('');
      return { name, minifiedBytes: Buffer.byteLength(text), gzipBytes: gzipSync(text).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** Maps a position in the bundle (0-based line and column) to the original source it came from. */
export function sourceLocator(mapFile: string): (line: number, column: number) => string | null {
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  let sourceIndex = 0;
  const lines = map.mappings.split(';').map((lineMappings) => {
    const segments: Array<{ column: number; source: number | null }> = [];
    let column = 0;
    for (const segment of lineMappings.split(',').filter(Boolean)) {
      const fields = decodeSegment(segment);
      column += fields[0]!;
      if (fields.length >= 4) sourceIndex += fields[1]!;
      segments.push({ column, source: fields.length >= 4 ? sourceIndex : null });
    }
    return segments;
  });
  return (line, column) => {
    const segments = lines[line];
    if (!segments?.length) return null;
    // The last segment starting at or before the column (segments are sorted by column).
    let lo = 0;
    let hi = segments.length - 1;
    if (segments[0]!.column > column) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.column <= column) lo = mid;
      else hi = mid - 1;
    }
    const source = segments[lo]!.source;
    return source === null ? null : (map.sources[source] ?? null);
  };
}
