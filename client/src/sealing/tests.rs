use super::*;
use rand_core::{CryptoRng, RngCore};
use std::collections::BTreeMap;

/// The format document; its fixtures are checked below so it cannot drift from the code.
const FORMAT_DOC: &str = include_str!("../../../docs/sealing-format.md");

/// The terms of the Rust test vectors (v1 and v2).
const VECTOR_TERMS: &str = r#"{"amount":"2500.00","currency":"EUR","rate_bps":450,"start":"2025-01-01","schedule":"monthly","installments":12}"#;

/// The envelope of the Rust v1 test vector (see `docs/sealing-format.md`).
const VECTOR_ENVELOPE_V1: &str = concat!(
	"01202122232425262728292a2b2c2d2e2f303132333435363702dc2cca31e8e4",
	"3bbd91dff7e475cca3347eb478107d5bd765aba4ae4a30c35d44a02090967476",
	"345dfe80b7d871054541823a61e1441f21584bc85148f5f9ef0d93d3be48196f",
	"900bc88bb21f503dbdafa3fe1f72f2d761c683a5a6844dfe24bcd98908a0e4b6",
	"94698f4ad8ad936c6be3736845d54e87de09d6bb114aa7042c50a4a015bd9901",
	"d1a0026f5956533a15191349ac6a06c18c9fb1cc6f15b1907ca645b45fe52471",
	"6d690bb29f354dffa76e44fc14e8e6a61de0a7ba47536559705d815149ab2da2",
	"ec44bcbba579e7468515802860e8e4607d81f4c06258998b3e7e9dd8cf48ffb2",
	"920cb037da36c4ca8f5eadc443af4b06902279f8c6b293a4749d4a63412fae96",
	"487a709e177c88a1062a59e38fe7cea488a6a2f51c6c05fa050b600273d16fec",
	"73126f4f928ecd701a950052defa108a2fc8e0a6266b9a105f47cf061f1f6de5",
	"1084856c5a2c261ebdfcede362c6a1cb326de2c8a2832a582e38b72c0a82a971",
	"13cd46f96c9fb617b814b8f5809073281554ebc50b4634d52509",
);

/// The envelope of the Rust v2 test vector (see `docs/sealing-format.md`).
const VECTOR_ENVELOPE_V2: &str = concat!(
	"02202122232425262728292a2b2c2d2e2f303132333435363702a02090967476",
	"345dfe80b7d871054541823a61e1441f21584bc85148f5f9ef0d93d3be48196f",
	"900bc88bb21f503dbdafa3fe1f72f2d761c683a5a6844dfe24bcd98908a0e4b6",
	"94698f4ad8ad936c6be31349ac6a06c18c9fb1cc6f15b1907ca645b45fe52471",
	"6d690bb29f354dffa76e44fc14e8e6a61de0a7ba47536559705d815149ab2da2",
	"ec44bcbba579e7468515802860e8e4607d81f4c06258998b3e7e9dd8cf48ffb2",
	"920cb037da36c4ca8f5eadc443af4b06902279f8c6b293a4749d41412042bac1",
	"47633dd15b3a9fab14365ce39de5dcf7dff8f2f3077d0ebd514a5c751bd1069b",
	"53513708bf8dc96667cd4414ccec06cc6b85b0a17030ca564d4fd8191f1c75f8",
	"1197847e186d6259aaeae9e32489efc37f39b4cda1947c1c6028fb735c8aab6e",
	"0ac944e172d8e252f94b71f5de6f8c9e37f94a0d7c37ec76bc5cc4f9f567fb52",
	"ea764c5002c9045b31947b0f4c9e1146087edfa843f41b64942c2996eaf25324",
	"7554e67e997347c5dc8bea23686a5e4124abd61caabd6ae46efdb223ed29b775",
	"d942aefb9732583ad1f1d50c32fd0df79d181b6e52efab9c5dcc2a44e502bf50",
	"81b772b626153af79fc9",
);

/// A deterministic "random" source for test vectors: the bytes 0x00, 0x01, 0x02, ... in turn.
struct CountingRng(u8);

impl RngCore for CountingRng {
	fn next_u32(&mut self) -> u32 {
		rand_core::impls::next_u32_via_fill(self)
	}
	fn next_u64(&mut self) -> u64 {
		rand_core::impls::next_u64_via_fill(self)
	}
	fn fill_bytes(&mut self, dest: &mut [u8]) {
		for byte in dest {
			*byte = self.0;
			self.0 = self.0.wrapping_add(1);
		}
	}
	fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
		self.fill_bytes(dest);
		Ok(())
	}
}

// Only for deterministic test vectors: the bytes are predictable.
impl CryptoRng for CountingRng {}

/// `count` bytes counting up from `first`.
fn counting<const N: usize>(first: u8) -> [u8; N] {
	let mut bytes = [0u8; N];
	CountingRng(first).fill_bytes(&mut bytes);
	bytes
}

const GENESIS: GenesisHash = [0x6e; 32];
const OTHER_GENESIS: GenesisHash = [0x6f; 32];
const TERMS: &[u8] = br#"{"amount":"1000.00","currency":"EUR","rate_bps":450}"#;

/// A sealed loan between a borrower and a lender, with everything needed to open it.
struct Loan {
	borrower: EncryptionKeypair,
	lender: EncryptionKeypair,
	salt: Salt,
	commitment: Commitment,
	envelope: Vec<u8>,
}

fn sealed_loan() -> Loan {
	let borrower = EncryptionKeypair::generate();
	let lender = EncryptionKeypair::generate();
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	let envelope =
		seal_terms(TERMS, &salt, &GENESIS, &commitment, &[borrower.public(), lender.public()])
			.expect("sealing succeeds");
	Loan { borrower, lender, salt, commitment, envelope }
}

