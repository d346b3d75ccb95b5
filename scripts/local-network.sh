#!/usr/bin/env bash
# Runs the `local_testnet` consortium (validators Alice, Bob, Charlie, Dave) on loopback.
#
#   local-network.sh start [N]     start N validators (default 4), wait until each answers RPC
#   local-network.sh stop          stop every node of the network
#   local-network.sh stop-node I   stop node I (0-based) only
#   local-network.sh start-node I  (re)start node I with its existing database. Nodes 0-3 are the
#                                  genesis validators (their dev session keys are inserted) and
#                                  allowed nodes; node 4 (eve) is a validator node with an empty
#                                  keystore (generate its keys with author_rotateKeysWithOwner)
#                                  that the consortium has not allowed yet; node 5 (ferdie) is a
#                                  full node that is not allowed.
#   local-network.sh status        list the nodes with their pid, ports and peer id (JSON with --json)
#   local-network.sh clean         stop the network and delete its databases
#
# Node I uses the well-known test node key I + 1 (32 bytes, big-endian), so its peer id is fixed
# and the local_testnet genesis can allow nodes 0-3. These keys are public: test networks only.
#
# Environment:
#   NET_DIR    where databases, keys, pids and logs live (default: $CARGO_TARGET_DIR/../local-network)
#   BASE_PORT  node I listens on p2p BASE_PORT+I, RPC BASE_PORT+100+I, metrics BASE_PORT+200+I
#              (default 30333)
#   NODE_BIN   node binary (default: the release build); it is built if missing
#   LOANCHAIN_LOCAL_SPEC  a raw chain spec of `local` to start from instead of building genesis
#              from the runtime's preset at every start (scripts/test-chain-specs.sh writes one;
#              the same genesis, so nodes of either kind form one network)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

NET_DIR="${NET_DIR:-$(dirname "$CARGO_TARGET_DIR")/local-network}"
BASE_PORT="${BASE_PORT:-30333}"
NODE_BIN="${NODE_BIN:-$LOANCHAIN_NODE_BIN}"
CHAIN="${LOANCHAIN_LOCAL_SPEC:-local}"
[ "$CHAIN" = local ] || [ -f "$CHAIN" ] || die "LOANCHAIN_LOCAL_SPEC names $CHAIN, which does not exist: run scripts/test-chain-specs.sh"
NAMES=(alice bob charlie dave eve ferdie)
# Nodes 0..GENESIS_VALIDATORS-1 are local_testnet's genesis validators.
GENESIS_VALIDATORS=4

