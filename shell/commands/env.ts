import { bold, colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Command, ShellContext, ShellEnv } from './context.js';

const NAMES: Record<string, 'baseUrl' | 'specUrl' | 'apiKey'> = {
  'base-url': 'baseUrl',
  base: 'baseUrl',
  'spec-url': 'specUrl',
  spec: 'specUrl',
  key: 'apiKey',
  'api-key': 'apiKey',
};

/** `sk_test_…wxyz`: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  if (!key) return '(none)';
  const prefix = /^[a-z]{2,5}_(?:test|live)_/.exec(key)?.[0] ?? '';
  return key.length < prefix.length + 8 ? `${prefix}••••` : `${prefix}…${key.slice(-4)}`;
}

/** test/live from the key's prefix (Stripe-style keys), else what authenticates requests. */
export function modeOf(env: Pick<ShellEnv, 'apiKey' | 'authHeaders'>): string {
  if (env.authHeaders) return 'host page credentials';
  if (!env.apiKey) return 'no credentials';
  if (/_test_/.test(env.apiKey)) return 'test';
  if (/_live_/.test(env.apiKey)) return 'live';
  return 'key';
}

async function show(ctx: ShellContext): Promise<void> {
  const { env } = ctx;
  const spec = env.spec;
  const auth = spec.auth.kind === 'bearer' ? 'Authorization: Bearer' : spec.auth.name;
  const rows: Array<[string, string]> = [
    ['base-url', sanitizeLine(env.baseUrl)],
    ['server', sanitizeLine(spec.serverBase)],
    ['spec-url', sanitizeLine(env.specUrl)],
    ['spec', env.specStatus === 'loaded' ? `${sanitizeLine(spec.title || 'untitled')} · ${spec.routes.length} routes` : sanitizeLine(env.specStatus)],
    ['key', env.authHeaders ? dim('(host page provides auth headers)') : `${maskKey(env.apiKey)} ${dim(`sent as ${auth}`)}`],
    ['mode', colour(modeOf(env) === 'live' ? palette.ui.error : palette.ui.notice, modeOf(env))],
  ];
  for (const [name, value] of rows) await ctx.line(`${bold(name.padEnd(9))} ${value}`);
}

export const envCommand: Command = {
  name: 'env',
  summary: 'show or change base URL, key, mode and spec (env set NAME VALUE)',
  usage: [
    'env | env set NAME VALUE | env unset NAME',
    'Shows where requests go and how they authenticate (the key is masked).',
    'NAME is base-url, spec-url or key. Changing base-url or spec-url reloads the API document;',
    'unsetting one goes back to what the page configured, unsetting key sends no credentials.',
    'Settings last until the page reloads; a key typed here is never stored in history.',
  ],
  args: ['set', 'unset'],
  async run(args, ctx) {
    const [action, rawName, ...rest] = args;
    if (!action) return show(ctx);
    if (action !== 'set' && action !== 'unset') {
      await ctx.line(colour(palette.ui.error, `env: unknown action "${sanitizeLine(action)}"; use env, env set NAME VALUE or env unset NAME`));
      return;
    }
    const name = rawName ? NAMES[rawName.toLowerCase()] : undefined;
    if (!name) {
      await ctx.line(colour(palette.ui.error, `env ${action}: NAME must be base-url, spec-url or key`));
      return;
    }
    if (action === 'unset') {
      await ctx.setEnv(name, null);
    } else {
      const value = rest.join(' ').trim();
      if (!value) {
        await ctx.line(colour(palette.ui.error, `env set ${rawName}: a value is needed`));
        return;
      }
      if (name !== 'apiKey') {
        try {
          new URL(value, location.href);
        } catch {
          await ctx.line(colour(palette.ui.error, `env set ${rawName}: "${sanitizeLine(value)}" is not a URL`));
          return;
        }
      }
      await ctx.setEnv(name, value);
    }
    await show(ctx);
  },
};
