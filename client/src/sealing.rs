//! Client-side sealing of loan terms: the commitment and envelope format v1.
//!
//! A loan on chain carries a 32-byte `commitment` = blake2b-256(terms || salt) and opaque
//! `sealed_terms`. This module builds and opens those `sealed_terms` (the *envelope*):
//!
//! - a random 32-byte data key encrypts salt || terms with XChaCha20-Poly1305; the associated data
//!   is the loan's binding (`"loanchain:terms:v1"` || genesis hash || commitment), so an envelope
//!   copied to another loan or another chain does not decrypt;
//! - the data key is sealed to each recipient's X25519 public key with libsodium's
//!   `crypto_box_seal` (a *capsule*); at most [`MAX_RECIPIENTS`] capsules per envelope;
//! - opening recomputes the commitment from the decrypted salt and terms and compares it with the
//!   one on chain.
//!
//! The byte layout, with test vectors, is in `docs/sealing-format.md`; it is interoperable with
//! libsodium (`tests/e2e/lib/sealing.mjs` implements it with `libsodium-wrappers`).

use crate::keys::{EncryptionKeypair, HexBytes};
use blake2::{digest::consts::U32, Blake2b, Digest};
use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	Key, XChaCha20Poly1305, XNonce,
};
use core::fmt;
use curve25519_dalek::MontgomeryPoint;
use rand_core::{CryptoRngCore, OsRng};
use zeroize::Zeroizing;

#[cfg(test)]
mod tests;

/// The envelope format version this module writes and reads (the envelope's first byte).
pub const VERSION: u8 = 1;
/// The most recipients (capsules) one envelope may hold.
pub const MAX_RECIPIENTS: usize = 8;
/// Length in bytes of the salt hashed into the commitment.
pub const SALT_LEN: usize = 32;
/// Length in bytes of the data key that encrypts the terms.
pub const DATA_KEY_LEN: usize = 32;
/// Length in bytes of the XChaCha20-Poly1305 nonce.
pub const NONCE_LEN: usize = 24;
/// Length in bytes of a Poly1305 authentication tag.
pub const TAG_LEN: usize = 16;
/// Length in bytes of an X25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;
/// Length in bytes of a `crypto_box_seal` of the data key: ephemeral public key, tag, sealed key.
pub const SEALED_KEY_LEN: usize = PUBLIC_KEY_LEN + TAG_LEN + DATA_KEY_LEN;
/// Length in bytes of a capsule: the recipient's public key followed by the sealed data key.
pub const CAPSULE_LEN: usize = PUBLIC_KEY_LEN + SEALED_KEY_LEN;
/// Length in bytes of the envelope header: version, nonce and capsule count.
pub const HEADER_LEN: usize = 1 + NONCE_LEN + 1;
/// The ASCII prefix of the loan binding (the associated data of the terms' encryption).
pub const BINDING_CONTEXT: &[u8; 18] = b"loanchain:terms:v1";
/// Length in bytes of the loan binding: prefix, genesis hash and commitment.
pub const BINDING_LEN: usize = BINDING_CONTEXT.len() + 32 + 32;

/// The salt hashed with the terms into the commitment; keep it with the terms to prove them later.
pub type Salt = [u8; SALT_LEN];
/// A loan's commitment to its terms, as stored on chain: blake2b-256(terms || salt).
pub type Commitment = [u8; 32];
/// The hash of the chain's block 0, which binds an envelope to one chain.
pub type GenesisHash = [u8; 32];
/// A recipient's X25519 public key ([`EncryptionKeypair::public`]).
pub type PublicKey = [u8; PUBLIC_KEY_LEN];
/// A key capsule: a recipient's public key followed by the data key sealed to it.
pub type Capsule = [u8; CAPSULE_LEN];

