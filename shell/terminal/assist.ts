import type { EditorState } from '../editor/model.js';
import { commands } from '../commands/registry.js';
import { createRanker, type RankedSuggestion } from '../power/frecency.js';
import type { ReferenceStore } from '../power/references.js';
import { smartComplete, smartGhost, type CompletionStep } from '../power/smart-complete.js';
import type { ShellSpec } from '../spec.js';
import type { ShellEnv } from '../commands/context.js';

export type { CompletionStep } from '../power/smart-complete.js';

const commandNames = commands.map((c) => c.name);

/** IDs kept for completion, most recent first. */
const SEEN_IDS_KEPT = 500;

/**
 * Completion and ghost text for the session: feeds power/smart-complete.ts the session's state —
 * the frecency ranker (power/frecency.ts, built once per history or document change, never per
 * key), the responses for `$references` and the IDs seen.
 */
export class Assist {
  private readonly seen: string[] = [];
  private ranker: ((prefix: string) => RankedSuggestion[]) | null = null;
  private rankedFor: { history: readonly string[]; spec: ShellSpec | null } | null = null;

  constructor(
    private readonly env: () => ShellEnv,
    private readonly history: () => readonly string[],
    private readonly responses: () => ReferenceStore,
  ) {}

  rememberIds(ids: readonly string[]): void {
    for (const id of [...ids].reverse()) {
      const at = this.seen.indexOf(id);
      if (at >= 0) this.seen.splice(at, 1);
      this.seen.unshift(id);
    }
    this.seen.length = Math.min(this.seen.length, SEEN_IDS_KEPT);
  }

  private spec(): ShellSpec | null {
    const env = this.env();
    return env.specStatus === 'loaded' ? env.spec : null;
  }

  private readonly rank = (prefix: string): RankedSuggestion[] => {
    const history = this.history();
    const spec = this.spec();
    if (!this.ranker || this.rankedFor?.history !== history || this.rankedFor.spec !== spec) {
      // History entries carry no times: they rank by position, so `now` does not matter here.
      this.ranker = createRanker(history, spec?.routes ?? [], Date.now(), { commands: commandNames, serverPath: spec?.serverPath ?? '' });
      this.rankedFor = { history, spec };
    }
    return this.ranker(prefix);
  };

  /** The dim suggestion after the cursor. */
  ghost(state: EditorState): string | null {
    return smartGhost(state, this.rank);
  }

  /** Tab; `selected`: a `{param}` is selected now, so Tab goes on to the next one. */
  complete(state: EditorState, selected: boolean): CompletionStep | null {
    return smartComplete(
      state,
      { rank: this.rank, responses: this.responses(), completion: { spec: this.spec(), commands, seenIds: this.seen } },
      selected,
    );
  }
}
