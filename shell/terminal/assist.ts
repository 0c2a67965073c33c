import { complete } from '../complete.js';
import { lineOf, type EditorState } from '../editor/model.js';
import { commands } from '../commands/registry.js';
import { suggest } from '../suggest.js';
import type { ShellEnv } from '../commands/context.js';

const commandNames = commands.map((c) => c.name);

/** IDs kept for completion, most recent first. */
const SEEN_IDS_KEPT = 500;

export interface CompletionStep {
  state: EditorState;
  /** Candidates to list under the prompt (several matches, or a hint of the shape). */
  choices: readonly string[];
}

/** Completion and ghost text for the session: the glue between the editor and complete.ts / suggest.ts. */
export class Assist {
  private readonly seen: string[] = [];

  constructor(
    private readonly env: () => ShellEnv,
    private readonly history: () => readonly string[],
  ) {}

  rememberIds(ids: readonly string[]): void {
    for (const id of [...ids].reverse()) {
      const at = this.seen.indexOf(id);
      if (at >= 0) this.seen.splice(at, 1);
      this.seen.unshift(id);
    }
    this.seen.length = Math.min(this.seen.length, SEEN_IDS_KEPT);
  }

  /** The dim suggestion after the cursor: history first, then common commands from the spec. */
  ghost(state: EditorState): string | null {
    const env = this.env();
    return suggest(state, this.history(), {
      spec: env.specStatus === 'loaded' ? env.spec : null,
      commands: commandNames,
    });
  }

  complete(state: EditorState): CompletionStep | null {
    const env = this.env();
    const result = complete(state.text, state.cursor, {
      spec: env.specStatus === 'loaded' ? env.spec : null,
      commands,
      seenIds: this.seen,
    });
    if (!result) return null;
    const text = state.text.slice(0, result.replaceFrom) + result.insert + state.text.slice(result.replaceTo);
    return { state: lineOf(text, result.replaceFrom + result.insert.length), choices: result.candidates };
  }
}
