import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

export interface DemoSettings {
  /** The seeded demo organisation's test key, preconfigured into the embedded shell. */
  apiKey: string | null;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The docs-like demo pages and the built shell (`/dist/dev-shell.js`). */
export function demoSite(root: string, settings: DemoSettings): express.Router {
  const demoDir = path.join(root, 'demo');
  const router = express.Router();
  const renderPage = (file: string): express.RequestHandler => (_req, res, next) => {
    const filePath = path.join(demoDir, file);
    fs.readFile(filePath, 'utf8', (err, html) => {
      if (err) return next();
      res.type('html').send(html.replaceAll('%DEMO_API_KEY%', escapeAttribute(settings.apiKey ?? '')));
    });
  };
  router.get('/', renderPage('index.html'));
  router.get('/host-app.html', renderPage('host-app.html'));
  router.use('/dist', express.static(path.join(root, 'dist'), { fallthrough: true, index: false }));
  router.use(express.static(demoDir, { index: false }));
  return router;
}