die() { echo "error: $*" >&2; exit 1; }
p2p_port() { echo $((BASE_PORT + $1)); }
rpc_port() { echo $((BASE_PORT + 100 + $1)); }
metrics_port() { echo $((BASE_PORT + 200 + $1)); }
node_dir() { echo "$NET_DIR/node$1"; }
pid_of() { cat "$(node_dir "$1")/pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

ensure_binary() {
	if [ ! -x "$NODE_BIN" ]; then
		[ "$NODE_BIN" = "$LOANCHAIN_NODE_BIN" ] || die "NODE_BIN=$NODE_BIN is not executable"
		loanchain_build_node
	fi
}

# The libp2p identity of node I: the well-known test node key I + 1.
peer_id() {
	local dir; dir=$(node_dir "$1")
	if [ ! -f "$dir/node-key" ]; then
		mkdir -p "$dir"
		printf '%064x' $(($1 + 1)) >"$dir/node-key"
	fi
	"$NODE_BIN" key inspect-node-key --file "$dir/node-key"
}

wait_rpc() {
	local i=$1 deadline=$((SECONDS + 60))
	until curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:$(rpc_port "$i")" >/dev/null 2>&1; do
		alive "$i" || die "node $i (${NAMES[$i]}) exited; see $(node_dir "$i")/node.log"
		[ $SECONDS -lt $deadline ] || die "node $i (${NAMES[$i]}) did not answer RPC within 60 s; see $(node_dir "$i")/node.log"
		sleep 0.5
	done
}

start_node() {
	local i=$1
	[ "$i" -ge 0 ] && [ "$i" -lt ${#NAMES[@]} ] || die "node index must be 0..$((${#NAMES[@]} - 1))"
	alive "$i" && { echo "node $i (${NAMES[$i]}) already running (pid $(pid_of "$i"))"; return; }
	local dir; dir=$(node_dir "$i")
	mkdir -p "$dir"
	peer_id "$i" >/dev/null
	local bootnode=()
	if [ "$i" -ne 0 ]; then
		bootnode=(--bootnodes "/ip4/127.0.0.1/tcp/$(p2p_port 0)/p2p/$(peer_id 0)")
	fi
	local role=()
	if [ "$i" -lt "$GENESIS_VALIDATORS" ]; then
		role=(--"${NAMES[$i]}" --validator)  # dev session keys inserted
	elif [ "${NAMES[$i]}" = eve ]; then
		role=(--validator)  # empty keystore: keys come from author_rotateKeysWithOwner
	fi
	setsid "$NODE_BIN" \
		--chain "$CHAIN" \
		"${role[@]}" \
		--name "${NAMES[$i]}" \
		--base-path "$dir/data" \
		--node-key-file "$dir/node-key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$(p2p_port "$i")" \
		--rpc-port "$(rpc_port "$i")" \
		--prometheus-port "$(metrics_port "$i")" \
		--no-mdns \
		--no-telemetry \
		"${bootnode[@]}" \
		>>"$dir/node.log" 2>&1 </dev/null &
	echo $! >"$dir/pid"
	wait_rpc "$i"
	echo "node $i (${NAMES[$i]}) pid $(pid_of "$i"): p2p $(p2p_port "$i"), rpc ws://127.0.0.1:$(rpc_port "$i"), metrics $(metrics_port "$i"), log $dir/node.log"
}

stop_node() {
	local i=$1 pid; pid=$(pid_of "$i")
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
		echo "node $i (${NAMES[$i]}) stopped"
	fi
	rm -f "$(node_dir "$i")/pid"
}

cmd="${1:-}"
case "$cmd" in
	start)
		n="${2:-4}"
		[ "$n" -ge 1 ] && [ "$n" -le $GENESIS_VALIDATORS ] || die "N must be 1..$GENESIS_VALIDATORS (local_testnet has $GENESIS_VALIDATORS genesis validators)"
		ensure_binary
		mkdir -p "$NET_DIR"
		echo "==> starting $n validators of local_testnet in $NET_DIR"
		for i in $(seq 0 $((n - 1))); do start_node "$i"; done
		;;
	stop)
		for i in $(seq 0 $((${#NAMES[@]} - 1))); do stop_node "$i"; done
		;;
	start-node) ensure_binary; start_node "${2:?node index}" ;;
	stop-node) stop_node "${2:?node index}" ;;
	status)
		json=false; [ "${2:-}" = "--json" ] && json=true
		$json && printf '['
		for i in $(seq 0 $((${#NAMES[@]} - 1))); do
			[ -d "$(node_dir "$i")" ] || continue
			state=stopped; alive "$i" && state=running
			if $json; then
				[ "$i" -gt 0 ] && printf ','
				printf '{"index":%d,"name":"%s","state":"%s","pid":"%s","p2p":%d,"rpc":%d,"metrics":%d,"peerId":"%s","log":"%s"}' \
					"$i" "${NAMES[$i]}" "$state" "$(pid_of "$i")" "$(p2p_port "$i")" "$(rpc_port "$i")" "$(metrics_port "$i")" "$(peer_id "$i")" "$(node_dir "$i")/node.log"
			else
				echo "node $i ${NAMES[$i]}: $state pid=$(pid_of "$i") p2p=$(p2p_port "$i") rpc=$(rpc_port "$i") metrics=$(metrics_port "$i") peer=$(peer_id "$i")"
			fi
		done
		$json && printf ']\n'
		;;
	clean)
		"$0" stop
		rm -rf "$NET_DIR"
		echo "removed $NET_DIR"
		;;
	*)
		sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
		[ -z "$cmd" ] || [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2
		;;
esac