/// Why loan terms could not be sealed or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
	/// The envelope is too short, truncated or has an invalid capsule count.
	#[error(
		"the sealed terms are malformed (too short, truncated or with an invalid recipient \
		 count); read them again from the chain"
	)]
	Malformed,
	/// The envelope uses a format version this client cannot read.
	#[error(
		"the sealed terms use format version {0}, but this client reads only version 1; update \
		 the client"
	)]
	UnsupportedVersion(u8),
	/// The envelope holds no capsule for this key pair's public key.
	#[error(
		"the sealed terms were not sealed for this encryption key; open them with the key of \
		 the borrower, the lender or a reader they were disclosed to"
	)]
	NotARecipient,
	/// The capsule for this public key does not open: wrong secret key or an altered capsule.
	#[error(
		"the key capsule for this encryption key does not open: the secret key does not belong \
		 to its public key, or the capsule was altered"
	)]
	CapsuleOpenFailed,
	/// The terms do not decrypt: altered ciphertext, or an envelope of another loan or chain.
	#[error(
		"the sealed terms do not decrypt: the ciphertext was altered, or it belongs to another \
		 loan or another chain (the genesis hash or the commitment differ)"
	)]
	DecryptFailed,
	/// The terms decrypt but do not hash to the loan's commitment.
	#[error(
		"the sealed terms decrypt but do not match the loan's commitment on chain; do not rely \
		 on them and ask the lender to seal the agreed terms"
	)]
	CommitmentMismatch,
	/// More recipients than [`MAX_RECIPIENTS`] were given.
	#[error("loan terms can be sealed for at most 8 recipients")]
	TooManyRecipients,
	/// No recipient was given, so nobody could open the envelope.
	#[error("loan terms must be sealed for at least one recipient")]
	NoRecipients,
	/// A recipient key is a small-order X25519 point, for which anyone could open the capsule.
	#[error(
		"a recipient public key is a weak (small-order) X25519 key that anyone could open \
		 capsules for; use the recipient's published encryption key"
	)]
	WeakRecipientKey,
	/// The cipher refused the input (it is longer than XChaCha20-Poly1305 can encrypt).
	#[error("the terms could not be encrypted: they exceed the cipher's length limit")]
	EncryptFailed,
}

/// The key that encrypts one envelope's terms; whoever holds it can read them.
///
/// It is wiped from memory when dropped, and `Debug` does not show it.
pub struct DataKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl DataKey {
	/// A new random data key from the operating system's random number generator.
	pub fn generate() -> Self {
		Self::generate_with(&mut OsRng)
	}

	/// [`Self::generate`] with the randomness given explicitly (for deterministic test vectors).
	#[doc(hidden)]
	pub fn generate_with(rng: &mut impl CryptoRngCore) -> Self {
		let mut key = Zeroizing::new([0u8; DATA_KEY_LEN]);
		rng.fill_bytes(key.as_mut_slice());
		Self(key)
	}

	/// The data key of these 32 bytes (for example one received out of band).
	pub fn from_bytes(bytes: [u8; DATA_KEY_LEN]) -> Self {
		Self(Zeroizing::new(bytes))
	}

	/// The key's bytes; treat them as secret.
	pub fn as_bytes(&self) -> &[u8; DATA_KEY_LEN] {
		&self.0
	}
}

impl fmt::Debug for DataKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("DataKey(..)")
	}
}

/// The plaintext of an opened envelope, checked against the loan's commitment.
///
/// Both fields are wiped from memory when dropped; `Debug` shows only the terms' length.
pub struct OpenedTerms {
	/// The salt that, hashed after the terms, gives the commitment.
	pub salt: Zeroizing<Salt>,
	/// The terms as sealed (for loanchain clients, a UTF-8 JSON document).
	pub terms: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for OpenedTerms {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("OpenedTerms")
			.field("terms_len", &self.terms.len())
			.finish_non_exhaustive()
	}
}

/// The result of [`commit_and_seal`]: what to submit on chain, and the salt to keep.
pub struct SealedTerms {
	/// The commitment to submit with the loan.
	pub commitment: Commitment,
	/// The salt of the commitment; keep it with the terms to prove them later.
	pub salt: Zeroizing<Salt>,
	/// The envelope to submit as the loan's `sealed_terms`.
	pub envelope: Vec<u8>,
}