/// Offset of the ciphertext in a v2 envelope with `recipients` sealed data keys.
fn ciphertext_offset(recipients: usize) -> usize {
	HEADER_LEN + recipients * SEALED_KEY_LEN
}

/// A v2 envelope whose plaintext is `plaintext` exactly (not built by the sealer, so it may break
/// the format's rules), encrypted with `data_key` under the v2 binding so the AEAD passes.
fn seal_crafted_plaintext(
	data_key: &DataKey,
	plaintext: &[u8],
	commitment: &Commitment,
	recipients: &[PublicKey],
) -> Vec<u8> {
	let nonce = [0x4e; NONCE_LEN];
	let mut envelope = vec![VERSION];
	envelope.extend_from_slice(&nonce);
	envelope.push(u8::try_from(recipients.len()).expect("few recipients"));
	for recipient in recipients {
		envelope
			.extend_from_slice(&seal_key_with_rng(&mut OsRng, recipient, data_key).expect("seals"));
	}
	let ciphertext = cipher(data_key)
		.encrypt(
			XNonce::from_slice(&nonce),
			Payload { msg: plaintext, aad: &loan_binding_v2(&GENESIS, commitment) },
		)
		.expect("encrypts");
	envelope.extend_from_slice(&ciphertext);
	envelope
}

/// The v2 plaintext the sealer would build: salt, length, terms and zero padding to `padded`.
fn padded_plaintext(salt: &Salt, terms: &[u8], padded: usize) -> Vec<u8> {
	let terms_len = u32::try_from(terms.len()).expect("short");
	super::padded_plaintext(salt, terms_len, terms, padded).to_vec()
}

/// A v1 envelope, as v1 sealers built it (the module no longer writes v1): drawing the data key,
/// the nonce, then each capsule's ephemeral secret key from `rng`.
fn seal_v1(
	rng: &mut impl CryptoRngCore,
	terms: &[u8],
	salt: &Salt,
	genesis_hash: &GenesisHash,
	commitment: &Commitment,
	recipients: &[PublicKey],
) -> Vec<u8> {
	let data_key = DataKey::generate_with(rng);
	let mut nonce = [0u8; NONCE_LEN];
	rng.fill_bytes(&mut nonce);
	let mut envelope = vec![VERSION_V1];
	envelope.extend_from_slice(&nonce);
	envelope.push(u8::try_from(recipients.len()).expect("few recipients"));
	for recipient in recipients {
		envelope
			.extend_from_slice(&seal_capsule_with_rng(rng, recipient, &data_key).expect("seals"));
	}
	let mut plaintext = salt.to_vec();
	plaintext.extend_from_slice(terms);
	let ciphertext = cipher(&data_key)
		.encrypt(
			XNonce::from_slice(&nonce),
			Payload { msg: &plaintext, aad: &loan_binding(genesis_hash, commitment) },
		)
		.expect("encrypts");
	envelope.extend_from_slice(&ciphertext);
	envelope
}

/// A v1 loan between a fresh borrower and lender, sealed with [`seal_v1`].
fn sealed_loan_v1() -> Loan {
	let borrower = EncryptionKeypair::generate();
	let lender = EncryptionKeypair::generate();
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	let envelope = seal_v1(
		&mut OsRng,
		TERMS,
		&salt,
		&GENESIS,
		&commitment,
		&[borrower.public(), lender.public()],
	);
	Loan { borrower, lender, salt, commitment, envelope }
}

#[test]
fn borrower_and_lender_both_open_the_terms() {
	let loan = sealed_loan();
	assert_eq!(loan.envelope[0], VERSION);
	assert_eq!(Some(loan.envelope.len()), envelope_len(2, TERMS.len()));
	for keypair in [&loan.borrower, &loan.lender] {
		let opened = open_terms(keypair, &GENESIS, &loan.commitment, &loan.envelope)
			.expect("a recipient opens the terms");
		assert_eq!(opened.terms.as_slice(), TERMS);
		assert_eq!(*opened.salt, loan.salt);
	}
	// Both sealed data keys hold the same data key.
	let borrower_key = open_data_key(&loan.borrower, &loan.envelope).expect("borrower's key");
	let lender_key = open_data_key(&loan.lender, &loan.envelope).expect("lender's key");
	assert_eq!(borrower_key.as_bytes(), lender_key.as_bytes());
}

#[test]
fn envelope_layout_matches_the_format() {
	let borrower = EncryptionKeypair::from_secret([1; 32]);
	let lender = EncryptionKeypair::from_secret([2; 32]);
	let salt = [3u8; 32];
	let commitment = commitment(TERMS, &salt);
	let envelope = seal_terms_with_rng(
		&mut CountingRng(0),
		TERMS,
		&salt,
		&GENESIS,
		&commitment,
		&[borrower.public(), lender.public()],
	)
	.expect("sealing succeeds");

	assert_eq!(envelope[0], VERSION);
	// The nonce is drawn after the 32-byte data key.
	assert_eq!(envelope[1..25], counting::<24>(32));
	assert_eq!(envelope[25], 2);
	// Each sealed key starts with its ephemeral public key, drawn after the nonce.
	let first_ephemeral = EncryptionKeypair::from_secret(counting(56));
	assert_eq!(envelope[26..58], first_ephemeral.public());
	let second_ephemeral = EncryptionKeypair::from_secret(counting(88));
	assert_eq!(envelope[106..138], second_ephemeral.public());
	// No recipient key appears anywhere in the envelope.
	for public in [borrower.public(), lender.public()] {
		assert!(!envelope.windows(PUBLIC_KEY_LEN).any(|window| window == public));
	}
	assert_eq!(envelope.len(), ciphertext_offset(2) + 256 + TAG_LEN);

	// The ciphertext is XChaCha20-Poly1305 of salt || u32le(len) || terms || zeros under the data
	// key and the v2 binding.
	let plaintext = padded_plaintext(&salt, TERMS, 256);
	assert_eq!(plaintext[32..36], [u8::try_from(TERMS.len()).expect("short"), 0, 0, 0]);
	let expected = XChaCha20Poly1305::new(Key::from_slice(&counting::<32>(0)))
		.encrypt(
			XNonce::from_slice(&counting::<24>(32)),
			Payload { msg: &plaintext, aad: &loan_binding_v2(&GENESIS, &commitment) },
		)
		.expect("encrypts");
	assert_eq!(envelope[ciphertext_offset(2)..], expected[..]);
}

