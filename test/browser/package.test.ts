import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildLibrary } from '../../scripts/build-shell.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  module: string;
  types: string;
  customElements: string;
  files: string[];
  dependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

/** Every module specifier a built ES module imports, static or dynamic. */
function importedSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']/g)) found.add(m[1] as string);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1] as string);
  return [...found];
}

const isBare = (specifier: string) => !/^(\.{0,2}\/|[a-z]+:)/.test(specifier);

interface Manifest {
  modules: Array<{
    path: string;
    declarations?: Array<{
      kind: string;
      name: string;
      tagName?: string;
      customElement?: boolean;
      attributes?: Array<{ name: string; fieldName?: string }>;
      members?: Array<{ name: string; privacy?: string }>;
      events?: Array<{ name?: string }>;
    }>;
    exports?: Array<{ kind: string; name: string }>;
  }>;
}

/**
 * The published package, built into a scratch directory (never over the dist/ that other suites
 * and `npm start` serve): its files, its package.json entry points, and how a bundler, a
 * TypeScript consumer and a page that loads it twice see it.
 */
describe('the npm package (npm run build)', () => {
  let outRoot: string;
  let gzip: number;

  beforeAll(async () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    // Inside the project so that a consumer here resolves lit & co. from the project's node_modules.
    outRoot = fs.mkdtempSync(path.join(ROOT, '.tmp', 'package-'));
    ({ gzip } = await buildLibrary({ outRoot, quiet: true }));
  });

  afterAll(() => {
    if (outRoot) fs.rmSync(outRoot, { recursive: true, force: true });
  });

  const read = (file: string) => fs.readFileSync(path.join(outRoot, file), 'utf8');

  it('has every file package.json points at (main, module, types, exports, customElements, files)', () => {
    const targets = [PKG.main, PKG.module, PKG.types, PKG.customElements];
    for (const entry of Object.values(PKG.exports)) targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
    expect(targets.length).toBeGreaterThan(6);
    for (const target of targets) {
      const base = target === './package.json' ? ROOT : outRoot;
      expect(fs.existsSync(path.join(base, target)), `${target} exists after the build`).toBe(true);
      // npm publishes only `files`; an entry point outside them would be missing from the tarball.
      const relative = path.posix.normalize(target);
      expect(relative === 'package.json' || PKG.files.some((f) => relative === f || relative.startsWith(`${f}/`)), `${target} is in files`).toBe(true);
    }
    expect(PKG.exports['.']).toMatchObject({ types: PKG.types, import: PKG.main });
  });

  it('dist/dev-shell.js is self-contained: no imports at all, xterm and its CSS inside, within the size guard', () => {
    const bundle = read('dist/dev-shell.js');
    expect(importedSpecifiers(bundle)).toEqual([]);
    // (Booleans, not toContain: a failure would print the whole bundle.)
    expect(bundle.includes('customElements.define'), 'registers itself').toBe(true);
    expect(/litHtmlVersions/.test(bundle), 'Lit inside').toBe(true);
    expect(bundle.includes('.xterm-helper-textarea'), 'xterm’s own stylesheet inlined for the shadow root').toBe(true);
    expect(gzip).toBeGreaterThan(1000);
    // A regression guard, not the target: the 130 kB target is measured and reported by
    // `npm run bench` (BENCHMARKS.md), where it is currently missed by about 1 kB.
    expect(gzip).toBeLessThan(135 * 1024);
  });

  it('dist/index.js leaves runtime dependencies to the app’s bundler and inlines nothing of Lit', () => {
    const entry = read('dist/index.js');
    const bare = importedSpecifiers(entry).filter(isBare);
    expect(bare).toContain('lit');
    for (const specifier of bare) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
      expect(Object.keys(PKG.dependencies), `${specifier} is a declared dependency`).toContain(name);
    }
    expect(importedSpecifiers(entry).filter((s) => !isBare(s))).toEqual([]);
    // Lit registers its version globally; finding that here would mean a second copy of Lit.
    expect(entry).not.toMatch(/litHtmlVersions|reactiveElementVersions/);
    expect(entry).toMatch(/customElements\.get\(["']dev-shell["']\)/);
  });

  it('ships declarations a TypeScript consumer can use through the package name', async () => {
    const index = read('dist/types/index.d.ts');
    expect(index).toMatch(/DevShell/);
    // A consumer in the package's own directory resolves `import … from '<name>'` through
    // package.json `exports` (self-reference), exactly as an installed dependency would.
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(outRoot, 'package.json'));
    fs.writeFileSync(
      path.join(outRoot, 'consumer.ts'),
      [
        `import { DevShell } from '${PKG.name}';`,
        `const shell: DevShell = document.createElement('dev-shell');`,
        `shell.apiKey = 'sk_test_x';`,
        `shell.baseUrl = 'https://api.example.com';`,
        `shell.open = true;`,
        `const ctor: CustomElementConstructor | undefined = customElements.get('dev-shell');`,
        `export const ok: boolean = shell instanceof DevShell && ctor !== undefined;`,
        // A wrong type must be an error, or the declarations would be `any`.
        `// @ts-expect-error open is a boolean`,
        `shell.open = 'yes';`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(outRoot, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', lib: ['ES2023', 'DOM'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files: ['consumer.ts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', path.join(outRoot, 'tsconfig.json')], { cwd: outRoot }).then(
      () => ({ ok: true, output: '' }),
      (err: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('custom-elements.json declares <dev-shell> with its attributes', () => {
    const manifest = JSON.parse(read('custom-elements.json')) as Manifest;
    const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
    const element = declarations.find((d) => d.tagName === 'dev-shell');
    expect(element, 'a declaration with tagName dev-shell').toBeDefined();
    expect(element?.customElement).toBe(true);
    const attributes = (element?.attributes ?? []).map((a) => a.name);
    // SPEC §6's attributes.
    for (const name of ['base-url', 'spec-url', 'api-key', 'open', 'hotkey', 'storage-key']) expect(attributes).toContain(name);
    // Internal reactive state is not part of the public surface.
    const publicMembers = new Set((element?.members ?? []).filter((m) => !m.privacy || m.privacy === 'public').map((m) => m.name));
    for (const attribute of element?.attributes ?? []) expect(publicMembers.has(attribute.fieldName ?? attribute.name), attribute.name).toBe(true);
    for (const event of element?.events ?? []) expect(event.name).toMatch(/^[a-z][a-z-]*$/);
    const defined = manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
    expect(defined.map((e) => e.name)).toContain('dev-shell');
  });

  describe('loaded twice on one page', () => {
    let browser: Browser;
    let server: Server;
    let url: string;

    beforeAll(async () => {
      // What a product's bundler makes of `import 'devshell'` (here Vite; any ESM bundler would do).
      fs.writeFileSync(path.join(outRoot, 'app.js'), `import { DevShell } from './dist/index.js';\nwindow.bundledDevShell = DevShell;\n`);
      const { build } = await import('vite');
      const previous = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({
          root: outRoot,
          configFile: false,
          logLevel: 'warn',
          build: { outDir: path.join(outRoot, 'app'), emptyOutDir: true, lib: { entry: path.join(outRoot, 'app.js'), formats: ['es'], fileName: () => 'app.js' } },
        });
      } finally {
        if (previous === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = previous;
      }
      const page = (scripts: string[]) =>
        `<!doctype html><html><head><link rel="icon" href="data:,">${scripts.map((s) => `<script type="module" src="${s}"></script>`).join('')}</head><body><dev-shell></dev-shell></body></html>`;
      fs.writeFileSync(path.join(outRoot, 'twice.html'), page(['/dist/dev-shell.js?copy=1', '/dist/dev-shell.js?copy=2']));
      fs.writeFileSync(path.join(outRoot, 'both.html'), page(['/app/app.js', '/dist/dev-shell.js']));
      const app = express();
      // The element loads its API description from the page's origin by default.
      app.get('/api/v1/openapi.json', (_req, res) => {
        res.json({ openapi: '3.1.0', info: { title: 'Empty', version: '1' }, paths: {} });
      });
      app.use(express.static(outRoot));
      server = await new Promise((resolve, reject) => {
        const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    async function load(file: string) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      const loaded: string[] = [];
      page.on('response', (res) => {
        if (res.ok() && /\.js(\?|$)/.test(res.url())) loaded.push(new URL(res.url()).pathname + new URL(res.url()).search);
      });
      await page.goto(`${url}/${file}`);
      // `goto` resolves at the load event, after every module script has run.
      await page.waitForFunction(() => customElements.get('dev-shell') !== undefined);
      return { page, errors, loaded };
    }

    it('two copies of dist/dev-shell.js register the element once and throw nothing', async () => {
      const { page, errors, loaded } = await load('twice.html');
      expect(loaded).toEqual(expect.arrayContaining(['/dist/dev-shell.js?copy=1', '/dist/dev-shell.js?copy=2']));
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => document.querySelector('dev-shell') instanceof customElements.get('dev-shell')!)).toBe(true);
      await page.close();
    });

    it('a bundled dist/index.js and the script-tag bundle coexist on one page', async () => {
      const { page, errors, loaded } = await load('both.html');
      expect(loaded).toEqual(expect.arrayContaining(['/app/app.js', '/dist/dev-shell.js']));
      expect(errors).toEqual([]);
      // The bundled copy ran first and owns the tag; the second copy's define was skipped.
      expect(await page.evaluate(() => customElements.get('dev-shell') === (window as unknown as { bundledDevShell: unknown }).bundledDevShell)).toBe(true);
      await page.close();
    });
  });
});
