/// <reference lib="webworker" />
import { Engine, failureKind } from './engine';
import type { EngineCommand, EngineEvent, EngineReply, EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

function post(message: EngineReply | EngineEvent, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/** A failure outside any job (a lost GPU device): thrown from the worker, so the app sees a crash. */
function fatal(message: string): void {
  setTimeout(() => {
    throw new Error(message);
  });
}

const engine = new Engine(post, fatal);

const buffers = (r: { image: { data: ArrayBufferView }; perturbation: Float32Array }) => [r.image.data.buffer as ArrayBuffer, r.perturbation.buffer as ArrayBuffer];

async function handle(req: EngineRequest): Promise<void> {
  switch (req.type) {
    case 'init':
      post({ id: req.id, type: 'ready', backend: await engine.init(req.backend, req.modelsUrl) });
      return;
    case 'detect':
      // Cloned, not transferred: the engine keeps this photo for attacks.
      post({ id: req.id, type: 'detected', detection: await engine.detect(req.id, req.image, req.options) });
      return;
    case 'attack': {
      const result = await engine.attack(req.id, req.params, req.options);
      post({ id: req.id, type: 'attackDone', result }, buffers(result));
      return;
    }
    case 'compare': {
      const result = await engine.compare(req.id, req.runId);
      post({ id: req.id, type: 'attackDone', result }, buffers(result));
      return;
    }
    case 'prune': {
      const result = await engine.prune(req.id, req.runId, req.params);
      post({ id: req.id, type: 'pruneDone', result }, buffers(result));
      return;
    }
    case 'transfer':
      post({ id: req.id, type: 'transferDone', verdict: await engine.transfer(req.id, req.image, req.targets) });
      return;
    case 'heads':
      post({ id: req.id, type: 'headsDone', matrix: await engine.heads(req.id, req.params, req.options) });
      return;
    case 'defences':
      post({ id: req.id, type: 'defencesDone', rows: await engine.defences(req.id, req.image, req.faces, req.options) });
      return;
    case 'sweep':
      post({ id: req.id, type: 'sweepDone', points: await engine.sweep(req.id, req.spec, req.options, req.source) });
      return;
    case 'release':
      await engine.release(req.id);
      post({ id: req.id, type: 'released' });
      return;
    case 'memory':
      post({ id: req.id, type: 'memory', numTensors: engine.memory().numTensors });
      return;
  }
}

self.onmessage = (event: MessageEvent<EngineRequest | EngineCommand>) => {
  const msg = event.data;
  if (msg.type === 'control') return engine.control(msg.job, msg.action);
  if (msg.type === 'cancelAll') return engine.cancelAll();
  if (msg.type === 'loseDevice') {
    try {
      engine.loseDevice();
    } catch (err) {
      console.warn(`loseDevice: ${(err as Error).message}`);
    }
    return;
  }
  if (msg.type === 'crash') {
    setTimeout(() => {
      throw new Error('simulated engine failure');
    });
    return;
  }
  handle(msg).catch((err: unknown) => {
    // After a lost device the worker is about to fail as a whole (see Engine.watchDevice): no job errors.
    if (engine.deviceLost) return;
    post({ id: msg.id, type: 'error', kind: failureKind(err), message: (err as Error)?.message || String(err) });
  });
};
