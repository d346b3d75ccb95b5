//! The sealed lender record of an alias loan (`docs/privacy.md`, section 5): the lender tells
//! the consortium's auditors and the borrower who it is, and nobody else.
//!
//! At confirmation the lender's client writes a [`LenderRecord`] (its identity, the confirming
//! account and whether it acts as a company's operator, signed by that account) and seals it
//! ([`seal`]) to every auditor key of `Consortium.AuditorKeys` and to the borrower account's
//! registered encryption key; the ring proof of the confirmation binds the sealed bytes. An
//! auditor (or the borrower) reads it back with [`audit`]: it opens the record, checks that it
//! names this chain, this loan and this alias, that the signature is the named account's, and
//! that the account spoke for the named identity at the block of the confirmation.
//!
//! ```
//! use loanchain_client::{lender_record, AccountKeypair, EncryptionKeypair};
//!
//! let lender = AccountKeypair::from_suri("//Alice").expect("a dev account");
//! let auditor = EncryptionKeypair::generate();
//! let borrower = EncryptionKeypair::generate();
//! let (genesis, loan_id, alias) = ([7; 32], 3, [9; 32]);
//!
//! let record = lender_record::signed_record(&lender, &genesis, loan_id, &alias, 12, false);
//! let sealed = lender_record::seal(&record, &[auditor.public(), borrower.public()])?;
//! assert_eq!(sealed.len(), loanchain_primitives::sealed_lender_len(2) as usize);
//!
//! let opened = lender_record::open(&auditor, &genesis, loan_id, &alias, &sealed)?;
//! assert_eq!((opened.identity, opened.account), (12, lender.account_id().0));
//! # Ok::<(), loanchain_client::Error>(())
//! ```

use crate::{
	account::{self, AccountKeypair},
	chain::Chain,
	consortium,
	error::Error,
	keys::EncryptionKeypair,
	queries::{self, Id},
	runtime::api,
	sealing,
};
pub use loanchain_primitives::{
	lender_record_payload, sealed_lender_binding, sealed_lender_len, LenderRecord,
	LENDER_RECORD_TAG, LENDER_RECORD_VERSION, SEALED_LENDER_BINDING_TAG,
};
use serde::Serialize;
use subxt::ext::codec::{Decode, Encode};
use subxt::utils::AccountId32;

/// `account`'s record of itself as the lender of loan `loan_id` with `alias`, acting for
/// `identity` (its own, or as an operator of that company), signed over
/// [`lender_record_payload`].
pub fn signed_record(
	account: &AccountKeypair,
	genesis: &[u8; 32],
	loan_id: Id,
	alias: &[u8; 32],
	identity: Id,
	operator: bool,
) -> LenderRecord {
	let payload = lender_record_payload(genesis, loan_id, alias, identity, operator);
	LenderRecord {
		version: LENDER_RECORD_VERSION,
		genesis: *genesis,
		loan_id,
		alias: *alias,
		identity,
		account: account.account_id().0,
		operator,
		signature: account.sign(&payload),
	}
}

/// `record` sealed (sealing format v2, the first bucket) to `recipients`, bound to its loan
/// and alias: what `Loans.confirm_as_alias` takes as `sealed_lender`.
pub fn seal(record: &LenderRecord, recipients: &[[u8; 32]]) -> Result<Vec<u8>, Error> {
	let binding = sealed_lender_binding(&record.genesis, record.loan_id, &record.alias);
	Ok(sealing::seal_record(&record.encode(), &binding, recipients)?)
}

/// Opens the sealed lender record `sealed` of loan `loan_id` with `alias` on the chain with
/// `genesis` with `keypair` (an auditor's or the borrower's), and checks that it is of this
/// chain, loan and alias and signed by the account it names.
pub fn open(
	keypair: &EncryptionKeypair,
	genesis: &[u8; 32],
	loan_id: Id,
	alias: &[u8; 32],
	sealed: &[u8],
) -> Result<LenderRecord, Error> {
	let binding = sealed_lender_binding(genesis, loan_id, alias);
	let bytes = sealing::open_record(keypair, &binding, sealed).map_err(|error| match error {
		sealing::Error::NotARecipient => Error::Invalid(format!(
			"the lender record of loan {loan_id} is not sealed to this encryption key: only the \
			 consortium's auditors (`loanctl consortium auditors`) and the loan's borrower open it"
		)),
		error => Error::Sealing(error),
	})?;
	let record = LenderRecord::decode(&mut &bytes[..])
		.map_err(|error| broken(loan_id, format!("it does not decode: {error}")))?;
	if record.version != LENDER_RECORD_VERSION {
		return Err(broken(loan_id, format!("its version is {}", record.version)));
	}
	if record.genesis != *genesis || record.loan_id != loan_id || record.alias != *alias {
		return Err(broken(loan_id, "it names another chain, loan or alias".into()));
	}
	if !account::verify(&AccountId32(record.account), &record.payload(), &record.signature) {
		return Err(broken(loan_id, "its signature is not the named account's".into()));
	}
	Ok(record)
}

