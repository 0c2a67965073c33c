import type { IDisposable, Terminal } from '@xterm/xterm';
import { linkTarget } from '../spec.js';
import type { Environment } from './settings.js';
import type { CopyBlocks } from './copy-blocks.js';
import type { PromptView } from './prompt.js';
import { registerIdLinks } from './link-provider.js';
import { IdPreviews } from './id-preview.js';

export interface IdLinkActions {
  environment: Environment;
  blocks: CopyBlocks;
  prompt: PromptView;
  /** The ID preview tooltip (an element of the shadow root). */
  tooltip: HTMLElement;
  /** A click: `GET <collection>/<id>` replaces the line. */
  put(command: string): void;
  /** A Ctrl+click (⌘+click on a Mac): the ID is inserted at the cursor. */
  insert(id: string): void;
}

/**
 * The session's ID links: link-provider.ts finds them, spec.ts's linkTarget says where they lead
 * (filling route parameters from the block's request), a click fills the prompt, Ctrl+click or
 * ⌘+click inserts the ID (Alt+click is xterm's own: it moves the cursor), and resting on one
 * shows its preview (id-preview.ts). One disposable for all of it.
 */
export function registerSessionIdLinks(term: Terminal, actions: IdLinkActions): IDisposable {
  const { environment, blocks, prompt } = actions;
  const previews = new IdPreviews(term, actions.tooltip, () => environment.current);
  const links = registerIdLinks(term, {
    find: (text) => environment.ids(text),
    target: (match, line) => linkTarget(match.id, match.prefix, environment.current.spec, { requestPath: blocks.blockAtLine(line)?.requestPath ?? null }),
    ghost: () => prompt.ghostRange,
    activate: (command, match, event) => (event.ctrlKey || event.metaKey ? actions.insert(match.id) : actions.put(command)),
    hover: (command, match, range) => previews.show(match.id, command, range),
    leave: () => previews.hide(),
  });
  return {
    dispose() {
      links.dispose();
      previews.dispose();
    },
  };
}
