//! The sealed lender record of an alias loan (`docs/privacy.md`, section 5): who the lender is,
//! sealed to the auditors the consortium registered and to the borrower, so that the chain and
//! the member nodes never learn it and the auditors always can.
//!
//! The lender writes a [`LenderRecord`] (its identity and the confirming account, signed by that
//! account over [`lender_record_payload`]) and seals its SCALE encoding in an envelope of
//! sealing format v2 (`docs/sealing-format.md`) whose associated data is
//! [`sealed_lender_binding`]. The chain cannot open it; it checks the envelope's shape
//! ([`check_sealed_lender`]): version 2, one recipient more than there are auditor keys, and the
//! length of the first padding bucket, so every record on chain has the same length for a given
//! number of auditors. The byte layouts below are fixed: clients build the same bytes.

extern crate alloc;

use crate::{Alias, IdentityId, LoanId};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// The version of the [`LenderRecord`] layout.
pub const LENDER_RECORD_VERSION: u8 = 1;

/// The label of the payload the confirming account signs in a [`LenderRecord`].
pub const LENDER_RECORD_TAG: &[u8] = b"loanchain:lender-record:v1";

/// The label of a sealed lender record's binding (the envelope's associated data).
pub const SEALED_LENDER_BINDING_TAG: &[u8] = b"loanchain:lender-seal:v2";

/// The envelope format of a sealed lender record (sealing format v2).
pub const SEALED_LENDER_ENVELOPE_VERSION: u8 = 2;

/// The most recipients a sealed lender record has: the borrower and at most seven auditors
/// (an envelope of format v2 has at most eight).
pub const MAX_SEALED_LENDER_RECIPIENTS: u32 = 8;

/// The padding bucket a sealed record's plaintext fills (the first bucket of sealing format v2:
/// the 36-byte salt and length prefix and the 178-byte record fit in it).
pub const SEALED_LENDER_BUCKET: u32 = 256;

/// The fixed part of a v2 envelope: version, nonce, recipient count (26 bytes) and the
/// ciphertext's authentication tag (16 bytes).
const ENVELOPE_OVERHEAD: u32 = 1 + 24 + 1 + 16;

/// The length of one recipient's sealed data key in a v2 envelope.
const SEALED_KEY_LEN: u32 = 80;

/// The length of a sealed lender record with `recipients` recipients:
/// 42 + 80 × recipients + 256 bytes.
pub const fn sealed_lender_len(recipients: u32) -> u32 {
	ENVELOPE_OVERHEAD + SEALED_KEY_LEN * recipients + SEALED_LENDER_BUCKET
}

/// The longest sealed lender record (eight recipients): 938 bytes.
pub const MAX_SEALED_LENDER_LEN: u32 = sealed_lender_len(MAX_SEALED_LENDER_RECIPIENTS);

/// What is wrong with a sealed lender record's shape.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SealedLenderError {
	/// Not an envelope of format v2, or not the length its recipient count gives.
	Malformed,
	/// Not sealed to exactly the auditors and the borrower (one recipient more than there are
	/// auditor keys).
	WrongRecipients,
}

/// Checks that `sealed` is shaped as a sealed lender record for `auditors` auditor keys: version
/// [`SEALED_LENDER_ENVELOPE_VERSION`], `auditors + 1` recipients, and
/// [`sealed_lender_len`] bytes. The chain cannot check more: the content is sealed.
pub fn check_sealed_lender(sealed: &[u8], auditors: u32) -> Result<(), SealedLenderError> {
	let (Some(&version), Some(&count)) = (sealed.first(), sealed.get(25)) else {
		return Err(SealedLenderError::Malformed);
	};
	let count = u32::from(count);
	if version != SEALED_LENDER_ENVELOPE_VERSION
		|| count == 0
		|| count > MAX_SEALED_LENDER_RECIPIENTS
		|| sealed.len() as u64 != u64::from(sealed_lender_len(count))
	{
		return Err(SealedLenderError::Malformed);
	}
	if count != auditors.saturating_add(1) {
		return Err(SealedLenderError::WrongRecipients);
	}
	Ok(())
}

/// The associated data of the sealed lender record of loan `loan_id` with `alias`, on the chain
/// with `genesis`: `"loanchain:lender-seal:v2"` (raw) || genesis hash ||
/// `blake2b-256(SCALE(loan_id: u64, alias))`, so a record opens only for its own loan and can
/// never pass for a loan's terms (bound with `"loanchain:terms:v2"`).
pub fn sealed_lender_binding(genesis: &[u8; 32], loan_id: LoanId, alias: &Alias) -> Vec<u8> {
	let mut bytes = Vec::with_capacity(SEALED_LENDER_BINDING_TAG.len() + 64);
	bytes.extend_from_slice(SEALED_LENDER_BINDING_TAG);
	bytes.extend_from_slice(genesis);
	bytes.extend_from_slice(&BlakeTwo256::hash(&(loan_id, alias).encode()).0);
	bytes
}

