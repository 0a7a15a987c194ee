import type { GifFrame, GifReply, GifRequest } from './gif.worker';
import type { AttackRunState, LoadedPhoto } from './store';
import { cascadeAt } from './replay';
import { faceNumbers, matchNumber } from './faceOrder';
import { tr } from './i18n';

/*
 * The replay as an animated GIF, one frame per recorded step at the chosen speed, for slides.
 * Painting and encoding run in a worker; the main thread sends the preview frames one per task so
 * no main-thread task copies them all at once.
 */

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** The frames of a run's replay: what the stage shows at each recorded step. */
export function replayFrames(run: AttackRunState, photo: LoadedPhoto, cleanFaces: readonly { box: { x: number; y: number; width: number; height: number } }[]): GifFrame[] {
  const numbers = faceNumbers(cleanFaces);
  let f = -1;
  return run.steps.map((s) => {
    while (f + 1 < run.frames.length && run.frames[f + 1]!.step <= s.step) f++;
    const cascade = cascadeAt(run.cascades, s.step)?.view;
    const faces = (cascade?.faces ?? []).map((d) => ({ box: d.box, number: matchNumber(d.box, cleanFaces, numbers) }));
    const candidates = s.counts.reduce((a, b) => a + b, 0);
    return {
      image: Math.max(0, f),
      picture: { width: photo.rgba.width, height: photo.rgba.height, candidates: s.boxes, faces },
      // The GIF is a picture for slides: its caption follows the app's language.
      caption: [
        tr('progress:gif.step', { step: s.step, total: run.totalSteps }),
        tr('progress:gif.loss', { loss: s.loss.toFixed(3) }),
        tr('progress:gif.candidates', { count: candidates }),
        tr('progress:gif.faces', { count: faces.length }),
      ].join(' · '),
    };
  });
}

export async function exportReplayGif(
  run: AttackRunState,
  photo: LoadedPhoto,
  cleanFaces: readonly { box: { x: number; y: number; width: number; height: number } }[],
  stepsPerSecond: number,
  onProgress: (done: number) => void,
): Promise<{ blob: Blob; frames: number }> {
  if (run.frames.length === 0 || run.steps.length === 0) throw new Error('nothing recorded');
  const frames = replayFrames(run, photo, cleanFaces);
  const worker = new Worker(new URL('./gif.worker.ts', import.meta.url), { type: 'module' });
  try {
    const done = new Promise<Uint8Array>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<GifReply>) => {
        if (e.data.type === 'progress') onProgress(e.data.done);
        else if (e.data.type === 'done') resolve(e.data.bytes);
        else reject(new Error(e.data.message));
      };
      worker.onerror = (e) => reject(new Error(e.message || 'the GIF worker failed'));
    });
    for (let i = 0; i < run.frames.length; i++) {
      worker.postMessage({ type: 'image', index: i, image: run.frames[i]!.image } satisfies GifRequest);
      await nextTask();
    }
    worker.postMessage({ type: 'encode', frames, delayMs: Math.round(1000 / stepsPerSecond) } satisfies GifRequest);
    const bytes = await done;
    return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' }), frames: frames.length };
  } finally {
    worker.terminate();
  }
}