#[test]
fn bindings_are_context_genesis_and_commitment() {
	for (binding, context) in [
		(loan_binding(&[0xaa; 32], &[0xbb; 32]), b"loanchain:terms:v1"),
		(loan_binding_v2(&[0xaa; 32], &[0xbb; 32]), b"loanchain:terms:v2"),
	] {
		let mut expected = context.to_vec();
		expected.extend_from_slice(&[0xaa; 32]);
		expected.extend_from_slice(&[0xbb; 32]);
		assert_eq!(binding[..], expected[..]);
	}
}

#[test]
fn commitment_is_blake2b_256_of_terms_then_salt() {
	// blake2b-256 (a 32-byte digest, not a truncated blake2b-512) of the empty input.
	assert_eq!(
		hex::encode(Blake2b::<U32>::digest(b"")),
		"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
	);
	let salt = [5u8; 32];
	let mut input = TERMS.to_vec();
	input.extend_from_slice(&salt);
	assert_eq!(commitment(TERMS, &salt)[..], Blake2b::<U32>::digest(&input)[..]);
}

#[test]
fn constants_match_the_format() {
	assert_eq!(SEALED_KEY_LEN, 80);
	assert_eq!(CAPSULE_LEN, 112);
	assert_eq!(HEADER_LEN, 26);
	assert_eq!(PLAINTEXT_PREFIX_LEN, 36);
	assert_eq!(BUCKETS, [256, 512, 1024, 2048, 3072]);
	assert_eq!(MAX_TERMS_LEN, 3036);
	assert_eq!(MAX_ENVELOPE_LEN, 3754);
	assert_eq!(envelope_len(MAX_RECIPIENTS, MAX_TERMS_LEN), Some(MAX_ENVELOPE_LEN));
	// The chain's `MaxSealedTermsLen`.
	const { assert!(MAX_ENVELOPE_LEN <= 4096) };
}

#[test]
fn terms_pad_to_the_smallest_bucket_that_fits() {
	let borrower = EncryptionKeypair::generate();
	let salt = new_salt();
	// The last length of each bucket and the first of the next.
	for (terms_len, bucket) in [
		(0, 256),
		(220, 256),
		(221, 512),
		(476, 512),
		(477, 1024),
		(988, 1024),
		(989, 2048),
		(2012, 2048),
		(2013, 3072),
		(3036, 3072),
	] {
		let terms = vec![b'x'; terms_len];
		let commitment = commitment(&terms, &salt);
		let envelope = seal_terms(&terms, &salt, &GENESIS, &commitment, &[borrower.public()])
			.expect("sealing succeeds");
		assert_eq!(padded_len(terms_len), Some(bucket), "{terms_len} bytes of terms");
		assert_eq!(envelope.len(), HEADER_LEN + SEALED_KEY_LEN + bucket + TAG_LEN);
		assert_eq!(Some(envelope.len()), envelope_len(1, terms_len));
		let opened = open_terms(&borrower, &GENESIS, &commitment, &envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), terms.as_slice());
		assert_eq!(*opened.salt, salt);
	}
}

#[test]
fn terms_beyond_the_largest_bucket_are_too_long() {
	let borrower = EncryptionKeypair::generate();
	let salt = new_salt();
	for terms_len in [MAX_TERMS_LEN + 1, 3072, 4096, 100_000] {
		let terms = vec![b'x'; terms_len];
		assert_eq!(
			seal_terms(&terms, &salt, &GENESIS, &commitment(&terms, &salt), &[borrower.public()])
				.unwrap_err(),
			Error::TermsTooLong,
			"{terms_len} bytes of terms",
		);
		assert_eq!(
			commit_and_seal(&terms, &GENESIS, &[borrower.public()]).unwrap_err(),
			Error::TermsTooLong
		);
		assert_eq!(padded_len(terms_len), None);
		assert_eq!(envelope_len(2, terms_len), None);
	}
}

#[test]
fn envelope_length_depends_only_on_recipients_and_bucket() {
	let keypairs: Vec<_> = (0..MAX_RECIPIENTS).map(|_| EncryptionKeypair::generate()).collect();
	let publics: Vec<_> = keypairs.iter().map(EncryptionKeypair::public).collect();
	for count in 1..=MAX_RECIPIENTS {
		let lengths: Vec<_> = [0, 10, 200, 220, 221]
			.into_iter()
			.map(|terms_len| {
				let terms = vec![b'y'; terms_len];
				let salt = new_salt();
				seal_terms(&terms, &salt, &GENESIS, &commitment(&terms, &salt), &publics[..count])
					.expect("seals")
					.len()
			})
			.collect();
		let small = HEADER_LEN + count * SEALED_KEY_LEN + 256 + TAG_LEN;
		assert_eq!(lengths, [small, small, small, small, small + 256], "{count} recipients");
		assert_eq!(envelope_len(count, 10), Some(small));
	}
	assert_eq!(envelope_len(0, 10), None);
	assert_eq!(envelope_len(MAX_RECIPIENTS + 1, 10), None);
}

