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

/// What the lender of an alias loan discloses with its lender key
/// ([`crate::Pallet::lender_disclose`]): the same acts as [`crate::Pallet::reveal`],
/// [`crate::Pallet::deliver`], [`crate::Pallet::grant`] and [`crate::Pallet::revoke_grant`],
/// without an account.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	scale_info::TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
)]
pub enum LenderDisclosure<AccountId, Terms, Text> {
	/// Publish the plaintext terms and salt of a loan whose level is public.
	Reveal {
		/// The plaintext terms document.
		terms: Terms,
		/// The salt of the loan's commitment.
		salt: Salt,
	},
	/// Deliver paid query `request_id` of the loan: the data key sealed to the encryption key
	/// the request keeps.
	Deliver {
		/// The request.
		request_id: RequestId,
		/// The data key sealed to the requester.
		capsule: Capsule,
	},
	/// Grant `reader` access to the loan's terms, stating `purpose` (logged for the borrower).
	Grant {
		/// The reader's account.
		reader: AccountId,
		/// The data key sealed to the reader's registered encryption key.
		capsule: Capsule,
		/// Why the reader gets access.
		purpose: Text,
		/// The loan's grant nonce ([`crate::LenderGrantNonce`]), so the signature is good once.
		nonce: u32,
	},
	/// Remove `reader`'s grant of the loan.
	RevokeGrant {
		/// The reader's account.
		reader: AccountId,
		/// The loan's grant nonce ([`crate::LenderGrantNonce`]), so the signature is good once.
		nonce: u32,
	},
}

/// A lender disclosure for `T` (terms of at most [`Config::MaxTermsLen`] bytes, a purpose of
/// at most [`Config::MaxPurposeLen`]).
pub type LenderDisclosureOf<T> =
	LenderDisclosure<<T as frame_system::Config>::AccountId, TermsOf<T>, TextOf<T>>;
