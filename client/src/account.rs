//! Account keys: the sr25519 key pair that signs an account's transactions (and a borrower's
//! consents), created from a secret URI as Substrate tools write it (`//Alice`, a BIP-39 phrase
//! with optional `/soft` and `//hard` derivations and `///password`, or a `0x` seed).
//!
//! The account's encryption key ([`EncryptionKeypair`]) derives from the 64-byte sr25519 secret
//! key (the bytes `sp_core::sr25519::Pair::to_raw_vec` returns), see
//! [`AccountKeypair::derived_encryption_keypair`].

use crate::{config::LoanchainConfig, keys::EncryptionKeypair};
use core::{fmt, str::FromStr};
use rand_core::{OsRng, RngCore};
use schnorrkel::{
	derive::{ChainCode, Derivation},
	ExpansionMode, MiniSecretKey,
};
use subxt::utils::{AccountId32, MultiSignature};
use subxt_signer::{bip39::Mnemonic, DeriveJunction, ExposeSecret, SecretUri};
use zeroize::Zeroizing;

/// The signing context of Substrate's sr25519 signatures.
const SIGNING_CONTEXT: &[u8] = b"substrate";

/// Why an account key could not be made from a secret URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
	/// The text is not a secret URI (phrase or seed, `/` and `//` junctions, `///password`).
	#[error("the secret URI is malformed (expected a BIP-39 phrase or 0x seed, then /soft and //hard junctions, then ///password)")]
	MalformedUri,
	/// The phrase is not a valid BIP-39 mnemonic (unknown word, wrong length or checksum).
	#[error(
		"the secret phrase is not a valid BIP-39 mnemonic (check every word and the word count)"
	)]
	InvalidPhrase,
	/// The `0x` seed is not 32 bytes of hex.
	#[error("the 0x seed must be 32 bytes of hex (64 hex digits)")]
	InvalidSeed,
}

/// An account's sr25519 key pair: it signs transactions (it implements subxt's `Signer`) and
/// consents, and derives the account's encryption key.
///
/// The secret is never shown: `Debug` prints only the account's address.
pub struct AccountKeypair {
	keypair: schnorrkel::Keypair,
}

impl AccountKeypair {
	/// The key pair of secret URI `suri` (for example `//Alice` on a development chain, or a
	/// 12- or 24-word phrase).
	///
	/// ```
	/// use loanchain_client::AccountKeypair;
	///
	/// let alice = AccountKeypair::from_suri("//Alice")?;
	/// assert_eq!(alice.account_id().to_string(), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
	/// # Ok::<(), loanchain_client::account::KeyError>(())
	/// ```
	pub fn from_suri(suri: &str) -> Result<Self, KeyError> {
		let uri = SecretUri::from_str(suri).map_err(|_| KeyError::MalformedUri)?;
		let phrase = uri.phrase.expose_secret();
		let root = if let Some(hex_seed) = phrase.strip_prefix("0x") {
			let seed = Zeroizing::new(
				<[u8; 32]>::try_from(hex::decode(hex_seed).map_err(|_| KeyError::InvalidSeed)?)
					.map_err(|_| KeyError::InvalidSeed)?,
			);
			MiniSecretKey::from_bytes(&seed[..]).map_err(|_| KeyError::InvalidSeed)?
		} else {
			let mnemonic = Mnemonic::from_str(phrase).map_err(|_| KeyError::InvalidPhrase)?;
			let (entropy, len) = mnemonic.to_entropy_array();
			let password = uri.password.as_ref().map(|p| p.expose_secret()).unwrap_or("");
			let entropy = Zeroizing::new(entropy);
			substrate_bip39::mini_secret_from_entropy(&entropy[..len], password)
				.map_err(|_| KeyError::InvalidPhrase)?
		};
		let secret =
			derive_secret(root.expand(ExpansionMode::Ed25519), uri.junctions.iter().copied());
		Ok(Self { keypair: secret.to_keypair() })
	}

	/// The key pair derived from this one along `junctions`, as Substrate derives keys (`//hard`
	/// and `/soft` paths; the same as subxt-signer's `Keypair::derive`). A hard junction gives a
	/// key nobody can link to this one without its secret.
	pub fn derive(&self, junctions: impl IntoIterator<Item = DeriveJunction>) -> Self {
		Self { keypair: derive_secret(self.keypair.secret.clone(), junctions).to_keypair() }
	}

