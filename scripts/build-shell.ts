import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(ROOT, 'dist', 'dev-shell.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/dev-shell.js is missing or older than any shell source or the build config. */
export function shellBuildIsStale(): boolean {
  if (!fs.existsSync(BUNDLE)) return true;
  const built = fs.statSync(BUNDLE).mtimeMs;
  const sources = Math.max(newestMtime(path.join(ROOT, 'shell')), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  return sources > built;
}

/** Builds the shell library into dist/ and returns the bundle's gzip size in bytes. */
export async function buildShell(options: { quiet?: boolean } = {}): Promise<number> {
  // Inside vitest NODE_ENV is "test", which would make Vite bundle Lit's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return gzipSync(fs.readFileSync(BUNDLE)).length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const gzip = await buildShell();
  process.stdout.write(`dist/dev-shell.js: ${(gzip / 1024).toFixed(1)} kB gzip\n`);
}