#[test]
fn a_tampered_ciphertext_byte_fails_to_decrypt() {
	let loan = sealed_loan();
	let start = ciphertext_offset(2);
	// The salt, the length field, the terms, the padding and the tag.
	for position in
		[start, start + SALT_LEN, start + SALT_LEN + 7, start + 250, loan.envelope.len() - 1]
	{
		let mut envelope = loan.envelope.clone();
		envelope[position] ^= 0x01;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::DecryptFailed,
			"byte {position} altered",
		);
	}
	// The nonce is bound too.
	let mut envelope = loan.envelope.clone();
	envelope[1] ^= 0x01;
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::DecryptFailed,
	);
}

#[test]
fn a_tampered_sealed_key_opens_for_nobody_but_leaves_the_others() {
	let loan = sealed_loan();
	// Alter the borrower's sealed data key (the first one); by trial, it no longer opens.
	let mut envelope = loan.envelope.clone();
	envelope[HEADER_LEN + 40] ^= 0x80;
	assert_eq!(
		open_terms(&loan.borrower, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::NotARecipient,
	);
	// The lender's sealed data key is untouched and still opens.
	assert!(open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).is_ok());
}

#[test]
fn a_capsule_for_another_secret_fails_to_open() {
	let holder = EncryptionKeypair::generate();
	let other = EncryptionKeypair::generate();
	let data_key = DataKey::generate();
	// A capsule sealed to `other` but labelled with `holder`'s public key.
	let mut capsule = seal_capsule(&other.public(), &data_key).expect("seals");
	capsule[..PUBLIC_KEY_LEN].copy_from_slice(&holder.public());
	assert_eq!(open_capsule(&holder, &capsule).unwrap_err(), Error::CapsuleOpenFailed);
}

#[test]
fn a_key_without_a_sealed_data_key_is_not_a_recipient() {
	let loan = sealed_loan();
	let stranger = EncryptionKeypair::generate();
	assert_eq!(
		open_terms(&stranger, &GENESIS, &loan.commitment, &loan.envelope).unwrap_err(),
		Error::NotARecipient,
	);
	assert_eq!(open_data_key(&stranger, &loan.envelope).unwrap_err(), Error::NotARecipient);
}

#[test]
fn an_envelope_copied_to_another_loan_fails_to_decrypt() {
	let loan = sealed_loan();
	// Another loan's commitment (other terms) on the same chain.
	let other_commitment = commitment(br#"{"amount":"1.00"}"#, &loan.salt);
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &other_commitment, &loan.envelope).unwrap_err(),
		Error::DecryptFailed,
	);
}

#[test]
fn an_envelope_copied_to_another_chain_fails_to_decrypt() {
	let loan = sealed_loan();
	assert_eq!(
		open_terms(&loan.borrower, &OTHER_GENESIS, &loan.commitment, &loan.envelope).unwrap_err(),
		Error::DecryptFailed,
	);
}

#[test]
fn a_v2_ciphertext_relabelled_as_v1_fails() {
	// A v2 envelope whose version byte is set to v1 still parses (as two 112-byte capsules and
	// a shorter ciphertext), but the v1 binding and the split differ: it does not decrypt.
	let loan = sealed_loan();
	let data_key = open_data_key(&loan.lender, &loan.envelope).expect("lender's key");
	let mut envelope = loan.envelope.clone();
	envelope[0] = VERSION_V1;
	assert_eq!(
		decrypt_terms(&data_key, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::DecryptFailed,
	);
}

#[test]
fn terms_sealed_under_a_commitment_to_other_terms_are_a_mismatch() {
	// A lender claims the commitment of the agreed terms but seals different ones.
	let borrower = EncryptionKeypair::generate();
	let salt = new_salt();
	let agreed = commitment(TERMS, &salt);
	let envelope = seal_terms(
		br#"{"amount":"9000.00","currency":"EUR","rate_bps":4500}"#,
		&salt,
		&GENESIS,
		&agreed,
		&[borrower.public()],
	)
	.expect("sealing succeeds");
	assert_eq!(
		open_terms(&borrower, &GENESIS, &agreed, &envelope).unwrap_err(),
		Error::CommitmentMismatch,
	);
}

#[test]
fn short_truncated_and_extended_envelopes_are_malformed() {
	let loan = sealed_loan();
	// Every cut leaves a ciphertext of no bucket's length (or no complete header).
	for len in 0..loan.envelope.len() {
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &loan.envelope[..len])
				.unwrap_err(),
			Error::Malformed,
			"envelope cut to {len} bytes",
		);
	}
	let mut longer = loan.envelope.clone();
	longer.push(0);
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &loan.commitment, &longer).unwrap_err(),
		Error::Malformed,
	);
}

#[test]
fn invalid_recipient_counts_are_malformed() {
	let loan = sealed_loan();
	// 0 and 9 or more are out of range; 1 and 3 leave a ciphertext of no bucket's length.
	for count in [0u8, 1, 3, 9, 255] {
		let mut envelope = loan.envelope.clone();
		envelope[HEADER_LEN - 1] = count;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::Malformed,
			"recipient count {count}",
		);
	}
}

#[test]
fn non_zero_padding_is_malformed() {
	let reader = EncryptionKeypair::generate();
	let data_key = DataKey::generate();
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	let good = padded_plaintext(&salt, TERMS, 256);
	// The crafted envelope itself is sound: it opens.
	let envelope = seal_crafted_plaintext(&data_key, &good, &commitment, &[reader.public()]);
	let opened = open_terms(&reader, &GENESIS, &commitment, &envelope).expect("opens");
	assert_eq!(opened.terms.as_slice(), TERMS);

	for position in [PLAINTEXT_PREFIX_LEN + TERMS.len(), 200, 255] {
		let mut plaintext = good.clone();
		plaintext[position] = 1;
		let envelope =
			seal_crafted_plaintext(&data_key, &plaintext, &commitment, &[reader.public()]);
		assert_eq!(
			open_terms(&reader, &GENESIS, &commitment, &envelope).unwrap_err(),
			Error::Malformed,
			"padding byte {position} set",
		);
		assert_eq!(
			decrypt_terms(&data_key, &GENESIS, &commitment, &envelope).unwrap_err(),
			Error::Malformed,
		);
	}
}

