import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASTRONAUT, onBackend } from '../node/testing';
import { readImageFile } from '../node/imageFile';
import { detectTinyFaces } from '../core/transfer/detect';
import { rectIou } from '../core/transfer/decode';
import { loadTransferWeights } from './transfer';
import { runBin as run } from './testing';

/*
 * --transfer: the second detector's verdict in the CLI's output. Few steps: these check the
 * plumbing and that the verdict is the Tiny Face Detector's own on the saved image, not whether
 * the attack transfers (bench/transfer.ts measures that).
 */

describe('mtcnn-attack --transfer', () => {
  beforeAll(() => onBackend('wasm'));

  it('attack --transfer --json adds the second verdict, the one the Tiny Face Detector gives the saved PNG', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-transfer-'));
    const out = path.join(dir, 'adv.png');
    const { code, stdout, stderr } = await run(['attack', ASTRONAUT, '--steps', '3', '--transfer', '--json', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    const t = result.transfer;
    expect(t).toMatchObject({ detector: 'tiny-face-detector', inputSize: 416, scoreThreshold: 0.5 });
    expect(t.faces).toHaveLength(1);
    const [face] = t.faces;
    expect(face.face).toBe(0);
    // On the clean astronaut the Tiny Face Detector finds the face MTCNN finds (score 0.975).
    expect(face.clean.found).toBe(true);
    expect(face.clean.score).toBeCloseTo(0.975, 2);
    expect(t.found).toBe(face.adversarial.found ? 1 : 0);

    // The same detector run here on the saved adversarial image gives the same verdict.
    const weights = await loadTransferWeights();
    const again = await detectTinyFaces(weights, await readImageFile(out));
    const match = again.find((d) => rectIou(d.box, face.clean.box) >= 0.5);
    expect(face.adversarial.found).toBe(match !== undefined);
    if (match) expect(face.adversarial.score).toBeCloseTo(match.score, 6);
  });

  it('attack without --transfer has no second verdict; the text summary names it with --transfer', async () => {
    const plain = await run(['attack', ASTRONAUT, '--steps', '1', '--json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('transfer');
    const text = await run(['attack', ASTRONAUT, '--steps', '1', '--transfer']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}Tiny Face Detector, face 0: (found \(0\.\d{3}\)|not found) \(clean image: found \(0\.97\d\)\)$/m);
  });

  it('sweep --transfer --json counts the faces the second detector still finds, per value', async () => {
    const { code, stdout } = await run(['sweep', ASTRONAUT, '--vary', 'steps', '--values', '1,2', '--transfer', '--json']);
    expect(code).toBe(0);
    const { rows } = JSON.parse(stdout);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.faces).toBe(1);
      expect(r.transfer.cleanFound).toBe(1);
      expect([0, 1]).toContain(r.transfer.found);
      expect(r.transfer.evadedBoth).toBeLessThanOrEqual(r.evaded);
    }
  });

  it('sparse --transfer over a dataset is refused in one line', async () => {
    const { code, stderr } = await run(['sparse', ASTRONAUT, ASTRONAUT, '--transfer']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^mtcnn-attack sparse: --transfer works with sparse on one image/);
  });
});
