#!/usr/bin/env bash
# Generates the checked-in chain specs from the runtime's genesis presets, or checks them.
#
#   chain-specs.sh generate   write chain-specs/local.json and chain-specs/consortium.json
#   chain-specs.sh check      regenerate into a temporary folder and compare with the checked-in files
#
# The comparison covers the whole spec except the runtime code blob (genesis.runtimeGenesis.code):
# the blob embeds build paths, so it is reproducible only by a deterministic build (srtool) of a
# release; everything an operator agrees on (name, id, properties, genesis config) must match.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SPECS=(local consortium)
out_dir="$LOANCHAIN_ROOT/chain-specs"

generate_into() {
	local dir=$1
	[ -x "$LOANCHAIN_NODE_BIN" ] || loanchain_build_node
	for chain in "${SPECS[@]}"; do
		"$LOANCHAIN_NODE_BIN" build-spec --chain "$chain" --disable-default-bootnode \
			>"$dir/$chain.json" 2>"$dir/$chain.log" ||
			{ cat "$dir/$chain.log" >&2; echo "error: build-spec --chain $chain failed" >&2; exit 1; }
		rm -f "$dir/$chain.log"
	done
}

case "${1:-}" in
	generate)
		generate_into "$out_dir"
		for chain in "${SPECS[@]}"; do echo "wrote chain-specs/$chain.json"; done
		;;
	check)
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' EXIT
		generate_into "$tmp"
		status=0
		for chain in "${SPECS[@]}"; do
			if node "$LOANCHAIN_ROOT/scripts/lib/compare-chain-spec.mjs" "$out_dir/$chain.json" "$tmp/$chain.json"; then
				echo "ok: chain-specs/$chain.json matches the runtime's preset"
			else
				echo "FAIL: chain-specs/$chain.json is stale; run scripts/chain-specs.sh generate and commit" >&2
				status=1
			fi
		done
		exit $status
		;;
	*)
		sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
esac
