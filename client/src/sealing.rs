//! Client-side sealing of loan terms: the commitment and the envelope formats v2 (written) and v1
//! (still read).
//!
//! A loan on chain carries a 32-byte `commitment` = blake2b-256(terms || salt) and opaque
//! `sealed_terms`. This module builds and opens those `sealed_terms` (the *envelope*):
//!
//! - a random 32-byte data key encrypts salt || length || terms, zero-padded to one of the
//!   [`BUCKETS`], with XChaCha20-Poly1305; the associated data is the loan's binding
//!   (`"loanchain:terms:v2"` || genesis hash || commitment), so an envelope copied to another
//!   loan or another chain does not decrypt, and its length tells only the bucket;
//! - the data key is sealed to each recipient's X25519 public key with libsodium's
//!   `crypto_box_seal`, with no recipient key in clear (a reader finds its sealed key by trying
//!   each); at most [`MAX_RECIPIENTS`] per envelope;
//! - opening recomputes the commitment from the decrypted salt and terms and compares it with the
//!   one on chain.
//!
//! Envelopes of format v1 (the recipient key in clear before each sealed key, no padding) are
//! still opened, since loans sealed with it stay on chain; nothing writes v1 any more. The
//! 112-byte key capsule of grants and paid-query deliveries ([`seal_capsule`]) keeps the
//! recipient key in front, because the chain checks it.
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

/// The envelope format version this module writes (the envelope's first byte); it also reads
/// [`VERSION_V1`].
pub const VERSION: u8 = 2;
/// The first envelope format version, still opened because envelopes sealed with it stay on chain.
pub const VERSION_V1: u8 = 1;
/// The most recipients (sealed data keys) one envelope may hold.
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
/// Length in bytes of a `crypto_box_seal` of the data key (ephemeral public key, tag, sealed key):
/// one recipient's entry in a v2 envelope.
pub const SEALED_KEY_LEN: usize = PUBLIC_KEY_LEN + TAG_LEN + DATA_KEY_LEN;
/// Length in bytes of a capsule: the recipient's public key followed by the sealed data key, as in
/// grants, paid-query deliveries and v1 envelopes.
pub const CAPSULE_LEN: usize = PUBLIC_KEY_LEN + SEALED_KEY_LEN;
/// Length in bytes of the envelope header: version, nonce and recipient count (both versions).
pub const HEADER_LEN: usize = 1 + NONCE_LEN + 1;
/// Length in bytes of the terms' length field in a v2 plaintext (a little-endian `u32`).
pub const TERMS_LEN_LEN: usize = 4;
/// Length in bytes of what precedes the terms in a v2 plaintext: the salt and the terms' length.
pub const PLAINTEXT_PREFIX_LEN: usize = SALT_LEN + TERMS_LEN_LEN;
/// The lengths in bytes a v2 plaintext is padded to; the smallest that fits is used, so the
/// envelope's length tells only which bucket the terms fall in.
pub const BUCKETS: [usize; 5] = [256, 512, 1024, 2048, 3072];
/// The longest terms, in bytes, that a v2 envelope holds (the largest bucket less the salt and the
/// length field); longer terms are refused with [`Error::TermsTooLong`].
pub const MAX_TERMS_LEN: usize = BUCKETS[BUCKETS.len() - 1] - PLAINTEXT_PREFIX_LEN;
/// The length in bytes of the longest v2 envelope (8 recipients, largest bucket), within the
/// chain's limit of 4096 bytes for `sealed_terms`.
pub const MAX_ENVELOPE_LEN: usize =
	HEADER_LEN + MAX_RECIPIENTS * SEALED_KEY_LEN + BUCKETS[BUCKETS.len() - 1] + TAG_LEN;