impl fmt::Debug for SealedTerms {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("SealedTerms")
			.field("commitment", &HexBytes(&self.commitment))
			.field("envelope_len", &self.envelope.len())
			.finish_non_exhaustive()
	}
}

/// The commitment to `terms` that the chain stores: blake2b-256(terms || salt).
///
/// ```
/// use loanchain_client::sealing::{commitment, new_salt};
///
/// let terms = br#"{"amount":"1000.00"}"#;
/// let salt = new_salt();
/// assert_eq!(commitment(terms, &salt), commitment(terms, &salt));
/// assert_ne!(commitment(terms, &salt), commitment(terms, &new_salt()));
/// ```
pub fn commitment(terms: &[u8], salt: &Salt) -> Commitment {
	let mut hasher = Blake2b::<U32>::new();
	hasher.update(terms);
	hasher.update(salt);
	hasher.finalize().into()
}

/// A new random salt for a commitment, from the operating system's random number generator.
///
/// ```
/// use loanchain_client::sealing::new_salt;
///
/// assert_ne!(new_salt(), new_salt());
/// ```
pub fn new_salt() -> Salt {
	new_salt_with(&mut OsRng)
}

/// [`new_salt`] with the randomness given explicitly (for deterministic test vectors).
#[doc(hidden)]
pub fn new_salt_with(rng: &mut impl CryptoRngCore) -> Salt {
	let mut salt = [0u8; SALT_LEN];
	rng.fill_bytes(&mut salt);
	salt
}

/// The loan binding, the associated data of the terms' encryption:
/// `"loanchain:terms:v1"` || genesis hash || commitment.
///
/// ```
/// use loanchain_client::sealing::{loan_binding, BINDING_LEN};
///
/// let binding = loan_binding(&[1; 32], &[2; 32]);
/// assert_eq!(binding.len(), BINDING_LEN);
/// assert!(binding.starts_with(b"loanchain:terms:v1"));
/// ```
pub fn loan_binding(genesis_hash: &GenesisHash, commitment: &Commitment) -> [u8; BINDING_LEN] {
	let mut binding = [0u8; BINDING_LEN];
	let (context, rest) = binding.split_at_mut(BINDING_CONTEXT.len());
	let (genesis, commit) = rest.split_at_mut(32);
	context.copy_from_slice(BINDING_CONTEXT);
	genesis.copy_from_slice(genesis_hash);
	commit.copy_from_slice(commitment);
	binding
}

/// The length of an envelope of `terms_len` bytes of terms for `recipients` recipients:
/// 26 + 112 × recipients + 32 + terms_len + 16 bytes.
///
/// ```
/// use loanchain_client::sealing::envelope_len;
///
/// // Borrower and lender: 298 bytes on top of the terms.
/// assert_eq!(envelope_len(2, 100), 398);
/// ```
pub const fn envelope_len(recipients: usize, terms_len: usize) -> usize {
	HEADER_LEN
		.saturating_add(recipients.saturating_mul(CAPSULE_LEN))
		.saturating_add(SALT_LEN)
		.saturating_add(terms_len)
		.saturating_add(TAG_LEN)
}

/// Seals `terms` and their `salt` for `recipients` (X25519 public keys, at most
/// [`MAX_RECIPIENTS`]), bound to the loan with `commitment` on the chain with `genesis_hash`.
///
/// The commitment is taken as given: pass [`commitment`]`(terms, salt)`, or the recipients will
/// see [`Error::CommitmentMismatch`] (use [`commit_and_seal`] to compute it here).
///
/// ```
/// use loanchain_client::{sealing, EncryptionKeypair};
///
/// let borrower = EncryptionKeypair::generate();
/// let lender = EncryptionKeypair::generate();
/// let genesis_hash = [7u8; 32];
/// let terms = br#"{"amount":"1000.00"}"#;
/// let salt = sealing::new_salt();
/// let commitment = sealing::commitment(terms, &salt);
///
/// let envelope = sealing::seal_terms(
///     terms,
///     &salt,
///     &genesis_hash,
///     &commitment,
///     &[borrower.public(), lender.public()],
/// )?;
/// assert_eq!(envelope.len(), sealing::envelope_len(2, terms.len()));
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn seal_terms(
	terms: &[u8],
	salt: &Salt,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	recipients: &[PublicKey],
) -> Result<Vec<u8>, Error> {
	seal_terms_with_rng(&mut OsRng, terms, salt, genesis_hash, commitment, recipients)
}

