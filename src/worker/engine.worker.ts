/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from './browserBackend';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces } from '../core/mtcnn/detect';
import { rgbaToTensor } from '../core/image';
import type { BackendName } from '../core/backend';
import type { EngineReply, EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let weights: MtcnnWeights | null = null;
let backend: BackendName | null = null;

function reply(message: EngineReply, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

async function handle(req: EngineRequest): Promise<void> {
  switch (req.type) {
    case 'init': {
      const choice = await activateBrowserBackend(req.backend);
      backend = choice.name;
      if (!weights) {
        weights = await loadMtcnnWeights(async (name) => {
          const res = await fetch(req.modelsUrl + name);
          if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
          return res.arrayBuffer();
        });
      }
      reply({ id: req.id, type: 'ready', backend: choice });
      return;
    }
    case 'detect': {
      if (!weights || !backend) throw new Error('The engine is not ready yet');
      const image = rgbaToTensor(req.image);
      const t0 = performance.now();
      try {
        const { width, height, faces, scales, stages } = await detectFaces(weights, image, req.options);
        const ms = performance.now() - t0;
        reply(
          { id: req.id, type: 'detected', detection: { width, height, faces, scales, stages, ms, backend } },
          scales.map((s) => s.prob.buffer as ArrayBuffer),
        );
      } finally {
        image.dispose();
      }
      return;
    }
  }
}

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  handle(event.data).catch((err: unknown) => {
    reply({ id: event.data.id, type: 'error', message: (err as Error).message || String(err) });
  });
};

// Exposed for tests that check tensors are not leaked.
(self as unknown as { tfMemory: () => tf.MemoryInfo }).tfMemory = () => tf.memory();
