#!/usr/bin/env bash
# Rewrites client/metadata/loanchain.scale, the runtime metadata from which loanchain-client
# generates its typed API, from the runtime in this checkout. It runs the client's metadata test
# (which otherwise fails when the file is stale) with LOANCHAIN_REFRESH_METADATA=1, with the same
# cargo flags as scripts/test.sh so the build is shared. Run it after changing a pallet's calls,
# events, errors, storage or a runtime API, then rebuild the client.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LOANCHAIN_ROOT"

LOANCHAIN_REFRESH_METADATA=1 cargo test --locked --release -p loanchain-client \
	--features "$LOANCHAIN_FEATURES" --test metadata -- checked_in_metadata_is_the_runtimes
echo "==> client/metadata/loanchain.scale refreshed; check the stale test passes:"
cargo test --locked --release -p loanchain-client --features "$LOANCHAIN_FEATURES" --test metadata
