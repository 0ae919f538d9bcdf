#!/usr/bin/env bash
# Packs, into <workspace>/.device (git-ignored), what a lent GPU machine needs to run mambabench on
# webgpu: it has the NVIDIA driver and python3 + PyTorch, but no Node.js, no node_modules and no
# network. tools/webgpu/device-check.sh runs there, from one `run` call that carries `.device`.
#
#   bash tools/webgpu/device-pack.sh        (slow the first time: xz -9e of the natives)
#
# .device/ then holds (the carry limit is 64 MiB in all):
#   node.xz          this machine's node binary (official Node 20 build: needs only glibc >= 2.28)
#   mambabench.mjs   the CLI as one ESM file (esbuild): every model package, one tfjs-core
#   node_modules/    what the bundle loads at run time: webgpu (Dawn; dawn.node xz-ed), @napi-rs/canvas
#                    (native, xz-ed: PNG charts), chart.js's UMD file and the DejaVu fonts the report
#                    inlines / registers; device-check.sh unpacks the .xz files in place
#   debs/            the Vulkan loader (libvulkan1); the NVIDIA driver brings its own ICD
#   peer/            the PyTorch peer (/work/shared/peer/pytorch, or PEER_DIR)
# The xz files are reused while their source is unchanged; the bundle is rebuilt every time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dev=$root/.device
peer_src=${PEER_DIR:-/work/shared/peer/pytorch}
node_bin=$(readlink -f "$(command -v node)")
nm=$root/node_modules
log() { printf 'device-pack: %s\n' "$*" >&2; }

mkdir -p "$dev"
cd "$root"

# xz -9e of a large binary takes minutes: redo it only when the source changed (size + mtime).
xz_once() {
  local src=$1 dst=$2 stamp
  stamp=$(stat -c '%s %Y' "$src")
  if [ -f "$dst" ] && [ "$(cat "$dst.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  log "xz -9e $(basename "$src") ($(( $(stat -c %s "$src") >> 20 )) MiB)"
  mkdir -p "$(dirname "$dst")"
  xz -T2 -9e -c "$src" >"$dst.tmp" && mv "$dst.tmp" "$dst" && printf '%s\n' "$stamp" >"$dst.stamp"
}

# --- node --------------------------------------------------------------------------------------
xz_once "$node_bin" "$dev/node.xz"

# --- bundle --------------------------------------------------------------------------------------
# The entry imports every model package statically (discover.ts then skips their path imports),
# then the CLI. Same rule as discover.ts: packages/*/package.json with "mambabench": {"models": true}.
node --input-type=module - "$dev" <<'EOF'
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';
const dev = process.argv[2];
const root = join(dev, '..');
const imports = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (pkg.mambabench?.models === true) imports.push(`../packages/${dir}/${(pkg.exports['.'] ?? pkg.exports).replace(/^\.\//, '')}`);
}
imports.push('../packages/bench/src/cli.ts');
writeFileSync(join(dev, 'entry.mjs'), imports.map((p) => `import '${p}';`).join('\n') + '\n');

