//! `loanctl` as a process, without a node: help texts, the keystore's permissions, secrets
//! never printed, and a clear error when no node answers.

use crate::common::{free_port, Loanctl};
use std::fs;

fn loanctl(dir: &std::path::Path) -> Loanctl {
	Loanctl {
		// Nothing listens there.
		url: format!("ws://127.0.0.1:{}", free_port()),
		keystore: dir.join("config").join("keystore.json"),
		dir: dir.to_path_buf(),
	}
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_explains_every_role() {
	let dir = tempfile::tempdir().expect("temp dir");
	let output = loanctl(dir.path()).run(&["--help"]);
	assert!(output.status.success());
	let help = text(&output.stdout);
	for command in [
		"keys",
		"consortium",
		"attestor",
		"borrower",
		"lender",
		"company",
		"show",
		"disclosure",
		"decrypt",
		"watch",
	] {
		assert!(help.contains(command), "--help lists {command}: {help}");
	}
	let output = loanctl(dir.path()).run(&["lender", "report", "--help"]);
	assert!(text(&output.stdout).contains("performed"), "{}", text(&output.stdout));
}

#[test]
fn keys_are_kept_private_and_never_printed() {
	let dir = tempfile::tempdir().expect("temp dir");
	let loanctl = loanctl(dir.path());
	let created = loanctl.run(&["keys", "create", "lender", "--random-encryption-key"]);
	assert!(created.status.success(), "{}", text(&created.stderr));
	fs::write(dir.path().join("alice.suri"), "//Alice\n").expect("write");
	let imported = loanctl.json(&["keys", "import", "alice", "--suri-file", "alice.suri"]);
	assert_eq!(imported["address"], "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
	let shown = loanctl.run(&["keys", "show", "lender"]);
	assert!(shown.status.success());

	// The keystore holds the secrets, readable by its owner only.
	let stored: serde_json::Value =
		serde_json::from_slice(&fs::read(&loanctl.keystore).expect("keystore")).expect("json");
	let phrase = stored["accounts"]["lender"]["suri"].as_str().expect("a phrase").to_string();
	let encryption_secret = stored["accounts"]["lender"]["encryptionSecret"]
		.as_str()
		.expect("a secret")
		.to_string();
	assert_eq!(phrase.split_whitespace().count(), 24);
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = fs::metadata(&loanctl.keystore).expect("exists").permissions().mode();
		assert_eq!(mode & 0o777, 0o600);
	}

	// Nothing loanctl printed contains them.
	for output in [&created, &shown] {
		for stream in [text(&output.stdout), text(&output.stderr)] {
			assert!(!stream.contains(&phrase), "the phrase was printed: {stream}");
			assert!(!stream.contains(&encryption_secret), "the encryption secret was printed");
		}
	}
	assert!(text(&shown.stdout).contains("encryption key: 0x"));

	// A keystore others can read is refused, with the remedy.
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		fs::set_permissions(&loanctl.keystore, fs::Permissions::from_mode(0o644)).expect("chmod");
		let refused = loanctl.run(&["keys", "show", "lender"]);
		assert!(!refused.status.success());
		assert!(text(&refused.stderr).contains("chmod 600"), "{}", text(&refused.stderr));
	}
}

#[test]
fn no_node_is_a_clear_error() {
	let dir = tempfile::tempdir().expect("temp dir");
	let output = loanctl(dir.path()).run(&["--json", "show", "blocks"]);
	assert!(!output.status.success());
	assert!(text(&output.stderr).contains("cannot connect to a loanchain node"));
	let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON error");
	assert!(json["error"]["message"].as_str().expect("message").contains("--url"));
}
