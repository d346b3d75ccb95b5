//! The lender's invitations: what a lender gives a borrower so the borrower can propose a loan
//! to the lender's per-loan alias ([`Invitation`]), and the lender's own record of the
//! invitations it made ([`InvitationStore`]), which later finds the handle of a loan from its
//! alias (`docs/privacy.md`, section 3).
//!
//! An invitation holds the chain's genesis hash, the handle, the alias and the lender's X25519
//! encryption key; it travels as a short JSON text:
//!
//! ```json
//! { "version": 1, "genesisHash": "0x…", "handle": "0x…", "alias": "0x…", "encryptionKey": "0x…" }
//! ```
//!
//! The store is a JSON file beside the keystore (`invitations.json`), keyed by alias, readable by
//! its owner only (mode 0600) like the keystore: it links the lender's accounts to its aliases,
//! which the chain never does.

use crate::{error::Error, keystore};
use serde::{Deserialize, Serialize};
use std::{
	collections::BTreeMap,
	fs,
	io::Write,
	path::{Path, PathBuf},
};
use subxt::utils::AccountId32;

/// The invitation format version this client reads and writes.
pub const INVITATION_VERSION: u32 = 1;

/// The invitation store format version this client reads and writes.
pub const STORE_VERSION: u32 = 1;

/// The file name of the invitation store, in the keystore's directory.
pub const STORE_FILE: &str = "invitations.json";

/// 32 bytes as `0x` hex in JSON.
mod hex32 {
	use serde::{Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&format!("0x{}", hex::encode(bytes)))
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
		let text = String::deserialize(d)?;
		hex::decode(text.trim().trim_start_matches("0x"))
			.ok()
			.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
			.ok_or_else(|| serde::de::Error::custom("expected 32 bytes of hex"))
	}
}

/// What a lender gives a borrower to propose a loan to it under a fresh alias: the chain, the
/// handle, the alias and the lender's encryption key (the loan's terms are sealed to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Invitation {
	/// The format version ([`INVITATION_VERSION`]).
	pub version: u32,
	/// The genesis hash of the chain the invitation is for.
	#[serde(with = "hex32")]
	pub genesis_hash: [u8; 32],
	/// The random handle the lender picked for this loan.
	#[serde(with = "hex32")]
	pub handle: [u8; 32],
	/// The lender's alias for this loan, which the borrower proposes to.
	#[serde(with = "hex32")]
	pub alias: [u8; 32],
	/// The lender's X25519 public encryption key, which the terms are sealed to.
	#[serde(with = "hex32")]
	pub encryption_key: [u8; 32],
}

impl Invitation {
	/// Reads an invitation from its JSON text; refuses another format version.
	pub fn from_json(text: &str) -> Result<Self, Error> {
		let invitation: Self = serde_json::from_str(text.trim()).map_err(|error| {
			Error::Invalid(format!(
				"not an invitation (the JSON a lender's `loanctl lender invite` prints): {error}"
			))
		})?;
		if invitation.version != INVITATION_VERSION {
			return Err(Error::Invalid(format!(
				"the invitation has format version {} (this client reads version \
				 {INVITATION_VERSION}): update loanctl",
				invitation.version
			)));
		}
		Ok(invitation)
	}

	/// The invitation as one line of JSON, to hand to the borrower.
	pub fn to_json(&self) -> String {
		serde_json::to_string(self).unwrap_or_default()
	}
}

/// What the lender keeps of an invitation it made: the handle, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoredInvitation {
	/// The handle (the loan's lender key and payout account derive from it).
	#[serde(with = "hex32")]
	pub handle: [u8; 32],
	/// The keystore account that made the invitation and acts for the loan.
	pub account: String,
	/// That account's address (SS58).
	pub address: String,
	/// The genesis hash of the chain the invitation is for.
	#[serde(with = "hex32")]
	pub genesis_hash: [u8; 32],
	/// The member key whose secret the alias is of (from the account, or a shared seed).
	#[serde(with = "hex32")]
	pub member_key: [u8; 32],
	/// The best block when the invitation was made.
	pub created_at: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile {
	version: u32,
	/// By alias (`0x` hex).
	invitations: BTreeMap<String, StoredInvitation>,
}

/// The lender's invitation store: one file, loaded in memory; changes are written by
/// [`InvitationStore::save`].
#[derive(Debug)]
pub struct InvitationStore {
	path: PathBuf,
	file: StoreFile,
}

impl core::fmt::Debug for StoreFile {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("StoreFile")
			.field("invitations", &self.invitations.len())
			.finish()
	}
}

fn alias_key(alias: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(alias))
}

fn io_error(path: &Path, error: impl core::fmt::Display) -> Error {
	Error::Invalid(format!("cannot access the invitation store {}: {error}", path.display()))
}

impl InvitationStore {
	/// The store's path beside the keystore at `keystore_path`.
	pub fn path_beside(keystore_path: &Path) -> PathBuf {
		keystore_path.with_file_name(STORE_FILE)
	}

