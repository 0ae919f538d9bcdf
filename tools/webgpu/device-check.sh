#!/usr/bin/env bash
# Runs ON a lent GPU machine (NVIDIA driver, python3 + PyTorch; no Node.js, no network), from the
# repository root, with .device/ carried (made here by tools/webgpu/device-pack.sh):
#
#   bash tools/webgpu/device-check.sh          (device call: carry [".device"])
#
# setup    node, Dawn and skia unpacked; the Vulkan loader (carried deb, unless the system has one);
#          the NVIDIA Vulkan ICD (a pre-set VK_ICD_FILENAMES / VK_DRIVER_FILES wins)
# adapter  Dawn's adapter must be NVIDIA hardware (DEVICE_CHECK_ALLOW_SOFTWARE=1: any, for lavapipe)
# perf     nnmamba3 (both WGSL scan forms: sequential, chunked) and a baseline on webgpu, --profile
# peer     the PyTorch peer's nnMamba 3-stage train step on CUDA (img/s, CUDA max memory), and the ratio
# replica  experiments/seed-replica-short.json, nnmamba3 only, on its synthetic data, webgpu
# A failed step does not stop the next; each has a timeout within one budget (~9 min in all).
# $OUT gets at most 8 files (the device tool returns no more): device-check.log (everything),
# summary.json, perf-nnmamba3{,-chunked}.json, perf-<baseline>.json, peer-cuda.json, replica-results.json,
# replica.tar.gz (the report without checkpoints).
# Sizes for a local test on lavapipe (128 MiB storage bindings): DEVICE_CHECK_IMAGE_SIZE (224),
# DEVICE_CHECK_BATCH (32), DEVICE_CHECK_EPOCHS (2), DEVICE_CHECK_DATA (train,valid,test image counts;
# default the experiment's), DEVICE_CHECK_STEPS (perf timed steps, 5), DEVICE_CHECK_BASELINE
# (vmamba-tiny), DEVICE_CHECK_BUDGET_S (520), DEVICE_CHECK_PYTHON (a python3 with torch).
set -uo pipefail
export PATH=$PATH:/usr/sbin:/sbin # ldconfig

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dev=$root/.device
OUT=${OUT:-/tmp/device-check-out}
work=${DEVICE_CHECK_WORK:-/tmp/device-check}
SIZE=${DEVICE_CHECK_IMAGE_SIZE:-224} BATCH=${DEVICE_CHECK_BATCH:-32} EPOCHS=${DEVICE_CHECK_EPOCHS:-2}
STEPS=${DEVICE_CHECK_STEPS:-5} BASELINE=${DEVICE_CHECK_BASELINE:-vmamba-tiny} DATA=${DEVICE_CHECK_DATA:-}
deadline=$((SECONDS + ${DEVICE_CHECK_BUDGET_S:-520}))
NODE=$work/node BUNDLE=$dev/mambabench.mjs
mkdir -p "$OUT" "$work"
: >"$work/steps.tsv"

# step NAME CAP_S CMD...: runs CMD under a timeout that also respects the overall deadline, and
# records status and seconds for the summary. Never fails the script.
step() {
  local name=$1 cap=$2 left t t0 rc status
  shift 2
  left=$((deadline - SECONDS)); t=$((cap < left ? cap : left))
  if ((t < 20)); then printf '%s\tskipped (time budget spent)\t0\n' "$name" >>"$work/steps.tsv"; return; fi
  printf '\n=== %s (timeout %s s): %s\n' "$name" "$t" "$*"
  t0=$SECONDS
  timeout -k 10 "$t" "$@"; rc=$?
  case $rc in 0) status=ok ;; 124 | 137) status="TIMEOUT (${t} s)" ;; *) status="FAILED (exit $rc)" ;; esac
  printf '%s\t%s\t%s\n' "$name" "$status" "$((SECONDS - t0))" >>"$work/steps.tsv"
}

# xz-utils may be missing from a bare image; python3 (there for PyTorch) has lzma.
unxz() {
  if command -v xz >/dev/null; then xz -dc "$1" >"$2.tmp"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2.tmp"; fi \
    && mv "$2.tmp" "$2"
}

