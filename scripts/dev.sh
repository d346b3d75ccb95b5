#!/usr/bin/env bash
# Sets up the machine, builds loanchain-node if needed, and runs a development chain:
# one validator (Alice, also the sole consortium member), JSON-RPC on 127.0.0.1:9944,
# a fresh temporary database each run. Extra arguments go to the node (see --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$LOANCHAIN_ROOT/scripts/setup.sh"
loanchain_build_node

RPC_PORT="${RPC_PORT:-9944}"
cat <<MSG

==> starting a loanchain development chain
    JSON-RPC / WebSocket: ws://127.0.0.1:$RPC_PORT
    Polkadot.js Apps:     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
                          (or any self-hosted Apps: Settings > custom endpoint > ws://127.0.0.1:$RPC_PORT)
    Metrics (Prometheus): http://127.0.0.1:9615/metrics
    Dev accounts:         //Alice (validator, consortium member), //Bob, //Charlie, //Dave, //Eve, //Ferdie
    Stop with Ctrl-C.

MSG
exec "$LOANCHAIN_NODE_BIN" --dev --rpc-port "$RPC_PORT" --rpc-cors all "$@"
