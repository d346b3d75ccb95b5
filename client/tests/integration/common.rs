//! What the integration tests share: a real `loanchain-node --dev` on free ports with a
//! temporary base path (killed when dropped), the dev accounts, and `loanctl` as a process.

use loanchain_client::{consortium, parties, AccountKeypair, Chain};
use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

/// The `loanctl` binary built for these tests.
pub const LOANCTL: &str = env!("CARGO_BIN_EXE_loanctl");

/// The node binary: `$LOANCHAIN_NODE_BIN`, else `loanchain-node` beside `loanctl` in the
/// target directory (where `scripts/env.sh`'s `loanchain_build_node` puts it).
pub fn node_binary() -> PathBuf {
	let binary = std::env::var_os("LOANCHAIN_NODE_BIN")
		.map(PathBuf::from)
		.unwrap_or_else(|| Path::new(LOANCTL).with_file_name("loanchain-node"));
	assert!(
		binary.exists(),
		"the node binary {} does not exist: build it (`source scripts/env.sh && \
		 loanchain_build_node`) or set LOANCHAIN_NODE_BIN",
		binary.display()
	);
	binary
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|address| address.port())
		.expect("a free port")
}

/// A `loanchain-node --dev` process, killed when dropped.
pub struct DevNode {
	child: Child,
	/// Its WebSocket address.
	pub url: String,
	/// Its base path (a temporary directory, removed when dropped).
	pub base: tempfile::TempDir,
}

impl DevNode {
	/// Starts a development node (Alice is the sole validator and consortium member) on free
	/// ports, and waits until it has produced a block. A port another process took between its
	/// choice and the node's bind (a parallel test's node) makes the node exit: it starts again
	/// on other ports, at most three times.
	pub async fn start() -> (Self, Chain) {
		for _ in 0..2 {
			if let Some(started) = Self::try_start().await {
				return started;
			}
		}
		Self::try_start().await.expect("the node started on its third set of ports")
	}