/// [`seal_terms`] with the randomness given explicitly (for deterministic test vectors).
///
/// Draws, in this order: the data key (32 bytes), the nonce (24 bytes), then for each recipient
/// in order the capsule's ephemeral X25519 secret key (32 bytes).
#[doc(hidden)]
pub fn seal_terms_with_rng(
	rng: &mut impl CryptoRngCore,
	terms: &[u8],
	salt: &Salt,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	recipients: &[PublicKey],
) -> Result<Vec<u8>, Error> {
	let count = match u8::try_from(recipients.len()) {
		Ok(0) => return Err(Error::NoRecipients),
		Ok(count) if usize::from(count) <= MAX_RECIPIENTS => count,
		_ => return Err(Error::TooManyRecipients),
	};
	if recipients.iter().any(is_weak_public_key) {
		return Err(Error::WeakRecipientKey);
	}

	let data_key = DataKey::generate_with(rng);
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);

	let mut envelope = Vec::with_capacity(envelope_len(recipients.len(), terms.len()));
	envelope.push(VERSION);
	envelope.extend_from_slice(&nonce);
	envelope.push(count);
	for recipient in recipients {
		envelope.extend_from_slice(&seal_capsule_with_rng(rng, recipient, &data_key)?);
	}

	let mut plaintext = Zeroizing::new(Vec::with_capacity(SALT_LEN.saturating_add(terms.len())));
	plaintext.extend_from_slice(salt);
	plaintext.extend_from_slice(terms);
	let ciphertext = cipher(&data_key)
		.encrypt(
			XNonce::from_slice(&nonce),
			Payload { msg: &plaintext, aad: &loan_binding(genesis_hash, commitment) },
		)
		.map_err(|_| Error::EncryptFailed)?;
	envelope.extend_from_slice(&ciphertext);
	Ok(envelope)
}

/// Commits to `terms` with a new random salt and seals them for `recipients` on the chain with
/// `genesis_hash`: the usual way to prepare a loan proposal.
///
/// ```
/// use loanchain_client::{sealing, EncryptionKeypair};
///
/// let lender = EncryptionKeypair::generate();
/// let terms = br#"{"amount":"1000.00"}"#;
/// let sealed = sealing::commit_and_seal(terms, &[7u8; 32], &[lender.public()])?;
/// assert_eq!(sealed.commitment, sealing::commitment(terms, &sealed.salt));
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn commit_and_seal(
	terms: &[u8],
	genesis_hash: &GenesisHash,
	recipients: &[PublicKey],
) -> Result<SealedTerms, Error> {
	let salt = Zeroizing::new(new_salt());
	let commitment = commitment(terms, &salt);
	let envelope = seal_terms(terms, &salt, genesis_hash, &commitment, recipients)?;
	Ok(SealedTerms { commitment, salt, envelope })
}

/// Opens the envelope `sealed_terms` of the loan with `commitment` on the chain with
/// `genesis_hash`, with the key pair of one of its recipients, and checks that the terms match the
/// commitment.
///
/// ```
/// use loanchain_client::{sealing, sealing::Error, EncryptionKeypair};
///
/// let borrower = EncryptionKeypair::generate();
/// let genesis_hash = [7u8; 32];
/// let sealed = sealing::commit_and_seal(b"terms", &genesis_hash, &[borrower.public()])?;
///
/// let opened = sealing::open_terms(&borrower, &genesis_hash, &sealed.commitment, &sealed.envelope)?;
/// assert_eq!(opened.terms.as_slice(), b"terms");
///
/// // Someone else's key has no capsule in the envelope.
/// let stranger = EncryptionKeypair::generate();
/// assert_eq!(
///     sealing::open_terms(&stranger, &genesis_hash, &sealed.commitment, &sealed.envelope)
///         .unwrap_err(),
///     Error::NotARecipient,
/// );
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn open_terms(
	keypair: &EncryptionKeypair,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	sealed_terms: &[u8],
) -> Result<OpenedTerms, Error> {
	let data_key = open_data_key(keypair, sealed_terms)?;
	decrypt_terms(&data_key, genesis_hash, commitment, sealed_terms)
}

