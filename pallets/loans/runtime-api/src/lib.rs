//! Runtime API of `pallet-loans`: the borrower summary (capability 6 of MISSION.md), the
//! lender's feedback-due list, the proposals waiting for a lender, what the chain holds about a
//! loan, and the exact consent payload a borrower signs for the corporate flow.
//!
//! The runtime implements each method with the pallet's query helper of the same name
//! (`Loans::borrower_summary`, `feedback_due`, `proposals_to`, `loan`, `consent_payload`), with
//! `AccountId = AccountId32`, `Balance = u128`, `BlockNumber = u32`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use loanchain_primitives::{
	Actor, AliasLender, Commitment, DisclosureLevel, HistoryEntry, IdentityId, LoanChange,
	LoanDeposit, LoanId, LoanInfo, LoanLender, LoanPeriod, LoanStatus, SummaryEntry, SummaryLabel,
	SummaryPage, MAX_SUMMARY_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Loan queries for clients (apps, companies, auditors).
	pub trait LoansApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The borrowing summary of the identity `account` belongs to (all its accounts, as
		/// borrower): for each loan that came into force, only its start and end blocks, the
		/// start time (Unix ms) and the word "borrowing", oldest first. `from` is the index of
		/// the first entry; `limit` is capped at `MAX_SUMMARY_PAGE` (0 means the cap). An
		/// account without identity gets an empty page.
		fn borrower_summary(account: AccountId, from: u32, limit: u32) -> SummaryPage<BlockNumber>;

		/// The loans whose lender is the identity `lender` acts for (its own, or its company's
		/// for an operator) and that wait for the lender's feedback, in loan order.
		fn feedback_due(lender: AccountId) -> Vec<LoanId>;

		/// The proposals waiting for the confirmation of the identity `lender` acts for, in
		/// loan order.
		fn proposals_to(lender: AccountId) -> Vec<LoanId>;

		/// Everything the chain holds about loan `loan_id` (sealed terms as bytes, the full
		/// history), or `None` if it does not exist.
		fn loan(loan_id: LoanId) -> Option<LoanInfo<AccountId, Balance, BlockNumber>>;

		/// The exact bytes `borrower` must sign (sr25519, ed25519 or ecdsa; raw, or wrapped in
		/// `<Bytes>`...`</Bytes>` as browser wallets do) to consent to a loan of `company` with
		/// `commitment` and `duration` (renewing `renews`, if any), with the chain's genesis
		/// hash and the account's current consent nonce.
		fn consent_payload(
			company: IdentityId,
			borrower: AccountId,
			commitment: Commitment,
			duration: BlockNumber,
			renews: Option<LoanId>,
		) -> Vec<u8>;
	}
}
