import { useEffect, useState, type DragEvent } from 'react';
import { Webcam } from './Webcam';
import { loadPhoto, loadSample } from './controller';
import { SAMPLES } from './samples';
import { useAppStore, selectEngine } from './store';

export function ImageSource() {
  const engine = useAppStore(selectEngine);
  const [dragging, setDragging] = useState(false);
  const disabled = engine === 'starting' || engine === 'failed';

  // Paste an image from the clipboard anywhere on the page.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        void loadPhoto(file, file.name || 'Pasted image');
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void loadPhoto(file, file.name);
  };

  return (
    <section aria-labelledby="source-title" className={`panel source${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 id="source-title">Photo</h2>
      <p className="hint">Nothing leaves your machine: the photo is read and analysed in this browser tab.</p>
      <label className="upload">
        Upload image
        <input
          type="file"
          accept="image/*"
          disabled={disabled}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void loadPhoto(file, file.name);
            e.target.value = '';
          }}
        />
      </label>
      <span className="hint"> or drop a photo here, or paste one (Ctrl+V).</span>
      <Webcam disabled={disabled} />
      <fieldset className="samples">
        <legend>Samples</legend>
        {SAMPLES.map((s) => (
          <button key={s.id} type="button" disabled={disabled} onClick={() => void loadSample(s.file, s.label)}>
            {s.label}
          </button>
        ))}
      </fieldset>
    </section>
  );
}
