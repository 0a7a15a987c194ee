import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ASTRONAUT } from '../node/testing';
import { gateLabel, webgpuTestGate } from '../node/webgpuTesting';

/* `mtcnn-attack ... --backend webgpu` (Dawn in Node): the same faces as WASM, and a one-line error without an adapter. */

const BIN = path.resolve('bin/mtcnn-attack.mjs');
/** Dawn's harmless notices on stderr (lavapipe's limits, a missing XDG_RUNTIME_DIR). */
const DAWN_NOTICE = /artificially reduced|XDG_RUNTIME_DIR/;

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20, env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const gate = await webgpuTestGate();

if (gate.mustFail) {
  describe('mtcnn-attack --backend webgpu', () => {
    it('has a WebGPU adapter (required when CI=true)', () => {
      throw new Error(`CI=true but WebGPU cannot run here, so the WebGPU CLI test would be lost: ${gate.why}`);
    });
  });
}

describe.skipIf(!gate.adapter)(`mtcnn-attack detect --backend webgpu (${gateLabel(gate)})`, () => {
  it('finds the astronaut as WASM does and reports the backend and adapter in --json', async () => {
    const [gpu, wasm] = [await run(['detect', ASTRONAUT, '--backend', 'webgpu', '--json']), await run(['detect', ASTRONAUT, '--json'])];
    expect(gpu.stderr.split('\n').filter((l) => l && !DAWN_NOTICE.test(l))).toEqual([]);
    expect(gpu.code).toBe(0);
    const [g] = JSON.parse(gpu.stdout);
    const [w] = JSON.parse(wasm.stdout);
    expect(g).toMatchObject({ image: ASTRONAUT, width: 512, height: 512, backend: 'webgpu' });
    expect(g.adapter).toEqual({ vendor: gate.adapter!.vendor, architecture: gate.adapter!.architecture, isFallbackAdapter: gate.adapter!.isFallbackAdapter });
    expect(w.backend).toBe('wasm');
    expect(w.adapter).toBeUndefined();
    expect(g.faces).toHaveLength(w.faces.length);
    expect(g.faces.length).toBe(1);
    for (const k of ['x', 'y', 'width', 'height']) expect(Math.abs(g.faces[0].box[k] - w.faces[0].box[k])).toBeLessThan(0.5);
    expect(Math.abs(g.faces[0].score - w.faces[0].score)).toBeLessThan(1e-3);
  });
});

describe.runIf(process.platform === 'linux')('mtcnn-attack --backend webgpu without an adapter', () => {
  it('fails with one line that says how to get one, exit code 2', async () => {
    // No Vulkan driver for the loader: Dawn offers no adapter.
    const { code, stdout, stderr } = await run(['detect', ASTRONAUT, '--backend', 'webgpu', '--json'], { ...process.env, VK_DRIVER_FILES: '/nonexistent/icd.json' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((l) => l && !/^Warning:|^\s+at /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mtcnn-attack detect: --backend webgpu: no WebGPU adapter/);
    expect(lines[0]).toMatch(/apt-get install -y -t bookworm-backports mesa-vulkan-drivers/);
  });
});
