//! Encryption keys of loanchain accounts.
//!
//! Sealed loan terms are encrypted to X25519 public keys, separate from the sr25519 keys that sign
//! transactions. An account's encryption key is either generated at random or derived from its
//! sr25519 secret key, so it can always be re-derived from the account's secret.

use blake2::{
	digest::{consts::U32, generic_array::GenericArray},
	Blake2b, Digest,
};
use core::fmt;
use curve25519_dalek::MontgomeryPoint;
use rand_core::{CryptoRngCore, OsRng};
use zeroize::Zeroizing;

/// Length in bytes of an X25519 secret or public key.
pub const KEY_LEN: usize = 32;

/// Domain-separation prefix hashed before the account secret in
/// [`EncryptionKeypair::from_account_secret`], so the derived key never equals another use of the
/// same secret.
pub const ACCOUNT_KEY_CONTEXT: &[u8] = b"loanchain:x25519:v1";

/// An X25519 key pair that opens sealed loan terms addressed to its public key.
///
/// The secret is wiped from memory when the key pair is dropped, and `Debug` shows only the
/// public key.
pub struct EncryptionKeypair {
	secret: Zeroizing<[u8; KEY_LEN]>,
	public: [u8; KEY_LEN],
}

impl EncryptionKeypair {
	/// A new random key pair from the operating system's random number generator.
	///
	/// ```
	/// use loanchain_client::EncryptionKeypair;
	///
	/// let a = EncryptionKeypair::generate();
	/// let b = EncryptionKeypair::generate();
	/// assert_ne!(a.public(), b.public());
	/// ```
	pub fn generate() -> Self {
		Self::generate_with(&mut OsRng)
	}

	/// [`Self::generate`] with the randomness given explicitly (for deterministic test vectors).
	#[doc(hidden)]
	pub fn generate_with(rng: &mut impl CryptoRngCore) -> Self {
		let mut secret = Zeroizing::new([0u8; KEY_LEN]);
		rng.fill_bytes(secret.as_mut_slice());
		Self::from_zeroizing(secret)
	}

	/// The key pair derived from an account's secret key bytes (for an sr25519 account, its 64-byte
	/// secret key): the X25519 secret is blake2b-256(`"loanchain:x25519:v1"` || `secret_bytes`).
	///
	/// The same secret always gives the same key pair, so the key need not be stored separately.
	///
	/// ```
	/// use loanchain_client::EncryptionKeypair;
	///
	/// let account_secret = [42u8; 64];
	/// let a = EncryptionKeypair::from_account_secret(&account_secret);
	/// let b = EncryptionKeypair::from_account_secret(&account_secret);
	/// assert_eq!(a.public(), b.public());
	/// ```
	pub fn from_account_secret(secret_bytes: &[u8]) -> Self {
		let mut hasher = Blake2b::<U32>::new();
		hasher.update(ACCOUNT_KEY_CONTEXT);
		hasher.update(secret_bytes);
		let mut secret = Zeroizing::new([0u8; KEY_LEN]);
		hasher.finalize_into(GenericArray::from_mut_slice(secret.as_mut_slice()));
		Self::from_zeroizing(secret)
	}

	/// The key pair of a stored 32-byte X25519 secret key (as returned by
	/// [`Self::expose_secret`]).
	///
	/// ```
	/// use loanchain_client::EncryptionKeypair;
	///
	/// let original = EncryptionKeypair::generate();
	/// let restored = EncryptionKeypair::from_secret(*original.expose_secret());
	/// assert_eq!(original.public(), restored.public());
	/// ```
	pub fn from_secret(secret: [u8; KEY_LEN]) -> Self {
		Self::from_zeroizing(Zeroizing::new(secret))
	}

	/// The public key, which senders seal loan terms to; publish it for the account.
	pub fn public(&self) -> [u8; KEY_LEN] {
		self.public
	}

	/// The 32-byte X25519 secret key, for storing a generated key pair in a keystore; treat it like
	/// the account's own secret.
	pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
		&self.secret
	}

	/// The secret as a `crypto_box` key, for opening sealed boxes.
	///
	/// `crypto_box` 0.9 wipes the key's scalar on drop but not its copy of the raw bytes; build it
	/// only for the one operation that needs it.
	pub(crate) fn box_secret(&self) -> crypto_box::SecretKey {
		crypto_box::SecretKey::from_bytes(*self.secret)
	}

	fn from_zeroizing(secret: Zeroizing<[u8; KEY_LEN]>) -> Self {
		let public = MontgomeryPoint::mul_base_clamped(*secret).to_bytes();
		Self { secret, public }
	}
}

impl fmt::Debug for EncryptionKeypair {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("EncryptionKeypair")
			.field("public", &HexBytes(&self.public))
			.finish_non_exhaustive()
	}
}

/// Formats bytes as lower-case hex with a `0x` prefix.
pub(crate) struct HexBytes<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for HexBytes<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("0x")?;
		self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn public_key_is_x25519_of_the_secret() {
		// RFC 7748, section 6.1: Alice's key pair.
		let secret =
			hex::decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
				.expect("hex");
		let keypair = EncryptionKeypair::from_secret(secret.try_into().expect("32 bytes"));
		assert_eq!(
			hex::encode(keypair.public()),
			"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
		);
	}

	#[test]
	fn account_key_is_blake2b_256_of_context_and_secret() {
		let account_secret = [9u8; 64];
		let keypair = EncryptionKeypair::from_account_secret(&account_secret);
		let mut input = b"loanchain:x25519:v1".to_vec();
		input.extend_from_slice(&account_secret);
		let expected: [u8; 32] = Blake2b::<U32>::digest(&input).into();
		assert_eq!(keypair.expose_secret(), &expected);
		// Another account secret derives another key.
		assert_ne!(EncryptionKeypair::from_account_secret(&[8u8; 64]).public(), keypair.public());
	}

	#[test]
	fn debug_shows_the_public_key_only() {
		let keypair = EncryptionKeypair::from_secret([0xab; 32]);
		assert_eq!(
			format!("{keypair:?}"),
			format!("EncryptionKeypair {{ public: 0x{}, .. }}", hex::encode(keypair.public()))
		);
	}
}