#[test]
fn a_terms_length_beyond_the_bucket_is_malformed() {
	let reader = EncryptionKeypair::generate();
	let data_key = DataKey::generate();
	let salt = new_salt();
	// Terms that fill the 256-byte bucket exactly are fine.
	let full = vec![b'z'; 256 - PLAINTEXT_PREFIX_LEN];
	let full_commitment = commitment(&full, &salt);
	let envelope = seal_crafted_plaintext(
		&data_key,
		&padded_plaintext(&salt, &full, 256),
		&full_commitment,
		&[reader.public()],
	);
	let opened = open_terms(&reader, &GENESIS, &full_commitment, &envelope).expect("opens");
	assert_eq!(opened.terms.as_slice(), full.as_slice());

	let commitment = commitment(TERMS, &salt);
	for claimed in [221u32, 256, 3036, u32::MAX] {
		let mut plaintext = padded_plaintext(&salt, TERMS, 256);
		plaintext[SALT_LEN..PLAINTEXT_PREFIX_LEN].copy_from_slice(&claimed.to_le_bytes());
		let envelope =
			seal_crafted_plaintext(&data_key, &plaintext, &commitment, &[reader.public()]);
		assert_eq!(
			open_terms(&reader, &GENESIS, &commitment, &envelope).unwrap_err(),
			Error::Malformed,
			"terms length {claimed}",
		);
	}
	// A length shorter than the terms leaves non-zero bytes in the padding.
	let mut plaintext = padded_plaintext(&salt, TERMS, 256);
	plaintext[SALT_LEN..PLAINTEXT_PREFIX_LEN].copy_from_slice(&10u32.to_le_bytes());
	let envelope = seal_crafted_plaintext(&data_key, &plaintext, &commitment, &[reader.public()]);
	assert_eq!(
		open_terms(&reader, &GENESIS, &commitment, &envelope).unwrap_err(),
		Error::Malformed,
	);
}

#[test]
fn a_plaintext_of_no_bucket_length_is_malformed() {
	let reader = EncryptionKeypair::generate();
	let data_key = DataKey::generate();
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	for padded in [PLAINTEXT_PREFIX_LEN + TERMS.len(), 255, 257, 4096] {
		let envelope = seal_crafted_plaintext(
			&data_key,
			&padded_plaintext(&salt, TERMS, padded),
			&commitment,
			&[reader.public()],
		);
		assert_eq!(
			open_terms(&reader, &GENESIS, &commitment, &envelope).unwrap_err(),
			Error::Malformed,
			"plaintext of {padded} bytes",
		);
	}
}

#[test]
fn capsules_of_the_wrong_length_are_malformed() {
	let reader = EncryptionKeypair::generate();
	let capsule = seal_capsule(&reader.public(), &DataKey::generate()).expect("seals");
	assert_eq!(open_capsule(&reader, &capsule[..CAPSULE_LEN - 1]).unwrap_err(), Error::Malformed);
	let mut longer = capsule.to_vec();
	longer.push(0);
	assert_eq!(open_capsule(&reader, &longer).unwrap_err(), Error::Malformed);
}

#[test]
fn other_versions_are_unsupported() {
	let loan = sealed_loan();
	for version in [0u8, 3, 255] {
		let mut envelope = loan.envelope.clone();
		envelope[0] = version;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::UnsupportedVersion(version),
		);
	}
	// The version is read before anything else, so a bare version 3 byte says so too; bare
	// versions 1 and 2 are truncated envelopes.
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &loan.commitment, &[3]).unwrap_err(),
		Error::UnsupportedVersion(3),
	);
	for version in [VERSION_V1, VERSION] {
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &[version]).unwrap_err(),
			Error::Malformed,
		);
	}
}

#[test]
fn at_most_eight_recipients() {
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	let keypairs: Vec<_> = (0..9).map(|_| EncryptionKeypair::generate()).collect();
	let publics: Vec<_> = keypairs.iter().map(EncryptionKeypair::public).collect();

	assert_eq!(
		seal_terms(TERMS, &salt, &GENESIS, &commitment, &publics).unwrap_err(),
		Error::TooManyRecipients,
	);
	let too_many = vec![keypairs[0].public(); 300];
	assert_eq!(
		seal_terms(TERMS, &salt, &GENESIS, &commitment, &too_many).unwrap_err(),
		Error::TooManyRecipients,
	);
	assert_eq!(
		seal_terms(TERMS, &salt, &GENESIS, &commitment, &[]).unwrap_err(),
		Error::NoRecipients,
	);

	let envelope =
		seal_terms(TERMS, &salt, &GENESIS, &commitment, &publics[..8]).expect("eight recipients");
	assert_eq!(Some(envelope.len()), envelope_len(8, TERMS.len()));
	for keypair in &keypairs[..8] {
		let opened = open_terms(keypair, &GENESIS, &commitment, &envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), TERMS);
	}
	assert_eq!(
		open_terms(&keypairs[8], &GENESIS, &commitment, &envelope).unwrap_err(),
		Error::NotARecipient,
	);

	// Eight recipients and the longest terms still fit the chain's 4096 bytes.
	let longest = vec![b'w'; MAX_TERMS_LEN];
	let longest_commitment = self::commitment(&longest, &salt);
	let envelope = seal_terms(&longest, &salt, &GENESIS, &longest_commitment, &publics[..8])
		.expect("the longest terms for eight recipients");
	assert_eq!(envelope.len(), 3754);
	let opened = open_terms(&keypairs[7], &GENESIS, &longest_commitment, &envelope).expect("opens");
	assert_eq!(opened.terms.as_slice(), longest.as_slice());
}

