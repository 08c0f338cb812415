// The server ships the dashboard: the built apps/web is copied into dist/web, so the
// production bundle (pnpm deploy, the Docker image) serves it without the workspace.
import { cp, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const to = fileURLToPath(new URL('../dist/web/', import.meta.url));

await rm(to, { recursive: true, force: true });
const built = await stat(`${from}index.html`).then(
  () => true,
  () => false,
);
if (built) {
  await cp(from, to, { recursive: true, filter: (path) => !path.endsWith('.map') });
} else {
  console.warn(`copy-web: ${from} holds no build; the server will serve no dashboard`);
}
