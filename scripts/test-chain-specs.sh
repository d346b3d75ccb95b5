#!/usr/bin/env bash
# Writes the raw chain specs of the test chains (`dev` and `local`) for the node just built, so
# that test nodes start from them instead of building genesis state from the runtime's presets.
#
#   test-chain-specs.sh    write $CARGO_TARGET_DIR/release/test-chain-specs/{dev,local}.raw.json
#                          and print them as LOANCHAIN_DEV_SPEC=... and LOANCHAIN_LOCAL_SPEC=...
#
# Building genesis from a preset runs the runtime's genesis builder in the wasm executor, about
# 11 CPU-seconds per node start on this machine; a raw spec holds the finished genesis storage,
# so a node starts in about 3 s. The suite starts dozens of nodes, several at once. A raw spec
# has the same genesis (state root and hash) as the preset it comes from; the dev-chain e2e test
# starts a plain `--dev` node and checks that its genesis hash is the raw spec's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[ -x "$LOANCHAIN_NODE_BIN" ] || { echo "error: no node at $LOANCHAIN_NODE_BIN; build it first (scripts/test.sh does)" >&2; exit 1; }
dir="$CARGO_TARGET_DIR/release/test-chain-specs"
mkdir -p "$dir"
pids=()
for chain in dev local; do
	# Written beside and moved into place, so a reader never sees half a file.
	"$LOANCHAIN_NODE_BIN" build-spec --chain "$chain" --raw --disable-default-bootnode \
		>"$dir/$chain.raw.json.new" 2>"$dir/$chain.log" &
	pids+=($!)
done
status=0
for i in 0 1; do
	chain=$([ "$i" -eq 0 ] && echo dev || echo local)
	if wait "${pids[$i]}"; then
		mv "$dir/$chain.raw.json.new" "$dir/$chain.raw.json"
		rm -f "$dir/$chain.log"
	else
		cat "$dir/$chain.log" >&2
		echo "error: build-spec --chain $chain --raw failed" >&2
		status=1
	fi
done
[ "$status" -eq 0 ] || exit 1
echo "LOANCHAIN_DEV_SPEC=$dir/dev.raw.json"
echo "LOANCHAIN_LOCAL_SPEC=$dir/local.raw.json"
