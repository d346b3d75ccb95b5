//! The disclosure pallet's stored types, as instances of the shared types of
//! `loanchain_primitives::disclosure`.

use crate::{BalanceOf, Config};
use frame_support::BoundedVec;
use frame_system::pallet_prelude::BlockNumberFor;
pub use loanchain_primitives::{
	capsule_recipient, terms_commitment, Capsule, Complaint, DisclosureDenied, DisclosureLevel,
	DisclosurePolicy, Grant, Inquiry, InquiryInfo, InquiryOutcome, InquiryPage, LoanId, LoanParty,
	QueryRequest, RequestId, RequestInfo, RequestStatus, RevealedTerms, RevealedTermsInfo, Salt,
	CAPSULE_LEN, MAX_INQUIRY_PAGE,
};

/// Plaintext terms as stored for `T` (at most [`Config::MaxTermsLen`] bytes).
pub type TermsOf<T> = BoundedVec<u8, <T as Config>::MaxTermsLen>;

/// A purpose or a complaint's reason as stored for `T` (at most [`Config::MaxPurposeLen`]
/// bytes).
pub type TextOf<T> = BoundedVec<u8, <T as Config>::MaxPurposeLen>;

/// Revealed terms as stored for `T`.
pub type RevealedTermsOf<T> =
	RevealedTerms<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, TermsOf<T>>;

/// A grant as stored for `T`.
pub type GrantOf<T> =
	Grant<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A paid query's state for `T`.
pub type RequestStatusOf<T> =
	RequestStatus<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A paid query as stored for `T`.
pub type RequestOf<T> = QueryRequest<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	TextOf<T>,
>;

/// A paid query as served by the runtime API for `T`.
pub type RequestInfoOf<T> =
	RequestInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// An inquiry log entry as stored for `T`.
pub type InquiryOf<T> =
	Inquiry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, TextOf<T>>;

/// An inquiry log entry as served by the runtime API for `T`.
pub type InquiryInfoOf<T> = InquiryInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A page of an inquiry log as served by the runtime API for `T`.
pub type InquiryPageOf<T> = InquiryPage<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// Revealed terms as served by the runtime API for `T`.
pub type RevealedTermsInfoOf<T> =
	RevealedTermsInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// What processing one deadline of the queue did (it decides the weight charged).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeadlineOutcome {
	/// The request was still open at its deadline: the fee and the deposit went back to the
	/// requester.
	Refunded,
	/// Nothing to do any more (the request was delivered, cancelled or refunded since).
	Stale,
}
