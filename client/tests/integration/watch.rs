//! `loanctl watch` as a process: it prints the lender's prompts as finalized blocks raise them,
//! including the feedback prompt of a loan that expires during the test, and a restarted watch
//! resumes from its cursor without missing the prompts raised while it was down.

use crate::common::{admit_and_attest, dev, publish_keys, DevNode, Loanctl};
use loanchain_client::{loans, parties::SubjectKind, watch::Prompt, Chain};
use serde_json::Value;
use std::{
	io::{BufRead, BufReader},
	process::{Child, Stdio},
	sync::mpsc,
	time::Duration,
};

/// Starts `loanctl --json watch ...`, returning the process and a channel of its stdout lines.
fn spawn_watch(loanctl: &Loanctl, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
	let mut all = vec!["--json", "watch"];
	all.extend_from_slice(args);
	let mut child = loanctl
		.command(&all)
		.stdout(Stdio::piped())
		.stderr(Stdio::null())
		.spawn()
		.expect("loanctl watch starts");
	let stdout = child.stdout.take().expect("stdout");
	let (sender, receiver) = mpsc::channel();
	std::thread::spawn(move || {
		for line in BufReader::new(stdout).lines().map_while(Result::ok) {
			if sender.send(line).is_err() {
				break;
			}
		}
	});
	(child, receiver)
}

/// The next prompt line, parsed; fails after `timeout`.
fn next_prompt(lines: &mpsc::Receiver<String>, timeout: Duration) -> Prompt {
	let line = lines.recv_timeout(timeout).expect("a prompt line in time");
	serde_json::from_str(&line).unwrap_or_else(|error| panic!("{line:?} is not a prompt: {error}"))
}

/// Waits until the cursor file holds a block after `block`.
async fn wait_for_cursor(path: &std::path::Path, block: u32) {
	for _ in 0..60 {
		let next: Option<u32> =
			std::fs::read_to_string(path).ok().and_then(|text| text.trim().parse().ok());
		if next.is_some_and(|next| next > block) {
			return;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!("the cursor never passed block {block}");
}

async fn wait_finalized(chain: &Chain, block: u32) {
	while chain.finalized_number().await.expect("finalized") < block {
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_prints_feedback_prompts_and_resumes_from_its_cursor() {
	let (node, chain) = DevNode::start().await;
	admit_and_attest(&chain, &[("Charlie", SubjectKind::Person), ("Dave", SubjectKind::Person)])
		.await;
	let (charlie, dave) = (dev("Charlie"), dev("Dave"));
	publish_keys(&chain, &["Charlie", "Dave"]).await;

	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = Loanctl {
		url: node.url.clone(),
		keystore: dir.path().join("keystore.json"),
		dir: dir.path().to_path_buf(),
	};
	let cursor = dir.path().join("dave.cursor");
	let cursor_arg = cursor.to_str().expect("utf-8 path");
	let dave_address = dave.account_id().to_string();
	let terms = loans::canonical_terms(r#"{"amount": "100.00"}"#).expect("terms");

	// The first watch follows Dave from now; a proposal to Dave is a consent request.
	let (mut first, lines) =
		spawn_watch(&loanctl, &["--account", &dave_address, "--cursor-file", cursor_arg]);
	let proposal = loans::propose(&chain, &charlie, &dave.account_id(), 2, &terms)
		.await
		.expect("proposed");
	let prompt = next_prompt(&lines, Duration::from_secs(60));
	assert_eq!(prompt.account, dave_address);
	assert_eq!(prompt.block, proposal.included.block_number);
	assert_eq!(
		serde_json::to_value(&prompt.kind).expect("json")["kind"],
		Value::from("consentRequest")
	);
	assert_eq!(prompt.kind.loan_id(), proposal.loan_id);
	// The watch stops (a crash or a restart) once its cursor is past the proposal.
	wait_for_cursor(&cursor, prompt.block).await;
	first.kill().expect("killed");
	let _ = first.wait();

	// While no watch runs: another proposal to Dave, and the first loan is confirmed.
	let missed = loans::propose(&chain, &charlie, &dave.account_id(), 50, &terms)
		.await
		.expect("proposed");
	let confirmed = loans::confirm(&chain, &dave, proposal.loan_id).await.expect("confirmed");

	// The restarted watch resumes from the cursor: it prints the request it missed, then the
	// feedback prompt when the first loan expires.
	let (mut second, lines) = spawn_watch(
		&loanctl,
		&["--account", &dave_address, "--cursor-file", cursor_arg, "--count", "2"],
	);
	let resumed = next_prompt(&lines, Duration::from_secs(60));
	assert_eq!(
		(resumed.kind.name(), resumed.kind.loan_id(), resumed.block),
		("consentRequest", missed.loan_id, missed.included.block_number)
	);
	let due = next_prompt(&lines, Duration::from_secs(90));
	assert_eq!(due.account, dave_address);
	assert_eq!(due.kind.name(), "feedbackDue");
	let due_json = serde_json::to_value(&due).expect("json");
	assert_eq!(due_json["loanId"], Value::from(proposal.loan_id));
	assert_eq!(due_json["end"], Value::from(confirmed.end));
	assert_eq!(due.block, confirmed.end, "prompted in the loan's end block");
	let status = second.wait().expect("the watch exits after --count prompts");
	assert!(status.success());

	// Replaying a range from a given block prints the same prompts in the same order.
	wait_finalized(&chain, confirmed.end).await;
	let replay = loanctl.run(&[
		"--json",
		"watch",
		"--account",
		&dave_address,
		"--from-block",
		&proposal.included.block_number.to_string(),
		"--until-block",
		&confirmed.end.to_string(),
	]);
	assert!(replay.status.success(), "{}", String::from_utf8_lossy(&replay.stderr));
	let replayed: Vec<Prompt> = String::from_utf8_lossy(&replay.stdout)
		.lines()
		.map(|line| serde_json::from_str(line).expect("a prompt"))
		.collect();
	assert_eq!(replayed, [prompt, resumed, due]);
	drop(node);
}