/// The bytes a [`LenderRecord`]'s signature covers: `"loanchain:lender-record:v1"` (raw)
/// followed by the SCALE encoding of `(genesis, loan_id: u64, alias, identity: u64, operator:
/// bool)`.
pub fn lender_record_payload(
	genesis: &[u8; 32],
	loan_id: LoanId,
	alias: &Alias,
	identity: IdentityId,
	operator: bool,
) -> Vec<u8> {
	let mut bytes = Vec::from(LENDER_RECORD_TAG);
	(genesis, loan_id, alias, identity, operator).encode_to(&mut bytes);
	bytes
}

/// Who lends an alias loan, as its lender tells the auditors and the borrower (178 bytes of
/// SCALE): the confirming account's signature says "I, acting for this identity, am the alias
/// of this loan", and the auditor checks it against the account's attestation.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct LenderRecord {
	/// [`LENDER_RECORD_VERSION`].
	pub version: u8,
	/// The chain's genesis hash.
	pub genesis: [u8; 32],
	/// The loan.
	pub loan_id: LoanId,
	/// The loan's alias.
	pub alias: Alias,
	/// The lender's identity: the person, or the company an operator acts for.
	pub identity: IdentityId,
	/// The confirming account (sr25519 public key).
	pub account: [u8; 32],
	/// Whether the account acts as an operator of the company `identity`.
	pub operator: bool,
	/// The account's sr25519 signature over [`lender_record_payload`].
	pub signature: [u8; 64],
}

impl LenderRecord {
	/// The payload this record's signature must cover.
	pub fn payload(&self) -> Vec<u8> {
		lender_record_payload(
			&self.genesis,
			self.loan_id,
			&self.alias,
			self.identity,
			self.operator,
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn envelope(version: u8, count: u8, len: usize) -> Vec<u8> {
		let mut bytes = vec![0u8; len];
		bytes[0] = version;
		bytes[25] = count;
		bytes
	}

	#[test]
	fn the_record_fills_the_first_bucket() {
		let record = LenderRecord {
			version: LENDER_RECORD_VERSION,
			genesis: [1; 32],
			loan_id: u64::MAX,
			alias: [2; 32],
			identity: u64::MAX,
			account: [3; 32],
			operator: true,
			signature: [4; 64],
		};
		assert_eq!(record.encode().len(), 178);
		assert!(36 + 178 <= SEALED_LENDER_BUCKET as usize);
		assert_eq!(LenderRecord::max_encoded_len(), 178);
	}

	#[test]
	fn lengths_are_those_of_sealing_v2() {
		assert_eq!(sealed_lender_len(1), 378);
		assert_eq!(sealed_lender_len(3), 538);
		assert_eq!(MAX_SEALED_LENDER_LEN, 938);
	}

	#[test]
	fn shape_checks() {
		let len = |count| sealed_lender_len(count) as usize;
		assert_eq!(check_sealed_lender(&envelope(2, 3, len(3)), 2), Ok(()));
		assert_eq!(check_sealed_lender(&envelope(2, 1, len(1)), 0), Ok(()));
		assert_eq!(
			check_sealed_lender(&envelope(2, 2, len(2)), 2),
			Err(SealedLenderError::WrongRecipients)
		);
		assert_eq!(
			check_sealed_lender(&envelope(1, 3, len(3)), 2),
			Err(SealedLenderError::Malformed)
		);
		assert_eq!(
			check_sealed_lender(&envelope(2, 3, len(3) + 1), 2),
			Err(SealedLenderError::Malformed)
		);
		assert_eq!(
			check_sealed_lender(&envelope(2, 0, len(0)), 0),
			Err(SealedLenderError::Malformed)
		);
		assert_eq!(
			check_sealed_lender(&envelope(2, 9, len(9)), 8),
			Err(SealedLenderError::Malformed)
		);
		assert_eq!(check_sealed_lender(&[2; 10], 0), Err(SealedLenderError::Malformed));
	}

	#[test]
	fn binding_and_payload_layouts() {
		let binding = sealed_lender_binding(&[7; 32], 5, &[9; 32]);
		assert!(binding.starts_with(b"loanchain:lender-seal:v2"));
		assert_eq!(binding.len(), 24 + 64);
		assert_ne!(binding, sealed_lender_binding(&[7; 32], 6, &[9; 32]));
		let payload = lender_record_payload(&[7; 32], 5, &[9; 32], 3, false);
		assert_eq!(payload.len(), 26 + 32 + 8 + 32 + 8 + 1);
		assert_eq!(&payload[26..58], &[7; 32]);
		assert_eq!(&payload[58..66], &5u64.to_le_bytes());
	}
}
