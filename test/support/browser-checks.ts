import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules): no serious or critical
 * violation. `where` names the page in the failure, with each violation's rule and elements.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${where}`).toEqual([]);
  // And it checked something: a page axe found nothing to check on would pass as well.
  expect(results.passes.length, `axe's checks on ${where}`).toBeGreaterThan(10);
}

/** No sideways scrolling: the page, and each navigation link, fits its viewport's width. */
export async function expectFitsWidth(page: Page, where: string): Promise<void> {
  // A string, evaluated in the page: the tests compile without the DOM's types.
  const widths = (await page.evaluate('({ content: document.documentElement.scrollWidth, viewport: window.innerWidth })')) as { content: number; viewport: number };
  expect(widths.content, `width of ${where}`).toBeLessThanOrEqual(widths.viewport);
  // And the navigation shows every link, not some scrolled out of sight.
  const cutOff = await page.evaluate("[...document.querySelectorAll('nav a')].filter((link) => link.getBoundingClientRect().right > window.innerWidth + 0.5).map((link) => link.textContent)");
  expect(cutOff, `navigation links past the edge on ${where}`).toEqual([]);
}
