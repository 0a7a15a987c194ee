import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { app } from '../app';
import { downloadBlob } from '../download';
import { appStore } from '../store';
import { CONTROL_IDS, controlLabel, type ControlId } from './controls';
import { limitProblem, type Goal } from './goal';
import { photoDataUrl } from './photoDataUrl';
import { MAX_TASK_CHARS, MAX_TITLE_CHARS, isEmptySetup, type LessonSetup } from './setup';
import { localizeLessonText } from './bundled';
import { useT } from '../i18n';
import { Explain } from '../i18n/Explain';
import { msg, renderText, type MessageText } from '../i18n/messageText';

type Limit = 'maxEps' | 'maxL0' | 'maxScales';
const LIMIT_LABELS = { maxEps: 'dialog.maxEpsLabel', maxL0: 'dialog.maxL0Label', maxScales: 'dialog.maxScalesLabel' } as const satisfies Record<Limit, string>;

interface Draft {
  title: string;
  task: string;
  goal: boolean;
  limits: Record<Limit, string>;
  hide: ControlId[];
  lock: ControlId[];
}

function draftFrom(setup: LessonSetup | null): Draft {
  const g = setup?.goal;
  const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    // A bundled lesson's title and task in the page's language.
    title: setup?.title ? localizeLessonText(setup.title, 'title') : '',
    task: setup?.task ? localizeLessonText(setup.task, 'task') : '',
    goal: Boolean(g),
    limits: { maxEps: text(g?.maxEps), maxL0: text(g?.maxL0), maxScales: text(g?.maxScales) },
    hide: setup?.hide ?? [],
    lock: setup?.lock ?? [],
  };
}

/** The draft as a setup, and why each limit that is not a valid number is refused. */
function setupFrom(d: Draft): { setup: LessonSetup | null; errors: Partial<Record<Limit, MessageText>> } {
  const errors: Partial<Record<Limit, MessageText>> = {};
  let goal: Goal | null = null;
  if (d.goal) {
    goal = { kind: 'evade', maxEps: null, maxL0: null, maxScales: null };
    for (const key of ['maxEps', 'maxL0', 'maxScales'] as const) {
      const raw = d.limits[key].trim();
      if (raw === '') continue;
      const problem = limitProblem(key, Number(raw));
      if (problem) errors[key] = msg('lessons:dialog.limitError', { label: msg(`lessons:${LIMIT_LABELS[key]}`), problem });
      else goal[key] = Number(raw);
    }
  }
  const setup: LessonSetup = {
    title: d.title.trim() || null,
    task: d.task.trim() || null,
    goal,
    hide: CONTROL_IDS.filter((id) => d.hide.includes(id)),
    lock: CONTROL_IDS.filter((id) => d.lock.includes(id) && !d.hide.includes(id)),
  };
  return { setup: isEmptySetup(setup) ? null : setup, errors };
}

/** Downloads the current experiment (with `setup`) as a lesson file; the photo is embedded unless it is a sample. */
export async function saveLessonFile(setup: LessonSetup | null): Promise<void> {
  const { photo } = appStore.getState();
  if (!photo) return;
  const dataUrl = photo.sample ? null : await photoDataUrl(photo.rgba);
  const text = app.lessonFile(setup, dataUrl);
  if (!text) return;
  const base = photo.name.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '-') || 'photo';
  downloadBlob(new Blob([text], { type: 'application/json' }), `${base}-lesson.json`);
}

/**
 * "Create lesson link": the current experiment plus a task, a goal and the controls to hide or lock,
 * as a link (shown in a read-only field and copied) or a lesson file.
 */