/// The ASCII prefix of the v1 loan binding (the associated data of a v1 envelope's encryption).
pub const BINDING_CONTEXT: &[u8; 18] = b"loanchain:terms:v1";
/// The ASCII prefix of the v2 loan binding; a label of its own binds the format version too.
pub const BINDING_CONTEXT_V2: &[u8; 18] = b"loanchain:terms:v2";
/// Length in bytes of the loan binding (either version): prefix, genesis hash and commitment.
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
	/// The envelope is too short, truncated, has an invalid recipient count, a ciphertext of no
	/// bucket's length, or (v2) a terms length or padding that does not fit its bucket.
	#[error(
		"the sealed terms are malformed (too short, truncated, with an invalid recipient count, \
		 length or padding); read them again from the chain"
	)]
	Malformed,
	/// The envelope uses a format version this client cannot read.
	#[error(
		"the sealed terms use format version {0}, but this client reads only versions 1 and 2; \
		 update the client"
	)]
	UnsupportedVersion(u8),
	/// No sealed data key of the envelope opens with this key pair (v1: none is labelled with
	/// its public key).
	#[error(
		"the sealed terms were not sealed for this encryption key; open them with the key of \
		 the borrower, the lender or a reader they were disclosed to"
	)]
	NotARecipient,
	/// The capsule labelled with this public key (a v1 envelope's, a grant's or a delivery's)
	/// does not open: wrong secret key or an altered capsule.
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
	/// The terms are longer than [`MAX_TERMS_LEN`], so they fit no padding bucket.
	#[error(
		"the terms are too long to seal: at most 3036 bytes fit the largest padding bucket; \
		 shorten the terms document"
	)]
	TermsTooLong,
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

/// The v1 loan binding, the associated data of a v1 envelope's encryption:
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
	binding(BINDING_CONTEXT, genesis_hash, commitment)
}

/// The v2 loan binding, the associated data of a v2 envelope's encryption (what sealing writes):
/// `"loanchain:terms:v2"` || genesis hash || commitment.
///
/// ```
/// use loanchain_client::sealing::{loan_binding_v2, BINDING_LEN};
///
/// let binding = loan_binding_v2(&[1; 32], &[2; 32]);
/// assert_eq!(binding.len(), BINDING_LEN);
/// assert!(binding.starts_with(b"loanchain:terms:v2"));
/// ```
pub fn loan_binding_v2(genesis_hash: &GenesisHash, commitment: &Commitment) -> [u8; BINDING_LEN] {
	binding(BINDING_CONTEXT_V2, genesis_hash, commitment)
}

/// `context` || genesis hash || commitment, the layout shared by both versions' bindings.
fn binding(
	context: &[u8; 18],
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
) -> [u8; BINDING_LEN] {
	let mut binding = [0u8; BINDING_LEN];
	let (prefix, rest) = binding.split_at_mut(context.len());
	let (genesis, commit) = rest.split_at_mut(32);
	prefix.copy_from_slice(context);
	genesis.copy_from_slice(genesis_hash);
	commit.copy_from_slice(commitment);
	binding
}

/// The length a v2 plaintext of `terms_len` bytes of terms is padded to: the smallest of the
/// [`BUCKETS`] that holds the salt, the length field and the terms, or `None` beyond
/// [`MAX_TERMS_LEN`].
///
/// ```
/// use loanchain_client::sealing::padded_len;
///
/// assert_eq!(padded_len(220), Some(256));
/// assert_eq!(padded_len(221), Some(512));
/// assert_eq!(padded_len(3036), Some(3072));
/// assert_eq!(padded_len(3037), None);
/// ```
pub const fn padded_len(terms_len: usize) -> Option<usize> {
	let needed = PLAINTEXT_PREFIX_LEN.saturating_add(terms_len);
	let mut i = 0;
	while i < BUCKETS.len() {
		if BUCKETS[i] >= needed {
			return Some(BUCKETS[i]);
		}
		i += 1;
	}
	None
}

/// The length of the v2 envelope that [`seal_terms`] writes for `recipients` recipients and
/// `terms_len` bytes of terms: 26 + 80 × recipients + the bucket ([`padded_len`]) + 16 bytes, or
/// `None` if sealing refuses them (no recipient, more than [`MAX_RECIPIENTS`], terms longer than
/// [`MAX_TERMS_LEN`]).
///
/// The length depends on the terms only through their bucket:
///
/// ```
/// use loanchain_client::sealing::{envelope_len, MAX_TERMS_LEN};
///
/// // Borrower and lender, terms of up to 220 bytes: the 256-byte bucket.
/// assert_eq!(envelope_len(2, 10), Some(458));
/// assert_eq!(envelope_len(2, 200), Some(458));
/// assert_eq!(envelope_len(8, MAX_TERMS_LEN), Some(3754));
/// assert_eq!(envelope_len(2, MAX_TERMS_LEN + 1), None);
/// ```
pub const fn envelope_len(recipients: usize, terms_len: usize) -> Option<usize> {
	if recipients == 0 || recipients > MAX_RECIPIENTS {
		return None;
	}
	match padded_len(terms_len) {
		Some(padded) => Some(HEADER_LEN + recipients * SEALED_KEY_LEN + padded + TAG_LEN),
		None => None,
	}
}

