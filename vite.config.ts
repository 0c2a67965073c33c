import fs from 'node:fs';
import { defineConfig, type UserConfig } from 'vite';

const ENTRY = 'shell/index.ts';

/**
 * `dist/dev-shell.js`: one self-registering ES module with Lit, xterm and xterm's CSS inside, for a
 * `<script type="module">` tag on any page. Minified: whitespace alone costs ~8 kB gzip.
 */
export function standaloneConfig(outDir = 'dist'): UserConfig {
  return {
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      lib: { entry: ENTRY, formats: ['es'], fileName: () => 'dev-shell.js' },
      rolldownOptions: { output: { minify: true } },
    },
  };
}

/** The package's runtime dependencies (and their subpaths), read from package.json. */
function runtimeDependencies(): string[] {
  const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {});
}

/**
 * `dist/index.js`: the same entry for bundlers. Runtime dependencies stay bare imports so an app
 * that already uses Lit (or xterm) ships one copy and one `LitElement` base class, as Lit advises
 * for published components; the app's bundler resolves and minifies them. xterm's stylesheet is the
 * exception: it is a Vite `?inline` import no other bundler understands, so it is inlined as text.
 */
export function moduleConfig(outDir = 'dist'): UserConfig {
  const dependencies = runtimeDependencies();
  const isDependency = (id: string) => !id.includes('?') && dependencies.some((name) => id === name || id.startsWith(`${name}/`));
  return {
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      lib: { entry: ENTRY, formats: ['es'], fileName: () => 'index.js' },
      rolldownOptions: { external: isDependency },
    },
  };
}

export default defineConfig(standaloneConfig());