#[test]
fn weak_recipient_keys_are_refused() {
	let salt = new_salt();
	let commitment = commitment(TERMS, &salt);
	let key = |hex_key: &str| -> PublicKey {
		hex::decode(hex_key).expect("hex").try_into().expect("32 bytes")
	};
	// Points of order dividing 8 (libsodium's list), their non-canonical encodings (u + p) and
	// an encoding with the ignored high bit set.
	let weak = [
		key("0000000000000000000000000000000000000000000000000000000000000000"),
		key("0100000000000000000000000000000000000000000000000000000000000000"),
		key("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
		key("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
		key("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		key("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		key("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		key("0000000000000000000000000000000000000000000000000000000000000080"),
	];
	for weak in weak {
		assert_eq!(
			seal_terms(TERMS, &salt, &GENESIS, &commitment, &[weak]).unwrap_err(),
			Error::WeakRecipientKey,
			"{}",
			hex::encode(weak),
		);
		assert_eq!(seal_capsule(&weak, &DataKey::generate()).unwrap_err(), Error::WeakRecipientKey);
	}
	// Ordinary keys are accepted, including the base point itself (u = 9).
	let mut base_point = [0u8; 32];
	base_point[0] = 9;
	assert!(!is_weak_public_key(&base_point));
	assert!(!is_weak_public_key(&EncryptionKeypair::generate().public()));
}

#[test]
fn a_capsule_grants_a_reader_the_same_data_key() {
	let loan = sealed_loan();
	let reader = EncryptionKeypair::generate();
	let data_key = open_data_key(&loan.lender, &loan.envelope).expect("lender's key");
	let capsule = seal_capsule(&reader.public(), &data_key).expect("seals");
	// Grant and delivery capsules keep the recipient key in front: the chain checks it.
	assert_eq!(capsule.len(), CAPSULE_LEN);
	assert_eq!(capsule[..PUBLIC_KEY_LEN], reader.public());

	// The capsule is addressed to the reader only.
	assert_eq!(open_capsule(&loan.borrower, &capsule).unwrap_err(), Error::NotARecipient);
	let reader_key = open_capsule(&reader, &capsule).expect("reader capsule");
	assert_eq!(reader_key.as_bytes(), data_key.as_bytes());

	let opened =
		decrypt_terms(&reader_key, &GENESIS, &loan.commitment, &loan.envelope).expect("decrypts");
	assert_eq!(opened.terms.as_slice(), TERMS);
	// Another data key does not decrypt the envelope.
	assert_eq!(
		decrypt_terms(&DataKey::generate(), &GENESIS, &loan.commitment, &loan.envelope)
			.unwrap_err(),
		Error::DecryptFailed,
	);
}

#[test]
fn commit_and_seal_commits_to_the_sealed_terms() {
	let lender = EncryptionKeypair::generate();
	let sealed = commit_and_seal(TERMS, &GENESIS, &[lender.public()]).expect("seals");
	assert_eq!(sealed.envelope[0], VERSION);
	assert_eq!(sealed.commitment, commitment(TERMS, &sealed.salt));
	let opened =
		open_terms(&lender, &GENESIS, &sealed.commitment, &sealed.envelope).expect("opens");
	assert_eq!(*opened.salt, *sealed.salt);
}

#[test]
fn debug_output_hides_secrets() {
	let data_key = DataKey::from_bytes([0x5c; 32]);
	assert_eq!(format!("{data_key:?}"), "DataKey(..)");
	let opened = OpenedTerms {
		salt: Zeroizing::new([0x5c; 32]),
		terms: Zeroizing::new(b"secret terms".to_vec()),
	};
	assert_eq!(format!("{opened:?}"), "OpenedTerms { terms_len: 12, .. }");
}

// v1 envelopes (opening only): they stay on chain, so every rule of v1 opening still holds.

#[test]
fn v1_envelopes_still_open() {
	let loan = sealed_loan_v1();
	assert_eq!(loan.envelope[0], VERSION_V1);
	assert_eq!(
		loan.envelope.len(),
		HEADER_LEN + 2 * CAPSULE_LEN + SALT_LEN + TERMS.len() + TAG_LEN
	);
	for keypair in [&loan.borrower, &loan.lender] {
		let opened =
			open_terms(keypair, &GENESIS, &loan.commitment, &loan.envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), TERMS);
		assert_eq!(*opened.salt, loan.salt);
	}
	// A reader with a grant capsule decrypts a v1 envelope too.
	let reader = EncryptionKeypair::generate();
	let data_key = open_data_key(&loan.borrower, &loan.envelope).expect("borrower's key");
	let capsule = seal_capsule(&reader.public(), &data_key).expect("seals");
	let reader_key = open_capsule(&reader, &capsule).expect("opens");
	let opened =
		decrypt_terms(&reader_key, &GENESIS, &loan.commitment, &loan.envelope).expect("decrypts");
	assert_eq!(opened.terms.as_slice(), TERMS);
}

#[test]
fn v1_failures_keep_their_names() {
	let loan = sealed_loan_v1();
	let open = |envelope: &[u8]| open_terms(&loan.lender, &GENESIS, &loan.commitment, envelope);
	let v1_ciphertext = HEADER_LEN + 2 * CAPSULE_LEN;

	// An altered capsule labelled with the reader's key: CapsuleOpenFailed (v1 finds it by key).
	let mut envelope = loan.envelope.clone();
	envelope[HEADER_LEN + CAPSULE_LEN + PUBLIC_KEY_LEN + 40] ^= 0x80;
	assert_eq!(open(&envelope).unwrap_err(), Error::CapsuleOpenFailed);
	assert!(open_terms(&loan.borrower, &GENESIS, &loan.commitment, &envelope).is_ok());

	// An altered ciphertext, another loan, another chain: DecryptFailed.
	let mut envelope = loan.envelope.clone();
	envelope[v1_ciphertext + 3] ^= 0x01;
	assert_eq!(open(&envelope).unwrap_err(), Error::DecryptFailed);
	assert_eq!(
		open_terms(&loan.lender, &OTHER_GENESIS, &loan.commitment, &loan.envelope).unwrap_err(),
		Error::DecryptFailed,
	);

	// A stranger: NotARecipient.
	let stranger = EncryptionKeypair::generate();
	assert_eq!(
		open_terms(&stranger, &GENESIS, &loan.commitment, &loan.envelope).unwrap_err(),
		Error::NotARecipient,
	);

	// Cut below the minimum: Malformed; above it, the ciphertext no longer authenticates.
	let minimum = v1_ciphertext + SALT_LEN + TAG_LEN;
	for len in 0..minimum {
		assert_eq!(open(&loan.envelope[..len]).unwrap_err(), Error::Malformed, "cut to {len}");
	}
	for len in minimum..loan.envelope.len() {
		assert_eq!(open(&loan.envelope[..len]).unwrap_err(), Error::DecryptFailed, "cut to {len}");
	}

	// Counts out of range are malformed; a count of one hides the lender's capsule.
	for count in [0u8, 3, 9, 255] {
		let mut envelope = loan.envelope.clone();
		envelope[HEADER_LEN - 1] = count;
		assert_eq!(open(&envelope).unwrap_err(), Error::Malformed, "capsule count {count}");
	}
	let mut envelope = loan.envelope.clone();
	envelope[HEADER_LEN - 1] = 1;
	assert_eq!(open(&envelope).unwrap_err(), Error::NotARecipient);
}

#[test]
fn a_v1_ciphertext_relabelled_as_v2_fails() {
	let loan = sealed_loan_v1();
	let data_key = open_data_key(&loan.lender, &loan.envelope).expect("lender's key");
	let mut envelope = loan.envelope.clone();
	envelope[0] = VERSION;
	// As v2 the bytes split differently and the ciphertext fits no bucket.
	assert_eq!(
		decrypt_terms(&data_key, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::Malformed,
	);
}

/// The fields of the fixture `name` in `docs/sealing-format.md`: the lines `key: value` of the
/// `text` block that starts with `fixture: name`; indented lines continue the previous value.
fn doc_fixture(name: &str) -> BTreeMap<String, String> {
	let start = format!("```text\nfixture: {name}\n");
	let block = FORMAT_DOC
		.split_once(&start)
		.and_then(|(_, rest)| rest.split_once("```"))
		.map(|(block, _)| block)
		.unwrap_or_else(|| panic!("docs/sealing-format.md has no fixture {name}"));
	let mut fields = BTreeMap::<String, String>::new();
	let mut last: Option<String> = None;
	for line in block.lines() {
		if let Some(more) = line.strip_prefix("  ") {
			let key = last.as_ref().expect("a continuation follows a field");
			if let Some(value) = fields.get_mut(key) {
				value.push_str(more.trim());
			}
		} else if let Some((key, value)) = line.split_once(':') {
			fields.insert(key.to_string(), value.trim().to_string());
			last = Some(key.to_string());
		}
	}
	fields
}

fn bytes32(fields: &BTreeMap<String, String>, key: &str) -> [u8; 32] {
	hex::decode(&fields[key]).expect("hex").try_into().expect("32 bytes")
}

/// Prints an envelope as the document lays it out (64 hex digits a line), to update a fixture.
fn print_hex(label: &str, bytes: &[u8]) {
	println!("{label} ({} bytes):", bytes.len());
	for line in hex::encode(bytes).as_bytes().chunks(64) {
		println!("  {}", std::str::from_utf8(line).expect("ascii"));
	}
}

/// The fixed inputs of the Rust fixtures (`rust-v1`, `rust-v2`).
struct Vector {
	borrower: EncryptionKeypair,
	lender: EncryptionKeypair,
	salt: Salt,
	genesis: GenesisHash,
	commitment: Commitment,
}

/// The Rust fixtures' inputs: keys, salt and genesis hash counting up from fixed bytes.
fn vector() -> Vector {
	let salt: Salt = counting(0x80);
	Vector {
		borrower: EncryptionKeypair::from_secret(counting(0xc0)),
		lender: EncryptionKeypair::from_secret(counting(0xe0)),
		salt,
		genesis: counting(0xa0),
		commitment: commitment(VECTOR_TERMS.as_bytes(), &salt),
	}
}

/// Checks the inputs every Rust fixture shares with the document's fixture `doc`.
fn assert_rust_vector_inputs(doc: &BTreeMap<String, String>) {
	let Vector { borrower, lender, salt, genesis, commitment } = vector();
	assert_eq!(doc["terms"], VECTOR_TERMS);
	assert_eq!(doc["salt"], hex::encode(salt));
	assert_eq!(doc["genesis hash"], hex::encode(genesis));
	assert_eq!(doc["commitment"], hex::encode(commitment));
	assert_eq!(doc["borrower secret key"], hex::encode(borrower.expose_secret()));
	assert_eq!(doc["borrower public key"], hex::encode(borrower.public()));
	assert_eq!(doc["lender secret key"], hex::encode(lender.expose_secret()));
	assert_eq!(doc["lender public key"], hex::encode(lender.public()));
	assert_eq!(doc["data key"], hex::encode(counting::<32>(0x00)));
	assert_eq!(doc["nonce"], hex::encode(counting::<24>(0x20)));
	assert_eq!(doc["borrower ephemeral secret key"], hex::encode(counting::<32>(0x38)));
	assert_eq!(doc["lender ephemeral secret key"], hex::encode(counting::<32>(0x58)));
}

/// Checks that a Rust fixture's `envelope` opens for both parties, and with the documented data
/// key, to the fixture's terms and salt.
fn assert_vector_opens(envelope: &[u8]) {
	let Vector { borrower, lender, salt, genesis, commitment } = vector();
	for keypair in [&borrower, &lender] {
		assert_eq!(
			open_data_key(keypair, envelope).expect("opens").as_bytes(),
			&counting::<32>(0x00)
		);
		let opened = open_terms(keypair, &genesis, &commitment, envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), VECTOR_TERMS.as_bytes());
		assert_eq!(*opened.salt, salt);
	}
	let opened =
		decrypt_terms(&DataKey::from_bytes(counting(0x00)), &genesis, &commitment, envelope)
			.expect("decrypts with the documented data key");
	assert_eq!(opened.terms.as_slice(), VECTOR_TERMS.as_bytes());
}

#[test]
fn rust_v2_test_vector_is_exact_and_documented() {
	let Vector { borrower, lender, salt, genesis, commitment } = vector();
	let envelope = seal_terms_with_rng(
		&mut CountingRng(0),
		VECTOR_TERMS.as_bytes(),
		&salt,
		&genesis,
		&commitment,
		&[borrower.public(), lender.public()],
	)
	.expect("sealing succeeds");
	print_hex("envelope", &envelope);
	print_hex("ct", &envelope[ciphertext_offset(2)..]);
	assert_eq!(hex::encode(&envelope), VECTOR_ENVELOPE_V2);
	assert_eq!(envelope.len(), 458);

	let doc = doc_fixture("rust-v2");
	assert_rust_vector_inputs(&doc);
	assert_eq!(doc["bucket"], "256");
	assert_eq!(doc["envelope"], VECTOR_ENVELOPE_V2);
	assert_eq!(doc["ct"], hex::encode(&envelope[ciphertext_offset(2)..]));

	assert_vector_opens(&envelope);

	// The sealed data keys are the sealed parts of the v1 vector's capsules.
	let v1 = hex::decode(VECTOR_ENVELOPE_V1).expect("hex");
	assert_eq!(envelope[26..106], v1[26 + PUBLIC_KEY_LEN..26 + CAPSULE_LEN]);
	assert_eq!(envelope[106..186], v1[138 + PUBLIC_KEY_LEN..138 + CAPSULE_LEN]);
}

#[test]
fn rust_v1_test_vector_is_exact_documented_and_opens() {
	let Vector { borrower, lender, salt, genesis, commitment } = vector();
	let envelope = seal_v1(
		&mut CountingRng(0),
		VECTOR_TERMS.as_bytes(),
		&salt,
		&genesis,
		&commitment,
		&[borrower.public(), lender.public()],
	);
	assert_eq!(hex::encode(&envelope), VECTOR_ENVELOPE_V1);

	let doc = doc_fixture("rust-v1");
	assert_rust_vector_inputs(&doc);
	assert_eq!(doc["envelope"], VECTOR_ENVELOPE_V1);

	assert_vector_opens(&envelope);
}

#[test]
fn libsodium_v2_fixture_opens_for_both_recipients() {
	let doc = doc_fixture("libsodium-v2");
	let commitment = bytes32(&doc, "commitment");
	let genesis = bytes32(&doc, "genesis hash");
	let envelope = hex::decode(&doc["envelope"]).expect("hex");
	assert_eq!(envelope[0], VERSION);
	// 258 bytes of terms: the 512-byte bucket.
	assert_eq!(doc["terms"].len(), 258);
	assert_eq!(Some(envelope.len()), envelope_len(2, doc["terms"].len()));

	let mut data_keys = Vec::new();
	for which in ["first", "second"] {
		let recipient =
			EncryptionKeypair::from_secret(bytes32(&doc, &format!("{which} recipient secret key")));
		assert_eq!(hex::encode(recipient.public()), doc[&format!("{which} recipient public key")]);
		let opened = open_terms(&recipient, &genesis, &commitment, &envelope)
			.expect("the envelope sealed by libsodium-wrappers opens");
		assert_eq!(opened.terms.as_slice(), doc["terms"].as_bytes());
		assert_eq!(hex::encode(*opened.salt), doc["salt"]);
		assert_eq!(commitment, self::commitment(&opened.terms, &opened.salt));
		data_keys.push(*open_data_key(&recipient, &envelope).expect("opens").as_bytes());
	}
	assert_eq!(data_keys[0], data_keys[1]);
	assert_eq!(
		open_terms(&EncryptionKeypair::generate(), &genesis, &commitment, &envelope).unwrap_err(),
		Error::NotARecipient,
	);
}

#[test]
fn libsodium_v1_fixture_opens() {
	let doc = doc_fixture("libsodium-v1");
	let recipient = EncryptionKeypair::from_secret(bytes32(&doc, "recipient secret key"));
	assert_eq!(hex::encode(recipient.public()), doc["recipient public key"]);
	let commitment = bytes32(&doc, "commitment");
	let envelope = hex::decode(&doc["envelope"]).expect("hex");
	assert_eq!(envelope[0], VERSION_V1);

	let opened = open_terms(&recipient, &bytes32(&doc, "genesis hash"), &commitment, &envelope)
		.expect("the envelope sealed by libsodium-wrappers opens");
	assert_eq!(opened.terms.as_slice(), doc["terms"].as_bytes());
	assert_eq!(hex::encode(*opened.salt), doc["salt"]);
	assert_eq!(commitment, self::commitment(&opened.terms, &opened.salt));
}
