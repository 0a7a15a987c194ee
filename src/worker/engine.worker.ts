/// <reference lib="webworker" />
import { Engine } from './engine';
import type { AttackControl, EngineEvent, EngineReply, EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const engine = new Engine();

function post(message: EngineReply | EngineEvent, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

async function handle(req: EngineRequest): Promise<void> {
  switch (req.type) {
    case 'init':
      post({ id: req.id, type: 'ready', backend: await engine.init(req.backend, req.modelsUrl) });
      return;
    case 'detect': {
      // Cloned, not transferred: the engine keeps this detection for attacks.
      post({ id: req.id, type: 'detected', detection: await engine.detect(req.image, req.options) });
      return;
    }
    case 'attack': {
      const result = await engine.attack(req.id, req.params, req.options, post);
      post({ id: req.id, type: 'attackDone', result }, [result.image.data.buffer as ArrayBuffer, result.perturbation.buffer as ArrayBuffer]);
      return;
    }
    case 'sparse': {
      const result = await engine.sparse(req.id, req.params, req.options, post);
      post({ id: req.id, type: 'sparseDone', result }, [result.image.data.buffer as ArrayBuffer, result.perturbation.buffer as ArrayBuffer]);
      return;
    }
    case 'release':
      engine.release();
      post({ id: req.id, type: 'released' });
      return;
    case 'memory':
      post({ id: req.id, type: 'memory', numTensors: engine.memory().numTensors });
      return;
  }
}

self.onmessage = (event: MessageEvent<EngineRequest | AttackControl>) => {
  const msg = event.data;
  if (msg.type === 'control') {
    if (msg.action === 'crash') {
      setTimeout(() => {
        throw new Error('simulated engine failure');
      });
      return;
    }
    engine.handleControl(msg);
    return;
  }
  handle(msg).catch((err: unknown) => post({ id: msg.id, type: 'error', message: (err as Error).message || String(err) }));
};