/// The data key of the envelope `sealed_terms`, from the capsule for `keypair`'s public key.
///
/// Whoever holds the data key can read the terms, so granting a reader access means sealing this
/// key to the reader with [`seal_capsule`].
///
/// ```
/// use loanchain_client::{sealing, EncryptionKeypair};
///
/// let lender = EncryptionKeypair::generate();
/// let reader = EncryptionKeypair::generate();
/// let genesis_hash = [7u8; 32];
/// let sealed = sealing::commit_and_seal(b"terms", &genesis_hash, &[lender.public()])?;
///
/// // The lender grants `reader` access with a capsule for the same data key.
/// let data_key = sealing::open_data_key(&lender, &sealed.envelope)?;
/// let capsule = sealing::seal_capsule(&reader.public(), &data_key)?;
///
/// let reader_key = sealing::open_capsule(&reader, &capsule)?;
/// let opened =
///     sealing::decrypt_terms(&reader_key, &genesis_hash, &sealed.commitment, &sealed.envelope)?;
/// assert_eq!(opened.terms.as_slice(), b"terms");
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn open_data_key(keypair: &EncryptionKeypair, sealed_terms: &[u8]) -> Result<DataKey, Error> {
	let envelope = parse(sealed_terms)?;
	let public = keypair.public();
	let capsule = envelope
		.capsules
		.chunks_exact(CAPSULE_LEN)
		.find(|capsule| capsule.starts_with(&public))
		.ok_or(Error::NotARecipient)?;
	open_capsule(keypair, capsule)
}

/// Decrypts the envelope `sealed_terms` with its `data_key`, bound to the loan with `commitment`
/// on the chain with `genesis_hash`, and checks that the terms match the commitment.
///
/// For a reader who received the data key in a separate capsule (see [`open_data_key`]);
/// recipients of the envelope itself use [`open_terms`].
pub fn decrypt_terms(
	data_key: &DataKey,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	sealed_terms: &[u8],
) -> Result<OpenedTerms, Error> {
	let envelope = parse(sealed_terms)?;
	let plaintext = Zeroizing::new(
		cipher(data_key)
			.decrypt(
				XNonce::from_slice(envelope.nonce),
				Payload { msg: envelope.ciphertext, aad: &loan_binding(genesis_hash, commitment) },
			)
			.map_err(|_| Error::DecryptFailed)?,
	);
	let (salt, terms) = plaintext.split_at_checked(SALT_LEN).ok_or(Error::Malformed)?;
	let mut opened = OpenedTerms {
		salt: Zeroizing::new([0u8; SALT_LEN]),
		terms: Zeroizing::new(terms.to_vec()),
	};
	opened.salt.copy_from_slice(salt);
	if self::commitment(&opened.terms, &opened.salt) != *commitment {
		return Err(Error::CommitmentMismatch);
	}
	Ok(opened)
}

/// A capsule sealing `data_key` to `recipient` (an X25519 public key) with libsodium's
/// `crypto_box_seal`, prefixed by the recipient's public key.
///
/// ```
/// use loanchain_client::{sealing, EncryptionKeypair};
///
/// let reader = EncryptionKeypair::generate();
/// let data_key = sealing::DataKey::generate();
/// let capsule = sealing::seal_capsule(&reader.public(), &data_key)?;
/// assert_eq!(capsule.len(), sealing::CAPSULE_LEN);
/// assert_eq!(sealing::open_capsule(&reader, &capsule)?.as_bytes(), data_key.as_bytes());
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn seal_capsule(recipient: &PublicKey, data_key: &DataKey) -> Result<Capsule, Error> {
	seal_capsule_with_rng(&mut OsRng, recipient, data_key)
}

