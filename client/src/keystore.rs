//! The keystore: a JSON file mapping account names to their secret URI and, when the account's
//! encryption key is random rather than derived, its X25519 secret.
//!
//! ```json
//! { "version": 1, "accounts": { "lender": { "suri": "<24 words>" },
//!                               "company": { "suri": "...", "encryptionSecret": "<64 hex>" } } }
//! ```
//!
//! The file holds secrets, so it is created readable by its owner only (mode 0600, in a
//! directory of mode 0700) and a file that group or others can read is refused. Nothing in this
//! module prints or logs a secret: `Debug` shows names, addresses and public keys only.

use crate::{
	account::{AccountKeypair, KeyError},
	keys::EncryptionKeypair,
};
use serde::{Deserialize, Serialize};
use std::{
	collections::BTreeMap,
	fmt, fs,
	io::Write,
	path::{Path, PathBuf},
};
use zeroize::{Zeroize, Zeroizing};

/// The keystore file format version this client reads and writes.
pub const KEYSTORE_VERSION: u32 = 1;

/// Why the keystore could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
	/// Reading or writing the file (or its directory) failed.
	#[error("cannot access the keystore {path}: {source}")]
	Io {
		/// The file or directory.
		path: PathBuf,
		/// The operating system's error.
		#[source]
		source: std::io::Error,
	},
	/// The file can be read by its group or by others.
	#[error(
		"refusing to use the keystore {path}: its permissions ({mode:o}) let other users read \
		 secrets; run `chmod 600 {path}`"
	)]
	Permissions {
		/// The file.
		path: PathBuf,
		/// Its permission bits.
		mode: u32,
	},
	/// The file is not a keystore this client understands.
	#[error("the keystore {path} is not valid: {reason}")]
	Malformed {
		/// The file.
		path: PathBuf,
		/// What is wrong (never its content).
		reason: String,
	},
	/// An account of that name exists already.
	#[error("the keystore already has an account named {0:?}; choose another name")]
	Exists(String),
	/// No account of that name.
	#[error("the keystore has no account named {name:?} (it has: {known}); create one with `loanctl keys create` or `loanctl keys import`")]
	NotFound {
		/// The name asked for.
		name: String,
		/// The names it has.
		known: String,
	},
	/// The name cannot be used (empty, or not letters, digits, `-`, `_`, `.`).
	#[error("account names use letters, digits, '-', '_' and '.' (got {0:?})")]
	BadName(String),
	/// The stored secret URI does not make a key.
	#[error("the secret URI of account {name:?}: {source}")]
	Key {
		/// The account.
		name: String,
		/// Why the URI does not make a key.
		#[source]
		source: KeyError,
	},
	/// The stored encryption secret is not 32 bytes of hex.
	#[error("the stored encryption secret of account {0:?} is not 32 bytes of hex")]
	BadEncryptionSecret(String),
}

/// How an account's encryption key is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EncryptionKeySource {
	/// Derived from the account's secret ([`AccountKeypair::derived_encryption_keypair`]).
	Derived,
	/// A random key stored in the keystore beside the account's secret URI.
	Stored,
}

/// An account loaded from the keystore: its name, signing key and encryption key.
pub struct Account {
	/// The name it is stored under.
	pub name: String,
	/// The key that signs its transactions and consents.
	pub keypair: AccountKeypair,
	/// The key that opens loan terms sealed to it.
	pub encryption: EncryptionKeypair,
	/// Whether the encryption key is derived or stored.
	pub encryption_source: EncryptionKeySource,
}

impl fmt::Debug for Account {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Account")
			.field("name", &self.name)
			.field("keypair", &self.keypair)
			.field("encryption", &self.encryption)
			.field("encryption_source", &self.encryption_source)
			.finish()
	}
}

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredAccount {
	suri: String,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	encryption_secret: Option<String>,
}

impl Drop for StoredAccount {
	fn drop(&mut self) {
		self.suri.zeroize();
		self.encryption_secret.zeroize();
	}
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeystoreFile {
	version: u32,
	accounts: BTreeMap<String, StoredAccount>,
}

/// The keystore file at one path, loaded in memory. Changes are written by [`Keystore::save`].
pub struct Keystore {
	path: PathBuf,
	file: KeystoreFile,
}

impl fmt::Debug for Keystore {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Keystore")
			.field("path", &self.path)
			.field("accounts", &self.file.accounts.keys().collect::<Vec<_>>())
			.finish()
	}
}

impl Keystore {
	/// The default keystore path: `$XDG_CONFIG_HOME/loanchain/keystore.json`, else
	/// `~/.config/loanchain/keystore.json`.
	pub fn default_path() -> PathBuf {
		let config = std::env::var_os("XDG_CONFIG_HOME")
			.filter(|dir| !dir.is_empty())
			.map(PathBuf::from)
			.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
			.unwrap_or_else(|| PathBuf::from("."));
		config.join("loanchain").join("keystore.json")
	}

