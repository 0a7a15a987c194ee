import * as tf from '@tensorflow/tfjs';

/*
 * tfjs-backend-wasm 4.22's MaxPoolGrad starts its running maximum at 0, so in a window of negative
 * values (common after PReLU) the gradient goes to the window's first element instead of its
 * maximum. Every P-Net/R-Net/O-Net gradient on WASM is then wrong (cosine ≈ 0.98 with the true one).
 * This replaces the kernel with a correct one: gradient to the first maximum of each window,
 * padding excluded, as the CPU backend does.
 */

interface WasmBackendLike {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

export function maxPoolGradReference(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  out: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  out.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < fh; ky += dh) {
            const iy = oy * strideHeight - top + ky;
            if (iy < 0 || iy >= inHeight) continue;
            for (let kx = 0; kx < fw; kx += dw) {
              const ix = ox * strideWidth - left + kx;
              if (ix < 0 || ix >= inWidth) continue;
              const k = ((b * inHeight + iy) * inWidth + ix) * inChannels + c;
              if (x[k]! > best || at < 0) {
                best = x[k]!;
                at = k;
              }
            }
          }
          if (at >= 0) out[at]! += dy[((b * outHeight + oy) * outWidth + ox) * inChannels + c]!;
        }
      }
    }
  }
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const wasm = backend as unknown as WasmBackendLike;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = wasm.makeOutput(input.shape, 'float32');
  maxPoolGradReference(wasm.typedArrayFromHeap(input), wasm.typedArrayFromHeap(dy), wasm.typedArrayFromHeap(dx), info);
  return dx;
};

let installed = false;

/** Replaces the WASM MaxPoolGrad kernel (idempotent). Call after the WASM backend module is imported. */
export function installWasmMaxPoolGradFix(): void {
  if (installed) return;
  if (tf.getKernel('MaxPoolGrad', 'wasm')) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc });
  installed = true;
}