	/// A new random account: returns its key pair and its secret URI, a 24-word BIP-39 phrase
	/// (store it like the key itself; it is wiped from memory when dropped).
	pub fn generate() -> Result<(Self, Zeroizing<String>), KeyError> {
		let mut entropy = Zeroizing::new([0u8; 32]);
		OsRng.fill_bytes(entropy.as_mut_slice());
		let phrase = Zeroizing::new(
			Mnemonic::from_entropy(entropy.as_slice())
				.map_err(|_| KeyError::InvalidPhrase)?
				.to_string(),
		);
		Ok((Self::from_suri(&phrase)?, phrase))
	}

	/// The account (its sr25519 public key), which the chain knows it by.
	pub fn account_id(&self) -> AccountId32 {
		AccountId32(self.keypair.public.to_bytes())
	}

	/// An sr25519 signature of `message` by this account, as the chain verifies it (signing
	/// context `substrate`): for consents and any other payload.
	pub fn sign(&self, message: &[u8]) -> [u8; 64] {
		let context = schnorrkel::signing_context(SIGNING_CONTEXT);
		self.keypair.sign(context.bytes(message)).to_bytes()
	}

	/// The encryption key pair derived from this account's secret:
	/// [`EncryptionKeypair::from_account_secret`] of the 64-byte sr25519 secret key (32-byte
	/// scalar then 32-byte nonce, as `sp_core::sr25519::Pair::to_raw_vec` gives it).
	pub fn derived_encryption_keypair(&self) -> EncryptionKeypair {
		let secret = Zeroizing::new(self.keypair.secret.to_bytes());
		EncryptionKeypair::from_account_secret(secret.as_slice())
	}

	/// The lender-ring member secret derived from this account's secret:
	/// [`crate::ring::MemberSecret::from_account_secret`] of the 64-byte sr25519 secret key.
	pub fn derived_member_secret(&self) -> crate::ring::MemberSecret {
		let secret = Zeroizing::new(self.keypair.secret.to_bytes());
		crate::ring::MemberSecret::from_account_secret(secret.as_slice())
	}
}

/// `secret` derived along `junctions` (Substrate's sr25519 derivation).
fn derive_secret(
	secret: schnorrkel::SecretKey,
	junctions: impl IntoIterator<Item = DeriveJunction>,
) -> schnorrkel::SecretKey {
	junctions.into_iter().fold(secret, |secret, junction| match junction {
		DeriveJunction::Soft(code) => secret.derived_key_simple(ChainCode(code), []).0,
		DeriveJunction::Hard(code) => secret
			.hard_derive_mini_secret_key(Some(ChainCode(code)), b"")
			.0
			.expand(ExpansionMode::Ed25519),
	})
}

impl subxt::transactions::Signer<LoanchainConfig> for AccountKeypair {
	fn account_id(&self) -> AccountId32 {
		AccountKeypair::account_id(self)
	}

	fn sign(&self, signer_payload: &[u8]) -> MultiSignature {
		MultiSignature::Sr25519(AccountKeypair::sign(self, signer_payload))
	}
}

impl fmt::Debug for AccountKeypair {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("AccountKeypair")
			.field("account", &self.account_id().to_string())
			.finish_non_exhaustive()
	}
}

