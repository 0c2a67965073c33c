import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, UserConfig } from 'vite';
import { moduleConfig, standaloneConfig } from '../vite.config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHELL_DIR = path.join(ROOT, 'shell');
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
  const sources = Math.max(newestMtime(SHELL_DIR), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  return sources > built;
}

async function viteBuild(config: UserConfig, quiet: boolean): Promise<void> {
  // Inside vitest NODE_ENV is "test", which would make Vite bundle Lit's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    const inline: InlineConfig = { ...config, root: ROOT, configFile: false, logLevel: quiet ? 'warn' : 'info' };
    await build(inline);
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

function gzipSize(file: string): number {
  return gzipSync(fs.readFileSync(file)).length;
}

/**
 * Builds only `dist/dev-shell.js` (what the demo pages and the browser tests load) and returns its
 * gzip size in bytes. `npm start` calls this when the bundle is stale; it skips the slower
 * declaration and manifest steps that only a published package needs.
 */
export async function buildShell(options: { quiet?: boolean } = {}): Promise<number> {
  await viteBuild(standaloneConfig(path.join(ROOT, 'dist')), options.quiet ?? false);
  return gzipSize(BUNDLE);
}

function shellSources(dir = SHELL_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shellSources(full);
    return /\.ts$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name) ? [full] : [];
  });
}

interface AnalyzerModule {
  create(input: { modules: unknown[]; plugins?: unknown[] }): unknown;
  ts: { createSourceFile(name: string, text: string, target: number, setParents: boolean): unknown; ScriptTarget: { ES2015: number } };
}

interface ManifestMember {
  name: string;
  privacy?: string;
  attribute?: string;
}
interface Manifest {
  modules: Array<{ declarations?: Array<{ members?: ManifestMember[]; attributes?: Array<{ fieldName?: string }>; events?: Array<{ name?: string }> }> }>;
}

/**
 * Corrects two things the analyzer's Lit support gets wrong for this element: internal reactive
 * state (`static properties = { x: { state: true } }`, declared private) is not an attribute, and
 * an event whose name is computed has no name to publish (the schema requires one).
 */
function tidyManifest(manifest: Manifest): Manifest {
  for (const declaration of manifest.modules.flatMap((m) => m.declarations ?? [])) {
    const internal = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
    for (const member of declaration.members ?? []) if (internal.has(member.name)) delete member.attribute;
    if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !a.fieldName || !internal.has(a.fieldName));
    if (declaration.events) declaration.events = declaration.events.filter((e) => typeof e.name === 'string' && e.name !== '');
  }
  return manifest;
}

/**
 * `custom-elements.json` — what `cem analyze --globs 'shell/**\/*.ts' --litelement` produces, run
 * through the analyzer's API because its CLI also rewrites package.json's `customElements` field
 * whenever the output directory is not the project root (the package test builds into a temp dir).
 */
export async function writeCustomElementsManifest(outFile: string): Promise<void> {
  const analyzer = (await import('@custom-elements-manifest/analyzer')) as unknown as AnalyzerModule;
  const litPluginPath = '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
  const { litPlugin } = (await import(litPluginPath)) as { litPlugin: () => unknown[] };
  const modules = shellSources().map((file) => {
    const name = path.relative(ROOT, file).split(path.sep).join('/');
    return analyzer.ts.createSourceFile(name, fs.readFileSync(file, 'utf8'), analyzer.ts.ScriptTarget.ES2015, true);
  });
  const manifest = tidyManifest(analyzer.create({ modules, plugins: litPlugin() }) as Manifest);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Type declarations for shell/ into `<outDir>`, by tsc with tsconfig.build.json. */
async function emitDeclarations(outDir: string): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p tsconfig.build.json failed:\n${stdout}${stderr}`);
  }
}

export interface LibraryBuild {
  /** gzip size of dist/dev-shell.js in bytes. */
  gzip: number;
  files: string[];
}

/**
 * The whole published package under `outRoot` (default: the project): `dist/dev-shell.js` (script
 * tag), `dist/index.js` (bundlers), `dist/types/` (declarations) and `custom-elements.json` — the
 * paths package.json's `exports`, `types` and `customElements` name.
 */
export async function buildLibrary(options: { outRoot?: string; quiet?: boolean } = {}): Promise<LibraryBuild> {
  const outRoot = options.outRoot ?? ROOT;
  const quiet = options.quiet ?? false;
  const dist = path.join(outRoot, 'dist');
  await viteBuild(standaloneConfig(dist), quiet);
  await viteBuild(moduleConfig(dist), quiet);
  await emitDeclarations(path.join(dist, 'types'));
  await writeCustomElementsManifest(path.join(outRoot, 'custom-elements.json'));
  const files = ['dist/dev-shell.js', 'dist/index.js', 'dist/types/index.d.ts', 'custom-elements.json'];
  for (const file of files) {
    if (!fs.existsSync(path.join(outRoot, file))) throw new Error(`build did not write ${file}`);
  }
  return { gzip: gzipSize(path.join(dist, 'dev-shell.js')), files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { gzip, files } = await buildLibrary();
  process.stdout.write(`\nwrote ${files.join(', ')}\n`);
  process.stdout.write(`dist/dev-shell.js: ${(gzip / 1024).toFixed(1)} kB gzip\n`);
}
