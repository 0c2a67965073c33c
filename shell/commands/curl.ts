import { colour, dim, palette } from '../render/ansi.js';
import { sanitize } from '../render/sanitize.js';
import { KEY_VARIABLE, credentialVariable, toCurl } from '../curl.js';
import type { Command } from './context.js';

export const curlCommand: Command = {
  name: 'curl',
  summary: 'the last request (or the n-th most recent) as a curl command',
  usage: [
    'curl [n]',
    'Prints the last request (curl 2: the one before it, …) as a curl command that replays it:',
    'same method, URL, headers (Idempotency-Key included) and body, quoted for any POSIX shell.',
    `The key is never printed: the command reads it from $${KEY_VARIABLE}.`,
  ],
  async run(args, ctx) {
    const sent = ctx.sent;
    if (sent.length === 0) {
      await ctx.line(dim('No request sent yet. Send one (e.g. GET /invoices), then run curl.'));
      return;
    }
    const n = args[0] === undefined ? 1 : Number(args[0]);
    if (!Number.isInteger(n) || n < 1 || n > sent.length) {
      await ctx.line(colour(palette.ui.error, `curl: n must be a whole number from 1 to ${sent.length} (1 is the last request)`));
      return;
    }
    const request = sent[sent.length - n]!;
    const command = toCurl(request, { secret: ctx.env.apiKey || null });
    await ctx.block(sanitize(command), command);
    if (request.credentialHeaders.length > 0) {
      const variables = [...new Set(request.credentialHeaders.map((h) => credentialVariable(request.credentialScheme, h)))];
      await ctx.line(dim(`Set ${variables.map((v) => `$${v}`).join(', ')} in your shell first (the key is not printed).`));
    }
  },
};
