import type { Phase } from './store';
import { tr } from './i18n';

/** What the header says the app is doing, in the current language (callers re-render on a language switch: useT). */
export function phaseWords(phase: Phase): string {
  switch (phase.kind) {
    case 'starting':
      return tr('shell:phase.starting');
    case 'unavailable':
      return tr('shell:phase.unavailable');
    case 'idle':
      return tr('shell:phase.idle');
    case 'preparing':
      return tr('shell:phase.preparing');
    case 'detecting':
      return tr('shell:phase.detecting');
    case 'attacking':
      return phase.stopping ? tr('shell:phase.stopping') : phase.paused ? tr('shell:phase.paused') : tr('shell:phase.attacking');
    case 'judging':
      return tr('shell:phase.judging');
    case 'pruning':
      return phase.stopping ? tr('shell:phase.stoppingMask') : tr('shell:phase.pruning');
    case 'comparing':
      return tr('shell:phase.comparing');
    case 'experimenting':
      return tr('shell:phase.experimenting');
    case 'checking':
      return tr('shell:phase.checking');
  }
}
