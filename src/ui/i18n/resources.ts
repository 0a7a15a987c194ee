import enCommon from './locales/en/common';
import zhCommon from './locales/zh/common';
import enExplain from './locales/en/explain';
import zhExplain from './locales/zh/explain';
import enShell from './locales/en/shell';
import zhShell from './locales/zh/shell';
import enMessages from './locales/en/messages';
import zhMessages from './locales/zh/messages';
import enLessons from './locales/en/lessons';
import zhLessons from './locales/zh/lessons';
import enParams from './locales/en/params';
import zhParams from './locales/zh/params';
import enSettings from './locales/en/settings';
import zhSettings from './locales/zh/settings';
import enMask from './locales/en/mask';
import zhMask from './locales/zh/mask';
import enPatch from './locales/en/patch';
import zhPatch from './locales/zh/patch';
import enPyramid from './locales/en/pyramid';
import zhPyramid from './locales/zh/pyramid';
import enResults from './locales/en/results';
import zhResults from './locales/zh/results';
import enProgress from './locales/en/progress';
import zhProgress from './locales/zh/progress';
import enExperiments from './locales/en/experiments';
import zhExperiments from './locales/zh/experiments';

/*
 * Every namespace in both languages. English is the reference: a unit test (i18n.test.ts) checks
 * that Chinese has the same keys (plural forms aside), no empty strings and the same {{variables}}.
 */
export const resources = {
  en: { common: enCommon, explain: enExplain, shell: enShell, messages: enMessages, lessons: enLessons, params: enParams, settings: enSettings, mask: enMask, patch: enPatch, pyramid: enPyramid, results: enResults, progress: enProgress, experiments: enExperiments },
  zh: { common: zhCommon, explain: zhExplain, shell: zhShell, messages: zhMessages, lessons: zhLessons, params: zhParams, settings: zhSettings, mask: zhMask, patch: zhPatch, pyramid: zhPyramid, results: zhResults, progress: zhProgress, experiments: zhExperiments },
} as const;

export const NAMESPACES = Object.keys(resources.en) as (keyof typeof resources.en)[];
