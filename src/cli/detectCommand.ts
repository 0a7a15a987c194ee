import { detectFaces, type DetectedFace } from '../core/mtcnn/detect';
import { validateDetectOptions } from '../core/mtcnn/options';
import { ImageReadError } from '../node/imageFile';
import { DETECT_FLAGS, detectOptionsFrom } from './detectOptions';
import { drawDetections } from './draw';
import { complain, loadImage, openContext } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { checkOutputPaths } from './outputPaths';
import { parseCommandLine } from './parse';

export const DETECT_USAGE = `usage: mtcnn-attack detect IMAGE... [--json] [--min-face N] [--scale-factor F]
       [--thresholds a,b,c] [--conventions facenet|faceapi] [--draw OUT.png] [--backend wasm|cpu|webgpu]`;

export interface FaceJson {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  landmarks: { x: number; y: number }[];
}

export function faceToJson(f: DetectedFace): FaceJson {
  return { box: f.box, score: f.score, landmarks: f.landmarks };
}

function drawPath(out: string, index: number, count: number): string {
  if (count === 1) return out;
  const dot = out.lastIndexOf('.');
  return dot > 0 ? `${out.slice(0, dot)}-${index + 1}${out.slice(dot)}` : `${out}-${index + 1}`;
}

export async function detectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { ...DETECT_FLAGS, json: { type: 'boolean' }, draw: { type: 'string' }, backend: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError("no image given (run `mtcnn-attack --help` for usage)");
  const options = detectOptionsFrom(values);
  const invalid = validateDetectOptions(options);
  if (invalid) throw new UsageError(invalid);
  const draw = values.draw;
  if (draw !== undefined) await checkOutputPaths(positionals.map((_, i) => ({ flag: 'draw', file: drawPath(draw, i, positionals.length) })), positionals);
  const ctx = await openContext(values.backend);
  const results: unknown[] = [];
  let failed = false;
  for (const [index, path] of positionals.entries()) {
    let image;
    try {
      image = await loadImage(path);
    } catch (err) {
      if (!(err instanceof ImageReadError)) throw err;
      complain(`${path}: ${err.message}`);
      failed = true;
      continue;
    }
    const t0 = performance.now();
    const detection = await detectFaces(ctx.weights, image.tensor, options);
    const ms = performance.now() - t0;
    image.tensor.dispose();
    const faces = detection.faces.map(faceToJson);
    results.push({ image: path, width: detection.width, height: detection.height, ...backendJson(ctx.backend), ms, faces });
    if (values.draw) await drawDetections(drawPath(values.draw, index, positionals.length), image.rgba, detection.faces);
    if (!values.json) {
      process.stdout.write(`${path}: ${faces.length} face(s) in ${ms.toFixed(0)} ms (${ctx.backend.name})\n`);
      for (const f of faces) {
        const b = f.box;
        process.stdout.write(`  box x=${b.x.toFixed(1)} y=${b.y.toFixed(1)} w=${b.width.toFixed(1)} h=${b.height.toFixed(1)} score=${f.score.toFixed(4)}\n`);
      }
    }
  }
  if (values.json) process.stdout.write(JSON.stringify(results) + '\n');
  return failed ? EXIT_USAGE : EXIT_OK;
}