/// Seals `terms` and their `salt` for `recipients` (X25519 public keys, at most
/// [`MAX_RECIPIENTS`]), bound to the loan with `commitment` on the chain with `genesis_hash`, in an
/// envelope of format v2.
///
/// The commitment is taken as given: pass [`commitment`]`(terms, salt)`, or the recipients will
/// see [`Error::CommitmentMismatch`] (use [`commit_and_seal`] to compute it here). Terms longer
/// than [`MAX_TERMS_LEN`] are refused with [`Error::TermsTooLong`].
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
/// assert_eq!(Some(envelope.len()), sealing::envelope_len(2, terms.len()));
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
/// in order the ephemeral X25519 secret key of its sealed data key (32 bytes).
#[doc(hidden)]
pub fn seal_terms_with_rng(
	rng: &mut impl CryptoRngCore,
	terms: &[u8],
	salt: &Salt,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	recipients: &[PublicKey],
) -> Result<Vec<u8>, Error> {
	seal_v2_with_rng(rng, terms, salt, &loan_binding_v2(genesis_hash, commitment), recipients)
}

/// Seals `body` and `salt` for `recipients` in an envelope of format v2 whose associated data is
/// `binding`: the layout of [`seal_terms_with_rng`], which draws the same randomness.
fn seal_v2_with_rng(
	rng: &mut impl CryptoRngCore,
	terms: &[u8],
	salt: &Salt,
	binding: &[u8],
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
	let padded = padded_len(terms.len()).ok_or(Error::TermsTooLong)?;
	// Within the largest bucket, so the length fits its u32 field.
	let terms_len = u32::try_from(terms.len()).map_err(|_| Error::TermsTooLong)?;

	let data_key = DataKey::generate_with(rng);
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);

	let mut envelope =
		Vec::with_capacity(envelope_len(recipients.len(), terms.len()).unwrap_or_default());
	envelope.push(VERSION);
	envelope.extend_from_slice(&nonce);
	envelope.push(count);
	for recipient in recipients {
		envelope.extend_from_slice(&seal_key_with_rng(rng, recipient, &data_key)?);
	}

	let plaintext = padded_plaintext(salt, terms_len, terms, padded);
	let ciphertext = cipher(&data_key)
		.encrypt(XNonce::from_slice(&nonce), Payload { msg: &plaintext, aad: binding })
		.map_err(|_| Error::EncryptFailed)?;
	envelope.extend_from_slice(&ciphertext);
	Ok(envelope)
}

/// Seals `record` (at most [`MAX_TERMS_LEN`] bytes) for `recipients` in an envelope of format
/// v2 whose associated data is `binding`, with a fresh random salt in the salt's place: the
/// envelope of a sealed lender record (`docs/sealing-format.md`, "Other records"), which is
/// bound to what it describes by `binding` rather than by a commitment.
///
/// ```
/// use loanchain_client::{sealing, EncryptionKeypair};
///
/// let auditor = EncryptionKeypair::generate();
/// let sealed = sealing::seal_record(b"record", b"binding", &[auditor.public()])?;
/// assert_eq!(sealed.len(), sealing::envelope_len(1, 6).unwrap());
/// assert_eq!(sealing::open_record(&auditor, b"binding", &sealed)?.as_slice(), b"record");
/// assert!(sealing::open_record(&auditor, b"other", &sealed).is_err());
/// # Ok::<(), sealing::Error>(())
/// ```
pub fn seal_record(
	record: &[u8],
	binding: &[u8],
	recipients: &[PublicKey],
) -> Result<Vec<u8>, Error> {
	let salt = Zeroizing::new(new_salt());
	seal_v2_with_rng(&mut OsRng, record, &salt, binding, recipients)
}

