use super::*;
use rand_core::{CryptoRng, RngCore};
use std::collections::BTreeMap;

/// The format document; its fixtures are checked below so it cannot drift from the code.
const FORMAT_DOC: &str = include_str!("../../../docs/sealing-format.md");

/// The terms of the Rust test vector.
const VECTOR_TERMS: &str = r#"{"amount":"2500.00","currency":"EUR","rate_bps":450,"start":"2025-01-01","schedule":"monthly","installments":12}"#;

/// The envelope of the Rust test vector (see `docs/sealing-format.md`).
const VECTOR_ENVELOPE: &str = concat!(
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

/// Offset of the ciphertext in an envelope with `recipients` capsules.
fn ciphertext_offset(recipients: usize) -> usize {
	HEADER_LEN + recipients * CAPSULE_LEN
}

#[test]
fn borrower_and_lender_both_open_the_terms() {
	let loan = sealed_loan();
	assert_eq!(loan.envelope.len(), envelope_len(2, TERMS.len()));
	for keypair in [&loan.borrower, &loan.lender] {
		let opened = open_terms(keypair, &GENESIS, &loan.commitment, &loan.envelope)
			.expect("a recipient opens the terms");
		assert_eq!(opened.terms.as_slice(), TERMS);
		assert_eq!(*opened.salt, loan.salt);
	}
	// Both capsules hold the same data key.
	let borrower_key = open_data_key(&loan.borrower, &loan.envelope).expect("borrower capsule");
	let lender_key = open_data_key(&loan.lender, &loan.envelope).expect("lender capsule");
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
	assert_eq!(envelope[26..58], borrower.public());
	assert_eq!(envelope[138..170], lender.public());
	// Each sealed key starts with its ephemeral public key, drawn after the nonce.
	let first_ephemeral = EncryptionKeypair::from_secret(counting(56));
	assert_eq!(envelope[58..90], first_ephemeral.public());
	let second_ephemeral = EncryptionKeypair::from_secret(counting(88));
	assert_eq!(envelope[170..202], second_ephemeral.public());
	assert_eq!(envelope.len(), ciphertext_offset(2) + SALT_LEN + TERMS.len() + TAG_LEN);

	// The ciphertext is XChaCha20-Poly1305 of salt || terms under the data key and the binding.
	let mut plaintext = salt.to_vec();
	plaintext.extend_from_slice(TERMS);
	let expected = XChaCha20Poly1305::new(Key::from_slice(&counting::<32>(0)))
		.encrypt(
			XNonce::from_slice(&counting::<24>(32)),
			Payload { msg: &plaintext, aad: &loan_binding(&GENESIS, &commitment) },
		)
		.expect("encrypts");
	assert_eq!(envelope[ciphertext_offset(2)..], expected[..]);
}

#[test]
fn binding_is_context_genesis_and_commitment() {
	let binding = loan_binding(&[0xaa; 32], &[0xbb; 32]);
	let mut expected = b"loanchain:terms:v1".to_vec();
	expected.extend_from_slice(&[0xaa; 32]);
	expected.extend_from_slice(&[0xbb; 32]);
	assert_eq!(binding[..], expected[..]);
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
fn a_tampered_ciphertext_byte_fails_to_decrypt() {
	let loan = sealed_loan();
	let start = ciphertext_offset(2);
	for position in [start, start + SALT_LEN + 3, loan.envelope.len() - 1] {
		let mut envelope = loan.envelope.clone();
		envelope[position] ^= 0x01;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::DecryptFailed,
			"byte {position} altered",
		);
	}
}

#[test]
fn a_tampered_capsule_fails_to_open() {
	let loan = sealed_loan();
	// Alter the borrower's sealed data key (the first capsule, after its public key).
	let mut envelope = loan.envelope.clone();
	envelope[HEADER_LEN + PUBLIC_KEY_LEN + 40] ^= 0x80;
	assert_eq!(
		open_terms(&loan.borrower, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::CapsuleOpenFailed,
	);
	// The lender's capsule is untouched and still opens.
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
fn a_key_without_a_capsule_is_not_a_recipient() {
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
fn short_and_truncated_envelopes_are_malformed() {
	let loan = sealed_loan();
	let minimum = ciphertext_offset(2) + SALT_LEN + TAG_LEN;
	for len in 0..minimum {
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &loan.envelope[..len])
				.unwrap_err(),
			Error::Malformed,
			"envelope cut to {len} bytes",
		);
	}
	// A ciphertext cut after the minimum length no longer authenticates.
	for len in minimum..loan.envelope.len() {
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &loan.envelope[..len])
				.unwrap_err(),
			Error::DecryptFailed,
			"envelope cut to {len} bytes",
		);
	}
}

