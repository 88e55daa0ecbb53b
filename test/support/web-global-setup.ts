// @ts-expect-error: a plain ES module script without types
import { buildWeb, webIsStale } from '../../scripts/build-web.mjs';

/**
 * vitest globalSetup: the browser tests and the serving tests need the built pages. A clean clone
 * has them from `npm install` (prepare); after an edit of web/ they are built again here, once.
 */
export default function setup(): void {
  if (webIsStale()) buildWeb();
}
