#!/usr/bin/python3
"""Offline checks of docker/ (no Docker engine is needed).

Checks that the compose file parses and describes the 4-validator local_testnet with named
volumes, loopback-only published ports, a bootnode address whose peer id is the one of alice's
node key, and node keys whose peer ids are exactly the nodes local_testnet allows; and that the Dockerfile has a build stage and a slim, non-root runtime stage
exposing the p2p, RPC and metrics ports. Usage: check-docker.py <repo root> <node binary>
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

root, node_bin = pathlib.Path(sys.argv[1]), sys.argv[2]
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


# The compose file.
compose = yaml.safe_load((root / "docker/docker-compose.yml").read_text())
services = compose.get("services", {})
check(sorted(services) == ["alice", "bob", "charlie", "dave"], f"services are {sorted(services)}")
volumes = set(compose.get("volumes", {}))
node_keys = {}
for name, service in services.items():
    command = service.get("command", [])
    check(f"--{name}" in command, f"{name}: missing --{name} (its validator keys)")
    check("--validator" in command and "--chain=local" in command, f"{name}: not a local_testnet validator")
    mounts = service.get("volumes", [])
    check(any(m.split(":")[0] in volumes and m.endswith(":/data") for m in mounts), f"{name}: no named volume on /data")
    for port in service.get("ports", []):
        check(port.startswith("127.0.0.1:"), f"{name}: port {port} is published beyond loopback")
    keys = [arg.split("=", 1)[1] for arg in command if arg.startswith("--node-key=")]
    check(len(keys) == 1, f"{name}: needs one fixed --node-key (local_testnet allows fixed peer ids)")
    if keys:
        node_keys[name] = keys[0]


def peer_id_of(node_key):
    with tempfile.NamedTemporaryFile("w", suffix=".key") as key_file:
        key_file.write(node_key)
        key_file.flush()
        return subprocess.run(
            [node_bin, "key", "inspect-node-key", "--file", key_file.name],
            check=True, capture_output=True, text=True,
        ).stdout.strip()


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text):
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\x00" * (len(text) - len(text.lstrip("1"))) + raw


peer_ids = {name: peer_id_of(key) for name, key in node_keys.items()}
if "alice" in peer_ids:
    for name in ("bob", "charlie", "dave"):
        bootnodes = [a for a in services.get(name, {}).get("command", []) if a.startswith("--bootnodes=")]
        check(bootnodes == [f"--bootnodes=/dns/alice/tcp/30333/p2p/{peer_ids['alice']}"],
              f"{name}: bootnode should be alice's peer id {peer_ids['alice']}, is {bootnodes}")

# The nodes must be the ones the local_testnet genesis allows into block sync.
spec = json.loads(subprocess.run([node_bin, "build-spec", "--chain", "local"], check=True,
                                 capture_output=True, text=True).stdout)
allowed = {bytes(node) for node, _owner in spec["genesis"]["runtimeGenesis"]["patch"]["consortium"]["nodes"]}
mine = {b58decode(peer) for peer in peer_ids.values()}
check(mine == allowed, f"the services' peer ids {sorted(peer_ids.values())} are not the nodes local_testnet allows")

# The Dockerfile.
dockerfile = (root / "docker/Dockerfile").read_text()
stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", dockerfile, re.MULTILINE)
check(len(stages) == 2, f"expected 2 stages, found {len(stages)}")
check(bool(re.search(r"^USER\s+(?!root\b)\S+", dockerfile, re.MULTILINE)), "the runtime stage must run as a non-root USER")
exposed = set(re.findall(r"\d+", " ".join(re.findall(r"^EXPOSE\s+(.*)$", dockerfile, re.MULTILINE))))
check({"30333", "9944", "9615"} <= exposed, f"EXPOSE should list 30333 9944 9615, has {sorted(exposed)}")
check("--locked" in dockerfile and "-p loanchain-node" in dockerfile, "the build stage must build loanchain-node with --locked")
check("COPY --from=" in dockerfile, "the runtime stage must copy the binary from the build stage")

if problems:
    print("docker/ problems:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"ok: docker-compose.yml (4 validators, named volumes, bootnode and allowed peer ids) and Dockerfile (2 stages, non-root)")
