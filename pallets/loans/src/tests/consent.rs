//! The consent payload of the corporate flow, byte by byte.

use super::*;
use crate::{consent_payload, mock::*, ConsentNonce, CONSENT_TAG};
use sp_core::H256;
use sp_runtime::AccountId32;

/// The fixed test vector: genesis `0x11…`, company 7, borrower `0x22…`, commitment `0x33…`,
/// duration 100 (`u32`, as in the runtime), nonce 5.
const VECTOR: &str = "6c6f616e636861696e3a636f6e73656e743a7631\
	1111111111111111111111111111111111111111111111111111111111111111\
	0700000000000000\
	2222222222222222222222222222222222222222222222222222222222222222\
	3333333333333333333333333333333333333333333333333333333333333333\
	64000000\
	00\
	0500000000000000";

/// The same for a renewal of loan 9.
const RENEWAL_VECTOR: &str = "6c6f616e636861696e3a636f6e73656e743a7631\
	1111111111111111111111111111111111111111111111111111111111111111\
	0700000000000000\
	2222222222222222222222222222222222222222222222222222222222222222\
	3333333333333333333333333333333333333333333333333333333333333333\
	64000000\
	010900000000000000\
	0500000000000000";

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn vector(renews: Option<u64>) -> Vec<u8> {
	consent_payload(
		&H256::repeat_byte(0x11),
		7,
		&AccountId32::new([0x22; 32]),
		&H256::repeat_byte(0x33),
		100u32,
		renews,
		5,
	)
}

#[test]
fn consent_payload_matches_the_test_vector() {
	let payload = vector(None);
	assert_eq!(payload.len(), 137);
	assert_eq!(hex(&payload), VECTOR.replace('\t', ""));
	assert_eq!(&payload[..20], b"loanchain:consent:v1");
	assert_eq!(payload[..20], CONSENT_TAG);

	let renewal = vector(Some(9));
	assert_eq!(renewal.len(), 145);
	assert_eq!(hex(&renewal), RENEWAL_VECTOR.replace('\t', ""));
}

#[test]
fn consent_payload_is_the_concatenation_of_its_fields() {
	let mut expected = Vec::new();
	expected.extend_from_slice(b"loanchain:consent:v1");
	expected.extend_from_slice(&[0x11; 32]);
	expected.extend_from_slice(&7u64.to_le_bytes());
	expected.extend_from_slice(&[0x22; 32]);
	expected.extend_from_slice(&[0x33; 32]);
	expected.extend_from_slice(&100u32.to_le_bytes());
	expected.push(0);
	expected.extend_from_slice(&5u64.to_le_bytes());
	assert_eq!(vector(None), expected);
}

#[test]
fn the_chain_builds_the_payload_from_its_genesis_hash_and_the_current_nonce() {
	ExtBuilder::default().build_and_execute(|| {
		let genesis = frame_system::BlockHash::<Test>::get(0);
		assert_ne!(genesis, H256::zero());
		let expected =
			consent_payload(&genesis, ACME_ID, &alice(), &commitment(2), DURATION, None, 0);
		assert_eq!(
			Loans::consent_payload(ACME_ID, alice(), commitment(2), DURATION, None),
			expected
		);
		ConsentNonce::<Test>::insert(alice(), 3);
		let expected =
			consent_payload(&genesis, ACME_ID, &alice(), &commitment(2), DURATION, Some(1), 3);
		assert_eq!(
			Loans::consent_payload(ACME_ID, alice(), commitment(2), DURATION, Some(1)),
			expected
		);
	});
}

#[test]
fn the_alias_consent_payload_is_the_concatenation_of_its_fields() {
	let sealed_terms = [0x44u8; 40];
	let payload = crate::alias_consent_payload(
		&[0x11u8; 32],
		&[0xA1; 32],
		&[0x22u8; 32],
		&H256::repeat_byte(0x33),
		&sealed_terms,
		100u32,
		None,
		5,
	);
	let mut expected = Vec::new();
	expected.extend_from_slice(b"loanchain:consent:v2");
	expected.extend_from_slice(&[0x11; 32]);
	expected.extend_from_slice(&[0xA1; 32]);
	expected.extend_from_slice(&[0x22; 32]);
	expected.extend_from_slice(&[0x33; 32]);
	expected.extend_from_slice(&sp_io::hashing::blake2_256(&sealed_terms));
	expected.extend_from_slice(&100u32.to_le_bytes());
	expected.push(0);
	expected.extend_from_slice(&5u64.to_le_bytes());
	assert_eq!(payload, expected);
	assert_eq!(payload.len(), 193);
	assert_eq!(payload[..20], crate::ALIAS_CONSENT_TAG);
}
