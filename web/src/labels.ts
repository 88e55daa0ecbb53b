import { useTranslation } from 'react-i18next';
import {
  durationInWords,
  type Label,
  type Language,
  labelOf,
  triggerInWords,
} from '../../src/http/contracts/labels.ts';

/** The names of one label map in one language, as an i18next section (`kind.repair`). */
export function names<K extends string>(labels: { readonly [key in K]: Label }, language: Language) {
  return Object.fromEntries(Object.entries<Label>(labels).map(([k, v]) => [k, v[language]])) as Record<
    K,
    string
  >;
}

/**
 * Names and words in the reader's language: `label(MAP, key)` for a key of the domain (never the
 * key itself), `duration(iso, clock)` for an ISO duration, `trigger(t)` for an escalation trigger.
 */
export function useLabels() {
  const { i18n } = useTranslation();
  const language: Language = i18n.language === 'zh' ? 'zh' : 'en';
  return {
    language,
    label: (labels: Readonly<Record<string, Label>>, key: string | null | undefined): string =>
      key === null || key === undefined ? '—' : labelOf(labels, key)[language],
    duration: (iso: string, clock: 'business' | 'calendar' = 'calendar'): string =>
      durationInWords(iso, clock)[language],
    trigger: (trigger: Readonly<Record<string, unknown>>): string => triggerInWords(trigger)[language],
  };
}