#[test]
fn invalid_capsule_counts_are_malformed() {
	let loan = sealed_loan();
	for count in [0u8, 3, 9, 255] {
		let mut envelope = loan.envelope.clone();
		envelope[HEADER_LEN - 1] = count;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::Malformed,
			"capsule count {count}",
		);
	}
	// A count of one hides the lender's capsule in the ciphertext.
	let mut envelope = loan.envelope.clone();
	envelope[HEADER_LEN - 1] = 1;
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
		Error::NotARecipient,
	);
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
	for version in [0u8, 2, 255] {
		let mut envelope = loan.envelope.clone();
		envelope[0] = version;
		assert_eq!(
			open_terms(&loan.lender, &GENESIS, &loan.commitment, &envelope).unwrap_err(),
			Error::UnsupportedVersion(version),
		);
	}
	// The version is read before anything else, so a bare version 2 byte says so too.
	assert_eq!(
		open_terms(&loan.lender, &GENESIS, &loan.commitment, &[2]).unwrap_err(),
		Error::UnsupportedVersion(2),
	);
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
	assert_eq!(envelope.len(), envelope_len(8, TERMS.len()));
	for keypair in &keypairs[..8] {
		let opened = open_terms(keypair, &GENESIS, &commitment, &envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), TERMS);
	}
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
	let data_key = open_data_key(&loan.lender, &loan.envelope).expect("lender capsule");
	let capsule = seal_capsule(&reader.public(), &data_key).expect("seals");
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

#[test]
fn rust_test_vector_is_exact_and_documented() {
	let borrower = EncryptionKeypair::from_secret(counting(0xc0));
	let lender = EncryptionKeypair::from_secret(counting(0xe0));
	let salt: Salt = counting(0x80);
	let genesis: GenesisHash = counting(0xa0);
	let commitment = commitment(VECTOR_TERMS.as_bytes(), &salt);
	let envelope = seal_terms_with_rng(
		&mut CountingRng(0),
		VECTOR_TERMS.as_bytes(),
		&salt,
		&genesis,
		&commitment,
		&[borrower.public(), lender.public()],
	)
	.expect("sealing succeeds");
	println!("commitment: {}", hex::encode(commitment));
	println!("borrower public key: {}", hex::encode(borrower.public()));
	println!("lender public key: {}", hex::encode(lender.public()));
	println!("envelope ({} bytes):", envelope.len());
	for line in hex::encode(&envelope).as_bytes().chunks(64) {
		println!("  {}", std::str::from_utf8(line).expect("ascii"));
	}
	assert_eq!(hex::encode(&envelope), VECTOR_ENVELOPE);

	let doc = doc_fixture("rust-v1");
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
	assert_eq!(doc["envelope"], VECTOR_ENVELOPE);

	for keypair in [&borrower, &lender] {
		let opened = open_terms(keypair, &genesis, &commitment, &envelope).expect("opens");
		assert_eq!(opened.terms.as_slice(), VECTOR_TERMS.as_bytes());
		assert_eq!(*opened.salt, salt);
	}
}

#[test]
fn libsodium_fixture_opens() {
	let doc = doc_fixture("libsodium-v1");
	let recipient = EncryptionKeypair::from_secret(bytes32(&doc, "recipient secret key"));
	assert_eq!(hex::encode(recipient.public()), doc["recipient public key"]);
	let commitment = bytes32(&doc, "commitment");
	let envelope = hex::decode(&doc["envelope"]).expect("hex");

	let opened = open_terms(&recipient, &bytes32(&doc, "genesis hash"), &commitment, &envelope)
		.expect("the envelope sealed by libsodium-wrappers opens");
	assert_eq!(opened.terms.as_slice(), doc["terms"].as_bytes());
	assert_eq!(hex::encode(*opened.salt), doc["salt"]);
	assert_eq!(commitment, self::commitment(&opened.terms, &opened.salt));
}
