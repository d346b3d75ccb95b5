#!/usr/bin/env bash
# Regenerates the weights of loanchain's own pallets with the node's `benchmark pallet` command.
#
#   bench-weights.sh [pallet ...]   default: every pallet under pallets/
#
# Each pallet's src/weights.rs is overwritten (template: scripts/weight-template.hbs); the file's
# header records the exact command. STEPS and REPEAT (defaults 50 and 20) tune the precision.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
loanchain_build_bench_node
runtime_wasm="$CARGO_TARGET_DIR/release/wbuild/loanchain-runtime/loanchain_runtime.compact.compressed.wasm"
[ -f "$runtime_wasm" ] || { echo "error: runtime wasm not found at $runtime_wasm" >&2; exit 1; }

pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
	for dir in "$LOANCHAIN_ROOT"/pallets/*/; do
		pallets+=("pallet_$(basename "$dir" | tr '-' '_')")
	done
fi

for pallet in "${pallets[@]}"; do
	dir_name="$(echo "${pallet#pallet_}" | tr '_' '-')"
	crate_dir="$LOANCHAIN_ROOT/pallets/$dir_name"
	[ -d "$crate_dir" ] || { echo "error: no pallet crate for $pallet at $crate_dir" >&2; exit 1; }
	echo "==> benchmarking $pallet (steps $STEPS, repeat $REPEAT)"
	(cd "$LOANCHAIN_ROOT" && "$LOANCHAIN_NODE_BIN" benchmark pallet \
		--runtime "$runtime_wasm" \
		--genesis-builder-preset development \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "pallets/$dir_name/src/weights.rs")
	echo "<== wrote pallets/$dir_name/src/weights.rs"
done
