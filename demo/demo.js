// The demo page's only script (a file, not inline, so the page can run under a strict CSP).
// The button is the mouse user's Ctrl+J. It calls toggle() rather than setting `open`, so the
// shell remembers the button and gives focus back to it on close, and it follows the shell's
// open/close events so its label and aria-expanded stay true however the shell was toggled.
const shell = document.querySelector('dev-shell');
const button = document.getElementById('open-shell');

function reflect(open) {
  if (!button) return;
  button.textContent = open ? 'Close the shell' : 'Open the shell';
  button.setAttribute('aria-expanded', String(open));
}

if (shell && button) {
  button.addEventListener('click', async () => {
    await customElements.whenDefined('dev-shell');
    shell.toggle();
  });
  shell.addEventListener('dev-shell-open', () => reflect(true));
  shell.addEventListener('dev-shell-close', () => reflect(false));
  reflect(shell.hasAttribute('open'));
}
