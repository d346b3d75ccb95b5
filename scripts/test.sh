#!/usr/bin/env bash
# Sets up the machine and runs every test of loanchain, in this order:
#   1. formatting (cargo fmt --check)
#   2. the node, loanctl and test binaries in one build (release, the one shared feature set),
#      and the rehearsal runtime
#      (the same runtime announced as spec_version + 1) that the upgrade test applies
#   3. the checked-in chain specs match the runtime's presets; docker/ files pass offline checks
#   4. at the same time: the Rust tests (pallets with their benchmark tests, the runtime's genesis
#      presets and governance, the client SDK and loanctl: unit tests, then integration tests
#      against dev nodes, and docs/loanctl.md run as written), and
#      end-to-end tests with real clients against real nodes (tests/e2e): a dev chain driven by
#      @polkadot/api and by loanctl (disclosure, and sealing interoperating with libsodium); the
#      4-validator local network losing and regaining a validator; consortium operations on it
#      (allowed nodes, a validator voted in and one out, a runtime upgrade)
# Each step prints its duration; the first failure stops the run with a non-zero exit code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LOANCHAIN_ROOT"

started=$SECONDS
step() {
	local name=$1; shift
	local t0=$SECONDS
	echo
	echo "==> [$name] $*"
	"$@"
	echo "<== [$name] ok in $((SECONDS - t0)) s"
}

step setup "$LOANCHAIN_ROOT/scripts/setup.sh"
step fmt cargo fmt --all -- --check
# One invocation builds the node, loanctl and every test binary (scripts/env.sh says why).
step build loanchain_build_all
step rehearsal-runtime "$LOANCHAIN_ROOT/scripts/runtime-upgrade.sh" rehearsal
# Test nodes start from raw specs of the test chains (scripts/test-chain-specs.sh says why).
use_test_chain_specs() {
	local out
	out=$("$LOANCHAIN_ROOT/scripts/test-chain-specs.sh")
	echo "$out"
	LOANCHAIN_DEV_SPEC=$(sed -n 's/^LOANCHAIN_DEV_SPEC=//p' <<<"$out")
	LOANCHAIN_LOCAL_SPEC=$(sed -n 's/^LOANCHAIN_LOCAL_SPEC=//p' <<<"$out")
	export LOANCHAIN_DEV_SPEC LOANCHAIN_LOCAL_SPEC
}
step test-chain-specs use_test_chain_specs
step chain-specs "$LOANCHAIN_ROOT/scripts/chain-specs.sh" check
step docker /usr/bin/python3 "$LOANCHAIN_ROOT/scripts/lib/check-docker.py" "$LOANCHAIN_ROOT" "$LOANCHAIN_NODE_BIN"

# The Rust tests and the e2e files run at the same time: the e2e files spend most of their time
# waiting for blocks, and the longest one (consortium operations) outlasts the Rust tests, so
# the Rust tests use cores that would idle. Their report goes to a file and is printed whole
# once both have ended; a line says when they end. The node's binary has no test harness
# (`test = false`; the e2e files test the built binary).
rust_tests_and_e2e() {
	local log status t0=$SECONDS
	log=$(mktemp -t loanchain-rust-tests.XXXXXX)
	(
		rc=0
		loanchain_cargo test >"$log" 2>&1 || rc=$?
		if [ "$rc" -eq 0 ]; then verdict=pass; else verdict=FAIL; fi
		echo "[rust tests] $verdict in $((SECONDS - t0)) s (report printed when the e2e files end)"
		exit "$rc"
	) &
	local rust=$!
	echo "[rust tests] started: loanchain_cargo test (report in $log)"
	# The e2e files run several at once (tests/e2e/run.mjs; E2E_CONCURRENCY, default 3), longest first.
	local e2e_rc=0
	env LOANCHAIN_NODE_BIN="$LOANCHAIN_NODE_BIN" LOANCHAIN_LOANCTL_BIN="$LOANCHAIN_LOANCTL_BIN" \
		npm --prefix "$LOANCHAIN_ROOT/tests/e2e" test || e2e_rc=$?
	local rust_rc=0
	wait "$rust" || rust_rc=$?
	echo
	echo "----- rust tests (loanchain_cargo test) -----"
	cat "$log"
	rm -f "$log"
	status="rust tests $([ "$rust_rc" -eq 0 ] && echo pass || echo FAIL), e2e $([ "$e2e_rc" -eq 0 ] && echo pass || echo FAIL)"
	echo "$status"
	[ "$rust_rc" -eq 0 ] && [ "$e2e_rc" -eq 0 ]
}
step rust-tests+e2e rust_tests_and_e2e

total=$((SECONDS - started))
echo
echo "all tests passed in $total s"
# The budget (docs/development.md): at most 20 minutes when only the workspace's crates are
# rebuilt (warm), at most 60 minutes from an empty target directory (cold), on 2 cores.
verdict() { if [ "$total" -le "$1" ]; then echo "within"; else echo "OVER by $((total - $1)) s"; fi; }
echo "budget: warm goal 1200 s ($(verdict 1200)), cold goal 3600 s ($(verdict 3600))"
