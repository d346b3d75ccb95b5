//! The corporate renewal under an alias (`docs/privacy.md`, section 4): the company's system
//! reports an alias loan performed and puts its follow-on in force at once, under a new alias,
//! with the borrower's consent of format v2, in a general transaction that names no account.
//!
//! The company makes an invitation for the follow-on (`loanctl lender invite --as OPERATOR`),
//! prepares the consent request for its alias with `renews` set
//! ([`crate::loans::prepare_alias_consent_request`]), the borrower signs it as any consent, and
//! [`renew_as_alias`] sends it: the previous loan's lender key signs [`renewal_message`], which
//! designates the follow-on's lender key and payout account (derived from the operator's account
//! and the new handle) and its sealed lender record, and the operator's member secret proves
//! afresh with a ring proof over [`renewal_proof_message`] that the new alias is an attested
//! lender's.
//!
//! ```no_run
//! use loanchain_client::{alias_renewal, loans, AccountKeypair, Chain};
//!
//! # async fn run(consent: loans::SignedConsent, previous_handle: [u8; 32],
//! #     new_handle: [u8; 32]) -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let operator = AccountKeypair::from_suri("//Ferdie").expect("a dev key");
//! let secret = operator.derived_member_secret(); // the new invitation's
//! let renewed = alias_renewal::renew_as_alias(
//!     &chain,
//!     &operator,
//!     &secret,
//!     &consent,
//!     &previous_handle,
//!     &new_handle,
//! )
//! .await?;
//! println!("loan {} renews loan {}", renewed.loan_id, renewed.previous);
//! # Ok(())
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	aliases::{self, alias_of, lender_key, payout_account},
	chain::{Chain, Included},
	error::Error,
	lender_record,
	loans::{bytes32, SignedConsent},
	queries::{self, decode_hex, Id, Status},
	ring::MemberSecret,
	runtime::api::{
		self,
		runtime_types::{bounded_collections::bounded_vec::BoundedVec, sp_runtime::MultiSignature},
	},
};
pub use loanchain_primitives::{
	renewal_message, renewal_proof_message, LenderHandle, RENEWAL_PROOF_TAG, RENEWAL_TAG,
};
use subxt::utils::{AccountId32, H256};

/// How many times [`renew_as_alias`] sends the renewal at most (again when another loan took
/// the follow-on's number first, or the ring moved past the proof's revision).
const ATTEMPTS: usize = 3;

/// A renewal under an alias that reached the chain.
#[derive(Debug)]
pub struct AliasRenewed {
	/// The loan renewed (now performed).
	pub previous: Id,
	/// The follow-on loan.
	pub loan_id: Id,
	/// The follow-on's alias.
	pub alias: [u8; 32],
	/// The first block of the follow-on.
	pub start: u32,
	/// The first block after it: its lender's feedback is due then.
	pub end: u32,
	/// The follow-on's lender key (public).
	pub lender_key: [u8; 32],
	/// The follow-on's payout account.
	pub payout: AccountId32,
	/// The ring the follow-on's proof was made against.
	pub ring: u32,
	/// The ring's revision the proof was made against.
	pub revision: u32,
	/// How many members that revision has (the crowd the lender hides in).
	pub members: u32,
	/// The transaction (a general one: no signer).
	pub included: Included,
}

/// The next loan number (`Loans.NextLoanId`) at the best block.
pub async fn next_loan_id(chain: &Chain) -> Result<Id, Error> {
	let at = chain.best_block().await?;
	let value = at
		.storage()
		.try_fetch(api::storage().loans().next_loan_id(), ())
		.await
		.map_err(|error| Error::node("reading Loans.NextLoanId", error))?;
	match value {
		None => Ok(0),
		Some(value) => {
			value.decode().map_err(|error| Error::node("decoding Loans.NextLoanId", error))
		},
	}
}

