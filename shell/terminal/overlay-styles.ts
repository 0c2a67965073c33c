import { css } from 'lit';

/**
 * What floats over the terminal: the ID preview tooltip and the command palette. Theme colours
 * from terminal/theme.ts's custom properties, like the panel. Kept terse: it ships in the bundle.
 */
export const overlayStyles = css`
  .id-preview,
  .palette {
    position: absolute;
    z-index: 20;
    border: 1px solid var(--dev-shell-border);
    background: var(--dev-shell-bar);
    font-family: var(--dev-shell-font);
  }
  .id-preview {
    padding: 2px 8px;
    white-space: pre-line;
    /* Never takes the mouse from the terminal, whose link owns the hover. */
    pointer-events: none;
  }
  .id-preview[hidden] {
    display: none;
  }
  .palette-backdrop {
    position: absolute;
    inset: 0;
    z-index: 30;
    background: rgb(0 0 0 / 0.25);
  }
  .palette {
    inset: 8px 10%;
    display: flex;
    flex-direction: column;
  }
  .palette input {
    margin: 6px;
    font: inherit;
  }
  [role='listbox'] {
    overflow-y: auto;
  }
  [role='option'] {
    padding: 0 6px;
    color: var(--dev-shell-muted);
  }
  [role='option'] span {
    display: inline-block;
    width: 24ch;
    color: var(--dev-shell-foreground);
  }
  [aria-selected='true'] {
    background: var(--dev-shell-selection);
  }
`;
