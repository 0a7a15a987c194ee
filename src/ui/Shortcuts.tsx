import { useEffect, useRef } from 'react';
import { app } from './app';
import { appStore, useAppStore } from './store';
import { SHORTCUTS, runShortcut, shortcutFor } from './shortcuts';
import { useT } from './i18n';

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

const commands = { ...app, toggleFullscreen };

/** The keyboard shortcuts, on the whole page. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat && e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const action = shortcutFor(e);
      if (action && runShortcut(action, appStore.getState(), commands)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** The list of shortcuts ("?"), as a modal dialog. */
export function ShortcutsDialog() {
  const { t } = useT('shell');
  const open = useAppStore((s) => s.shortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts" aria-labelledby="shortcuts-title" onClose={() => app.setShortcutsOpen(false)}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.does}>
              <th scope="row">
                {s.keys.map((k) => (
                  <kbd key={k}>{k === 'Space' ? t('shortcuts.space') : k}</kbd>
                ))}
              </th>
              <td>{t(`shortcuts.does.${s.does}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('shortcuts.hint')}</p>
      <button type="button" onClick={() => app.setShortcutsOpen(false)}>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}

/** Talk mode, full screen and the shortcuts list, in the header. */
export function Toolbar() {
  const { t } = useT('shell');
  const talk = useAppStore((s) => s.talk);
  const warming = useAppStore((s) => s.warming);
  return (
    <div className="toolbar" role="group" aria-label={t('toolbar.label')}>
      {warming && <span className="hint">{t('toolbar.warming')}</span>}
      <button type="button" aria-pressed={talk} onClick={() => app.setTalk(!talk)} aria-keyshortcuts="T">
        {t('toolbar.talk')}
      </button>
      <button type="button" onClick={toggleFullscreen} aria-keyshortcuts="F">
        {t('toolbar.fullscreen')}
      </button>
      <button type="button" onClick={() => app.setShortcutsOpen(true)} aria-keyshortcuts="?">
        <span aria-hidden="true">? </span>
        {t('toolbar.shortcuts')}
      </button>
    </div>
  );
}