	/// Opens the keystore at `path`: an empty one if the file does not exist yet (it is created
	/// by the first [`Keystore::save`]). Refuses a file that group or others can read.
	pub fn open(path: impl Into<PathBuf>) -> Result<Self, KeystoreError> {
		let path = path.into();
		let bytes = match fs::read(&path) {
			Ok(bytes) => Zeroizing::new(bytes),
			Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
				return Ok(Self {
					path,
					file: KeystoreFile { version: KEYSTORE_VERSION, accounts: BTreeMap::new() },
				});
			},
			Err(source) => return Err(KeystoreError::Io { path, source }),
		};
		check_private(&path)?;
		let file: KeystoreFile = serde_json::from_slice(&bytes).map_err(|error| {
			// serde_json's message names a position, never the content.
			KeystoreError::Malformed { path: path.clone(), reason: error.to_string() }
		})?;
		if file.version != KEYSTORE_VERSION {
			return Err(KeystoreError::Malformed {
				path,
				reason: format!(
					"version {} (this client reads version {KEYSTORE_VERSION})",
					file.version
				),
			});
		}
		Ok(Self { path, file })
	}

	/// The file this keystore is read from and saved to.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// The names of the stored accounts, in order.
	pub fn names(&self) -> Vec<String> {
		self.file.accounts.keys().cloned().collect()
	}

	/// Creates account `name` with a new random secret (a 24-word phrase). Its encryption key is
	/// derived from it, or, with `random_encryption_key`, random and stored beside it.
	pub fn create(
		&mut self,
		name: &str,
		random_encryption_key: bool,
	) -> Result<Account, KeystoreError> {
		self.ensure_new(name)?;
		let (_, phrase) = AccountKeypair::generate()
			.map_err(|source| KeystoreError::Key { name: name.into(), source })?;
		self.insert(name, &phrase, random_encryption_key)
	}

	/// Stores secret URI `suri` as account `name` (it must make a valid key). Its encryption key
	/// is derived from it, or, with `random_encryption_key`, random and stored beside it.
	pub fn import(
		&mut self,
		name: &str,
		suri: &str,
		random_encryption_key: bool,
	) -> Result<Account, KeystoreError> {
		self.ensure_new(name)?;
		AccountKeypair::from_suri(suri)
			.map_err(|source| KeystoreError::Key { name: name.into(), source })?;
		self.insert(name, suri, random_encryption_key)
	}

	/// Removes account `name`; its secret is gone once saved.
	pub fn remove(&mut self, name: &str) -> Result<(), KeystoreError> {
		self.file.accounts.remove(name).map(drop).ok_or_else(|| self.not_found(name))
	}

	/// Loads account `name`: its signing key and its encryption key.
	pub fn account(&self, name: &str) -> Result<Account, KeystoreError> {
		let stored = self.file.accounts.get(name).ok_or_else(|| self.not_found(name))?;
		let keypair = AccountKeypair::from_suri(&stored.suri)
			.map_err(|source| KeystoreError::Key { name: name.into(), source })?;
		let (encryption, encryption_source) = match &stored.encryption_secret {
			None => (keypair.derived_encryption_keypair(), EncryptionKeySource::Derived),
			Some(secret_hex) => {
				let bytes = Zeroizing::new(
					hex::decode(secret_hex)
						.map_err(|_| KeystoreError::BadEncryptionSecret(name.into()))?,
				);
				let secret: [u8; 32] = bytes
					.as_slice()
					.try_into()
					.map_err(|_| KeystoreError::BadEncryptionSecret(name.into()))?;
				(EncryptionKeypair::from_secret(secret), EncryptionKeySource::Stored)
			},
		};
		Ok(Account { name: name.into(), keypair, encryption, encryption_source })
	}

	/// Writes the keystore to its file, readable by its owner only: to a new file of mode 0600
	/// beside it, then renamed over it (the directory is created with mode 0700).
	pub fn save(&self) -> Result<(), KeystoreError> {
		let io = |path: &Path| {
			let path = path.to_path_buf();
			move |source| KeystoreError::Io { path, source }
		};
		if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
			if !dir.exists() {
				create_private_dir(dir).map_err(io(dir))?;
			}
		}
		let json = Zeroizing::new(serde_json::to_vec_pretty(&self.file).map_err(|error| {
			KeystoreError::Malformed { path: self.path.clone(), reason: error.to_string() }
		})?);
		let mut temporary = self.path.clone().into_os_string();
		temporary.push(".tmp");
		let temporary = PathBuf::from(temporary);
		let _ = fs::remove_file(&temporary);
		let mut file = create_private_file(&temporary).map_err(io(&temporary))?;
		file.write_all(&json).and_then(|()| file.sync_all()).map_err(io(&temporary))?;
		fs::rename(&temporary, &self.path).map_err(io(&self.path))
	}

	fn ensure_new(&self, name: &str) -> Result<(), KeystoreError> {
		let valid = !name.is_empty()
			&& name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
		if !valid {
			return Err(KeystoreError::BadName(name.into()));
		}
		if self.file.accounts.contains_key(name) {
			return Err(KeystoreError::Exists(name.into()));
		}
		Ok(())
	}

	fn insert(
		&mut self,
		name: &str,
		suri: &str,
		random_encryption_key: bool,
	) -> Result<Account, KeystoreError> {
		let encryption_secret = random_encryption_key
			.then(|| hex::encode(EncryptionKeypair::generate().expose_secret()));
		self.file
			.accounts
			.insert(name.into(), StoredAccount { suri: suri.into(), encryption_secret });
		self.account(name)
	}

	fn not_found(&self, name: &str) -> KeystoreError {
		let known = self.names();
		KeystoreError::NotFound {
			name: name.into(),
			known: if known.is_empty() { "no accounts".into() } else { known.join(", ") },
		}
	}
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), KeystoreError> {
	use std::os::unix::fs::PermissionsExt;
	let mode = fs::metadata(path)
		.map_err(|source| KeystoreError::Io { path: path.into(), source })?
		.permissions()
		.mode()
		& 0o777;
	if mode & 0o077 != 0 {
		return Err(KeystoreError::Permissions { path: path.into(), mode });
	}
	Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), KeystoreError> {
	Ok(())
}

