#!/usr/bin/env bash
# Installs everything loanchain needs to build, run and test, idempotently:
# Debian packages (clang, libclang-dev, protobuf-compiler), the Rust wasm targets and rust-src,
# and the npm packages of the end-to-end tests (from the committed lockfile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step() { echo "==> $*"; }

# 1. Debian packages.
packages=(clang libclang-dev protobuf-compiler curl python3-yaml zstd)
missing=()
for p in "${packages[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	step "installing Debian packages: ${missing[*]}"
	sudo_cmd=()
	[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
else
	step "Debian packages present (${packages[*]})"
fi

# 2. Rust: wasm targets (wasm32v1-none is preferred by the runtime builder) and rust-src.
if ! command -v rustup >/dev/null 2>&1; then
	echo "error: rustup not found. Install Rust from https://rustup.rs and run this again." >&2
	exit 1
fi
installed_targets=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	if ! grep -qx "$target" <<<"$installed_targets"; then
		step "adding Rust target $target"
		rustup target add "$target"
	fi
done
if ! rustup component list --installed | grep -q '^rust-src'; then
	step "adding Rust component rust-src"
	rustup component add rust-src
fi
step "Rust toolchain ready ($(rustc --version))"

# 3. npm packages of the end-to-end tests and of the consortium tool, reinstalled only when a
#    lockfile changed.
if ! command -v npm >/dev/null 2>&1; then
	echo "error: npm not found. Install Node.js 20 or newer and run this again." >&2
	exit 1
fi
for dir in tests/e2e scripts/consortium; do
	pkg="$LOANCHAIN_ROOT/$dir"
	stamp="$pkg/node_modules/.loanchain-lock-sha"
	want=$(sha256sum "$pkg/package-lock.json" | cut -d' ' -f1)
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		step "installing npm packages for $dir (npm ci)"
		(cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error)
		echo "$want" >"$stamp"
	else
		step "npm packages of $dir up to date"
	fi
done
