#!/usr/bin/env bash
# Software Vulkan for the webgpu tests on a machine without a GPU: Mesa's lavapipe (llvmpipe
# behind a Vulkan driver), which Dawn sees as an adapter. Usage, from anywhere:
#
#   eval "$(bash tools/webgpu/lavapipe.sh)"
#
# Debian 12's own lavapipe (Mesa 22.3) gives Dawn no adapter; Mesa 25 from bookworm-backports
# does. It is downloaded with apt-get into a private apt state and unpacked with `dpkg -x` into
# <workspace>/.cache/lavapipe (git-ignored): nothing on the system changes (no dpkg -i, no root
# needed, /etc/apt untouched). The packages come from the mirror this machine's apt already uses,
# read at run time. The dependencies this machine lacks, and those it has in too old a version,
# come along (apt's resolver, run as a simulation against the system's dpkg status, says which).
#
# Idempotent: a prepared folder that still works is reused. Stdout carries only the two export
# lines (VK_ICD_FILENAMES, LD_LIBRARY_PATH); progress and errors go to stderr, and a failure
# exits non-zero naming the step. LAVAPIPE_DIR overrides the folder.
set -euo pipefail

workspace=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=${LAVAPIPE_DIR:-$workspace/.cache/lavapipe}
started=$SECONDS

log() { printf 'lavapipe: %s\n' "$*" >&2; }
fail() {
  printf 'lavapipe: FAILED at step "%s": %s\n' "$1" "$2" >&2
  exit 1
}

# The libraries of these packages must never shadow the system's own (the node process loads them).
readonly NEVER_EXTRACT='^(libc6|libc-bin|libgcc-s1|libstdc\+\+6|zlib1g)$'
# mesa-vulkan-drivers' run-time dependencies, for the fallback when apt's resolver cannot run.
readonly MESA_DEPENDS='libllvm15 libwayland-client0 libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0
  libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb1 libxshmfence1 libelf1 libzstd1 libexpat1'

# Libraries that libvulkan_lvp.so (or the loader) cannot resolve with LD_LIBRARY_PATH=$2.
unresolved() {
  LD_LIBRARY_PATH="$2${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$1/libvulkan_lvp.so" "$1/libvulkan.so.1" 2>&1 \
    | grep -E 'not found|No such file' || true
}

# Asks Dawn (the workspace's `webgpu` package) for an adapter with the prepared driver; prints
# its description. Skipped (empty output, status 0) where node or the package is not there yet.
adapter_check() {
  local icd=$1 libdir=$2 out
  command -v node >/dev/null 2>&1 && [ -d "$workspace/node_modules/webgpu" ] || {
    log "adapter check skipped (node or node_modules/webgpu not installed yet)"
    return 0
  }
  out=$(cd "$workspace" && VK_ICD_FILENAMES=$icd LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    timeout 60 node --input-type=module -e "
      import { create, globals } from 'webgpu';
      for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) globalThis[k] = v;
      const adapter = await create([]).requestAdapter();
      if (adapter) {
        const i = adapter.info;
        console.log('ADAPTER ' + [i.vendor, i.architecture, i.description].filter(Boolean).join(' ')
          + ', storage binding cap ' + adapter.limits.maxStorageBufferBindingSize / 2 ** 20 + ' MiB');
      }
      process.exit(0);" 2>&1) || true
  grep '^ADAPTER ' <<<"$out" | sed 's/^ADAPTER //' || { printf '%s\n' "$out" | sed 's/^/  dawn: /' >&2; return 1; }
}

print_env() {
  local libdir=$1 ld=$1
  case ":${LD_LIBRARY_PATH:-}:" in
    *":$libdir:"*) ld=$LD_LIBRARY_PATH ;;
    *) ld="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
  esac
  printf 'export VK_ICD_FILENAMES=%q\n' "$dir/lvp_icd.json"
  printf 'export LD_LIBRARY_PATH=%q\n' "$ld"
}