#[cfg(unix)]
pub(crate) fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
	use std::os::unix::fs::OpenOptionsExt;
	fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
pub(crate) fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
	fs::OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
	use std::os::unix::fs::DirBuilderExt;
	fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
	fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_round_trip_through_a_private_file() {
		let dir = tempfile::tempdir().expect("temp dir");
		let path = dir.path().join("nested").join("keystore.json");
		let mut keystore = Keystore::open(&path).expect("a missing file is an empty keystore");
		let created = keystore.create("lender", false).expect("created");
		let imported = keystore.import("alice", "//Alice", true).expect("imported");
		assert_eq!(created.encryption_source, EncryptionKeySource::Derived);
		assert_eq!(imported.encryption_source, EncryptionKeySource::Stored);
		keystore.save().expect("saved");

		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
			assert_eq!(mode, 0o600);
			let dir_mode =
				fs::metadata(path.parent().expect("dir")).expect("exists").permissions().mode();
			assert_eq!(dir_mode & 0o777, 0o700);
		}

		let reopened = Keystore::open(&path).expect("reopens");
		assert_eq!(reopened.names(), ["alice", "lender"]);
		let lender = reopened.account("lender").expect("loads");
		assert_eq!(lender.keypair.account_id(), created.keypair.account_id());
		assert_eq!(
			lender.encryption.public(),
			created.keypair.derived_encryption_keypair().public()
		);
		let alice = reopened.account("alice").expect("loads");
		assert_eq!(
			alice.keypair.account_id().to_string(),
			"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
		);
		assert_eq!(alice.encryption.public(), imported.encryption.public());
		assert_ne!(alice.encryption.public(), alice.keypair.derived_encryption_keypair().public());
	}

	#[cfg(unix)]
	#[test]
	fn a_file_others_can_read_is_refused() {
		use std::os::unix::fs::PermissionsExt;
		let dir = tempfile::tempdir().expect("temp dir");
		let path = dir.path().join("keystore.json");
		let mut keystore = Keystore::open(&path).expect("empty");
		keystore.import("bob", "//Bob", false).expect("imported");
		keystore.save().expect("saved");
		fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
		let error = Keystore::open(&path).expect_err("refused");
		assert!(matches!(error, KeystoreError::Permissions { mode: 0o644, .. }), "{error}");
		assert!(error.to_string().contains("chmod 600"));
	}

	#[test]
	fn names_and_secrets_are_checked() {
		let dir = tempfile::tempdir().expect("temp dir");
		let mut keystore = Keystore::open(dir.path().join("k.json")).expect("empty");
		keystore.import("a", "//Alice", false).expect("imported");
		assert!(matches!(keystore.import("a", "//Bob", false), Err(KeystoreError::Exists(_))));
		assert!(matches!(keystore.create("bad name", false), Err(KeystoreError::BadName(_))));
		assert!(matches!(
			keystore.import("b", "not a phrase", false),
			Err(KeystoreError::Key { .. })
		));
		let missing = keystore.account("nobody").expect_err("missing");
		assert!(missing.to_string().contains("it has: a"), "{missing}");
		keystore.remove("a").expect("removed");
		assert!(keystore.names().is_empty());
	}

	#[test]
	fn debug_output_holds_no_secret() {
		let dir = tempfile::tempdir().expect("temp dir");
		let mut keystore = Keystore::open(dir.path().join("k.json")).expect("empty");
		let account = keystore.import("alice", "//Alice", true).expect("imported");
		let printed = format!("{keystore:?} {account:?}");
		assert!(!printed.contains("//Alice"), "{printed}");
		assert!(!printed.contains(&hex::encode(account.encryption.expose_secret())), "{printed}");
		assert!(printed.contains("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"));
	}
}
