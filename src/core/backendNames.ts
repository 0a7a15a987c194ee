/** Backend names, without importing tfjs (the UI thread uses these). */
export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function parseBackendName(value: string | null | undefined): BackendName | null {
  return (BACKEND_NAMES as readonly string[]).includes(value ?? '') ? (value as BackendName) : null;
}
