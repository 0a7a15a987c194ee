#!/usr/bin/env bash
# The WebGPU benchmark (bench/webgpu.ts) on a Linux machine with an NVIDIA GPU, through Dawn (npm
# package `webgpu`) and Vulkan in Node. Writes bench/results/webgpu-gpu.json, and only when Dawn's
# adapter is a hardware one: if it is a software one (lavapipe, or anything marked fallback) the
# script exits non-zero and writes nothing. If Mesa's lavapipe is installed too, Dawn may pick it
# silently, so the NVIDIA Vulkan driver is pinned with VK_DRIVER_FILES when its ICD file is found.
#
#   tools/gpu-bench.sh            # installs what is missing (libvulkan1 via apt-get, npm ci), then runs
#   BENCH_WEBGPU_STEPS=50,20 tools/gpu-bench.sh   # steps on the astronaut and the group photo (the defaults)
#
# Exit codes: 0 reported; 1 setup failed; 3 software adapter (refused); 4 the report named a software adapter.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=bench/results/webgpu-gpu.json
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
say() { echo "gpu-bench: $*" >&2; }

# 1. The Vulkan loader.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  if command -v apt-get >/dev/null; then
    say "installing the Vulkan loader (libvulkan1)"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq libvulkan1 >/dev/null
  else
    say "no Vulkan loader (libvulkan.so.1) and no apt-get: install your distribution's Vulkan loader package"; exit 1
  fi
fi

# 2. The NVIDIA Vulkan driver (ICD), pinned so that Dawn cannot fall back to lavapipe.
icd=""
for d in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
  for f in "$d"/nvidia_icd*.json; do [ -r "$f" ] && { icd="$f"; break 2; }; done
done
if [ -z "$icd" ] && ldconfig -p 2>/dev/null | grep -q 'libGLX_nvidia\.so\.0'; then
  # The driver's library is there but its ICD file is not (common in containers): describe it ourselves.
  icd="$(mktemp -d)/nvidia_icd.json"
  printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3"}}\n' >"$icd"
  say "no nvidia_icd.json found; using one written to $icd for libGLX_nvidia.so.0"
fi
if [ -n "$icd" ]; then
  export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
  say "pinned the Vulkan driver: VK_DRIVER_FILES=$icd"
else
  say "warning: no NVIDIA Vulkan driver found (no nvidia_icd.json, no libGLX_nvidia.so.0). Install the NVIDIA driver with its Vulkan/GL part" \
    "(in a container, run it with NVIDIA_DRIVER_CAPABILITIES=all or including 'graphics'). Trying whatever Vulkan driver there is."
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | sed 's/^/gpu-bench: GPU: /' >&2 || true

# 3. Node and the project's packages.
command -v node >/dev/null || { say "Node.js ≥ 20 is needed"; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { say "Node.js ≥ 20 is needed, found $(node --version)"; exit 1; }
if [ ! -f node_modules/webgpu/package.json ] || [ ! -f node_modules/@tensorflow/tfjs/package.json ] || [ ! -f node_modules/tsx/package.json ]; then
  say "installing the project's packages (npm ci)"
  npm ci --no-audit --no-fund
fi

# 4. The benchmark; it refuses (exit code 3, nothing written) on a software adapter.
rm -f "$OUT"
set +e
BENCH_WEBGPU_OUT="$OUT" BENCH_WEBGPU_REQUIRE_HARDWARE=1 npm run --silent bench -- webgpu
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  say "the benchmark failed or refused (exit code $rc); no report"
  [ "$rc" -eq 3 ] && say "Dawn offered only a software adapter: is the NVIDIA Vulkan driver installed and usable (try: vulkaninfo --summary)?"
  exit "$rc"
fi

# 5. Check the report's adapter once more: hardware, not Mesa's software rasteriser.
if ! node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const a = r.adapter || {};
  const software = /^(mesa|llvmpipe)$/i.test(a.vendor || "") || /^software$/i.test(a.architecture || "") || /llvmpipe|lavapipe|swiftshader/i.test(`${a.vendor} ${a.device} ${a.description}`);
  console.error(`gpu-bench: adapter ${JSON.stringify({ vendor: a.vendor, architecture: a.architecture, description: a.description, isFallbackAdapter: a.isFallbackAdapter })}`);
  process.exit(a.isFallbackAdapter === false && !software ? 0 : 1);
' "$OUT"; then
  rm -f "$OUT"
  say "the adapter is not a hardware GPU; report removed"
  exit 4
fi
say "report written to $OUT"
