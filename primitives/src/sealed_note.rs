//! Sealed notes (`docs/privacy.md`, section 8): the purpose a requester or a granting party
//! states, and the reason of a complaint, sealed in the client to the consortium's auditor keys
//! and the loan's borrower, so that who asked and why is the borrower's (and the auditors') to
//! read, never a member node's.
//!
//! A note is the UTF-8 text itself (at most [`MAX_NOTE_LEN`] bytes), sealed in an envelope of
//! sealing format v2 (`docs/sealing-format.md`) whose associated data is
//! [`sealed_note_binding`], to the auditor keys and then the borrower account's registered key.
//! It fills the first padding bucket, so every note has the same length for a given number of
//! auditors, whatever its text: the same shape as a sealed lender record, which the chain checks
//! with [`check_sealed_note`]. The chain cannot open it.

extern crate alloc;

use crate::{check_sealed_lender, LoanId, SealedLenderError, MAX_SEALED_LENDER_LEN};
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// The label of a sealed note's binding (the envelope's associated data).
pub const SEALED_NOTE_BINDING_TAG: &[u8] = b"loanchain:note-seal:v1";

/// The longest note text, in bytes: the first padding bucket (256 bytes) holds the 32-byte
/// salt, the 4-byte length and the text.
pub const MAX_NOTE_LEN: u32 = 220;

/// The longest sealed note (eight recipients: seven auditors and the borrower): 938 bytes.
pub const MAX_SEALED_NOTE_LEN: u32 = MAX_SEALED_LENDER_LEN;

/// What a sealed note says, part of its binding so a note cannot pass for another kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum NoteKind {
	/// The purpose of a paid query's request.
	RequestPurpose = 0,
	/// The purpose of a grant of access.
	GrantPurpose = 1,
	/// The reason of a complaint about a delivered query.
	ComplaintReason = 2,
}

/// The associated data of a sealed note of `kind` about loan `loan_id`, on the chain with
/// `genesis`: `"loanchain:note-seal:v1"` (raw) || genesis hash || `blake2b-256(SCALE(loan_id:
/// u64, kind: u8))`, so a note opens only for its own loan and kind, and never as a loan's terms
/// or a lender record.
pub fn sealed_note_binding(genesis: &[u8; 32], loan_id: LoanId, kind: NoteKind) -> Vec<u8> {
	let mut bytes = Vec::with_capacity(SEALED_NOTE_BINDING_TAG.len() + 64);
	bytes.extend_from_slice(SEALED_NOTE_BINDING_TAG);
	bytes.extend_from_slice(genesis);
	bytes.extend_from_slice(&BlakeTwo256::hash(&(loan_id, kind as u8).encode()).0);
	bytes
}

/// Checks that `sealed` is shaped as a note sealed to `auditors` auditor keys and the borrower:
/// the shape of a sealed lender record ([`check_sealed_lender`]). Text in clear does not have
/// that shape and is refused; the chain cannot tell whether bytes of that shape are encrypted,
/// so a client that forged the shape around clear text would publish it itself.
pub fn check_sealed_note(sealed: &[u8], auditors: u32) -> Result<(), SealedLenderError> {
	check_sealed_lender(sealed, auditors)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_binding_names_the_chain_the_loan_and_the_kind() {
		let genesis = [3u8; 32];
		let binding = sealed_note_binding(&genesis, 7, NoteKind::GrantPurpose);
		assert_eq!(binding.len(), SEALED_NOTE_BINDING_TAG.len() + 64);
		assert_eq!(&binding[..SEALED_NOTE_BINDING_TAG.len()], SEALED_NOTE_BINDING_TAG);
		let mut fields = 7u64.to_le_bytes().to_vec();
		fields.push(1);
		assert_eq!(&binding[binding.len() - 32..], &BlakeTwo256::hash(&fields).0);
		assert_ne!(binding, sealed_note_binding(&genesis, 7, NoteKind::RequestPurpose));
		assert_ne!(binding, sealed_note_binding(&genesis, 8, NoteKind::GrantPurpose));
	}

	#[test]
	fn a_note_in_clear_is_refused() {
		assert_eq!(check_sealed_note(b"credit check", 0), Err(SealedLenderError::Malformed));
	}
}
