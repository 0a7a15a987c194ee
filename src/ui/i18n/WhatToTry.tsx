import './results.css';
import type { TFunction } from 'i18next';
import { currentLanguage, formatNumber, useT } from './index';
import { paramLabel } from './paramText';
import { levelsWithCandidates, whatToTry, type Suggestion } from './whatToTry';
import type { AttackRunState } from '../store';

/** "3, 4 and 7" in English; "3、4、7" in Chinese (so that "第 3、4、7 层" reads well). */
export function formatList(items: readonly (string | number)[]): string {
  const words = items.map(String);
  if (currentLanguage() === 'zh') return words.join('、');
  return new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' }).format(words);
}

/** Pyramid levels with runs of three or more written as ranges: [0, 1, 2, 5] → "0–2 and 5". */
export function formatLevels(levels: readonly number[]): string {
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return formatList(parts);
}

const num = (v: number, digits = 4) => formatNumber(v, { maximumFractionDigits: digits });

/** One suggestion in words. */
export function suggestionText(t: TFunction<'results'>, s: Suggestion): string {
  switch (s.id) {
    case 'finish':
      return t('whatToTry.finish', { steps: formatNumber(s.steps) });
    case 'rounding':
      return t('whatToTry.rounding', { eps: num(s.eps), next: num(s.next) });
    case 'eps':
      return t('whatToTry.eps', { eps: num(s.eps), next: num(s.next) });
    case 'patch':
      return t('whatToTry.patch', { field: paramLabel('patchEps') });
    case 'method':
      return t('whatToTry.method');
    case 'reach':
      return t('whatToTry.reach', { reach: num(s.reach), eps: num(s.eps), alpha: num(s.alpha) });
    case 'steps':
      return t('whatToTry.steps', { steps: formatNumber(s.steps), next: formatNumber(s.next) });
    case 'levels': {
      const words = { attacked: formatLevels(s.attacked), others: formatLevels(s.others), field: paramLabel('scales') };
      if (s.attacked.length > 0 && s.others.length > 0) return t('whatToTry.levels.both', words);
      if (s.others.length > 0) return t('whatToTry.levels.others', { ...words, count: s.others.length });
      return t('whatToTry.levels.attacked', { ...words, count: s.attacked.length });
    }
    case 'heads':
      return t('whatToTry.heads', { nets: formatList(s.nets), field: paramLabel('heads') });
    case 'eot':
      return t('whatToTry.eot', { field: paramLabel('eot') });
  }
}

/** The suggestions for a finished run whose verdict still finds a face (none otherwise). */
export function runSuggestions(run: AttackRunState | null): Suggestion[] {
  const result = run?.result;
  if (!run || !result || run.outcome !== 'done') return [];
  const detected = result.faces.filter((f) => !f.evaded);
  if (detected.length === 0) return [];
  const last = run.steps.at(-1);
  const targeted = run.started?.levels.map((l) => l.level.index) ?? [];
  return whatToTry({
    params: run.params,
    stopped: result.stopped,
    targeted,
    levelsWithCandidates: levelsWithCandidates(result.detection, detected.map((f) => f.box), targeted),
    lastCandidates: last ? last.counts.reduce((a, b) => a + b, 0) : null,
  });
}

/** "What to try": a short list under a verdict that still finds a face. */
export function WhatToTry({ run }: { run: AttackRunState | null }) {
  const { t } = useT('results');
  const suggestions = runSuggestions(run);
  if (suggestions.length === 0) return null;
  return (
    <div className="what-to-try">
      <p className="what-to-try-title" id="what-to-try-title">
        {t('whatToTry.title')}
      </p>
      <ul aria-labelledby="what-to-try-title">
        {suggestions.map((s) => (
          <li key={s.id}>{suggestionText(t, s)}</li>
        ))}
      </ul>
    </div>
  );
}