/// Whether `signature` is `account`'s sr25519 signature of `message` (context `substrate`).
pub fn verify(account: &AccountId32, message: &[u8], signature: &[u8; 64]) -> bool {
	let (Ok(public), Ok(signature)) = (
		schnorrkel::PublicKey::from_bytes(&account.0),
		schnorrkel::Signature::from_bytes(signature),
	) else {
		return false;
	};
	public.verify_simple(SIGNING_CONTEXT, message, &signature).is_ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_accounts_match_substrate() {
		// The well-known development accounts (sp-keyring).
		for (suri, address) in [
			("//Alice", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
			("//Bob", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"),
			("//Alice//stash", "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY"),
		] {
			let keypair = AccountKeypair::from_suri(suri).expect("valid");
			assert_eq!(keypair.account_id().to_string(), address, "{suri}");
		}
		// A soft junction and a password.
		let soft = AccountKeypair::from_suri("//Alice/soft").expect("valid");
		let with_password = AccountKeypair::from_suri("//Alice///secret").expect("valid");
		assert_ne!(
			soft.account_id(),
			AccountKeypair::from_suri("//Alice").expect("ok").account_id()
		);
		assert_ne!(with_password.account_id(), soft.account_id());
	}

	#[test]
	fn matches_subxt_signer_for_phrases_and_seeds() {
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		for suri in [
			phrase.to_string(),
			format!("{phrase}//Alice/0/1"),
			format!("{phrase}///pw"),
			"0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a//x".to_string(),
		] {
			let ours = AccountKeypair::from_suri(&suri).expect("valid");
			let uri = SecretUri::from_str(&suri).expect("valid");
			let theirs = subxt_signer::sr25519::Keypair::from_uri(&uri).expect("valid");
			assert_eq!(ours.account_id().0, theirs.public_key().0, "{suri}");
		}
	}

	#[test]
	fn derivation_matches_subxt_signer_and_is_hard() {
		let suri = "//Alice";
		let ours = AccountKeypair::from_suri(suri).expect("valid");
		let theirs =
			subxt_signer::sr25519::Keypair::from_uri(&SecretUri::from_str(suri).expect("valid"))
				.expect("valid");
		let junctions = [DeriveJunction::hard([7u8; 32]), DeriveJunction::hard("payout")];
		let derived = ours.derive(junctions);
		assert_eq!(derived.account_id().0, theirs.derive(junctions).public_key().0);
		assert_eq!(derived.account_id(), ours.derive(junctions).account_id(), "deterministic");
		assert_ne!(derived.account_id(), ours.account_id());
		// A hard junction of a string is the same as that path in a secret URI.
		assert_eq!(
			ours.derive([DeriveJunction::hard("stash")]).account_id(),
			AccountKeypair::from_suri("//Alice//stash").expect("valid").account_id()
		);
	}

	#[test]
	fn signatures_verify_and_bind_the_message() {
		let keypair = AccountKeypair::from_suri("//Charlie").expect("valid");
		let signature = keypair.sign(b"payload");
		assert!(verify(&keypair.account_id(), b"payload", &signature));
		assert!(!verify(&keypair.account_id(), b"other", &signature));
		let bob = AccountKeypair::from_suri("//Bob").expect("valid");
		assert!(!verify(&bob.account_id(), b"payload", &signature));
	}

	#[test]
	fn encryption_key_derives_from_the_64_byte_secret() {
		let keypair = AccountKeypair::from_suri("//Dave").expect("valid");
		let expected = EncryptionKeypair::from_account_secret(&keypair.keypair.secret.to_bytes());
		assert_eq!(keypair.derived_encryption_keypair().public(), expected.public());
		let other = AccountKeypair::from_suri("//Eve").expect("valid");
		assert_ne!(other.derived_encryption_keypair().public(), expected.public());
	}

	#[test]
	fn generated_accounts_are_distinct_and_their_phrase_restores_them() {
		let (a, phrase) = AccountKeypair::generate().expect("generates");
		let (b, _) = AccountKeypair::generate().expect("generates");
		assert_ne!(a.account_id(), b.account_id());
		assert_eq!(phrase.split_whitespace().count(), 24);
		assert_eq!(AccountKeypair::from_suri(&phrase).expect("valid").account_id(), a.account_id());
	}

	#[test]
	fn bad_uris_are_refused_without_echoing_them() {
		let error = AccountKeypair::from_suri("not a valid phrase at all").expect_err("invalid");
		assert_eq!(error, KeyError::InvalidPhrase);
		assert!(!error.to_string().contains("valid phrase at all"));
		assert_eq!(AccountKeypair::from_suri("0x1234").expect_err("short"), KeyError::InvalidSeed);
	}

	#[test]
	fn debug_shows_only_the_address() {
		let keypair = AccountKeypair::from_suri("//Alice").expect("valid");
		assert_eq!(
			format!("{keypair:?}"),
			"AccountKeypair { account: \"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\", .. }"
		);
	}
}
