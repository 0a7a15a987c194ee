import { useEffect, useRef, useState } from 'react';
import { selectLesson, selectPhoto, useAppStore } from '../store';
import { BUNDLED_LESSONS, bundledLessonLink } from './bundled';
import { LessonDialog, saveLessonFile } from './LessonDialog';
import { useT } from '../i18n';

/** The page's lang= (a bundled lesson opens in the language it was chosen in). */
function pageLanguage(): URLSearchParams {
  const lang = new URLSearchParams(location.search).get('lang');
  return new URLSearchParams(lang ? { lang } : {});
}

/**
 * The "Lessons" menu in the header (a disclosure: a button and a list): the bundled lessons, each a
 * link; "Create lesson link"; "Save lesson" (a lesson file of the current experiment).
 */
export function LessonMenu() {
  const { t } = useT('lessons');
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState(false);
  const photo = useAppStore(selectPhoto);
  const lesson = useAppStore(selectLesson);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Closes on a click elsewhere or Escape (focus back on the button).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="lesson-menu" ref={box}>
      <button ref={button} type="button" aria-expanded={open} aria-controls={open ? 'lesson-menu-list' : undefined} onClick={() => setOpen(!open)}>
        {t('menu')}
      </button>
      {open && (
        <div id="lesson-menu-list" className="lesson-popup">
          <p className="popup-title" id="lesson-menu-bundled">
            {t('menuBundled')}
          </p>
          <ul aria-labelledby="lesson-menu-bundled">
            {BUNDLED_LESSONS.map((l) => (
              <li key={l.id}>
                <a href={`${location.pathname}${bundledLessonLink(l, pageLanguage())}`}>{t(`bundled.${l.id}.title`)}</a>
              </li>
            ))}
          </ul>
          <div className="popup-actions">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setDialog(true);
              }}
            >
              {t('createLink')}
            </button>
            <button
              type="button"
              disabled={!photo}
              onClick={() => {
                setOpen(false);
                void saveLessonFile(lesson);
              }}
            >
              {t('saveLesson')}
            </button>
          </div>
        </div>
      )}
      <LessonDialog
        open={dialog}
        onClose={() => {
          setDialog(false);
          button.current?.focus();
        }}
      />
    </div>
  );
}
