#!/usr/bin/env bash
# Rewrites client/metadata/loanchain.scale, the runtime metadata from which loanchain-client
# generates its typed API, from the runtime in this checkout. It runs the client's metadata test
# (which otherwise fails when the file is stale) with LOANCHAIN_REFRESH_METADATA=1, with the same
# cargo selection as scripts/test.sh (`loanchain_cargo`) so the build is shared. Run it after
# changing a pallet's calls, events, errors, storage or a runtime API, then rebuild the client.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LOANCHAIN_ROOT"

LOANCHAIN_REFRESH_METADATA=1 loanchain_cargo test --test metadata -- checked_in_metadata_is_the_runtimes
echo "==> client/metadata/loanchain.scale refreshed; check the stale test passes:"
loanchain_cargo test --test metadata
