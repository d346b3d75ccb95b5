//! The consortium's validator, node and auditor motions through `loanctl` as a process, against
//! a real dev node (Alice is its only member, so her motions execute at once): the voted
//! validator set, the floor of one validator, allowing nodes by peer id and their owner's
//! connections, and the auditors' keys.

use crate::common::{DevNode, Loanctl};
use std::{fs, path::Path};

/// Peer ids of the well-known test node keys 1 and 2 (docs/operator-guide.md).
const NODE_1: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
const NODE_2: &str = "12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD";
const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

/// `loanctl` against `node` with a keystore in `dir` that holds Alice (the dev chain's only
/// consortium member) as `alice`.
fn alice_loanctl(node: &DevNode, dir: &Path) -> Loanctl {
	let loanctl = Loanctl {
		url: node.url.clone(),
		keystore: dir.join("keystore.json"),
		dir: dir.to_path_buf(),
	};
	fs::write(dir.join("alice.suri"), "//Alice\n").expect("write");
	loanctl.json(&["keys", "import", "alice", "--suri-file", "alice.suri"]);
	loanctl
}

#[tokio::test(flavor = "multi_thread")]
async fn validator_and_node_motions_through_loanctl() {
	let (node, _chain) = DevNode::start().await;
	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = alice_loanctl(&node, dir.path());

	let validators = loanctl.json(&["consortium", "validators"]);
	assert_eq!(validators["validators"], serde_json::json!([ALICE]));

	// The last validator cannot be voted out: the motion executes and the chain's error is named.
	let error = loanctl.json_error(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"remove-validator",
		"alice",
	]);
	assert_eq!(error["error"]["pallet"], "Consortium");
	assert_eq!(error["error"]["error"], "TooFewValidators");
	assert!(error["error"]["hint"].is_string(), "{error}");

	// A malformed peer id is refused before anything is submitted.
	let output = loanctl.run(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"allow-node",
		ALICE,
		"--owner",
		"alice",
	]);
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("is not a libp2p peer id"), "{stderr}");

	// Allow node 1, run by Alice, who lets node 2 connect to it.
	let allowed = loanctl.json(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"allow-node",
		NODE_1,
		"--owner",
		"alice",
	]);
	assert_eq!(allowed["executed"], true, "{allowed}");
	let connections =
		loanctl.json(&["consortium", "node-connections", "--as", "alice", NODE_1, NODE_2]);
	assert_eq!(connections["connections"], serde_json::json!([NODE_2]));

	// Node 2 itself is not allowed, so it cannot be disallowed; node 1, the last one, stays.
	let error =
		loanctl.json_error(&["consortium", "propose", "--as", "alice", "disallow-node", NODE_2]);
	assert_eq!(error["error"]["error"], "NodeNotAllowed", "{error}");
	let error =
		loanctl.json_error(&["consortium", "propose", "--as", "alice", "disallow-node", NODE_1]);
	assert_eq!(error["error"]["error"], "LastAllowedNode", "{error}");
	drop(node);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_consortium_sets_the_auditors_keys_through_loanctl() {
	let (node, _chain) = DevNode::start().await;
	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = alice_loanctl(&node, dir.path());
	let none = loanctl.json(&["consortium", "auditors"]);
	assert_eq!(none["auditorKeys"], serde_json::json!([]), "the dev chain names no auditor");

	let first = format!("0x{}", "11".repeat(32));
	let second = format!("0x{}", "22".repeat(32));
	let set = loanctl.json(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"set-auditor-keys",
		&first,
		&second,
	]);
	assert_eq!(set["executed"], true, "{set}");
	let shown = loanctl.json(&["consortium", "auditors"]);
	assert_eq!(shown["auditorKeys"], serde_json::json!([first, second]));

	// A key listed twice: the motion executes and the chain's error is named; nothing changes.
	let error = loanctl.json_error(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"set-auditor-keys",
		&first,
		&first,
	]);
	assert_eq!(error["error"]["error"], "DuplicateAuditorKey", "{error}");
	let output =
		loanctl.run(&["consortium", "propose", "--as", "alice", "set-auditor-keys", "0x12"]);
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("is not an auditor key"), "{stderr}");
	let shown = loanctl.json(&["consortium", "auditors"]);
	assert_eq!(shown["auditorKeys"], serde_json::json!([first, second]));

	// An empty list names no auditor again.
	let cleared = loanctl.json(&["consortium", "propose", "--as", "alice", "set-auditor-keys"]);
	assert_eq!(cleared["executed"], true, "{cleared}");
	assert_eq!(loanctl.json(&["consortium", "auditors"])["auditorKeys"], serde_json::json!([]));
	drop(node);
}
