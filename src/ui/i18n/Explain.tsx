import './i18n.css';
import { useId } from 'react';
import { useT } from './index';
import type { resources } from './resources';

export type ExplainTerm = keyof (typeof resources)['en']['explain'];

/**
 * A small "?" button beside a word ("What is IoU?") that opens a short explanation in a popover
 * (the browser's popover: Escape or a click elsewhere closes it, and it is never clipped by a panel).
 */
export function Explain({ term }: { term: ExplainTerm }) {
  const { t } = useT('explain');
  const { t: tc } = useT('common');
  const id = `explain-${term}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const name = tc('explain.button', { term: t(`${term}.term`) });
  return (
    <>
      <button type="button" className="explain-button" popoverTarget={id} aria-label={name} title={name}>
        ?
      </button>
      <div id={id} popover="auto" role="dialog" aria-label={t(`${term}.title`)} className="explain-popover">
        <h3>{t(`${term}.title`)}</h3>
        <p>{t(`${term}.body`)}</p>
        <button type="button" popoverTarget={id} popoverTargetAction="hide">
          {tc('explain.close')}
        </button>
      </div>
    </>
  );
}
