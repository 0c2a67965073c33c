import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ROOT } from '../lib/child-server.js';
import { benchSpec, bigJson } from './fixtures.js';

/**
 * The bench page and a fake API for it, served from the bench process (the browser is what is
 * measured, not this server): the page loads the bench kit and the built `dist/dev-shell.js`;
 * `/spec-5.json` and `/spec-500.json` are the two documents; `/api/v1/big` is the 1 MB response.
 */

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/xterm.css">
<title>devshell bench</title>
<style>body { margin: 0; font: 14px system-ui, sans-serif; } #raw { position: fixed; left: 0; top: 0; }</style>
</head>
<body>
<div id="raw"></div>
<script type="module" src="/bench-kit.js"></script>
<script type="module" src="/dist/dev-shell.js"></script>
</body>
</html>
`;

export interface PageServer {
  url: string;
  /** The exact body `/api/v1/big` sends. */
  bigBody: string;
  close(): Promise<void>;
}

export async function startPageServer(kitFile: string): Promise<PageServer> {
  const bigBody = bigJson();
  const specs: Record<string, string> = {
    '/spec-5.json': JSON.stringify(benchSpec(5)),
    '/spec-500.json': JSON.stringify(benchSpec(500)),
  };
  const files: Record<string, { file: string; type: string }> = {
    '/dist/dev-shell.js': { file: path.join(ROOT, 'dist', 'dev-shell.js'), type: 'text/javascript' },
    '/bench-kit.js': { file: kitFile, type: 'text/javascript' },
    '/xterm.css': { file: path.join(ROOT, 'node_modules', '@xterm', 'xterm', 'css', 'xterm.css'), type: 'text/css' },
  };
  const send = (res: http.ServerResponse, type: string, body: string | Buffer) => {
    // Cross-origin isolation gives the page a 5 µs performance.now() instead of 100 µs.
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const file = files[url.pathname];
    if (url.pathname === '/') return send(res, 'text/html; charset=utf-8', PAGE_HTML);
    if (file) return send(res, file.type, fs.readFileSync(file.file));
    const spec = specs[url.pathname];
    if (spec) return send(res, 'application/json', spec);
    if (url.pathname === '/api/v1/big') return send(res, 'application/json; charset=utf-8', bigBody);
    if (url.pathname.startsWith('/api/v1/')) return send(res, 'application/json; charset=utf-8', '{"success":true,"data":{"id":"inv_1"}}');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bigBody,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
