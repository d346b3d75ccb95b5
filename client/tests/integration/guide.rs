//! `docs/loanctl.md` runs as written: every `console` block, in order, against a fresh dev
//! node. A `$ ` line is a command (run with `sh -c` in one temporary directory, with `loanctl`
//! on the PATH); the lines after it are output it must print, in order, `…` matching anything
//! and runs of spaces comparing equal. A command whose expected output starts with `error:`
//! must fail, and is matched against its standard error.

use crate::common::{DevNode, LOANCTL};
use std::{
	path::Path,
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// One command of the guide and the output it must print.
#[derive(Debug)]
struct Step {
	line: usize,
	command: String,
	expected: Vec<String>,
}

/// The guide's commands, in order.
fn steps(guide: &str) -> Vec<Step> {
	let mut steps: Vec<Step> = Vec::new();
	let mut in_console = false;
	let mut continued = false;
	for (index, line) in guide.lines().enumerate() {
		if !in_console {
			in_console = line.trim_end() == "```console";
			continue;
		}
		if line.trim_end() == "```" {
			in_console = false;
			continue;
		}
		if continued {
			let step = steps.last_mut().expect("a command to continue");
			step.command.push('\n');
			step.command.push_str(line);
			continued = line.ends_with('\\');
		} else if let Some(command) = line.strip_prefix("$ ") {
			steps.push(Step {
				line: index + 1,
				command: command.to_string(),
				expected: Vec::new(),
			});
			continued = command.ends_with('\\');
		} else {
			steps
				.last_mut()
				.expect("output follows a command")
				.expected
				.push(line.to_string());
		}
	}
	steps
}

fn normalize(text: &str) -> String {
	text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `line` matches `pattern`, where `…` matches any text.
fn matches(pattern: &str, line: &str) -> bool {
	let (pattern, line) = (normalize(pattern), normalize(line));
	let parts: Vec<&str> = pattern.split('…').collect();
	let (first, last) = (parts[0], parts[parts.len() - 1]);
	if parts.len() == 1 {
		return line == pattern;
	}
	if !line.starts_with(first) || !line[first.len()..].ends_with(last) {
		return false;
	}
	let mut rest = &line[first.len()..line.len() - last.len()];
	for part in &parts[1..parts.len() - 1] {
		match rest.find(part) {
			Some(at) => rest = &rest[at + part.len()..],
			None => return false,
		}
	}
	true
}

/// Checks that the expected lines appear in `output`, in order; returns the first missing one.
fn first_missing<'a>(expected: &'a [String], output: &str) -> Option<&'a str> {
	let mut lines = output.lines();
	expected
		.iter()
		.find(|&pattern| !lines.any(|line| matches(pattern, line)))
		.map(|v| v as _)
}

fn run(step: &Step, dir: &Path, url: &str) -> (bool, String, String) {
	let bin_dir = Path::new(LOANCTL).parent().expect("the binary's directory");
	let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
	let mut child = Command::new("sh")
		.arg("-c")
		.arg(&step.command)
		.current_dir(dir)
		.env("PATH", path)
		.env("HOME", dir)
		.env_remove("XDG_CONFIG_HOME")
		.env("LOANCHAIN_URL", url)
		.env("LOANCHAIN_KEYSTORE", dir.join("keystore.json"))
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("sh runs");
	let deadline = Instant::now() + Duration::from_secs(120);
	while child.try_wait().expect("waits").is_none() {
		if Instant::now() > deadline {
			let _ = child.kill();
			panic!("docs/loanctl.md:{}: `{}` did not finish in 120 s", step.line, step.command);
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let output = child.wait_with_output().expect("output");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

fn guide() -> String {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/loanctl.md");
	std::fs::read_to_string(&path).expect("docs/loanctl.md exists")
}

#[test]
fn guide_has_a_session_for_every_role() {
	let steps = steps(&guide());
	let commands: Vec<&str> = steps.iter().map(|step| step.command.as_str()).collect();
	for action in [
		"loanctl keys create",
		"loanctl keys publish",
		"loanctl consortium propose",
		"loanctl attestor attest",
		"loanctl borrower propose",
		"loanctl borrower decline-extension",
		"loanctl borrower sign-consent",
		"loanctl lender confirm",
		"loanctl lender feedback-due",
		"loanctl lender report",
		"loanctl company authorize-operator",
		"loanctl company request-consent",
		"loanctl company register",
		"loanctl company confirm",
		"loanctl show summary",
		"loanctl show loan",
		"loanctl decrypt",
		"loanctl watch",
	] {
		assert!(
			commands.iter().any(|command| command.starts_with(action)),
			"the guide shows `{action}`"
		);
	}
	// The matcher itself.
	assert!(matches("in block … (0x…)", "in block 12 (0xab)"));
	assert!(matches("alice   5Grw", "alice\t5Grw"));
	assert!(!matches("loan 0: …", "loan 1: active"));
	assert!(!matches("exact", "exact and more"));
}

#[tokio::test(flavor = "multi_thread")]
async fn guide_sessions_run_as_written() {
	let (node, _chain) = DevNode::start().await;
	let dir = tempfile::tempdir().expect("temp dir");
	let url = node.url.clone();
	let steps = steps(&guide());
	assert!(steps.len() > 30, "the guide has its sessions ({} commands)", steps.len());
	for step in &steps {
		let dir = dir.path().to_path_buf();
		let started = Instant::now();
		let (success, stdout, stderr) = tokio::task::block_in_place(|| run(step, &dir, &url));
		eprintln!(
			"docs/loanctl.md:{} ({:.1} s) {}",
			step.line,
			started.elapsed().as_secs_f32(),
			step.command
		);
		let must_fail = step.expected.first().is_some_and(|line| line.starts_with("error:"));
		let context = || {
			format!(
				"docs/loanctl.md:{}: `{}`\n--- stdout\n{stdout}--- stderr\n{stderr}--- node\n{}",
				step.line,
				step.command,
				node.log()
			)
		};
		assert_eq!(
			!success,
			must_fail,
			"{} the command {}",
			context(),
			if must_fail { "should fail" } else { "failed" }
		);
		let output = if must_fail { &stderr } else { &stdout };
		if let Some(missing) = first_missing(&step.expected, output) {
			panic!("{}\nexpected a line matching {missing:?}", context());
		}
	}
	drop(node);
}
