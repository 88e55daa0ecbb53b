import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zh } from './locales.ts';

const STORAGE_KEY = 'sb.lang';

/** The language chosen before (remembered in this browser), else the browser's, else English. */
function initialLanguage(): 'en' | 'zh' {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  return typeof navigator !== 'undefined' && /^zh/i.test(navigator.language) ? 'zh' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(language: 'en' | 'zh'): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

export default i18n;
