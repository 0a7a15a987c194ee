import { nodeWebGpuAdapter, WebGpuUnavailableError, type WebGpuAdapterInfo } from './webgpu';

/*
 * Whether the WebGPU suite can run here. Without an adapter it is skipped with instructions, except
 * under CI=true, where it fails instead: a CI machine that cannot run it has lost coverage.
 */

export const WEBGPU_TEST_HOWTO = `To run the WebGPU tests, Dawn (npm package \`webgpu\`) needs a Vulkan driver. On Debian 12 without a GPU,
install Mesa 25's lavapipe from bookworm-backports (Debian 12's own Mesa 22 is rejected by Dawn), using your existing mirror:
  MIRROR=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -n1)   # or the deb line in /etc/apt/sources.list
  printf 'Types: deb\\nURIs: %s\\nSuites: bookworm-backports\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' "$MIRROR" \\
    | sudo tee /etc/apt/sources.list.d/bookworm-backports.sources
  sudo apt-get update && sudo apt-get install -y -t bookworm-backports mesa-vulkan-drivers
(.ci/run does this.) With an NVIDIA GPU: the driver's Vulkan ICD and \`apt-get install libvulkan1\`.`;

export interface WebGpuTestGate {
  adapter: WebGpuAdapterInfo | null;
  /** Why there is no adapter, with the how-to. */
  why: string;
  /** CI=true and no adapter: the suite must fail, not skip. */
  mustFail: boolean;
}

export async function webgpuTestGate(): Promise<WebGpuTestGate> {
  const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
  try {
    const adapter = await nodeWebGpuAdapter();
    return { adapter, why: '', mustFail: false };
  } catch (err) {
    if (!(err instanceof WebGpuUnavailableError)) throw err;
    const why = `${err.reason}.\n${WEBGPU_TEST_HOWTO}`;
    if (!ci) console.warn(`WebGPU tests skipped: ${why}`);
    return { adapter: null, why, mustFail: ci };
  }
}

/** A few words naming the adapter, for test names: "mesa software, fallback adapter". */
export function gateLabel(gate: WebGpuTestGate): string {
  const a = gate.adapter;
  if (!a) return 'no adapter';
  return `${[a.vendor, a.architecture].filter(Boolean).join(' ') || 'unnamed adapter'}${a.isFallbackAdapter ? ', fallback adapter' : ''}`;
}
