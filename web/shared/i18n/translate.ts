import { en, type MessageKey } from './messages-en.js';
import { fr } from './messages-fr.js';

export const languages = ['en', 'fr'] as const;
export type Language = (typeof languages)[number];

export const catalogs: Record<Language, Record<MessageKey, string>> = { en, fr };

/** The Intl locale of each language: dates and numbers as a reader of that language expects them. */
export const localeOf: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A message with its `{name}` placeholders filled; a placeholder without a value stays visible, so the gap shows. */
export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, values = {}) => catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

/** The browser's first language we speak, English otherwise. */
export function preferredLanguage(browserLanguages: readonly string[]): Language {
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if ((languages as readonly string[]).includes(base ?? '')) return base as Language;
  }
  return 'en';
}
