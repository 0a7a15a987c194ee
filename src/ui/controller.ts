import { parseBackendName } from '../core/backendNames';
import { EngineClient } from '../worker/client';
import { decodeImageBlob, ImageDecodeError } from './decodeImage';
import { sampleUrl } from './samples';
import { useAppStore, type Message } from './store';

/*
 * User commands: each reads and writes the store and talks to the engine worker. Components call
 * these; they never touch the worker themselves.
 */

let engine: EngineClient | null = null;

function say(message: Message): void {
  useAppStore.setState((s) => ({ messages: [...s.messages.filter((m) => m.kind !== message.kind), message] }));
}

function clearMessages(): void {
  useAppStore.setState({ messages: [] });
}

export function requestedBackend(search = location.search) {
  return parseBackendName(new URLSearchParams(search).get('backend'));
}

export async function startEngine(): Promise<void> {
  engine?.terminate();
  useAppStore.setState({ engine: 'starting' });
  engine = new EngineClient((message) => {
    useAppStore.setState({ engine: 'failed' });
    say({ kind: 'error', text: `The detection engine stopped: ${message}. Reload the page to start it again.` });
  });
  try {
    const backend = await engine.init(requestedBackend(), `${import.meta.env.BASE_URL}models/`);
    useAppStore.setState({ backend, engine: 'ready' });
  } catch (err) {
    useAppStore.setState({ engine: 'failed' });
    say({ kind: 'error', text: `The detector could not start: ${(err as Error).message}` });
  }
}

export async function detectCurrent(): Promise<void> {
  const { photo, detectOptions, engine: status } = useAppStore.getState();
  if (!photo || !engine || status === 'failed') return;
  useAppStore.setState({ engine: 'busy' });
  try {
    const detection = await engine.detect(photo.rgba, detectOptions);
    // Ignore a result for a photo that was replaced meanwhile.
    if (useAppStore.getState().photo === photo) useAppStore.setState({ detection });
  } catch (err) {
    say({ kind: 'error', text: `Detection failed: ${(err as Error).message}` });
  } finally {
    if (useAppStore.getState().engine === 'busy') useAppStore.setState({ engine: 'ready' });
  }
}

/** Loads a file or blob; on failure the current photo stays and the user is told why. */
export async function loadPhoto(blob: Blob, name: string): Promise<void> {
  try {
    const decoded = await decodeImageBlob(blob, name);
    clearMessages();
    if (decoded.notice) say({ kind: 'notice', text: decoded.notice });
    useAppStore.setState({ photo: { name, rgba: decoded.image }, detection: null });
  } catch (err) {
    const text = err instanceof ImageDecodeError ? err.message : `"${name}" could not be loaded: ${(err as Error).message}`;
    say({ kind: 'error', text });
    return;
  }
  await detectCurrent();
}

export async function loadSample(file: string, label: string): Promise<void> {
  try {
    const res = await fetch(sampleUrl(file));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    await loadPhoto(await res.blob(), label);
  } catch (err) {
    say({ kind: 'error', text: `The sample "${label}" could not be loaded: ${(err as Error).message}` });
  }
}