setup() {
  echo "=== setup: $(uname -srm), $(ldd --version 2>/dev/null | head -n 1)"
  # The carried binaries: node needs glibc 2.28, dawn.node glibc 2.34 and GLIBCXX_3.4.30 (GCC 12).
  unxz "$dev/node.xz" "$NODE" && chmod +x "$NODE" || return 1
  local f
  for f in "$dev"/node_modules/webgpu/dist/linux-x64/dawn.node.xz "$dev"/node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node.xz; do
    [ -f "${f%.xz}" ] || unxz "$f" "${f%.xz}" || return 1
  done
  echo "node $("$NODE" --version)"
  # The Vulkan loader: the system's if it has one, else the carried libvulkan1.
  local d have=''
  ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' && have=1
  local ld=${LD_LIBRARY_PATH:-}
  for d in ${ld//:/ }; do [ -e "$d/libvulkan.so.1" ] && have=1; done
  if [ -z "$have" ]; then
    local deb
    deb=$(ls "$dev"/debs/libvulkan1_*.deb | head -n 1)
    rm -rf "$work/vulkan" && mkdir -p "$work/vulkan"
    if command -v dpkg >/dev/null; then dpkg -x "$deb" "$work/vulkan"
    else # no dpkg: a .deb is an ar archive holding data.tar.*
      python3 - "$deb" "$work/vulkan" <<'EOF' || return 1
import io, sys, tarfile
b = open(sys.argv[1], 'rb').read(); i = 8
while i < len(b):
    name, size = b[i:i + 16].decode().strip().rstrip('/'), int(b[i + 48:i + 58]); i += 60
    if name.startswith('data.tar'): tarfile.open(fileobj=io.BytesIO(b[i:i + size])).extractall(sys.argv[2])
    i += size + size % 2
EOF
    fi
    export LD_LIBRARY_PATH="$work/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "Vulkan loader: carried $(basename "$deb")"
  else
    echo "Vulkan loader: the system's"
  fi
  # The NVIDIA ICD: its json where the container toolkit or driver put it; else one written for the
  # driver's Vulkan library (libGLX_nvidia), present when the container has the graphics capability.
  local icd=${VK_ICD_FILENAMES:-${VK_DRIVER_FILES:-}} lib
  if [ -z "$icd" ]; then
    for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/share/vulkan/icd.d/nvidia_icd*.json \
      /etc/vulkan/icd.d/nvidia_icd*.json /usr/local/share/vulkan/icd.d/nvidia_icd*.json; do
      [ -f "$f" ] && { icd=$f; break; }
    done
  fi
  if [ -z "$icd" ]; then
    lib=$( (ldconfig -p 2>/dev/null | awk '/libGLX_nvidia\.so\.0 /{ print $NF; exit }'; ls /usr/local/nvidia/lib64/libGLX_nvidia.so.0 /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 2>/dev/null) | head -n 1)
    if [ -n "$lib" ]; then
      icd=$work/nvidia_icd.json
      printf '{ "file_format_version": "1.0.0", "ICD": { "library_path": "%s", "api_version": "1.3.0" } }\n' "$lib" >"$icd"
    fi
  fi
  if [ -z "$icd" ]; then
    echo "no NVIDIA Vulkan ICD json and no libGLX_nvidia.so.0 (NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset}; Vulkan needs 'graphics')"
    ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null
    return 1
  fi
  export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd
  echo "Vulkan ICD: $icd: $(tr -d '\n ' <"$icd" | head -c 200)"
}

# Prints Dawn's adapter as one ADAPTER {json} line; exits 1 unless NVIDIA hardware (or allowed).
cat >"$work/adapter.mjs" <<'EOF'
const { create } = await import(process.argv[2]);
const a = await create([]).requestAdapter({ powerPreference: 'high-performance' });
if (!a) { console.log('no adapter: Dawn found no Vulkan device'); process.exit(1); }
const i = a.info ?? {};
const r = { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description,
  fallback: !!(i.isFallbackAdapter ?? a.isFallbackAdapter), max_storage_binding_mib: a.limits.maxStorageBufferBindingSize / 2 ** 20,
  max_buffer_mib: a.limits.maxBufferSize / 2 ** 20, timestamp_query: a.features.has('timestamp-query') };
r.software = r.fallback || /llvmpipe|lavapipe|swiftshader|software/i.test([i.vendor, i.architecture, i.device, i.description].join(' '));
console.log('ADAPTER ' + JSON.stringify(r));
const allow = process.env.DEVICE_CHECK_ALLOW_SOFTWARE === '1';
const ok = /nvidia/i.test(`${r.vendor} ${r.description}`) && !r.software;
if (!ok) console.log(allow ? 'not NVIDIA hardware: allowed (DEVICE_CHECK_ALLOW_SOFTWARE=1)' : 'FAIL: not an NVIDIA hardware adapter');
process.exit(ok || allow ? 0 : 1); // Dawn's instance would keep node alive
EOF

# The peer's nnMamba 2D, 3 stages (channels 32, blocks 3: our nnmamba3), one train step = forward,
# cross-entropy, backward, AdamW, as its bench.py times it on CPU; here on CUDA, fp32 (TF32 as
# PyTorch's defaults leave it).
cat >"$work/peer_cuda.py" <<'EOF'
import json, statistics, sys, time
peer, size, batch, out, allow_cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == '1'
import torch, torch.nn.functional as F
sys.path.insert(0, peer)
from nnmamba import NNMamba2D, count_params
cuda = torch.cuda.is_available()
if not cuda and not allow_cpu: sys.exit('FAIL: torch.cuda.is_available() is False (torch %s)' % torch.__version__)
dev = 'cuda' if cuda else 'cpu'
sync = torch.cuda.synchronize if cuda else (lambda: None)
torch.manual_seed(0)
model = NNMamba2D(channels=32, blocks=3).to(dev).train()
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
x, y = torch.randn(batch, 3, size, size, device=dev), torch.randint(0, 2, (batch,), device=dev)
times = []
for i in range(13):
    sync(); t = time.perf_counter()
    loss = F.cross_entropy(model(x), y); opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    sync(); times.append(time.perf_counter() - t)
med = statistics.median(times[3:])
r = dict(torch=torch.__version__, device=torch.cuda.get_device_name() if cuda else 'cpu', params=count_params(model),
         image_size=size, batch=batch, steps=10, warmup=3, median_step_s=med, min_step_s=min(times[3:]),
         images_per_s=batch / med, first_step_s=times[0],
         cuda_max_allocated_mb=torch.cuda.max_memory_allocated() / 2 ** 20 if cuda else None,
         cuda_max_reserved_mb=torch.cuda.max_memory_reserved() / 2 ** 20 if cuda else None,
         tf32_matmul=torch.backends.cuda.matmul.allow_tf32, tf32_cudnn=torch.backends.cudnn.allow_tf32)
json.dump(r, open(out, 'w'), indent=1); print(json.dumps(r))
EOF

main() {
  echo "device-check $(date -u +%FT%TZ): $(cat "$dev/MANIFEST" 2>/dev/null | tr '\n' ' ')"
  echo "sizes: ${SIZE} px, batch ${BATCH}, ${EPOCHS} epoch(s), perf ${STEPS} steps, baseline ${BASELINE}${DATA:+, data $DATA}"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv
  else echo "no nvidia-smi"; fi
  echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset}"
  local t0=$SECONDS
  if setup; then printf 'setup\tok\t%s\n' "$((SECONDS - t0))" >>"$work/steps.tsv"
  else printf 'setup\tFAILED\t%s\n' "$((SECONDS - t0))" >>"$work/steps.tsv"; fi
  # Children (perf's per-model processes, a sweep's runs) run the bundle too; CommonJS lookups
  # (chart.js, the fonts) find .device/node_modules through NODE_PATH.
  export MAMBABENCH_CLI=$BUNDLE NODE_PATH=$dev/node_modules

  local webgpu=$dev/node_modules/webgpu/index.js
  step adapter 60 "$NODE" "$work/adapter.mjs" "$webgpu"
  if ! grep -q '^adapter	ok' "$work/steps.tsv"; then # the loader's own account of what it tried
    VK_LOADER_DEBUG=error,warn,driver timeout 60 "$NODE" "$work/adapter.mjs" "$webgpu" 2>&1 | tail -n 25
  fi
  # perf --json prints the JSON alone on stdout (its progress on stderr): to_file keeps it.
  local to_file=(sh -c 'f=$1; shift; exec "$@" >"$f"' to_file)
  local perf=("$NODE" "$BUNDLE" perf --backend webgpu --image-size "$SIZE" --batch "$BATCH" --steps "$STEPS" --profile --json)
  step "perf nnmamba3" 110 "${to_file[@]}" "$OUT/perf-nnmamba3.json" "${perf[@]}" --models nnmamba3
  # The chunk-parallel scan, to choose the default form (sequential until measured).
  step "perf nnmamba3 chunked" 80 "${to_file[@]}" "$OUT/perf-nnmamba3-chunked.json" "${perf[@]}" --models nnmamba3 --webgpu-scan chunked
  # The first python3 with torch: PATH's (a venv or pyenv shim may lack it), conda's, the system's.
  local py=''
  for py in ${DEVICE_CHECK_PYTHON:-} python3 /opt/conda/bin/python3 /usr/bin/python3 ''; do
    [ -n "$py" ] && "$py" -c 'import torch' 2>/dev/null && break
  done
  if [ -n "$py" ]; then
    step "peer pytorch" 90 "$py" "$work/peer_cuda.py" "$dev/peer" "$SIZE" "$BATCH" "$OUT/peer-cuda.json" "${DEVICE_CHECK_ALLOW_SOFTWARE:-0}"
  else
    echo "no python3 here imports torch: peer step skipped"; printf 'peer pytorch\tskipped (no torch)\t0\n' >>"$work/steps.tsv"
  fi
  step "perf $BASELINE" 90 "${to_file[@]}" "$OUT/perf-$BASELINE.json" "${perf[@]}" --models "$BASELINE"

  # The replica's experiment with this run's sizes (the defaults leave it as it is).
  "$NODE" -e "
    const [file, out, size, batch, data] = process.argv.slice(1);
    const e = JSON.parse(require('fs').readFileSync(file, 'utf8'));
    e.image_size = +size; e.batch_size = +batch;
    if (data) [e.data.train, e.data.valid, e.data.test] = data.split(',').map(Number);
    require('fs').writeFileSync(out, JSON.stringify(e, null, 2));" \
    "$root/experiments/seed-replica-short.json" "$work/seed-replica-short.json" "$SIZE" "$BATCH" "$DATA"
  rm -rf "$work/replica"
  step replica 240 "$NODE" "$BUNDLE" sweep --experiment "$work/seed-replica-short.json" --models nnmamba3 \
    --backend webgpu --epochs "$EPOCHS" --out "$work/replica"
  [ -f "$work/replica/results.json" ] && cp "$work/replica/results.json" "$OUT/replica-results.json"
  [ -d "$work/replica" ] && tar -czf "$OUT/replica.tar.gz" -C "$work" --exclude='checkpoint*' --exclude='*.bin' replica

  # Summary: the table and summary.json, from the step statuses and the JSON each step wrote.
  "$NODE" -e "
    const fs = require('fs'); const [steps, out, baseline] = process.argv.slice(1);
    const read = (f) => { try { return JSON.parse(fs.readFileSync(out + '/' + f, 'utf8')); } catch { return null; } };
    const rows = fs.readFileSync(steps, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const perf = (f) => read(f)?.results?.[0] ?? null;
    const ours = perf('perf-nnmamba3.json'), chunked = perf('perf-nnmamba3-chunked.json'), base = perf('perf-' + baseline + '.json'), peer = read('peer-cuda.json');
    const runs = read('replica-results.json')?.runs ?? [];
    const fmt = (r) => r && ('train ' + r.train_images_per_s.toFixed(1) + ' img/s (' + r.train_ms.median.toFixed(0) + ' ms/step), infer ' +
      r.infer_images_per_s.toFixed(1) + ' img/s, GPU ' + (r.gpu_memory_mb?.toFixed(0) ?? '?') + ' MiB');
    const detail = {
      'perf nnmamba3': fmt(ours), 'perf nnmamba3 chunked': fmt(chunked), ['perf ' + baseline]: fmt(base),
      'peer pytorch': peer && ('train ' + peer.images_per_s.toFixed(1) + ' img/s (' + (peer.median_step_s * 1000).toFixed(0) + ' ms/step), CUDA max ' +
        (peer.cuda_max_allocated_mb?.toFixed(0) ?? '-') + ' MiB allocated / ' + (peer.cuda_max_reserved_mb?.toFixed(0) ?? '-') + ' reserved' +
        (ours ? '; webgpu / pytorch train speed ' + (ours.train_images_per_s / peer.images_per_s).toFixed(3) + 'x' : '')),
      replica: runs.map((r) => r.variant + ' ' + r.status + ': ' + r.curves.map((c) => c.epoch_time_s.toFixed(0)).join(' + ') +
        ' s/epoch, best valid acc ' + r.best_val_acc + ', test acc ' + r.test_acc + ', ' + (r.images_per_s?.toFixed(1) ?? '?') + ' img/s' + (r.error ? ', ' + r.error : '')).join('; ') || null,
    };
    console.log('\n=== summary\n' + 'step'.padEnd(24) + 'status'.padEnd(26) + 'seconds  result');
    for (const [name, status, s] of rows) console.log(name.padEnd(24) + status.padEnd(26) + s.padStart(7) + '  ' + (detail[name] ?? ''));
    fs.writeFileSync(out + '/summary.json', JSON.stringify({ steps: rows.map(([name, status, seconds]) => ({ name, status, seconds: +seconds, result: detail[name] ?? null })),
      perf: { nnmamba3: ours, nnmamba3_chunked: chunked, [baseline]: base }, peer, replica: runs.map(({ curves, predictions, ...r }) => ({ ...r, curves })) }, null, 1));" \
    "$work/steps.tsv" "$OUT" "$BASELINE" || column -t -s $'\t' "$work/steps.tsv"
  ! grep -qE '	(FAILED|TIMEOUT)' "$work/steps.tsv" # a skip (no torch, budget spent) is in the table, not the status
}

main 2>&1 | tee "$OUT/device-check.log"
rc=${PIPESTATUS[0]}
# Unpacked, the natives would push .device past the 64 MiB carry limit (a rehearsal runs in place).
rm -f "$dev/node_modules/webgpu/dist/linux-x64/dawn.node" "$dev/node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node"
exit "$rc"