/// [`seal_capsule`] with the randomness given explicitly (for deterministic test vectors): draws
/// the ephemeral X25519 secret key (32 bytes).
#[doc(hidden)]
pub fn seal_capsule_with_rng(
	rng: &mut impl CryptoRngCore,
	recipient: &PublicKey,
	data_key: &DataKey,
) -> Result<Capsule, Error> {
	if is_weak_public_key(recipient) {
		return Err(Error::WeakRecipientKey);
	}
	let sealed = crypto_box::PublicKey::from_bytes(*recipient)
		.seal(rng, data_key.as_bytes())
		.map_err(|_| Error::EncryptFailed)?;
	let mut capsule = [0u8; CAPSULE_LEN];
	let (public, sealed_key) = capsule.split_at_mut(PUBLIC_KEY_LEN);
	public.copy_from_slice(recipient);
	if sealed.len() != sealed_key.len() {
		return Err(Error::EncryptFailed);
	}
	sealed_key.copy_from_slice(&sealed);
	Ok(capsule)
}

/// Opens a capsule for `keypair`'s public key and returns the data key sealed in it.
///
/// See [`seal_capsule`] for an example.
pub fn open_capsule(keypair: &EncryptionKeypair, capsule: &[u8]) -> Result<DataKey, Error> {
	if capsule.len() != CAPSULE_LEN {
		return Err(Error::Malformed);
	}
	let (public, sealed_key) = capsule.split_at(PUBLIC_KEY_LEN);
	if public != keypair.public() {
		return Err(Error::NotARecipient);
	}
	let opened = Zeroizing::new(
		keypair.box_secret().unseal(sealed_key).map_err(|_| Error::CapsuleOpenFailed)?,
	);
	let key: [u8; DATA_KEY_LEN] =
		opened.as_slice().try_into().map_err(|_| Error::CapsuleOpenFailed)?;
	Ok(DataKey::from_bytes(key))
}

/// The parts of an envelope, borrowed from its bytes.
struct Envelope<'a> {
	nonce: &'a [u8],
	capsules: &'a [u8],
	ciphertext: &'a [u8],
}

/// Splits an envelope into its parts, checking the version and every length.
fn parse(bytes: &[u8]) -> Result<Envelope<'_>, Error> {
	let (&version, rest) = bytes.split_first().ok_or(Error::Malformed)?;
	if version != VERSION {
		return Err(Error::UnsupportedVersion(version));
	}
	let (nonce, rest) = rest.split_at_checked(NONCE_LEN).ok_or(Error::Malformed)?;
	let (&count, rest) = rest.split_first().ok_or(Error::Malformed)?;
	let count = usize::from(count);
	if !(1..=MAX_RECIPIENTS).contains(&count) {
		return Err(Error::Malformed);
	}
	let (capsules, ciphertext) = rest
		.split_at_checked(count.saturating_mul(CAPSULE_LEN))
		.ok_or(Error::Malformed)?;
	if ciphertext.len() < SALT_LEN.saturating_add(TAG_LEN) {
		return Err(Error::Malformed);
	}
	Ok(Envelope { nonce, capsules, ciphertext })
}

fn cipher(data_key: &DataKey) -> XChaCha20Poly1305 {
	XChaCha20Poly1305::new(Key::from_slice(data_key.as_bytes()))
}

/// Whether `public` is a small-order X25519 point (the shared secret with it is all zeros for
/// every secret key, so anyone could open a box sealed to it); libsodium refuses such keys too.
fn is_weak_public_key(public: &PublicKey) -> bool {
	// Clamped scalars are multiples of 8 below the large prime orders of the curve and its
	// twist, so the product is the identity (u = 0) exactly for points of order dividing 8.
	MontgomeryPoint(*public).mul_clamped([0xff; 32]).to_bytes() == [0u8; 32]
}
