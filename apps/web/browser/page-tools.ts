import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Screenshots land here for review; the folder is gitignored. */
export const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * Before any script of the page runs: a flag that hostile content would set,
 * and a record of every Content-Security-Policy violation (an inline script
 * or handler the browser refused to run would show up there).
 */
export async function instrument(page: Page): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  return { errors };
}

/** What hostile content managed to do: the flag it sets, and what CSP had to refuse. */
export async function hostileEffects(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __hindsightXss?: unknown; __cspViolations?: string[] };
    return { flag: w.__hindsightXss, csp: w.__cspViolations ?? [] };
  });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** An axe-core scan of the page as it is; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  });
}

const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Desktop and phone, light and dark: four screenshots of the page as it is now. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  await mkdir(screenshotDir, { recursive: true });
  const written: string[] = [];
  const original = page.viewportSize();
  for (const [device, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const path = `${screenshotDir}${name}-${device}-${colorScheme}.png`;
      await page.screenshot({ path, fullPage: true });
      written.push(path);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
  return written;
}
