import { useEffect, useState, type DragEvent } from 'react';
import { Webcam } from './Webcam';
import { app } from './app';
import { SAMPLES } from './samples';
import { useControl } from './lessons/useLesson';
import { tr, useT } from './i18n';

/** Photos chosen while the detector starts are kept and detected once it is ready. */
export function ImageSource() {
  const { t } = useT('shell');
  const { t: tl } = useT('lessons');
  const [dragging, setDragging] = useState(false);
  // A lesson may lock the photo: its sources are disabled (a lesson file can still be opened).
  const { locked } = useControl('photo');

  // Paste an image from the clipboard anywhere on the page.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        void app.loadPhoto(file, file.name || tr('shell:source.pasted'));
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void app.loadPhoto(file, file.name);
  };

  return (
    <section aria-labelledby="source-title" className={`panel source${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 id="source-title">{t('source.title')}</h2>
      <p className="hint">{t('source.privacy')}</p>
      <label className="upload">
        {t('source.upload')}
        <input
          type="file"
          accept="image/*,.json,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void app.loadPhoto(file, file.name);
            e.target.value = '';
          }}
        />
      </label>
      <span className="hint">
        {t('source.drop')}
        {tl('lessonFileHint')}
      </span>
      {locked && <p className="lesson-note">{tl('photoKept')}</p>}
      {!locked && <Webcam />}
      <fieldset className="samples" disabled={locked}>
        <legend>{t('source.samples')}</legend>
        {SAMPLES.map((s) => (
          <button key={s.id} type="button" onClick={() => void app.loadSample(s.id)}>
            {t(`samples.${s.id}`)}
          </button>
        ))}
      </fieldset>
    </section>
  );
}
