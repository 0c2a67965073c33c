import { buildShell, shellBuildIsStale } from '../../scripts/build-shell.js';
import { assertChromiumPresent } from '../helpers/chromium.js';

/** Browser tests run against the built bundle, exactly what the demo page and host pages load. */
export default async function setup(): Promise<void> {
  assertChromiumPresent();
  if (shellBuildIsStale()) await buildShell({ quiet: true });
}
