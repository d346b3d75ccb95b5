//! Sealed notes (`docs/privacy.md`, section 8): the purpose of a paid query or a grant, and the
//! reason of a complaint, sealed here to the consortium's auditor keys and the loan's borrower
//! account's key, so that the chain and the member nodes never read who asked why.
//!
//! A note is the UTF-8 text (at most [`MAX_NOTE_LEN`] bytes) sealed with sealing format v2 in
//! the first padding bucket, bound by [`sealed_note_binding`] to its chain, loan and kind; the
//! chain refuses anything else. The borrower (or an auditor) opens it with [`open_note`].
//!
//! ```
//! use loanchain_client::{notes, EncryptionKeypair};
//!
//! let borrower = EncryptionKeypair::generate();
//! let genesis = [7u8; 32];
//! let kind = notes::NoteKind::RequestPurpose;
//! let sealed = notes::seal_to("credit check", &genesis, 3, kind, &[borrower.public()]).unwrap();
//! assert_eq!(notes::open_note(&borrower, &genesis, 3, kind, &sealed).unwrap(), "credit check");
//! ```

use crate::{
	error::Error,
	keys::EncryptionKeypair,
	lender_record,
	queries::{Id, LoanRecord},
	sealing, Chain,
};
pub use loanchain_primitives::{sealed_note_binding, NoteKind, MAX_NOTE_LEN};

/// Seals `text` as a note of `kind` about loan `loan_id` on the chain with `genesis`, to
/// `recipients` (X25519 public keys: the auditors', then the borrower's).
pub fn seal_to(
	text: &str,
	genesis: &[u8; 32],
	loan_id: Id,
	kind: NoteKind,
	recipients: &[[u8; 32]],
) -> Result<Vec<u8>, Error> {
	if text.len() > MAX_NOTE_LEN as usize {
		return Err(Error::Invalid(format!(
			"the text is {} bytes long; a purpose or a reason holds at most {MAX_NOTE_LEN}",
			text.len()
		)));
	}
	let binding = sealed_note_binding(genesis, loan_id, kind);
	Ok(sealing::seal_record(text.as_bytes(), &binding, recipients)?)
}

/// Seals `text` as a note of `kind` about `loan`, to the consortium's auditor keys and the
/// encryption key of the loan's borrower account, as the chain requires. An error says what to
/// do when the borrower registered no key.
pub async fn seal(
	chain: &Chain,
	loan: &LoanRecord,
	kind: NoteKind,
	text: &str,
) -> Result<Vec<u8>, Error> {
	let recipients = lender_record::recipients(chain, &loan.borrower_account).await?;
	seal_to(text, &chain.genesis_hash(), loan.id, kind, &recipients)
}

/// Opens the sealed note `sealed` of `kind` about loan `loan_id` on the chain with `genesis`
/// with `keypair` (the borrower's or an auditor's) and returns its text.
pub fn open_note(
	keypair: &EncryptionKeypair,
	genesis: &[u8; 32],
	loan_id: Id,
	kind: NoteKind,
	sealed: &[u8],
) -> Result<String, Error> {
	let binding = sealed_note_binding(genesis, loan_id, kind);
	let text = sealing::open_record(keypair, &binding, sealed)?;
	String::from_utf8(text.to_vec())
		.map_err(|_| Error::Invalid(format!("the note of loan {loan_id} is not UTF-8 text")))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_note_opens_only_for_its_loan_and_kind_and_has_the_shape_the_chain_checks() {
		let borrower = EncryptionKeypair::generate();
		let auditor = EncryptionKeypair::generate();
		let genesis = [1u8; 32];
		let recipients = [auditor.public(), borrower.public()];
		let short = seal_to("kyc", &genesis, 4, NoteKind::GrantPurpose, &recipients).unwrap();
		let long = "x".repeat(MAX_NOTE_LEN as usize);
		let long = seal_to(&long, &genesis, 4, NoteKind::GrantPurpose, &recipients).unwrap();
		assert_eq!(short.len(), long.len(), "a note's length does not show its text");
		assert_eq!(loanchain_primitives::check_sealed_note(&short, 1), Ok(()));
		assert_eq!(
			open_note(&auditor, &genesis, 4, NoteKind::GrantPurpose, &short).unwrap(),
			"kyc"
		);
		assert!(open_note(&borrower, &genesis, 5, NoteKind::GrantPurpose, &short).is_err());
		assert!(open_note(&borrower, &genesis, 4, NoteKind::RequestPurpose, &short).is_err());
		let too_long = "x".repeat(MAX_NOTE_LEN as usize + 1);
		assert!(seal_to(&too_long, &genesis, 4, NoteKind::GrantPurpose, &recipients).is_err());
	}
}
