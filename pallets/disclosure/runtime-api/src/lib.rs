//! Runtime API of `pallet-disclosure` (capability 7 of MISSION.md): the terms of loans made
//! public, the readers granted access to a loan, the paid queries a lender must serve, one paid
//! query (with the delivered capsule and any complaint), and a borrower's inquiry log.
//!
//! The runtime implements each method with the pallet's query helper of the same name
//! (`Disclosure::public_terms`, `grants`, `requests_for_lender`, `inquiries`, `inquiry_page`;
//! `request` with
//! `Disclosure::request_info`, as `request` is the call), with `AccountId = AccountId32`,
//! `Balance = u128`, `BlockNumber = u32`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use loanchain_primitives::{
	Capsule, Complaint, Grant, IdentityId, InquiryInfo, InquiryOutcome, InquiryPage, LoanId,
	RequestId, RequestInfo, RequestStatus, RevealedTermsInfo, Salt, CAPSULE_LEN, MAX_INQUIRY_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Disclosure queries for clients (readers, lenders' systems, borrowers, auditors).
	/// Version 2 adds `inquiry_page`.
	#[api_version(2)]
	pub trait DisclosureApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The plaintext terms and salt of loan `loan_id`, if its lender made them public
		/// (checked against the loan's commitment when revealed).
		fn public_terms(loan_id: LoanId) -> Option<RevealedTermsInfo<AccountId, BlockNumber>>;

		/// The readers granted access to loan `loan_id`, each with its grant (the capsule
		/// sealed to the reader, who granted it, when), in no particular order.
		fn grants(loan_id: LoanId) -> Vec<(AccountId, Grant<AccountId, Balance, BlockNumber>)>;

		/// The open paid queries the identity `lender` acts for (its own, or its company's for
		/// an operator) must deliver, oldest first.
		fn requests_for_lender(lender: AccountId) -> Vec<RequestId>;

		/// Paid query `request_id` (its state, the capsule once delivered, any complaint), or
		/// `None` if it does not exist.
		fn request(request_id: RequestId) -> Option<RequestInfo<AccountId, Balance, BlockNumber>>;

		/// The inquiry log of the identity `account` belongs to (its own, or its company's for
		/// an operator): who was given or asked for the details of its loans as borrower, when,
		/// why and with what outcome; its most recent `MAX_INQUIRY_PAGE` (100) entries, oldest
		/// first (the log itself is append-only and keeps every entry). Empty for an account
		/// without identity.
		fn inquiries(account: AccountId) -> Vec<InquiryInfo<AccountId, BlockNumber>>;

		/// A page of the same log: the `limit` entries (at most `MAX_INQUIRY_PAGE`, 100) just
		/// before entry `before` (numbered from 0; `None` for the most recent), oldest first,
		/// with the log's length, so a client walks the whole log back page by page.
		#[api_version(2)]
		fn inquiry_page(
			account: AccountId,
			before: Option<u64>,
			limit: u32,
		) -> InquiryPage<AccountId, BlockNumber>;
	}
}