	/// One attempt of [`DevNode::start`]: `None` when the node exited before its RPC server ran.
	async fn try_start() -> Option<(Self, Chain)> {
		let base = tempfile::tempdir().expect("a temporary base path");
		let rpc_port = free_port();
		let log = std::fs::File::create(base.path().join("node.log")).expect("a log file");
		let mut command = Command::new(node_binary());
		command.arg("--dev");
		// The dev chain's raw spec written for this node build (scripts/test-chain-specs.sh,
		// run by scripts/test.sh): the same genesis, without building it at every start.
		if let Some(spec) = std::env::var_os("LOANCHAIN_DEV_SPEC").filter(|spec| !spec.is_empty()) {
			command.arg("--chain").arg(spec);
		}
		let child = command
			.arg("--base-path")
			.arg(base.path())
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &free_port().to_string()])
			.args(["--prometheus-port", &free_port().to_string()])
			.args(["--no-mdns", "--no-telemetry"])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node starts");
		let mut node = Self { child, url: format!("ws://127.0.0.1:{rpc_port}"), base };
		let deadline = Instant::now() + Duration::from_secs(90);
		// Only this node's own server counts: another node on the port would answer in its place.
		let serving = format!("Running JSON-RPC server: addr=127.0.0.1:{rpc_port},");
		let chain = loop {
			if node.child.try_wait().ok().flatten().is_some() {
				eprintln!("the node exited before serving RPC, starting again: {}", node.log());
				return None;
			}
			let own = std::fs::read_to_string(node.base.path().join("node.log"))
				.is_ok_and(|log| log.contains(&serving));
			if !own {
				assert!(Instant::now() < deadline, "the node did not start: {}", node.log());
				tokio::time::sleep(Duration::from_millis(200)).await;
				continue;
			}
			if let Ok(chain) = Chain::connect(&node.url).await {
				if chain.best_number().await.is_ok_and(|best| best >= 1) {
					break chain;
				}
			}
			assert!(Instant::now() < deadline, "the node did not start: {}", node.log());
			tokio::time::sleep(Duration::from_millis(500)).await;
		};
		Some((node, chain))
	}

	/// The node's log so far (for failure messages).
	pub fn log(&self) -> String {
		let log = std::fs::read_to_string(self.base.path().join("node.log")).unwrap_or_default();
		let tail: Vec<&str> = log.lines().rev().take(30).collect();
		tail.into_iter().rev().collect::<Vec<_>>().join("\n")
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// The key of a well-known development account (`//Alice`, `//Bob`, ...).
pub fn dev(name: &str) -> AccountKeypair {
	AccountKeypair::from_suri(&format!("//{name}")).expect("a dev account")
}

/// The consortium (Alice) admits Bob as attestor; Bob attests each of `subjects` (name and
/// kind) with a distinct commitment. Returns their identities, in order.
pub async fn admit_and_attest(
	chain: &Chain,
	subjects: &[(&str, parties::SubjectKind)],
) -> Vec<u64> {
	let motion = consortium::Motion::AddAttestor(dev("Bob").account_id());
	let outcome = consortium::propose(chain, &dev("Alice"), &motion, None).await.expect("motion");
	assert!(outcome.executed, "one member: the motion passes at once");
	let expires_at = chain.best_number().await.expect("best") + 100_000;
	let mut identities = Vec::new();
	for (name, kind) in subjects {
		let commitment = parties::identity_commitment(&[7; 32], *kind, "DE", name);
		let attested = parties::attest(
			chain,
			&dev("Bob"),
			&dev(name).account_id(),
			commitment,
			*kind,
			parties::AssuranceLevel::High,
			expires_at,
		)
		.await
		.expect("attested");
		assert!(attested.new_identity);
		identities.push(attested.identity);
	}
	identities
}

/// `loanctl` with a node address and a keystore, run as a process.
pub struct Loanctl {
	/// The node's address.
	pub url: String,
	/// The keystore file.
	pub keystore: PathBuf,
	/// The working directory.
	pub dir: PathBuf,
}

impl Loanctl {
	/// The command `loanctl args...` with this node and keystore.
	pub fn command(&self, args: &[&str]) -> Command {
		let mut command = Command::new(LOANCTL);
		command
			.args(args)
			.current_dir(&self.dir)
			.env("LOANCHAIN_URL", &self.url)
			.env("LOANCHAIN_KEYSTORE", &self.keystore);
		command
	}

	/// Runs `loanctl args...` to its end.
	pub fn run(&self, args: &[&str]) -> Output {
		self.command(args).output().expect("loanctl runs")
	}

	/// Runs `loanctl --json args...`, which must succeed, and returns its JSON output.
	pub fn json(&self, args: &[&str]) -> serde_json::Value {
		let mut all = vec!["--json"];
		all.extend_from_slice(args);
		let output = self.run(&all);
		assert!(
			output.status.success(),
			"loanctl {args:?} failed: {}{}",
			String::from_utf8_lossy(&output.stdout),
			String::from_utf8_lossy(&output.stderr)
		);
		serde_json::from_slice(&output.stdout).expect("one JSON object")
	}

	/// Runs `loanctl --json args...`, which must fail, and returns its JSON error.
	pub fn json_error(&self, args: &[&str]) -> serde_json::Value {
		let mut all = vec!["--json"];
		all.extend_from_slice(args);
		let output = self.run(&all);
		assert!(!output.status.success(), "loanctl {args:?} succeeded");
		serde_json::from_slice(&output.stdout).expect("a JSON error")
	}
}

/// The dev accounts `names` publish their derived encryption keys, side by side (one block).
pub async fn publish_keys(chain: &Chain, names: &[&str]) {
	let keypairs: Vec<AccountKeypair> = names.iter().map(|name| dev(name)).collect();
	let keys: Vec<_> = keypairs.iter().map(AccountKeypair::derived_encryption_keypair).collect();
	let published = futures::future::join_all(
		keypairs
			.iter()
			.zip(&keys)
			.map(|(account, key)| parties::set_encryption_key(chain, account, key)),
	)
	.await;
	for result in published {
		result.expect("the encryption key is published");
	}
}
