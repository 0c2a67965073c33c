import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { escapeHtml, renderDocs } from './demo-docs.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from './seed/demo.js';

export interface DemoSettings {
  /** The seeded demo organisation's test key, preconfigured into the embedded shell. */
  apiKey: string | null;
}

/** The pages that are templates; everything else under demo/ is served as a static file. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/host-app.html': 'host-app.html',
};

/**
 * Fills `%NAME%` placeholders in one pass, so a value (the rendered reference, which quotes text
 * from the API description) is never itself scanned for placeholders.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/%([A-Z_]+)%/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The docs-like demo pages and the built shell (`/dist/dev-shell.js`). `openApiDocument` is the
 * app's own description; the reference on the home page is rendered from it once, on first use.
 */
export function demoSite(root: string, settings: DemoSettings, openApiDocument?: unknown): express.Router {
  const demoDir = path.join(root, 'demo');
  const router = express.Router();
  let reference: string | null = null;

  const renderPage = (file: string): express.RequestHandler => (_req, res, next) => {
    fs.readFile(path.join(demoDir, file), 'utf8', (err, html) => {
      if (err) return next();
      reference ??= renderDocs(openApiDocument);
      const key = settings.apiKey ?? '';
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(
        fillTemplate(html, {
          DEMO_API_KEY: escapeHtml(key),
          DEMO_API_KEY_SHOWN: key ? escapeHtml(key) : 'not available yet',
          DEMO_EMAIL: escapeHtml(DEMO_EMAIL),
          DEMO_PASSWORD: escapeHtml(DEMO_PASSWORD),
          API_REFERENCE: reference,
        }),
      );
    });
  };
  for (const [route, file] of Object.entries(PAGES)) router.get(route, renderPage(file));
  router.use('/dist', express.static(path.join(root, 'dist'), { fallthrough: true, index: false }));
  router.use(express.static(demoDir, { index: false }));
  return router;
}