/// Company (the operator that made both invitations): renew alias loan `consent.request.renews`
/// with the borrower's signed consent of format v2 for the follow-on's alias. `previous_handle`
/// is the handle of the renewed loan's invitation (its lender key signs the renewal) and
/// `new_handle` that of the follow-on's invitation (its lender key and payout account are
/// derived from `operator` and it, and `secret`, the member secret it was made with, proves
/// the new alias with a ring proof). The sealed lender record and the proof name the
/// follow-on's number, the next loan number; should another loan take it first
/// (`NotNextLoanId`), the renewal is sealed and proved for the new number and sent again (up to
/// three times), unless the loan turns out renewed already.
pub async fn renew_as_alias(
	chain: &Chain,
	operator: &AccountKeypair,
	secret: &MemberSecret,
	consent: &SignedConsent,
	previous_handle: &LenderHandle,
	new_handle: &LenderHandle,
) -> Result<AliasRenewed, Error> {
	let request = &consent.request;
	let previous = request.renews.ok_or_else(|| {
		Error::Invalid("the consent renews no loan: register it with `loans::register`".into())
	})?;
	let alias_hex = request.alias.as_deref().ok_or_else(|| {
		Error::Invalid(
			"the consent names no alias: renew a named loan with `loans::register`".into(),
		)
	})?;
	let alias = bytes32(alias_hex, "alias")?;
	let (borrower, signature) = consent.verified()?;
	let loan = queries::loan(chain, previous).await?;
	aliases::check_lender_key(&loan, operator, previous_handle)?;
	if !matches!(loan.status, Status::Active | Status::FeedbackDue) {
		return Err(Error::Invalid(format!(
			"loan {previous} is {}: only a loan in force or waiting for its feedback is renewed",
			loan.status.name()
		)));
	}
	let genesis = chain.genesis_hash();
	if alias_of(secret, &genesis, new_handle)? != alias {
		return Err(Error::Invalid(
			"the consent names another alias than this member secret's for the new invitation: \
			 renew with the member secret the invitation was made with (the same account, or \
			 the same --seed)"
				.into(),
		));
	}
	let commitment = bytes32(&request.commitment, "commitment")?;
	let sealed_terms = decode_hex(&request.sealed_terms)?;
	let key = lender_key(operator, new_handle).account_id().0;
	let payout = payout_account(operator, new_handle).account_id();
	let (identity, is_operator) =
		lender_record::lending_identity(chain, &operator.account_id()).await?;
	let recipients = lender_record::recipients(chain, &request.borrower).await?;
	let mut attempt = 0;
	loop {
		attempt += 1;
		let loan_id = next_loan_id(chain).await?;
		let record = lender_record::signed_record(
			operator,
			&genesis,
			loan_id,
			&alias,
			identity,
			is_operator,
		);
		let sealed_lender = lender_record::seal(&record, &recipients)?;
		let message = renewal_message(
			&genesis,
			previous,
			loan_id,
			&alias,
			&borrower,
			&loanchain_primitives::Commitment::from(commitment),
			&sealed_terms,
			request.duration,
			&key,
			&payout,
			&sealed_lender,
		);
		let proof_message =
			renewal_proof_message(&genesis, previous, loan_id, &key, &payout, &sealed_lender);
		let proved = aliases::prove(chain, secret, new_handle, &alias, &proof_message).await?;
		let call = api::transactions().loans().renew_as_alias(
			previous,
			loan_id,
			borrower,
			alias,
			request.duration,
			H256(commitment),
			sealed_terms.clone(),
			MultiSignature::Sr25519(signature),
			key,
			payout,
			BoundedVec(sealed_lender),
			lender_key(operator, previous_handle).sign(&message),
			*new_handle,
			proved.ring,
			proved.revision,
			BoundedVec(proved.proof),
		);
		match chain.submit_general(&call).await {
			Ok(included) => {
				let event: api::loans::events::LoanRenewedByAlias =
					included.event("Loans.LoanRenewedByAlias")?;
				return Ok(AliasRenewed {
					previous,
					loan_id: event.loan_id,
					alias,
					start: event.start,
					end: event.end,
					lender_key: key,
					payout,
					ring: proved.ring,
					revision: proved.revision,
					members: proved.members,
					included,
				});
			},
			Err(error) => {
				// The renewal may have landed though its progress was lost: never send twice.
				let renewed =
					queries::loan(chain, previous).await.ok().and_then(|loan| loan.renewed_by);
				if let Some(follow_on) = renewed {
					return Err(Error::Invalid(format!(
						"loan {previous} is renewed by loan {follow_on} (read it with `loanctl \
						 show loan {follow_on}`); the renewal was not sent again: {error}"
					)));
				}
				// Another loan took the number first (seal for the next one), or the ring moved
				// past the proof's revision while it waited (prove again): send again.
				let refused = |name: &str| {
					matches!(&error, Error::Refused(refusal)
						if refusal.error.as_ref().is_some_and(|reason| reason.error == name))
				};
				let retry = refused("NotNextLoanId") || refused("BadRingProof");
				let moved = next_loan_id(chain).await.is_ok_and(|next| next != loan_id);
				if attempt >= ATTEMPTS || !(retry || moved) {
					return Err(error);
				}
			},
		}
	}
}
