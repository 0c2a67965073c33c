import { LitElement, css, html } from 'lit';

/**
 * `<dev-shell>`: the Ctrl+J developer terminal. This is the foundation's placeholder element;
 * the terminal itself arrives with the shell issue.
 */
export class DevShell extends LitElement {
  static override properties = {
    baseUrl: { type: String, attribute: 'base-url' },
    apiKey: { type: String, attribute: 'api-key' },
    open: { type: Boolean, reflect: true },
  };

  declare baseUrl: string;
  declare apiKey: string;
  declare open: boolean;

  static override styles = css`
    :host {
      display: block;
    }
  `;

  constructor() {
    super();
    this.baseUrl = '';
    this.apiKey = '';
    this.open = false;
  }

  override render() {
    return html`<div part="panel" ?hidden=${!this.open}></div>`;
  }
}

if (!customElements.get('dev-shell')) customElements.define('dev-shell', DevShell);

declare global {
  interface HTMLElementTagNameMap {
    'dev-shell': DevShell;
  }
}