export function LessonDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useT('lessons');
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(null));
  const [copied, setCopied] = useState<'dialog.copied' | 'dialog.copyFailed' | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setDraft(draftFrom(appStore.getState().lesson));
      setCopied(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const { setup, errors } = setupFrom(draft);
  const photo = appStore.getState().photo;
  const link = open ? `${location.origin}${location.pathname}${app.lessonLink(setup)}` : '';
  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setCopied(null);
  };
  const toggle = (list: 'hide' | 'lock', control: ControlId, on: boolean) =>
    update({ [list]: on ? [...draft[list], control] : draft[list].filter((x) => x !== control) });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('dialog.copied');
    } catch {
      setCopied('dialog.copyFailed');
      document.getElementById(`${id}-link`)?.focus();
      (document.getElementById(`${id}-link`) as HTMLTextAreaElement | null)?.select();
    }
  };
  // Keys typed here are not the page's shortcuts (Escape still closes the dialog).
  const keepKeys = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') e.stopPropagation();
  };

  return (
    <dialog ref={ref} className="lesson-dialog" aria-labelledby={`${id}-title`} onClose={onClose} onKeyDown={keepKeys}>
      {/* Its fields exist only while it is open (their names repeat the page's controls). */}
      {open && (
        <>
          <h2 id={`${id}-title`}>{t('dialog.title')}</h2>
          <p className="hint">{t('dialog.intro')}</p>
          {photo && !photo.sample && <p className="lesson-warning">{t('dialog.uploadedPhoto')}</p>}

          <div className="field">
            <label htmlFor={`${id}-lesson-title`}>{t('dialog.titleLabel')}</label>
            <input id={`${id}-lesson-title`} type="text" maxLength={MAX_TITLE_CHARS} value={draft.title} onChange={(e) => update({ title: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-task`}>{t('dialog.taskLabel')}</label>
            <textarea id={`${id}-task`} rows={3} maxLength={MAX_TASK_CHARS} value={draft.task} aria-describedby={`${id}-task-hint`} onChange={(e) => update({ task: e.target.value })} />
            <p id={`${id}-task-hint`} className="hint">
              {t('dialog.taskHint')}
            </p>
          </div>

          <fieldset className="lesson-goal">
            <legend>{t('dialog.goalLabel')}</legend>
            <div className="field">
              <label htmlFor={`${id}-goal`}>{t('dialog.goalKindLabel')}</label>
              <select id={`${id}-goal`} value={draft.goal ? 'evade' : 'none'} onChange={(e) => update({ goal: e.target.value === 'evade' })}>
                <option value="none">{t('dialog.goalNone')}</option>
                <option value="evade">{t('dialog.goalEvade')}</option>
              </select>
            </div>
            {(['maxEps', 'maxL0', 'maxScales'] as const).map((key) => (
              <div className="field" key={key}>
                {key === 'maxEps' ? (
                  // The label and, beside it, what ε means.
                  <div className="label-explained">
                    <label htmlFor={`${id}-${key}`}>{t(LIMIT_LABELS[key])}</label>
                    <Explain term="epsilon" />
                  </div>
                ) : (
                  <label htmlFor={`${id}-${key}`}>{t(LIMIT_LABELS[key])}</label>
                )}
                <input
                  id={`${id}-${key}`}
                  type="number"
                  inputMode="decimal"
                  min={key === 'maxScales' ? 1 : 0}
                  step={key === 'maxEps' ? 0.001 : 1}
                  disabled={!draft.goal}
                  value={draft.limits[key]}
                  aria-invalid={errors[key] !== undefined}
                  aria-describedby={`${id}-${key}-hint`}
                  onChange={(e) => update({ limits: { ...draft.limits, [key]: e.target.value } })}
                />
                <p id={`${id}-${key}-hint`} className={errors[key] ? 'field-error' : 'hint'}>
                  {errors[key] ? renderText(errors[key]) : t('dialog.limitHint')}
                </p>
              </div>
            ))}
          </fieldset>

          {(['hide', 'lock'] as const).map((list) => (
            <fieldset key={list} className="lesson-controls">
              <legend>{list === 'hide' ? t('dialog.hideLegend') : t('dialog.lockLegend')}</legend>
              <div className="control-grid">
                {CONTROL_IDS.map((control) => (
                  <label key={control} className="check">
                    <input
                      type="checkbox"
                      checked={draft[list].includes(control)}
                      disabled={list === 'lock' && draft.hide.includes(control)}
                      onChange={(e) => toggle(list, control, e.target.checked)}
                    />
                    {controlLabel(control)}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}

          <div className="field">
            <label htmlFor={`${id}-link`}>{t('dialog.linkLabel')}</label>
            <textarea id={`${id}-link`} className="lesson-link" readOnly rows={3} value={link} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <p role="status" className="hint" aria-live="polite">
            {copied && t(copied)}
          </p>
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void copy()}>
              {t('dialog.copyLink')}
            </button>
            <button type="button" disabled={!photo} onClick={() => void saveLessonFile(setup)}>
              {t('dialog.saveFile')}
            </button>
            <button type="button" onClick={onClose}>
              {t('dialog.close')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
