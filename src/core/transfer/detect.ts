import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image';
import type { Rect } from '../mtcnn/detect';
import { decodeHead, TINY_NMS_IOU, tinyNms } from './decode';
import { tinyFaceForward } from './net';
import { reshapedSize, rgbaToPixels, toNetInput } from './preprocess';
import type { TinyFaceWeights } from './weights';

/** The library's defaults (TinyFaceDetectorOptions). */
export const TINY_DEFAULT_INPUT_SIZE = 416;
export const TINY_DEFAULT_SCORE_THRESHOLD = 0.5;

export interface TinyFaceOptions {
  /** Side of the square input; a multiple of 32. */
  inputSize: number;
  /** Objectness a box needs (strictly above), in (0, 1). */
  scoreThreshold: number;
}

export const TINY_DEFAULT_OPTIONS: TinyFaceOptions = { inputSize: TINY_DEFAULT_INPUT_SIZE, scoreThreshold: TINY_DEFAULT_SCORE_THRESHOLD };

export interface TinyFace {
  /** In image pixels (not clipped to the image, as the library returns it). */
  box: Rect;
  score: number;
}

function checkOptions({ inputSize, scoreThreshold }: TinyFaceOptions): void {
  if (!Number.isInteger(inputSize) || inputSize <= 0 || inputSize % 32 !== 0) {
    throw new RangeError(`The Tiny Face Detector's input size must be a positive multiple of 32, not ${inputSize}`);
  }
  if (!(scoreThreshold > 0 && scoreThreshold < 1)) {
    throw new RangeError(`The Tiny Face Detector's score threshold must lie strictly between 0 and 1, not ${scoreThreshold}`);
  }
}

/**
 * Runs the Tiny Face Detector on 8-bit RGBA pixels (what a saved image holds) and returns its faces,
 * best score first, in image pixels: the library's detectAllFaces with TinyFaceDetectorOptions.
 */
export async function detectTinyFaces(weights: TinyFaceWeights, image: RgbaImage, options: TinyFaceOptions = TINY_DEFAULT_OPTIONS): Promise<TinyFace[]> {
  checkOptions(options);
  const { inputSize, scoreThreshold } = options;
  const head = tf.tidy(() => {
    const pixels = rgbaToPixels(image);
    return tinyFaceForward(weights, toNetInput(pixels, inputSize));
  });
  const grid = head.shape[1];
  let values: Float32Array;
  try {
    values = (await head.data()) as Float32Array;
  } finally {
    head.dispose();
  }
  const reshaped = reshapedSize(image.width, image.height, inputSize);
  const boxes = decodeHead(values, grid, { x: inputSize / reshaped.width, y: inputSize / reshaped.height }, scoreThreshold);
  return tinyNms(boxes, TINY_NMS_IOU, inputSize).map((i) => {
    const b = boxes[i]!;
    return { box: { x: b.x * image.width, y: b.y * image.height, width: b.width * image.width, height: b.height * image.height }, score: b.score };
  });
}