// Our sources read files beside themselves (report page assets, packages/core/build/*.wasm) and
// find the workspace root from import.meta.url: give each its own URL again, relative to the
// bundle, which lives in <workspace>/.device/ on the device too.
const ownUrls = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(dev, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};
// The report bundles its page script with esbuild when it writes index.html (page-bundle.ts);
// esbuild's native binary is not on the device, so the page script is bundled here, now, and
// page-bundle.ts is swapped for a module that returns it.
const pageBundle = join(root, 'packages', 'report', 'src', 'page-bundle.ts');
const { bundlePageScript } = await tsImport(pathToFileURL(pageBundle).href, import.meta.url);
const prebuiltPage = {
  name: 'prebuilt-page-script',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/]report[\\/]src[\\/]page-bundle\.ts$/ }, () => ({
      contents: `export function bundlePageScript() { return ${JSON.stringify(bundlePageScript())}; }`,
      loader: 'js',
    }));
  },
};
// sharp (libvips, native) decodes image folders (--data), which never reach a GPU machine (no
// data there); a stub keeps its 18 MiB out. Using it throws, naming why.
const noSharp = {
  name: 'no-sharp',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'no-sharp' }));
    build.onLoad({ filter: /.*/, namespace: 'no-sharp' }, () => ({
      contents: `const sharp = () => { throw new Error('sharp (image folders, --data) is not in the device bundle: use the normal install'); };
        sharp.versions = { sharp: 'absent', vips: 'absent' }; export default sharp;`,
      loader: 'js',
    }));
  },
};
const result = await esbuild.build({
  entryPoints: [join(dev, 'entry.mjs')],
  outfile: join(dev, 'mambabench.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', metafile: true, logLevel: 'warning',
  // Keep every import Node would run: tfjs-backend-cpu's "sideEffects" list would drop `import '@tensorflow/tfjs-backend-cpu'`.
  ignoreAnnotations: true,
  // Native addons, loaded from .device/node_modules at run time.
  external: ['webgpu', '@napi-rs/canvas'],
  // tfjs's CommonJS code calls require() for Node's own modules, which ESM output lacks.
  banner: { js: "import { createRequire as __mbCreateRequire } from 'node:module'; const require = __mbCreateRequire(import.meta.url);" },
  plugins: [prebuiltPage, ownUrls, noSharp],
});
const cores = Object.keys(result.metafile.inputs).filter((p) => /tfjs-core\/dist\/[^/]+\.js$/.test(p) && /index|tf-core/.test(p));
if (cores.length !== 1) throw new Error(`expected one tfjs-core entry in the bundle, found: ${cores.join(', ') || 'none'}`);
const natives = Object.keys(result.metafile.inputs).filter((p) => /node_modules\/esbuild\//.test(p));
if (natives.length) throw new Error(`esbuild's API is in the bundle (from ${natives.join(', ')}): it cannot run there`);
console.error(`device-pack: bundle ${(result.metafile.outputs[relative(process.cwd(), join(dev, 'mambabench.mjs'))]?.bytes / 2 ** 20).toFixed(1)} MiB, tfjs-core ${cores[0]}`);
EOF

# --- node_modules the bundle loads at run time -----------------------------------------------
out=$dev/node_modules
copy() { mkdir -p "$out/$(dirname "$1")" && cp "$nm/$1" "$out/$1"; }
copy webgpu/index.js; copy webgpu/package.json
for f in "$nm"/@napi-rs/canvas/*.js "$nm"/@napi-rs/canvas/package.json; do copy "${f#"$nm"/}"; done
copy @napi-rs/canvas-linux-x64-gnu/package.json
copy chart.js/package.json; copy chart.js/dist/chart.cjs; copy chart.js/dist/chart.umd.min.js
copy dejavu-fonts-ttf/package.json; copy dejavu-fonts-ttf/ttf/DejaVuSans.ttf; copy dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf
# Unpacked copies left by an interrupted local device-check.sh would break the 64 MiB carry limit.
rm -f "$out/webgpu/dist/linux-x64/dawn.node" "$out/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node"
# The natives go xz-ed (dawn 21 -> 5 MiB, skia 34 -> 10 MiB); device-check.sh unpacks them in place.
xz_once "$nm/webgpu/dist/linux-x64/dawn.node" "$out/webgpu/dist/linux-x64/dawn.node.xz"
xz_once "$nm/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node" "$out/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node.xz"

# --- Vulkan loader -------------------------------------------------------------------------------
# apt-get download uses this machine's own sources; the loader has no dependency beyond libc.
mkdir -p "$dev/debs"
if ! ls "$dev"/debs/libvulkan1_*.deb >/dev/null 2>&1; then
  (cd "$dev/debs" && apt-get download -q -o APT::Sandbox::User="$(id -un)" libvulkan1) >&2 \
    || { log "apt-get download libvulkan1 failed (run apt-get update first?)"; exit 1; }
fi

# --- PyTorch peer --------------------------------------------------------------------------------
rm -rf "$dev/peer" && mkdir -p "$dev/peer"
cp "$peer_src"/*.py "$peer_src"/README.md "$dev/peer/" && chmod -R u+w "$dev/peer"

{
  echo "packed $(date -u +%FT%TZ) from $(git -C "$root" describe --always --dirty 2>/dev/null || echo 'no git')"
  echo "node $("$node_bin" --version)"
} >"$dev/MANIFEST"
(cd "$dev" && find . -type f ! -name '*.stamp' -size +100k -printf '%s %p\n' | sort -rn | awk '{ printf "%8.1f MiB  %s\n", $1 / 1048576, $2 }') >&2
total=$(du -sm --apparent-size "$dev" | cut -f1)
log "total $total MiB in $dev"
((total < 64)) || { log "over the device tool's 64 MiB carry limit"; exit 1; }
