import enCommon from './locales/en/common';
import zhCommon from './locales/zh/common';
import enExplain from './locales/en/explain';
import zhExplain from './locales/zh/explain';

/*
 * Every namespace in both languages. English is the reference: a unit test (i18n.test.ts) checks
 * that Chinese has the same keys (plural forms aside), no empty strings and the same {{variables}}.
 */
export const resources = {
  en: { common: enCommon, explain: enExplain },
  zh: { common: zhCommon, explain: zhExplain },
} as const;

export const NAMESPACES = Object.keys(resources.en) as (keyof typeof resources.en)[];
