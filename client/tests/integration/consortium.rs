//! The consortium's validator, node and auditor motions through `loanctl` as a process, against
//! a real dev node (Alice is its only member, so her motions execute at once): the voted
//! validator set, the floor of one validator, allowing nodes by peer id and their owner's
//! connections, the auditors' keys, and `Root` calls that wait their delay and can be cancelled.

use crate::common::{dev, DevNode, Loanctl};
use loanchain_client::consortium;
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

/// The id of the Root call a motion's JSON says it scheduled.
fn scheduled_id(proposed: &serde_json::Value) -> String {
	proposed["scheduled"]["id"]
		.as_u64()
		.unwrap_or_else(|| panic!("scheduled: {proposed}"))
		.to_string()
}

/// Enacts the Root call `proposed` scheduled (`enact` waits for its due block).
fn enact(loanctl: &Loanctl, proposed: &serde_json::Value) -> serde_json::Value {
	loanctl.json(&["consortium", "enact", "--as", "alice", &scheduled_id(proposed)])
}

/// The error of enacting the Root call `proposed` scheduled.
fn enact_error(loanctl: &Loanctl, proposed: &serde_json::Value) -> serde_json::Value {
	loanctl.json_error(&["consortium", "enact", "--as", "alice", &scheduled_id(proposed)])
}

#[tokio::test(flavor = "multi_thread")]
async fn validator_and_node_motions_through_loanctl() {
	let (node, _chain) = DevNode::start().await;
	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = alice_loanctl(&node, dir.path());

	let validators = loanctl.json(&["consortium", "validators"]);
	assert_eq!(validators["validators"], serde_json::json!([ALICE]));

	// Removing a validator is a Root call: the motion schedules it. The last validator cannot
	// be voted out: the enactment names the chain's error.
	let scheduled =
		loanctl.json(&["consortium", "propose", "--as", "alice", "remove-validator", "alice"]);
	let error = enact_error(&loanctl, &scheduled);
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

	// Node 2 itself is not allowed, so it cannot be disallowed; node 1, the last one, stays
	// (disallowing is a Root call: the enactment names the error).
	let scheduled =
		loanctl.json(&["consortium", "propose", "--as", "alice", "disallow-node", NODE_2]);
	let error = enact_error(&loanctl, &scheduled);
	assert_eq!(error["error"]["error"], "NodeNotAllowed", "{error}");
	let scheduled =
		loanctl.json(&["consortium", "propose", "--as", "alice", "disallow-node", NODE_1]);
	let error = enact_error(&loanctl, &scheduled);
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
	// A Root call: scheduled by the motion, in force once enacted after the delay.
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
	assert_eq!(loanctl.json(&["consortium", "auditors"])["auditorKeys"], serde_json::json!([]));
	enact(&loanctl, &set);
	let shown = loanctl.json(&["consortium", "auditors"]);
	assert_eq!(shown["auditorKeys"], serde_json::json!([first, second]));

	// A key listed twice: the enactment names the chain's error; nothing changes.
	let scheduled = loanctl.json(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"set-auditor-keys",
		&first,
		&first,
	]);
	let error = enact_error(&loanctl, &scheduled);
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
	enact(&loanctl, &cleared);
	assert_eq!(loanctl.json(&["consortium", "auditors"])["auditorKeys"], serde_json::json!([]));
	drop(node);
}

#[tokio::test(flavor = "multi_thread")]
async fn root_calls_wait_their_delay_and_can_be_cancelled_through_loanctl() {
	let (node, chain) = DevNode::start().await;
	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = alice_loanctl(&node, dir.path());
	let bob = dev("Bob").account_id();
	let bob_text = bob.to_string();
	let add_bob = ["consortium", "propose", "--as", "alice", "add-member", bob_text.as_str()];

	// Admitting a member is a Root call: the motion passes and only schedules it.
	let proposed = loanctl.json(&add_bob);
	assert_eq!(proposed["executed"], true, "{proposed}");
	let first = proposed["scheduled"]["id"].as_u64().expect("a scheduled call");
	let due = proposed["scheduled"]["due"].as_u64().expect("its due block");
	assert!(due > proposed["block"].as_u64().expect("block"), "{proposed}");
	let listed = loanctl.json(&["consortium", "scheduled"]);
	assert_eq!(listed["scheduled"][0]["id"], first, "{listed}");
	assert_eq!(listed["scheduled"][0]["call"], "ConsortiumMembership.add_member", "{listed}");
	assert!(!consortium::members(&chain).await.expect("members").contains(&bob));

	// Cancelled during its delay (one member of one is more than a quarter), it never runs.
	let cancel = loanctl.json(&[
		"consortium",
		"propose",
		"--as",
		"alice",
		"cancel-root-call",
		&first.to_string(),
	]);
	assert_eq!(cancel["executed"], true, "{cancel}");
	assert_eq!(loanctl.json(&["consortium", "scheduled"])["scheduled"], serde_json::json!([]));
	let error = loanctl.json_error(&["consortium", "enact", "--as", "alice", &first.to_string()]);
	assert!(
		error["error"]["message"].as_str().is_some_and(|m| m.contains("is waiting")),
		"{error}"
	);
	assert!(!consortium::members(&chain).await.expect("members").contains(&bob));

	// A member may also stop a call by objecting: one of one is more than a quarter.
	let again = loanctl.json(&add_bob);
	let objected = loanctl.json(&["consortium", "object", "--as", "alice", &scheduled_id(&again)]);
	assert_eq!(objected["cancelled"], true, "{objected}");
	assert_eq!(loanctl.json(&["consortium", "scheduled"])["scheduled"], serde_json::json!([]));

	// Scheduled again, it is enacted once due: `enact` waits for the block itself.
	let again = loanctl.json(&add_bob);
	let second = again["scheduled"]["id"].as_u64().expect("a scheduled call");
	assert_eq!(second, first + 2, "ids are never reused");
	let enacted = loanctl.json(&["consortium", "enact", "--as", "alice", &second.to_string()]);
	assert_eq!(enacted["call"], "ConsortiumMembership.add_member", "{enacted}");
	assert!(
		enacted["block"].as_u64().expect("block")
			>= again["scheduled"]["due"].as_u64().expect("due"),
		"{enacted} {again}"
	);
	assert!(consortium::members(&chain).await.expect("members").contains(&bob));

	// The paid-query deadline is a typed setter with bounds: too short is refused before
	// anything is sent, and a majority (now both members) is needed.
	let output =
		loanctl.run(&["consortium", "propose", "--as", "alice", "set-query-deadline", "3"]);
	assert!(!output.status.success());
	let open =
		loanctl.json(&["consortium", "propose", "--as", "alice", "set-query-deadline", "40"]);
	assert_eq!(open["executed"], false, "two members: the motion waits for Bob's vote {open}");
	drop(node);
}