fn broken(loan_id: Id, why: String) -> Error {
	Error::Invalid(format!(
		"the lender record of loan {loan_id} opens but is not valid ({why}): the loan's lender \
		 broke the consortium's rules; the ring proof still shows an attested lender confirmed"
	))
}

/// The recipients of the lender record (and of the sealed notes) of a loan whose borrower
/// account is `borrower_account` (an SS58 address): the consortium's auditor keys, then the
/// borrower's registered encryption key. An error says what to do when the borrower registered none.
pub async fn recipients(chain: &Chain, borrower_account: &str) -> Result<Vec<[u8; 32]>, Error> {
	let borrower: AccountId32 = borrower_account
		.parse()
		.map_err(|_| Error::Invalid(format!("{borrower_account:?} is not an account address")))?;
	let key = queries::encryption_key(chain, &borrower).await?.ok_or_else(|| {
		Error::NotFound(format!(
			"the borrower's account {borrower_account} has no registered encryption key, so \
			 neither a lender record nor a purpose can be sealed to it: ask the borrower to run \
			 `loanctl keys publish`, then try again"
		))
	})?;
	let mut keys = consortium::auditor_keys(chain).await?;
	keys.push(key);
	Ok(keys)
}

/// The identity `account` lends for and whether it acts as a company's operator: its own
/// attested identity, or its company's.
pub async fn lending_identity(chain: &Chain, account: &AccountId32) -> Result<(Id, bool), Error> {
	if let Some(identity) = queries::own_identity_at(chain, account, None).await? {
		return Ok((identity, false));
	}
	match queries::company_of_operator(chain, account).await? {
		Some(company) => Ok((company, true)),
		None => Err(Error::NotFound(format!(
			"{account} speaks for no identity: only an attested account (or a company's \
			 operator) lends"
		))),
	}
}

/// The sealed lender record of alias loan `loan_id` (`Loans.SealedLenders`), or `None` before
/// its confirmation (or for a named loan).
pub async fn sealed_lender(chain: &Chain, loan_id: Id) -> Result<Option<Vec<u8>>, Error> {
	let at = chain.best_block().await?;
	let value = at
		.storage()
		.try_fetch(api::storage().loans().sealed_lenders(), (loan_id,))
		.await
		.map_err(|error| Error::node("reading Loans.SealedLenders", error))?;
	value
		.map(|value| {
			value
				.decode()
				.map(|bytes| bytes.0)
				.map_err(|error| Error::node("decoding Loans.SealedLenders", error))
		})
		.transpose()
}

/// The lender of an alias loan, as its sealed record names it and the chain confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditedLender {
	/// The loan.
	pub loan_id: Id,
	/// The loan's alias (`0x` hex).
	pub alias: String,
	/// The lender's identity (the person, or the company its operator acts for).
	pub identity: Id,
	/// The confirming account.
	pub account: String,
	/// Whether the account acted as an operator of the company `identity`.
	pub operator: bool,
	/// The block of the confirmation, at which the account's link to the identity was checked.
	pub confirmed_at: u32,
}

