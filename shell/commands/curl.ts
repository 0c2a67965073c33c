import { colour, dim, palette } from '../render/ansi.js';
import { sanitize } from '../render/sanitize.js';
import { KEY_VARIABLE, credentialVariable, toCurl } from '../curl.js';
import { REVEAL_WARNING, maskText, parseCurlArgs, revealCurl, revealValues } from '../power/mask.js';
import { MASKED_NOTE, maskOptionsFor } from './credentials.js';
import type { Command } from './context.js';

export const curlCommand: Command = {
  name: 'curl',
  summary: 'the last request (or the n-th most recent) as a curl command',
  usage: [
    'curl [n]',
    'Prints the last request (curl 2: the one before it, …) as a curl command that replays it:',
    'same method, URL, headers (Idempotency-Key included) and body, quoted for any POSIX shell.',
    `The key is never printed: the command reads it from $${KEY_VARIABLE}. curl [n] --reveal`,
    'writes it in instead (with a warning). Other secrets are masked on screen, not when copied.',
  ],
  args: ['--reveal'],
  async run(args, ctx) {
    const sent = ctx.sent;
    const parsed = parseCurlArgs(args);
    if (!parsed.ok) {
      await ctx.line(colour(palette.ui.error, parsed.message));
      return;
    }
    if (sent.length === 0) {
      await ctx.line(dim('No request sent yet. Send one (e.g. GET /invoices), then run curl.'));
      return;
    }
    const n = parsed.n ?? 1;
    if (n > sent.length) {
      await ctx.line(colour(palette.ui.error, `curl: n must be a whole number from 1 to ${sent.length} (1 is the last request)`));
      return;
    }
    const request = sent[sent.length - n]!;
    const command = toCurl(request, { secret: ctx.env.apiKey || null });
    if (parsed.reveal) {
      const hostHeaders = request.credentialScheme === 'host' && ctx.env.authHeaders ? await ctx.env.authHeaders() : null;
      const revealed = revealCurl(command, revealValues(request, { apiKey: ctx.env.apiKey, hostHeaders }));
      await ctx.block(sanitize(revealed), revealed);
      await ctx.line(colour(palette.ui.warning, REVEAL_WARNING));
      return;
    }
    const shown = maskText(command, maskOptionsFor(ctx.env));
    await ctx.block(sanitize(shown), command);
    if (request.credentialHeaders.length > 0) {
      const variables = [...new Set(request.credentialHeaders.map((h) => credentialVariable(request.credentialScheme, h)))];
      await ctx.line(dim(`Set ${variables.map((v) => `$${v}`).join(', ')} in your shell first (the key is not printed).`));
    }
    if (shown !== command) await ctx.line(dim(MASKED_NOTE));
  },
};
