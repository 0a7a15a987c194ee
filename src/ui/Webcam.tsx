import { useEffect, useRef, useState } from 'react';
import { app } from './app';
import { tr, useT } from './i18n';

/** Webcam snapshot, offered only where a camera exists. The stream stays in this tab. */
export function Webcam() {
  const { t } = useT('shell');
  const [available, setAvailable] = useState(false);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    navigator.mediaDevices
      ?.enumerateDevices()
      .then((devices) => setAvailable(devices.some((d) => d.kind === 'videoinput')))
      .catch(() => setAvailable(false));
  }, []);
  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [stream]);

  if (!available) return null;
  const open = async () => {
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: true }));
    } catch (err) {
      app.reportError('photo', err, { key: 'messages:doing.camera' });
    }
  };
  const snap = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob((blob) => blob && void app.loadPhoto(blob, tr('shell:webcam.snapshot')), 'image/png');
    setStream(null);
  };
  return (
    <div className="webcam">
      {stream ? (
        <>
          <video ref={video} autoPlay playsInline muted aria-label={t('webcam.preview')} />
          <button type="button" onClick={snap}>
            {t('webcam.snap')}
          </button>
          <button type="button" onClick={() => setStream(null)}>
            {t('webcam.close')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void open()}>
          {t('webcam.open')}
        </button>
      )}
    </div>
  );
}