	/// Opens the store at `path`: an empty one if the file does not exist yet. Refuses a file
	/// that group or others can read.
	pub fn open(path: impl Into<PathBuf>) -> Result<Self, Error> {
		let path = path.into();
		let bytes = match fs::read(&path) {
			Ok(bytes) => bytes,
			Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
				return Ok(Self {
					path,
					file: StoreFile { version: STORE_VERSION, invitations: BTreeMap::new() },
				});
			},
			Err(error) => return Err(io_error(&path, error)),
		};
		check_private(&path)?;
		let file: StoreFile = serde_json::from_slice(&bytes).map_err(|error| {
			Error::Invalid(format!("the invitation store {} is not valid: {error}", path.display()))
		})?;
		if file.version != STORE_VERSION {
			return Err(Error::Invalid(format!(
				"the invitation store {} has version {} (this client reads version \
				 {STORE_VERSION})",
				path.display(),
				file.version
			)));
		}
		Ok(Self { path, file })
	}

	/// The file this store is read from and saved to.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Records the invitation of `alias`.
	pub fn insert(&mut self, alias: &[u8; 32], invitation: StoredInvitation) {
		self.file.invitations.insert(alias_key(alias), invitation);
	}

	/// The invitation of `alias`, if this store made it.
	pub fn get(&self, alias: &[u8; 32]) -> Option<&StoredInvitation> {
		self.file.invitations.get(&alias_key(alias))
	}

	/// Every invitation of the chain with `genesis_hash`, with its alias, in alias order.
	pub fn for_chain(&self, genesis_hash: &[u8; 32]) -> Vec<([u8; 32], &StoredInvitation)> {
		self.file
			.invitations
			.iter()
			.filter(|(_, stored)| stored.genesis_hash == *genesis_hash)
			.filter_map(|(key, stored)| {
				let bytes = hex::decode(key.trim_start_matches("0x")).ok()?;
				Some((<[u8; 32]>::try_from(bytes).ok()?, stored))
			})
			.collect()
	}

	/// The invitations of the chain with `genesis_hash` made by `account`.
	pub fn for_account(
		&self,
		genesis_hash: &[u8; 32],
		account: &AccountId32,
	) -> Vec<([u8; 32], &StoredInvitation)> {
		let address = account.to_string();
		self.for_chain(genesis_hash)
			.into_iter()
			.filter(|(_, stored)| stored.address == address)
			.collect()
	}

	/// Writes the store to its file, readable by its owner only: to a new file of mode 0600
	/// beside it, then renamed over it.
	pub fn save(&self) -> Result<(), Error> {
		if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
			if !dir.exists() {
				keystore::create_private_dir(dir).map_err(|error| io_error(dir, error))?;
			}
		}
		let json =
			serde_json::to_vec_pretty(&self.file).map_err(|error| io_error(&self.path, error))?;
		let mut temporary = self.path.clone().into_os_string();
		temporary.push(".tmp");
		let temporary = PathBuf::from(temporary);
		let _ = fs::remove_file(&temporary);
		let mut file = keystore::create_private_file(&temporary)
			.map_err(|error| io_error(&temporary, error))?;
		file.write_all(&json)
			.and_then(|()| file.sync_all())
			.map_err(|error| io_error(&temporary, error))?;
		fs::rename(&temporary, &self.path).map_err(|error| io_error(&self.path, error))
	}
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), Error> {
	use std::os::unix::fs::PermissionsExt;
	let mode = fs::metadata(path).map_err(|error| io_error(path, error))?.permissions().mode();
	if mode & 0o077 != 0 {
		return Err(Error::Invalid(format!(
			"refusing to use the invitation store {}: its permissions ({:o}) let other users \
			 read which aliases are yours; run `chmod 600 {}`",
			path.display(),
			mode & 0o777,
			path.display()
		)));
	}
	Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), Error> {
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn invitation() -> Invitation {
		Invitation {
			version: INVITATION_VERSION,
			genesis_hash: [1; 32],
			handle: [2; 32],
			alias: [3; 32],
			encryption_key: [4; 32],
		}
	}

	#[test]
	fn invitations_travel_as_camel_case_json_with_hex() {
		let json = invitation().to_json();
		assert_eq!(
			json,
			format!(
				r#"{{"version":1,"genesisHash":"0x{}","handle":"0x{}","alias":"0x{}","encryptionKey":"0x{}"}}"#,
				"01".repeat(32),
				"02".repeat(32),
				"03".repeat(32),
				"04".repeat(32)
			)
		);
		assert_eq!(Invitation::from_json(&json).expect("parses"), invitation());
		let newer = json.replace(r#""version":1"#, r#""version":2"#);
		assert!(Invitation::from_json(&newer)
			.expect_err("refused")
			.to_string()
			.contains("update"));
		assert!(Invitation::from_json("{}").is_err());
	}

	#[test]
	fn the_store_finds_invitations_by_alias_and_account_in_a_private_file() {
		let dir = tempfile::tempdir().expect("temp dir");
		let path = InvitationStore::path_beside(&dir.path().join("keystore.json"));
		assert_eq!(path, dir.path().join("invitations.json"));
		let mut store = InvitationStore::open(&path).expect("empty");
		let alice = AccountId32([9; 32]);
		let stored = StoredInvitation {
			handle: [2; 32],
			account: "alice".into(),
			address: alice.to_string(),
			genesis_hash: [1; 32],
			member_key: [5; 32],
			created_at: 7,
		};
		store.insert(&[3; 32], stored.clone());
		store.insert(&[6; 32], StoredInvitation { genesis_hash: [8; 32], ..stored.clone() });
		store.save().expect("saved");
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
			assert_eq!(mode, 0o600);
		}
		let reopened = InvitationStore::open(&path).expect("reopens");
		assert_eq!(reopened.get(&[3; 32]), Some(&stored));
		assert_eq!(reopened.get(&[4; 32]), None);
		assert_eq!(reopened.for_chain(&[1; 32]), vec![([3; 32], &stored)]);
		assert_eq!(reopened.for_account(&[1; 32], &alice).len(), 1);
		assert!(reopened.for_account(&[1; 32], &AccountId32([0; 32])).is_empty());
	}
}
