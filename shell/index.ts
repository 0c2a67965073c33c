/** Public entry: importing it registers `<dev-shell>` (once, however often it is imported). */
import { DevShell } from './dev-shell.js';

export { DevShell } from './dev-shell.js';
export type { AuthHeadersProvider, DevShellTestHooks } from './dev-shell.js';

if (!customElements.get('dev-shell')) customElements.define('dev-shell', DevShell);
