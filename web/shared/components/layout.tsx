import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages-en.js';
import { languages, type Language } from '../i18n/translate.js';

export interface NavLink {
  href: string;
  label: MessageKey;
}

const languageNames: Record<Language, string> = { en: 'English', fr: 'Français' };

/**
 * The frame of every page: a skip link, a banner with the app's name, navigation, the language
 * and sign-out controls, and one main landmark, so keyboard and screen-reader users land where
 * they expect.
 */
export function Layout({
  title,
  nav,
  currentPath,
  signedInAs,
  onSignOut,
  children,
}: {
  title: MessageKey;
  nav: NavLink[];
  currentPath: string;
  signedInAs?: string | undefined;
  onSignOut?: (() => void) | undefined;
  children: ComponentChildren;
}) {
  const { t, language, setLanguage } = useI18n();
  return (
    <>
      <a class="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header class="banner">
        <p class="app-name">{t(title)}</p>
        <div class="banner-tools">
          <label>
            <span>{t('layout.language')}</span>{' '}
            <select value={language} onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value as Language)}>
              {languages.map((code) => (
                <option value={code} lang={code} key={code}>
                  {languageNames[code]}
                </option>
              ))}
            </select>
          </label>
          {signedInAs && <span class="signed-in">{t('layout.signedInAs', { name: signedInAs })}</span>}
          {onSignOut && (
            <button type="button" onClick={onSignOut}>
              {t('auth.signOut')}
            </button>
          )}
        </div>
      </header>
      {nav.length > 0 && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav.map((link) => (
              <li key={link.href}>
                <a href={link.href} aria-current={isCurrent(link.href, currentPath) ? 'page' : undefined}>
                  {t(link.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** A section's link is current on its pages too (Bills on a bill), the app's root only on itself. */
function isCurrent(href: string, path: string): boolean {
  const normalized = path.endsWith('/') ? path : `${path}/`;
  const target = href.endsWith('/') ? href : `${href}/`;
  return href.split('/').filter(Boolean).length === 1 ? normalized === target : normalized.startsWith(target);
}
