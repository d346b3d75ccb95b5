#!/usr/bin/env bash
# Operator steps of the consortium (motions, votes, session keys, allowed nodes, runtime
# upgrades) against a running node; `scripts/consortium.sh --help` lists them. Installs the
# script's npm packages on first use.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/consortium" && pwd)"
if [ ! -d "$dir/node_modules/@polkadot/api" ]; then
	echo "==> installing the consortium tool's npm packages" >&2
	npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
fi
exec node "$dir/consortium.mjs" "$@"
