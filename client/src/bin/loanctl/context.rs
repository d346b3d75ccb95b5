//! What every command needs: the node connection, the keystore, and the output style.

use loanchain_client::{
	invitations::InvitationStore,
	keystore::{Account, Keystore},
	AccountId32, Chain, Error, Included, Progress, WaitFor,
};
use serde_json::{json, Value};
use std::path::PathBuf;

/// The command line's settings, shared by every command.
pub struct Context {
	url: String,
	keystore: PathBuf,
	json: bool,
	wait: WaitFor,
}

impl Context {
	/// The settings of this run.
	pub fn new(url: String, keystore: Option<PathBuf>, json: bool, wait: WaitFor) -> Self {
		Self { url, keystore: keystore.unwrap_or_else(Keystore::default_path), json, wait }
	}

	/// Whether output is JSON.
	pub fn json(&self) -> bool {
		self.json
	}

	/// The keystore (empty if its file does not exist yet).
	pub fn keystore(&self) -> Result<Keystore, Error> {
		Ok(Keystore::open(&self.keystore)?)
	}

	/// The lender's invitation store, beside the keystore (empty if its file does not exist
	/// yet).
	pub fn invitations(&self) -> Result<InvitationStore, Error> {
		InvitationStore::open(InvitationStore::path_beside(&self.keystore))
	}

	/// The keystore account `name`.
	pub fn account(&self, name: &str) -> Result<Account, Error> {
		Ok(self.keystore()?.account(name)?)
	}

	/// The account `reference` names: a keystore name, else an SS58 address.
	pub fn resolve(&self, reference: &str) -> Result<AccountId32, Error> {
		if let Ok(keystore) = self.keystore() {
			if keystore.names().iter().any(|name| name == reference) {
				return Ok(keystore.account(reference)?.keypair.account_id());
			}
		}
		reference.parse().map_err(|_| {
			Error::Invalid(format!(
				"{reference:?} is neither a keystore account nor an SS58 address (see `loanctl keys list`)"
			))
		})
	}

	/// `account` as people read it: its keystore name with the address, or the address.
	pub fn label(&self, account: &AccountId32) -> String {
		let address = account.to_string();
		let Ok(keystore) = self.keystore() else { return address };
		keystore
			.names()
			.into_iter()
			.find(|name| {
				keystore
					.account(name)
					.map(|a| a.keypair.account_id() == *account)
					.unwrap_or(false)
			})
			.map(|name| format!("{name} ({address})"))
			.unwrap_or(address)
	}

	/// A connection to the node, printing each step of a submitted transaction to stderr.
	pub async fn chain(&self) -> Result<Chain, Error> {
		let wait = self.wait;
		Ok(Chain::connect(&self.url)
			.await?
			.with_wait(wait)
			.with_progress(move |step| match step {
				Progress::Submitted { tx_hash } => {
					eprintln!("submitted transaction {tx_hash:?}; waiting for a block...")
				},
				Progress::InBlock { block_hash } if wait == WaitFor::Finalized => {
					eprintln!("in block {block_hash:?}; waiting for finality...")
				},
				Progress::InBlock { block_hash } => eprintln!("in block {block_hash:?}"),
				Progress::Finalized { block_hash } => {
					eprintln!("finalized in block {block_hash:?}")
				},
			}))
	}

	/// Prints a command's result: `text` lines for people, or `value` as one JSON line.
	pub fn print(&self, text: &[String], value: Value) {
		if self.json {
			println!("{value}");
		} else {
			for line in text {
				println!("{line}");
			}
		}
	}

	/// Prints an error: on stderr for people, and with --json also as a JSON line on stdout
	/// (`{"error": {...}}`, with the chain's pallet and error names when it is one).
	pub fn print_error(&self, error: &Error) {
		eprintln!("error: {error}");
		if self.json {
			let mut object = json!({ "message": error.to_string() });
			if let Some(chain) = error.chain_error() {
				object["pallet"] = json!(chain.pallet);
				object["error"] = json!(chain.error);
				object["docs"] = json!(chain.docs);
				object["hint"] = json!(chain.hint());
			}
			println!("{}", json!({ "error": object }));
		}
	}
}

/// The JSON fields of a transaction in a block.
pub fn tx_json(included: &Included) -> Value {
	json!({
		"block": included.block_number,
		"blockHash": format!("{:?}", included.block_hash),
		"finalized": included.finalized,
		"txHash": format!("{:?}", included.tx_hash),
	})
}

/// Merges the fields of `extra` into the object `base`.
pub fn with(mut base: Value, extra: Value) -> Value {
	if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
		base.extend(extra);
	}
	base
}

/// The block line of a transaction for people.
pub fn tx_line(included: &Included) -> String {
	format!(
		"in block {} ({:?}){}",
		included.block_number,
		included.block_hash,
		if included.finalized { ", finalized" } else { "" }
	)
}
