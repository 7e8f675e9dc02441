import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, which test/browser/install-chromium.sh installs; BSS_CHROMIUM names another. */
export const chromiumPath = process.env.BSS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium keeps trying to reach Google's services,
 * which a closed network refuses many times a second; the tests need none of them.
 */
const quietChromium = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts headless Chromium, installing Debian's package first when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    execFileSync('bash', [fileURLToPath(new URL('../browser/install-chromium.sh', import.meta.url))], { stdio: 'inherit' });
  }
  // As root (CI), Chromium's sandbox cannot start; Playwright then passes --no-sandbox.
  return chromium.launch({ executablePath: chromiumPath, headless: true, chromiumSandbox: false, args: quietChromium });
}

/**
 * A phone the portal must work on (the 375 px), and a desktop. Contexts are made with
 * `baseURL` set to the runtime's, so pages are visited by their paths, as here and in the
 * screenshots CLI, which runs outside the tests.
 */
export const phone: BrowserContextOptions = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** A browser context whose every step fails within 15 s, naming what it waited for, not at the test's timeout. */
export async function openContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  return context;
}

/**
 * Signs in to an app through the dev issuer's page as a user would: the app's "Sign in"
 * button, then on the sign-in page the customer found by e-mail (or a listed identity by its
 * label), back in the app once the code is exchanged.
 */
export async function signIn(page: Page, app: 'portal' | 'agent', who: { email: string } | { label: string }, path = `/${app}/`): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL(/\/_local\/oauth2\/authorize/);
  let label: string | RegExp;
  if ('email' in who) {
    await page.getByLabel('Find a customer by e-mail').fill(who.email);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForLoadState();
    label = await page.locator('li', { hasText: who.email }).getByRole('button').first().innerText();
  } else {
    label = who.label;
  }
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname.startsWith(`/${app}/`) && !url.pathname.endsWith('/callback'));
}