/// Opens the v2 envelope of a record sealed with [`seal_record`] under `binding`, with the key
/// pair of one of its recipients, and returns the record.
pub fn open_record(
	keypair: &EncryptionKeypair,
	binding: &[u8],
	sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
	let data_key = open_data_key(keypair, sealed)?;
	let envelope = parse(sealed)?;
	if envelope.version != VERSION {
		return Err(Error::UnsupportedVersion(envelope.version));
	}
	let plaintext = Zeroizing::new(
		cipher(&data_key)
			.decrypt(
				XNonce::from_slice(envelope.nonce),
				Payload { msg: envelope.ciphertext, aad: binding },
			)
			.map_err(|_| Error::DecryptFailed)?,
	);
	let (_salt, record) = unpad(&plaintext)?;
	Ok(Zeroizing::new(record.to_vec()))
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

/// Opens the envelope `sealed_terms` (format v1 or v2) of the loan with `commitment` on the chain
/// with `genesis_hash`, with the key pair of one of its recipients, and checks that the terms
/// match the commitment.
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
/// // Someone else's key opens none of the envelope's sealed data keys.
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

/// The data key of the envelope `sealed_terms` for `keypair`: in a v2 envelope, from the first
/// sealed data key that opens with it (tried in turn, at most [`MAX_RECIPIENTS`]); in a v1
/// envelope, from the capsule labelled with its public key.
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
	if envelope.version == VERSION_V1 {
		let public = keypair.public();
		let capsule = envelope
			.capsules
			.chunks_exact(CAPSULE_LEN)
			.find(|capsule| capsule.starts_with(&public))
			.ok_or(Error::NotARecipient)?;
		return open_capsule(keypair, capsule);
	}
	let secret = keypair.box_secret();
	envelope
		.capsules
		.chunks_exact(SEALED_KEY_LEN)
		.find_map(|sealed_key| open_sealed_key(&secret, sealed_key).ok())
		.ok_or(Error::NotARecipient)
}

/// Decrypts the envelope `sealed_terms` (format v1 or v2) with its `data_key`, bound to the loan
/// with `commitment` on the chain with `genesis_hash`, and checks that the terms match the
/// commitment.
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
	type Split = fn(&[u8]) -> Result<(&[u8], &[u8]), Error>;
	let (binding, split): ([u8; BINDING_LEN], Split) = if envelope.version == VERSION_V1 {
		(loan_binding(genesis_hash, commitment), split_v1)
	} else {
		(loan_binding_v2(genesis_hash, commitment), unpad)
	};
	let plaintext = Zeroizing::new(
		cipher(data_key)
			.decrypt(
				XNonce::from_slice(envelope.nonce),
				Payload { msg: envelope.ciphertext, aad: &binding },
			)
			.map_err(|_| Error::DecryptFailed)?,
	);
	let (salt, terms) = split(&plaintext)?;
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
/// `crypto_box_seal`, prefixed by the recipient's public key: the 112-byte capsule of grants and
/// paid-query deliveries, whose recipient key the chain checks.
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
	let sealed = seal_key_with_rng(rng, recipient, data_key)?;
	let mut capsule = [0u8; CAPSULE_LEN];
	let (public, sealed_key) = capsule.split_at_mut(PUBLIC_KEY_LEN);
	public.copy_from_slice(recipient);
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
	open_sealed_key(&keypair.box_secret(), sealed_key)
}

/// `crypto_box_seal(data_key, recipient)`: the 80 bytes of one recipient, drawing the ephemeral
/// secret key from `rng`.
fn seal_key_with_rng(
	rng: &mut impl CryptoRngCore,
	recipient: &PublicKey,
	data_key: &DataKey,
) -> Result<[u8; SEALED_KEY_LEN], Error> {
	if is_weak_public_key(recipient) {
		return Err(Error::WeakRecipientKey);
	}
	let sealed = crypto_box::PublicKey::from_bytes(*recipient)
		.seal(rng, data_key.as_bytes())
		.map_err(|_| Error::EncryptFailed)?;
	sealed.as_slice().try_into().map_err(|_| Error::EncryptFailed)
}

