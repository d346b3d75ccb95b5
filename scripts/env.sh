# Shared build environment for every loanchain script (sourced, not run).
# Every script and CI use exactly these variables and the one cargo invocation below,
# so the node build and the tests share one set of compiled artifacts.

LOANCHAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LOANCHAIN_ROOT

# One target directory outside the checkout, shared by every clone on this machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/loanchain/target}"
# substrate-wasm-builder searches for Cargo.lock upwards from OUT_DIR; with the target dir
# outside the checkout it must be told where the workspace is, or the runtime ignores our pins.
export WASM_BUILD_WORKSPACE_HINT="$LOANCHAIN_ROOT"

# The one feature set used for building and testing. `runtime-benchmarks` is on so the same
# binary runs `benchmark pallet` (weights) and the benchmark tests; production images are built
# without it (see docker/Dockerfile).
LOANCHAIN_FEATURES="runtime-benchmarks"
export LOANCHAIN_FEATURES

export LOANCHAIN_NODE_BIN="$CARGO_TARGET_DIR/release/loanchain-node"
export LOANCHAIN_LOANCTL_BIN="$CARGO_TARGET_DIR/release/loanctl"

# Builds the node binary (no-op when it is up to date).
loanchain_build_node() {
	echo "==> building loanchain-node (release, features: $LOANCHAIN_FEATURES; target: $CARGO_TARGET_DIR)"
	(cd "$LOANCHAIN_ROOT" && cargo build --locked --release -p loanchain-node --features "$LOANCHAIN_FEATURES")
}

# Builds the `loanctl` command line (no-op when it is up to date).
loanchain_build_loanctl() {
	echo "==> building loanctl (release, features: $LOANCHAIN_FEATURES; target: $CARGO_TARGET_DIR)"
	(cd "$LOANCHAIN_ROOT" && cargo build --locked --release -p loanchain-client --features "$LOANCHAIN_FEATURES" --bin loanctl)
}