# --- reuse -----------------------------------------------------------------------------------
if [ -f "$dir/ready" ] && [ -f "$dir/lvp_icd.json" ]; then
  libdir=$(sed -n 's/^libdir=//p' "$dir/ready")
  if [ -n "$libdir" ] && [ -f "$libdir/libvulkan_lvp.so" ] && [ -z "$(unresolved "$libdir" "$libdir")" ] \
     && adapter=$(adapter_check "$dir/lvp_icd.json" "$libdir"); then
    log "reused $dir: Mesa $(sed -n 's/^mesa=//p' "$dir/ready")${adapter:+, adapter $adapter}"
    print_env "$libdir"
    exit 0
  fi
  log "$dir is incomplete or no longer works: preparing it again"
fi

# --- tools -----------------------------------------------------------------------------------
[ "$(uname -s)" = Linux ] || fail tools "lavapipe is prepared on Linux only (macOS and Windows use Metal / D3D12)"
for tool in apt-get dpkg dpkg-query ldd; do
  command -v "$tool" >/dev/null 2>&1 || fail tools "'$tool' not found (a Debian-based system is needed)"
done
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || fail tools "no VERSION_CODENAME in /etc/os-release"

# --- mirror: the one this machine's apt uses for $codename ----------------------------------
mirror='' keyring=''
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  # deb822 stanzas separated by blank lines: the first whose Suites name the release itself.
  read -r mirror keyring < <(awk -v want="$codename" '
    function flush() { if (!found && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ")) { found = 1; print uri, key } uri = key = suites = types = "" }
    /^[ \t]*$/ { flush(); next }
    /^#/ { next }
    tolower($1) == "uris:" { uri = $2 }
    tolower($1) == "suites:" { suites = ""; for (i = 2; i <= NF; i++) suites = suites " " $i }
    tolower($1) == "types:" { types = ""; for (i = 2; i <= NF; i++) types = types " " $i " " }
    tolower($1) == "signed-by:" { key = $2 }
    END { flush() }' /etc/apt/sources.list.d/debian.sources) || true
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  # One-line format: deb [options] URI suite components...
  mirror=$(awk -v want="$codename" '$1 == "deb" {
      i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i + 1) == want) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || fail mirror "no 'deb' source for $codename in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
mirror=${mirror%/}
log "mirror $mirror ($codename, $codename-backports)"

work="$dir.partial.$$"
trap 'rm -rf "$work"' EXIT
rm -rf "$work" "$dir"
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
signed=''
[ -n "$keyring" ] && [ -f "$keyring" ] && signed="[signed-by=$keyring] "
printf 'deb %s%s %s main\n' "$signed" "$mirror" "$codename" "$signed" "$mirror" "$codename-backports" >"$work/sources.list"

apt=(apt-get -q -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
  -o Dir::State="$work/state" -o Dir::State::Lists="$work/state/lists" -o Dir::State::status=/var/lib/dpkg/status
  -o Dir::Cache="$work/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)"
  -o Acquire::Retries=1 -o Acquire::http::Timeout=30 -o Acquire::https::Timeout=30)

# --- update: package lists of the two suites, privately -----------------------------------------
log "apt-get update (private lists)"
# apt-get update exits 0 when an index could not be fetched (a warning): that is a failure here.
if ! "${apt[@]}" update >"$work/update.log" 2>&1 || grep -qE '^(E: |W: Failed to fetch|W: Some index files)' "$work/update.log"; then
  sed -n 's/^\([WE]: .*\)/  apt: \1/p' "$work/update.log" | tail -n 15 >&2
  fail update "apt-get update could not fetch the $codename / $codename-backports lists from $mirror (no network, or the mirror is unreachable)"
fi

# --- resolve: what a real install would bring, against the system's dpkg status ----------------
apt_cache=(apt-cache "${apt[@]:1}")
target=mesa-vulkan-drivers
versions=$("${apt_cache[@]}" madison mesa-vulkan-drivers 2>/dev/null || true)
[[ $versions == *" $codename-backports/"* ]] && target+=/$codename-backports
specs=()
if "${apt[@]}" -s install --no-install-recommends "$target" libvulkan1 >"$work/resolve.log" 2>&1; then
  # "Inst libdrm2 [2.4.114-1+b1] (2.4.123-1~bpo12+1 Debian Backports:... [amd64])": name=version.
  while read -r name version; do
    if [[ $name =~ $NEVER_EXTRACT ]]; then
      log "not extracting $name $version (the system's own must stay in use)"
      continue
    fi
    specs+=("$name=$version")
  done < <(sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1 \3/p' "$work/resolve.log")
else
  log "apt's resolver could not simulate the install ($(grep -m1 '^E: ' "$work/resolve.log" || echo 'no reason given')); using the fixed list"
  specs=("$target" libvulkan1)
  [ "$target" = mesa-vulkan-drivers ] || specs+=("libdrm2/$codename-backports" "libdrm-amdgpu1/$codename-backports")
  for name in $MESA_DEPENDS; do
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$name" 2>/dev/null)" = 'ii ' ] || specs+=("$name")
  done
fi
[[ " ${specs[*]}" == *" mesa-vulkan-drivers"* ]] \
  || fail resolve "mesa-vulkan-drivers is not in $mirror $codename or $codename-backports"
log "packages: ${specs[*]}"

# --- download + extract --------------------------------------------------------------------------
(cd "$work/debs" && "${apt[@]}" download "${specs[@]}") >"$work/download.log" 2>&1 || {
  sed 's/^/  apt: /' "$work/download.log" | tail -n 15 >&2
  fail download "apt-get download failed (a package missing from $mirror, or the network)"
}
for deb in "$work"/debs/*.deb; do
  dpkg -x "$deb" "$work/root" || fail extract "dpkg -x $(basename "$deb")"
done
mesa=$(dpkg-deb -f "$work"/debs/mesa-vulkan-drivers_*.deb Version)

# --- install into place, the ICD with an absolute library path --------------------------------
rm -rf "$work/state" "$work/cache" "$work/debs"
mv "$work" "$dir"
trap 'rm -rf "$dir"' EXIT  # until it has passed every check below
lvp=$(find "$dir/root" -name libvulkan_lvp.so -path '*/lib/*' | head -n 1)
[ -n "$lvp" ] || fail extract "no libvulkan_lvp.so in mesa-vulkan-drivers $mesa"
libdir=$(dirname "$lvp")
[ -e "$libdir/libvulkan.so.1" ] || fail extract "no libvulkan.so.1 (the Vulkan loader, libvulkan1) next to libvulkan_lvp.so"
api=$(cat "$dir"/root/usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null | sed -n 's/.*"api_version": *"\([^"]*\)".*/\1/p' | head -n 1 || true)
cat >"$dir/lvp_icd.json" <<EOF
{
    "file_format_version": "1.0.0",
    "ICD": {
        "library_path": "$lvp",
        "api_version": "${api:-1.3.0}"
    }
}
EOF

# --- check: every library resolves, and Dawn finds the adapter ---------------------------------
missing=$(unresolved "$libdir" "$libdir")
[ -z "$missing" ] || fail ldd "libvulkan_lvp.so does not resolve with LD_LIBRARY_PATH=$libdir:
$missing"
adapter=$(adapter_check "$dir/lvp_icd.json" "$libdir") || fail adapter "Dawn found no adapter with $dir/lvp_icd.json"

printf 'mesa=%s\nlibdir=%s\nmirror=%s\n' "$mesa" "$libdir" "$mirror" >"$dir/ready"
trap - EXIT
log "prepared $dir in $((SECONDS - started)) s: Mesa $mesa${adapter:+, adapter $adapter}"
print_env "$libdir"
