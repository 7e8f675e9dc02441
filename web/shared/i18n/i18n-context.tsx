import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { localeOf, preferredLanguage, translator, type Language, type Translate } from './translate.js';

export interface I18n {
  language: Language;
  locale: string;
  t: Translate;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | undefined>(undefined);
/** Not sensitive, and wanted across tabs and visits: localStorage, unlike the session. */
const languageKey = 'bss.language';

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [language, setLanguage] = useState<Language>(() => preferredLanguage([localStorage.getItem(languageKey) ?? '', ...navigator.languages]));
  useEffect(() => {
    localStorage.setItem(languageKey, language);
    // Screen readers pick their voice from the document's language.
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, locale: localeOf[language], t: translator(language), setLanguage }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
