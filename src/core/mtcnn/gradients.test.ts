import { beforeAll, describe, expect, it } from 'vitest';
import { mtcnnGradientChecks } from '../gradcheck';
import { onBackend, testWeights } from '../../node/testing';

/*
 * End-to-end gradients with respect to the image, through the differentiable pyramid resize and the
 * zero-padded crops, against central finite differences (see gradcheck.ts for the method). The same
 * checks run on WebGPU in the browser (e2e/selfcheck.spec.ts).
 */
describe.each(['cpu', 'wasm'] as const)('MTCNN gradients on %s', (backend) => {
  beforeAll(() => onBackend(backend));

  it('match finite differences for P-Net (pyramid), R-Net and O-Net (crops)', async () => {
    const results = await mtcnnGradientChecks(await testWeights());
    expect(results).toHaveLength(3);
    for (const r of results) {
      for (const e of r.relativeErrors) expect(e, r.name).toBeLessThan(0.02);
      for (const m of r.magnitudes) expect(m, r.name).toBeGreaterThan(1e-2);
    }
  });
});
