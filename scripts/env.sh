# Shared build environment for every loanchain script (sourced, not run).
# Every script and CI use exactly these variables and the one cargo selection below
# (`loanchain_cargo`), so the node build and the tests share one set of compiled artifacts.

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

# Every cargo build and test of the workspace goes through `loanchain_cargo`: release, the
# features above, the whole workspace. Cargo resolves features once per invocation, over the
# packages and targets it builds: building only the node (`-p loanchain-node`) or testing
# without it resolves other features for shared dependencies and compiles much of polkadot-sdk
# (and the runtime, natively and to wasm) a second time.
loanchain_cargo() {
	local command=$1
	shift
	(cd "$LOANCHAIN_ROOT" && cargo "$command" --locked --release --workspace --features "$LOANCHAIN_FEATURES" "$@")
}

# Builds the node and `loanctl` binaries (no-op when they are up to date). Over the whole
# workspace, building only the binaries resolves the same features as building the tests
# (checked: after `loanchain_build_all`, this build has nothing to do), so it shares every
# artifact with them.
loanchain_build_node() {
	echo "==> building loanchain-node and loanctl (release, features: $LOANCHAIN_FEATURES; target: $CARGO_TARGET_DIR)"
	loanchain_cargo build --bins
}

# Builds the `loanctl` command line: the same invocation as the node's, so neither builds twice.
loanchain_build_loanctl() {
	loanchain_build_node
}

# Builds the node, `loanctl` and every test binary in one invocation (scripts/test.sh), so that
# cargo compiles the test binaries while the node, the longest crate to compile, builds.
# The node with its `benchmark` subcommands (the `benchmark-cli` feature, off in the test build
# because frame-benchmarking-cli brings about 120 crates nothing else needs). Only
# `scripts/bench-weights.sh` builds it; the next ordinary build recompiles and relinks the node
# crate (a few minutes), the other crates are shared.
loanchain_build_bench_node() {
	# frame-benchmarking-cli depends on a test runtime whose wasm build cannot find its own
	# package in this workspace's `cargo metadata` (it is reachable only through this optional
	# feature) and fails; it serves only `benchmark storage`, which loanchain does not run.
	export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
	echo "==> building loanchain-node with the benchmark commands (release, features: $LOANCHAIN_FEATURES loanchain-node/benchmark-cli; target: $CARGO_TARGET_DIR)"
	loanchain_cargo build --bins --features loanchain-node/benchmark-cli
}

loanchain_build_all() {
	echo "==> building loanchain-node, loanctl and the test binaries (release, features: $LOANCHAIN_FEATURES; target: $CARGO_TARGET_DIR)"
	loanchain_cargo build --bins --tests
}
