/** Public entry: importing it registers `<dev-shell>`. */
export { DevShell } from './dev-shell.js';
