//! The loans pallet's stored types, as instances of the shared types of
//! `loanchain_primitives::loans`.

use crate::{BalanceOf, Config};
use frame_support::pallet_prelude::ConstU32;
use frame_support::BoundedVec;
use frame_system::pallet_prelude::BlockNumberFor;
pub use loanchain_primitives::{
	alias_consent_payload, consent_payload, Actor, Alias, AliasLender, Commitment, DisclosureLevel,
	HistoryEntry, IdentityId, LenderAction, LenderHandle, LenderKey, LenderSignature, Loan,
	LoanChange, LoanDeposit, LoanId, LoanInfo, LoanLender, LoanParties, LoanParty, LoanPeriod,
	LoanStatus, SummaryEntry, SummaryLabel, SummaryPage, ALIAS_CONSENT_TAG, CONSENT_TAG,
	LENDER_TX_LONGEVITY, LENDER_TX_PRIORITY, MAX_SUMMARY_PAGE,
};

/// The longest ring proof a confirmation accepts, in bytes (a proof for one context is 785).
pub const MAX_RING_PROOF_LEN: u32 = 1024;

/// A ring proof as a call argument (at most [`MAX_RING_PROOF_LEN`] bytes).
pub type RingProofOf = frame_support::BoundedVec<u8, ConstU32<MAX_RING_PROOF_LEN>>;

/// A sealed lender record as stored (at most
/// [`loanchain_primitives::MAX_SEALED_LENDER_LEN`] bytes: eight recipients).
pub type SealedLenderOf =
	frame_support::BoundedVec<u8, ConstU32<{ loanchain_primitives::MAX_SEALED_LENDER_LEN }>>;

/// A lender action in `T`'s block number and balance.
pub type LenderActionOf<T> = LenderAction<BlockNumberFor<T>, BalanceOf<T>>;

/// Who made a change, in `T`'s account type.
pub type ActorOf<T> = Actor<<T as frame_system::Config>::AccountId>;

/// The sealed terms as stored for `T` (at most [`Config::MaxSealedTermsLen`] bytes).
pub type SealedTermsOf<T> = BoundedVec<u8, <T as Config>::MaxSealedTermsLen>;

/// One history entry as stored for `T`.
pub type HistoryEntryOf<T> =
	HistoryEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// A loan's history as stored for `T` (at most [`Config::MaxHistory`] entries).
pub type HistoryOf<T> = BoundedVec<HistoryEntryOf<T>, <T as Config>::MaxHistory>;

/// The loan record as stored for `T`.
pub type LoanOf<T> = Loan<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	SealedTermsOf<T>,
	HistoryOf<T>,
>;

/// The loan record as served by the runtime API for `T`.
pub type LoanInfoOf<T> =
	LoanInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A disclosure level in `T`'s balance.
pub type DisclosureLevelOf<T> = DisclosureLevel<BalanceOf<T>>;

/// What processing one deadline of the queue did (it decides the weight charged).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeadlineOutcome {
	/// The loan's end had passed, or the borrower had not answered a proposed extension in
	/// time: it is now feedback-due and the lender was prompted.
	FeedbackDue,
	/// The proposal had not been confirmed in time: the chain withdrew it and returned the
	/// deposit.
	ProposalExpired,
	/// The grace period had passed without an answer: the loan is now flagged unreported.
	Unreported,
	/// Nothing to do any more (the loan moved on since the deadline was queued).
	Stale,
}

/// History entries a transition into `Active` keeps free for what must still be recorded
/// without a chance to refuse: the chain's `FeedbackDue` and `Unreported`, and the lender's
/// answer.
pub const HISTORY_RESERVED_ACTIVE: u32 = 3;

/// History entries a proposed extension keeps free: the borrower's answer, then (as after any
/// transition into `Active`) [`HISTORY_RESERVED_ACTIVE`].
pub const HISTORY_RESERVED_EXTENSION: u32 = HISTORY_RESERVED_ACTIVE + 1;

/// The smallest [`Config::MaxHistory`] the pallet accepts (checked by `integrity_test`): a
/// proposal, its confirmation, the reserved entries, and room for one extension round.
pub const MIN_HISTORY: u32 = 8;

/// What the benchmarks of the alias calls need from the runtime: a ring proof, which only a
/// native prover makes, against a ring the helper sets up.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Sets up a ring in which a proof for `context` and `message` holds and returns the ring,
	/// its revision, the proof's alias and the proof; an error says why it cannot (for a
	/// precomputed proof: that it was made for another context or message).
	fn ring_proof(
		context: &[u8],
		message: &[u8],
	) -> Result<
		(
			loanchain_primitives::RingIndex,
			loanchain_primitives::RingRevision,
			Alias,
			alloc::vec::Vec<u8>,
		),
		&'static str,
	>;

	/// Makes [`crate::Config::AuditorCount`] as large as the runtime allows (the worst case of
	/// a confirmation: the longest sealed lender record) and returns it.
	fn set_most_auditors() -> u32;
}