/// `crypto_box_seal_open` of one sealed data key with `secret`; [`Error::CapsuleOpenFailed`] if it
/// was not sealed to that key or was altered.
fn open_sealed_key(secret: &crypto_box::SecretKey, sealed_key: &[u8]) -> Result<DataKey, Error> {
	let opened = Zeroizing::new(secret.unseal(sealed_key).map_err(|_| Error::CapsuleOpenFailed)?);
	let key: [u8; DATA_KEY_LEN] =
		opened.as_slice().try_into().map_err(|_| Error::CapsuleOpenFailed)?;
	Ok(DataKey::from_bytes(key))
}

/// The parts of an envelope, borrowed from its bytes.
struct Envelope<'a> {
	/// [`VERSION_V1`] or [`VERSION`].
	version: u8,
	nonce: &'a [u8],
	/// v1: `count` capsules of [`CAPSULE_LEN`] bytes; v2: `count` sealed keys of
	/// [`SEALED_KEY_LEN`] bytes.
	capsules: &'a [u8],
	ciphertext: &'a [u8],
}

/// Splits an envelope of either version into its parts, checking the version and every length.
fn parse(bytes: &[u8]) -> Result<Envelope<'_>, Error> {
	let (&version, rest) = bytes.split_first().ok_or(Error::Malformed)?;
	let entry_len = match version {
		VERSION_V1 => CAPSULE_LEN,
		VERSION => SEALED_KEY_LEN,
		other => return Err(Error::UnsupportedVersion(other)),
	};
	let (nonce, rest) = rest.split_at_checked(NONCE_LEN).ok_or(Error::Malformed)?;
	let (&count, rest) = rest.split_first().ok_or(Error::Malformed)?;
	let count = usize::from(count);
	if !(1..=MAX_RECIPIENTS).contains(&count) {
		return Err(Error::Malformed);
	}
	let (capsules, ciphertext) =
		rest.split_at_checked(count.saturating_mul(entry_len)).ok_or(Error::Malformed)?;
	let well_sized = if version == VERSION_V1 {
		ciphertext.len() >= SALT_LEN.saturating_add(TAG_LEN)
	} else {
		ciphertext
			.len()
			.checked_sub(TAG_LEN)
			.is_some_and(|padded| BUCKETS.contains(&padded))
	};
	if !well_sized {
		return Err(Error::Malformed);
	}
	Ok(Envelope { version, nonce, capsules, ciphertext })
}

/// The v2 plaintext of `terms` (`terms_len` bytes) and `salt`: salt, the length as a little-endian
/// u32, the terms, then zeros up to `padded`, the bucket.
fn padded_plaintext(
	salt: &Salt,
	terms_len: u32,
	terms: &[u8],
	padded: usize,
) -> Zeroizing<Vec<u8>> {
	let mut plaintext = Zeroizing::new(Vec::with_capacity(padded));
	plaintext.extend_from_slice(salt);
	plaintext.extend_from_slice(&terms_len.to_le_bytes());
	plaintext.extend_from_slice(terms);
	plaintext.resize(padded, 0);
	plaintext
}

/// Splits a decrypted v1 plaintext into salt and terms (everything after the salt).
fn split_v1(plaintext: &[u8]) -> Result<(&[u8], &[u8]), Error> {
	plaintext.split_at_checked(SALT_LEN).ok_or(Error::Malformed)
}

/// Splits a decrypted v2 plaintext into salt and terms: the length field must fit the bucket and
/// every padding byte after the terms must be zero.
fn unpad(plaintext: &[u8]) -> Result<(&[u8], &[u8]), Error> {
	let (salt, rest) = plaintext.split_at_checked(SALT_LEN).ok_or(Error::Malformed)?;
	let (terms_len, rest) = rest.split_at_checked(TERMS_LEN_LEN).ok_or(Error::Malformed)?;
	let terms_len = u32::from_le_bytes(terms_len.try_into().map_err(|_| Error::Malformed)?);
	let terms_len = usize::try_from(terms_len).map_err(|_| Error::Malformed)?;
	let (terms, padding) = rest.split_at_checked(terms_len).ok_or(Error::Malformed)?;
	if padding.iter().any(|&byte| byte != 0) {
		return Err(Error::Malformed);
	}
	Ok((salt, terms))
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