/// Opens the sealed lender record of alias loan `loan_id` with `keypair` (an auditor's or the
/// borrower's encryption key), checks it ([`open`]) and that the account it names spoke for
/// the identity it names (as its own, or as the company's operator) at the block of the
/// confirmation, and returns the lender.
pub async fn audit(
	chain: &Chain,
	keypair: &EncryptionKeypair,
	loan_id: Id,
) -> Result<AuditedLender, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let Some(lender) = loan.alias.as_ref() else {
		return Err(Error::Invalid(format!(
			"loan {loan_id} names its lender in clear (identity {}): it has no sealed record",
			loan.lender.map_or_else(|| "unknown".to_string(), |id| id.to_string())
		)));
	};
	let alias = lender.alias_bytes()?;
	let sealed = sealed_lender(chain, loan_id).await?.ok_or_else(|| {
		Error::NotFound(format!(
			"loan {loan_id} is {}: its lender record is sealed at confirmation",
			loan.status.name()
		))
	})?;
	let confirmed_at = loan
		.history
		.iter()
		.find(|entry| entry.kind() == "confirmed")
		.map(|entry| entry.at)
		.ok_or_else(|| Error::node("reading loans_loan", "a confirmed loan without its entry"))?;
	let record = open(keypair, &chain.genesis_hash(), loan_id, &alias, &sealed)?;
	let account = AccountId32(record.account);
	let spoke_for = if record.operator {
		queries::company_of_operator_at(chain, &account, Some(confirmed_at)).await?
	} else {
		queries::own_identity_at(chain, &account, Some(confirmed_at)).await?
	};
	if spoke_for != Some(record.identity) {
		return Err(broken(
			loan_id,
			format!(
				"{account} did not speak for identity {} at block {confirmed_at}",
				record.identity
			),
		));
	}
	Ok(AuditedLender {
		loan_id,
		alias: lender.alias.clone(),
		identity: record.identity,
		account: account.to_string(),
		operator: record.operator,
		confirmed_at,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn lender() -> AccountKeypair {
		AccountKeypair::from_suri("//Alice").expect("a dev account")
	}

	#[test]
	fn the_record_opens_for_each_recipient_and_nobody_else() {
		let (auditor, borrower, stranger) = (
			EncryptionKeypair::generate(),
			EncryptionKeypair::generate(),
			EncryptionKeypair::generate(),
		);
		let record = signed_record(&lender(), &[7; 32], 3, &[9; 32], 12, false);
		let sealed = seal(&record, &[auditor.public(), borrower.public()]).expect("sealed");
		assert_eq!(sealed.len(), sealed_lender_len(2) as usize);
		assert!(loanchain_primitives::check_sealed_lender(&sealed, 1).is_ok());
		for keypair in [&auditor, &borrower] {
			assert_eq!(open(keypair, &[7; 32], 3, &[9; 32], &sealed).expect("opens"), record);
		}
		let refused = open(&stranger, &[7; 32], 3, &[9; 32], &sealed).unwrap_err();
		assert!(refused.to_string().contains("not sealed to this encryption key"), "{refused}");
		// Bound to its loan and alias: moved to another, it does not decrypt.
		assert!(matches!(
			open(&auditor, &[7; 32], 4, &[9; 32], &sealed),
			Err(Error::Sealing(sealing::Error::DecryptFailed))
		));
		assert!(open(&auditor, &[7; 32], 3, &[8; 32], &sealed).is_err());
	}

	#[test]
	fn a_record_that_lies_about_its_signer_or_loan_is_refused() {
		let auditor = EncryptionKeypair::generate();
		let mut record = signed_record(&lender(), &[7; 32], 3, &[9; 32], 12, false);
		record.identity = 13;
		let sealed = seal(&record, &[auditor.public()]).expect("sealed");
		let error = open(&auditor, &[7; 32], 3, &[9; 32], &sealed).unwrap_err();
		assert!(error.to_string().contains("signature"), "{error}");

		// Sealed under the right binding but naming another loan inside.
		let inner = signed_record(&lender(), &[7; 32], 4, &[9; 32], 12, false);
		let binding = sealed_lender_binding(&[7; 32], 3, &[9; 32]);
		let sealed =
			sealing::seal_record(&inner.encode(), &binding, &[auditor.public()]).expect("sealed");
		let error = open(&auditor, &[7; 32], 3, &[9; 32], &sealed).unwrap_err();
		assert!(error.to_string().contains("another chain, loan or alias"), "{error}");
	}

	#[test]
	fn the_signature_covers_the_documented_payload() {
		let record = signed_record(&lender(), &[7; 32], 3, &[9; 32], 12, true);
		let mut payload = LENDER_RECORD_TAG.to_vec();
		payload.extend_from_slice(&[7; 32]);
		payload.extend_from_slice(&3u64.to_le_bytes());
		payload.extend_from_slice(&[9; 32]);
		payload.extend_from_slice(&12u64.to_le_bytes());
		payload.push(1);
		assert_eq!(record.payload(), payload);
		assert!(account::verify(&lender().account_id(), &payload, &record.signature));
		assert_eq!(record.encode().len(), 178);
	}
}
