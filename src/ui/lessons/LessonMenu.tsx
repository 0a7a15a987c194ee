import { useEffect, useRef, useState } from 'react';
import { selectLesson, selectPhoto, useAppStore } from '../store';
import { BUNDLED_LESSONS, bundledLessonLink } from './bundled';
import { LessonDialog, saveLessonFile } from './LessonDialog';
import { LESSON_TEXT } from './strings';

/**
 * The "Lessons" menu in the header (a disclosure: a button and a list): the bundled lessons, each a
 * link; "Create lesson link"; "Save lesson" (a lesson file of the current experiment).
 */
export function LessonMenu() {
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
        {LESSON_TEXT.menu}
      </button>
      {open && (
        <div id="lesson-menu-list" className="lesson-popup">
          <p className="popup-title" id="lesson-menu-bundled">
            {LESSON_TEXT.menuBundled}
          </p>
          <ul aria-labelledby="lesson-menu-bundled">
            {BUNDLED_LESSONS.map((l) => (
              <li key={l.id}>
                <a href={`${location.pathname}${bundledLessonLink(l)}`}>{l.setup.title}</a>
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
              {LESSON_TEXT.createLink}
            </button>
            <button
              type="button"
              disabled={!photo}
              onClick={() => {
                setOpen(false);
                void saveLessonFile(lesson);
              }}
            >
              {LESSON_TEXT.saveLesson}
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
