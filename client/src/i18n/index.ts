/**
 * vue-i18n (Composition API mode). Russian by default; `?lang=en` switches to English.
 * Numbers, times and durations are formatted for ru-RU in `client/src/format/`.
 */
import { createI18n } from 'vue-i18n';
import ru, { type MessageSchema } from './ru.js';
import en from './en.js';

export type Lang = 'ru' | 'en';

export function langFromSearch(search: string): Lang {
  return new URLSearchParams(search).get('lang')?.toLowerCase() === 'en' ? 'en' : 'ru';
}

export function createWallI18n(lang: Lang) {
  return createI18n<[MessageSchema], Lang, false>({
    legacy: false,
    locale: lang,
    fallbackLocale: 'ru',
    messages: { ru, en },
    missingWarn: false,
    fallbackWarn: false,
  });
}
