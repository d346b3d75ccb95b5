//! # Disclosure pallet
//!
//! Tiered disclosure of loan details (capability 7 of `MISSION.md`). A loan's terms are sealed
//! in the client; the loans pallet keeps the ciphertext, which holds one key capsule for the
//! borrower and one for the lender, and the commitment `blake2b-256(terms || salt)` both parties
//! signed (see `docs/sealing-format.md`). So by default only the two parties can read a loan's
//! details. This pallet lets more people read them, according to the information level the
//! lender chose when it reported a breach ([`DisclosureLevel`]):
//!
//! - **Public**: the lender reveals the plaintext terms and salt; the chain checks them against
//!   the commitment and refuses a mismatch; from then on anyone reads them ([`PublicTerms`]).
//! - **Encrypted**: a party grants a named reader access with a key capsule sealed to the
//!   reader's registered encryption key ([`Grants`]); this works at any level (and for loans
//!   without a breach), since the parties may always share their own terms.
//! - **Paid query**: any attested account (or operator of a valid company) that is not a party
//!   buys access at the lender's price. The fee is held on the requester's own account (a
//!   balance hold of this pallet, never a transfer to an intermediary) until the lender
//!   delivers a capsule sealed to the requester, which pays the fee to the delivering account;
//!   if nothing is delivered within [`Config::QueryDeadline`] blocks, the requester is refunded
//!   (by the chain, or by anyone's [`Pallet::refund`]). The delivery is sealed to the
//!   requester's encryption key as it was when it asked (kept in the request), so changing the
//!   key later cannot make a delivery fail. The requester may cancel, with notice: for
//!   [`Config::CancelNotice`] blocks a delivery still succeeds and is paid, so a requester that
//!   read the delivery in the transaction pool cannot cancel it away; after the notice the
//!   chain refunds it. It may record a complaint if the delivered key does not open terms
//!   matching the commitment; the capsule stays on the record, so the dispute can be checked.
//!
//! Who may do what is decided by [`Config::Policy`] ([`DisclosurePolicy`]); [`LevelPolicy`]
//! implements the rules above, so a new tier changes the policy, not the calls.
//!
//! Every publication, grant and closed paid query (delivered, refunded or cancelled) is logged
//! against the borrower's identity ([`Inquiries`]: who, when, purpose, outcome), and the borrower
//! can list who looked at their record, like a credit bureau's inquiry list. The log is
//! append-only: an entry is never overwritten or removed, so no flood of requests can push a
//! delivered one out. Whoever causes an entry pays for it: a grant and a request each burn
//! [`Config::InquiryFee`] (not refunded), so every entry and every request record is paid for.
//!
//! Capsules are `recipient_pk (32) || crypto_box_seal(data_key) (80)`: the chain checks that
//! they are 112 bytes long and that the recipient key is the one the reader (or requester)
//! registered, so the reader can always open them. It cannot check the sealed data key itself;
//! that is what the complaint is for.
//!
//! Public terms and paid-query records are permanent, like loan records (the deposit of a
//! request is held only while it is open); grants are paid for by a deposit returned when they
//! are revoked. Purposes and complaint reasons are stored in clear: clients must not put
//! personal data in them.
//!
//! ## Calls
//!
//! ### Lender
//! - [`Pallet::reveal`]: publish the plaintext terms and salt of a loan whose level is public.
//!   Emits [`Event::TermsRevealed`].
//! - [`Pallet::deliver`]: deliver a paid query (a capsule sealed to the requester); the fee is
//!   paid to the caller and the deposit returned. Emits [`Event::QueryDelivered`].
//!
//! ### Borrower or lender
//! - [`Pallet::grant`]: grant a reader access, holding [`Config::GrantDeposit`] and burning
//!   [`Config::InquiryFee`]. Emits [`Event::AccessGranted`].
//! - [`Pallet::revoke_grant`]: remove a grant (also by the reader), returning the deposit. Emits
//!   [`Event::GrantRevoked`]. A reader who opened the capsule keeps what it read.
//!
//! ### Requester (any attested account that is not a party)
//! - [`Pallet::request`]: buy a paid query, stating a purpose; holds the fee and
//!   [`Config::RequestDeposit`], burns [`Config::InquiryFee`]. Emits [`Event::QueryRequested`].
//! - [`Pallet::cancel`]: cancel an open request; after [`Config::CancelNotice`] blocks without a
//!   delivery, the chain refunds it in full. Emits [`Event::CancellationRequested`], then
//!   [`Event::QueryCancelled`].
//! - [`Pallet::complain`]: record a complaint about a delivery. Emits [`Event::ComplaintRaised`].
//!
//! ### Anyone
//! - [`Pallet::refund`]: refund an open request whose deadline has passed. Emits
//!   [`Event::QueryRefunded`].
//!
//! ### The chain
//! In `on_initialize`, at most [`Config::MaxRefundsPerBlock`] queued deadlines are processed (and
//! at most as many blocks of the queue passed): a request still open at its deadline is refunded
//! ([`Event::QueryRefunded`] with `by: None`), and a cancelled one at the end of its notice
//! ([`Event::QueryCancelled`]).
//!
//! ## Queries (runtime API `pallet-disclosure-runtime-api`)
//! [`Pallet::public_terms`], [`Pallet::grants`], [`Pallet::requests_for_lender`],
//! [`Pallet::request_info`], [`Pallet::inquiries`].
//!
//! ## Other pallets
//! Loans come from [`Config::Loans`] ([`LoanRegistry`], the loans pallet), identities from
//! [`Config::Identities`] ([`IdentityProvider`]) and encryption keys from
//! [`Config::EncryptionKeys`] ([`EncryptionKeyProvider`]), both the attestations pallet.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod policy;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use loanchain_primitives::{
	AttestationStatus, Commitment, EncryptionKeyProvider, IdentityId, IdentityProvider,
	LoanRegistry, SubjectKind,
};
pub use pallet::*;
pub use policy::LevelPolicy;
pub use types::*;
pub use weights::WeightInfo;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::disclosure";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
		},
	};
	use frame_system::pallet_prelude::*;
	use loanchain_primitives::deadlines::{walk_deadline_queue, Visit};
	use sp_runtime::traits::{Saturating, Zero};

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The fee token: query fees are held in escrow, and grant and request deposits held,
		/// on the payer's own account.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The loans: parties, commitment, information level, and who acts for a party (the
		/// loans pallet).
		type Loans: LoanRegistry<Self::AccountId, BalanceOf<Self>>;

		/// Who accounts are: their identity, attestation state and company (the attestations
		/// pallet).
		type Identities: IdentityProvider<Self::AccountId>;

		/// The X25519 public keys capsules must be sealed to (the attestations pallet).
		type EncryptionKeys: EncryptionKeyProvider<Self::AccountId>;

		/// Who may reveal, grant, request and deliver ([`LevelPolicy`] in the runtime).
		type Policy: DisclosurePolicy<Self::AccountId, BalanceOf<Self>>;

		/// The longest plaintext terms a lender can reveal, in bytes.
		#[pallet::constant]
		type MaxTermsLen: Get<u32>;

		/// The longest purpose of a request or a grant, and the longest reason of a complaint,
		/// in bytes.
		#[pallet::constant]
		type MaxPurposeLen: Get<u32>;

		/// The most readers one loan can have at once.
		#[pallet::constant]
		type MaxGrantsPerLoan: Get<u32>;

		/// The most open paid queries one loan can have at once.
		#[pallet::constant]
		type MaxOpenRequestsPerLoan: Get<u32>;

		/// The fee burnt from whoever adds an entry to a borrower's inquiry log (a requester, a
		/// granting party): the log is append-only, so each entry is paid for once, for good.
		#[pallet::constant]
		type InquiryFee: Get<BalanceOf<Self>>;

		/// Blocks a cancelled request stays deliverable (and the lender is paid if it delivers)
		/// before the chain refunds it (non-zero): longer than a delivery already in the
		/// transaction pool takes to be included.
		#[pallet::constant]
		type CancelNotice: Get<BlockNumberFor<Self>>;

		/// Blocks the lender has to deliver a paid query; after them the requester is refunded
		/// (non-zero).
		#[pallet::constant]
		type QueryDeadline: Get<BlockNumberFor<Self>>;

		/// The deposit held from the granting account while a grant is stored.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// The deposit held from the requester while a paid query is open (besides the fee).
		#[pallet::constant]
		type RequestDeposit: Get<BalanceOf<Self>>;

		/// The most deadlines processed in one block, and the most blocks of the deadline queue
		/// passed in one block (non-zero).
		#[pallet::constant]
		type MaxRefundsPerBlock: Get<u32>;

		/// Weights of this pallet's calls and of the deadline processing, generated by the
		/// node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a grant, held from the granting account.
		GrantDeposit,
		/// The deposit for an open paid query, held from the requester.
		RequestDeposit,
		/// The fee of an open paid query, held in escrow on the requester's account until the
		/// lender delivers (then paid to the lender) or the requester is refunded.
		QueryFee,
	}

	/// The plaintext terms (and salt) of each loan its lender made public, checked against the
	/// loan's commitment. Never removed.
	#[pallet::storage]
	pub type PublicTerms<T: Config> = StorageMap<_, Twox64Concat, LoanId, RevealedTermsOf<T>>;

	/// The readers granted access to each loan, with the capsule sealed to them.
	#[pallet::storage]
	pub type Grants<T: Config> =
		StorageDoubleMap<_, Twox64Concat, LoanId, Blake2_128Concat, T::AccountId, GrantOf<T>>;

	/// How many grants each loan has (at most [`Config::MaxGrantsPerLoan`]).
	#[pallet::storage]
	pub type GrantCount<T> = StorageMap<_, Twox64Concat, LoanId, u32, ValueQuery>;

	/// The number the next paid query gets.
	#[pallet::storage]
	pub type NextRequestId<T> = StorageValue<_, RequestId, ValueQuery>;

	/// Every paid query, open or closed. Never removed, so deliveries and complaints stay on
	/// the record.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, RequestId, RequestOf<T>>;

	/// The open paid query of each requester for each loan (one at a time).
	#[pallet::storage]
	pub type OpenRequests<T: Config> =
		StorageDoubleMap<_, Twox64Concat, LoanId, Blake2_128Concat, T::AccountId, RequestId>;

	/// How many open paid queries each loan has (at most [`Config::MaxOpenRequestsPerLoan`]).
	#[pallet::storage]
	pub type OpenRequestCount<T> = StorageMap<_, Twox64Concat, LoanId, u32, ValueQuery>;

	/// The open paid queries each lender identity must deliver.
	#[pallet::storage]
	pub type RequestsTo<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, RequestId, ()>;

	/// The deadline queue: at block `b`, refund request `r` if it is still open (its deadline),
	/// or complete its cancellation (its notice's end). An entry whose request closed is removed
	/// with it.
	#[pallet::storage]
	pub type Deadlines<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, RequestId, ()>;

	/// The first block of [`Deadlines`] not yet fully processed; `None` before the first
	/// deadline is queued.
	#[pallet::storage]
	pub type NextDeadlineBlock<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	/// Each borrower identity's inquiry log, append-only: entry number `n` (counting from 0) is
	/// written once, at key `n`, and never overwritten or removed.
	#[pallet::storage]
	pub type Inquiries<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, u32, InquiryOf<T>>;

	/// How many entries each borrower identity's inquiry log has (entries `0..count`).
	#[pallet::storage]
	pub type InquiryCount<T> = StorageMap<_, Twox64Concat, IdentityId, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The lender made a loan's terms public; they matched the commitment.
		TermsRevealed {
			/// The loan.
			loan_id: LoanId,
			/// The account that revealed them for the lender.
			by: T::AccountId,
		},
		/// A party granted a reader access to a loan's terms.
		AccessGranted {
			/// The loan.
			loan_id: LoanId,
			/// The reader.
			reader: T::AccountId,
			/// The account that granted access (and paid the deposit).
			by: T::AccountId,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A grant was removed and its deposit returned to the account that paid it.
		GrantRevoked {
			/// The loan.
			loan_id: LoanId,
			/// The former reader.
			reader: T::AccountId,
			/// The account that removed the grant.
			by: T::AccountId,
		},
		/// An account requested a paid query; the fee and the deposit are held until the lender
		/// delivers or the deadline passes.
		QueryRequested {
			/// The new request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The lender's identity, which must deliver.
			lender: IdentityId,
			/// The requesting account.
			requester: T::AccountId,
			/// The fee held in escrow.
			fee: BalanceOf<T>,
			/// The first block at which the lender can no longer deliver.
			deadline: BlockNumberFor<T>,
		},
		/// The requester cancelled an open request: the lender may still deliver (and be paid)
		/// until `until`; then the chain refunds it ([`Event::QueryCancelled`]).
		CancellationRequested {
			/// The request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The requester.
			requester: T::AccountId,
			/// The first block at which the lender can no longer deliver.
			until: BlockNumberFor<T>,
		},
		/// A cancellation took effect at the end of its notice: the fee and the deposit were
		/// returned to the requester.
		QueryCancelled {
			/// The request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The requester.
			requester: T::AccountId,
		},
		/// The lender delivered a paid query: the fee was paid to `by`, the deposit returned.
		QueryDelivered {
			/// The request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The requester.
			requester: T::AccountId,
			/// The account that delivered for the lender and received the fee.
			by: T::AccountId,
			/// The fee paid.
			fee: BalanceOf<T>,
		},
		/// A request was not delivered by its deadline: the fee and the deposit were returned.
		QueryRefunded {
			/// The request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The requester.
			requester: T::AccountId,
			/// The account that asked for the refund, or `None` for the chain.
			by: Option<T::AccountId>,
		},
		/// The requester complained that a delivery does not open terms matching the
		/// commitment; the complaint stays on the request's record.
		ComplaintRaised {
			/// The request.
			request_id: RequestId,
			/// The loan.
			loan_id: LoanId,
			/// The requester.
			requester: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No loan has this number.
		NotFound,
		/// The loan's information level does not allow this (for example, revealing terms
		/// whose level is not public, or requesting a paid query of a loan without a price).
		WrongLevel,
		/// The caller does not act for the loan's lender.
		NotLender,
		/// The caller acts for neither party of the loan.
		NotParty,
		/// The caller has no valid attestation (and operates for no valid company).
		NotAttested,
		/// The caller acts for a party of the loan, which can read the terms already.
		IsParty,
		/// The loan's terms are public already.
		AlreadyPublic,
		/// The terms are longer than [`Config::MaxTermsLen`].
		TermsTooLarge,
		/// The terms and salt do not hash to the loan's commitment.
		CommitmentMismatch,
		/// The purpose is longer than [`Config::MaxPurposeLen`].
		PurposeTooLong,
		/// The complaint's reason is longer than [`Config::MaxPurposeLen`].
		ReasonTooLong,
		/// The reader (or requester) has no registered encryption key to seal to.
		NoEncryptionKey,
		/// The capsule is not 112 bytes long.
		MalformedCapsule,
		/// The capsule is not sealed to the reader's (or requester's) registered encryption key.
		CapsuleKeyMismatch,
		/// The reader has been granted access to this loan already.
		AlreadyGranted,
		/// The reader has no grant for this loan.
		GrantNotFound,
		/// The loan already has [`Config::MaxGrantsPerLoan`] readers.
		TooManyGrants,
		/// The fee the requester accepts is below the lender's price.
		FeeBelowPrice,
		/// The caller already has an open request for this loan.
		AlreadyRequested,
		/// The loan already has [`Config::MaxOpenRequestsPerLoan`] open requests.
		TooManyRequests,
		/// No paid query has this number.
		RequestNotFound,
		/// The caller is not the request's requester.
		NotRequester,
		/// The request is not open any more (delivered, refunded or cancelled), or, for a
		/// cancellation, is being cancelled already.
		NotOpen,
		/// The request's deadline has passed: it can only be refunded.
		DeadlinePassed,
		/// The request's deadline has not passed yet, so it cannot be refunded.
		DeadlineNotReached,
		/// The request was not delivered, so there is nothing to complain about.
		NotDelivered,
		/// The requester has complained about this delivery already.
		AlreadyComplained,
		/// The caller cannot pay the deposit.
		CannotPayDeposit,
		/// The caller cannot pay the fee.
		CannotPayFee,
		/// The caller cannot pay [`Config::InquiryFee`] for the borrower's inquiry log entry.
		CannotPayInquiryFee,
		/// The borrower's inquiry log has `u32::MAX` entries and takes no more.
		InquiryLogFull,
		/// The request was cancelled and its notice has passed: it can no longer be delivered.
		NoticePassed,
		/// No more request numbers are available.
		RequestIdOverflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::process_deadlines(now)
		}

		fn integrity_test() {
			assert!(T::MaxRefundsPerBlock::get() > 0, "MaxRefundsPerBlock must not be zero");
			assert!(!T::CancelNotice::get().is_zero(), "CancelNotice must not be zero");
			assert!(T::MaxGrantsPerLoan::get() > 0, "MaxGrantsPerLoan must not be zero");
			assert!(
				T::MaxOpenRequestsPerLoan::get() > 0,
				"MaxOpenRequestsPerLoan must not be zero"
			);
			assert!(!T::QueryDeadline::get().is_zero(), "QueryDeadline must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Make the terms of loan `loan_id` public: `terms` is the plaintext terms document and
		/// `salt` the salt, which must hash to the loan's commitment
		/// (`blake2b-256(terms || salt)`). From then on anyone can read them.
		///
		/// Who may call: an account acting for the lender, once the lender chose the public
		/// information level (as [`Config::Policy`] decides). Emits [`Event::TermsRevealed`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::reveal(len_of(terms)))]
		pub fn reveal(
			origin: OriginFor<T>,
			loan_id: LoanId,
			terms: Vec<u8>,
			salt: Salt,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, loan_id, terms, salt)
		}

		/// Grant `reader` access to the terms of loan `loan_id` with `capsule`, the loan's data
		/// key sealed to the reader's registered encryption key, stating `purpose` (logged for
		/// the borrower). Holds [`Config::GrantDeposit`] from the caller until the grant is
		/// revoked, and burns [`Config::InquiryFee`] for the log entry.
		///
		/// Who may call: an account acting for the borrower or the lender (as [`Config::Policy`]
		/// decides). Emits [`Event::AccessGranted`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::grant())]
		pub fn grant(
			origin: OriginFor<T>,
			loan_id: LoanId,
			reader: T::AccountId,
			capsule: Vec<u8>,
			purpose: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant(who, loan_id, reader, capsule, purpose)
		}

		/// Remove `reader`'s grant for loan `loan_id` and return its deposit to the account that
		/// paid it. The chain forgets the capsule; a reader that opened it keeps what it read.
		///
		/// Who may call: the account that granted, the reader, or an account that may grant
		/// (acting for a party). Emits [`Event::GrantRevoked`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke_grant())]
		pub fn revoke_grant(
			origin: OriginFor<T>,
			loan_id: LoanId,
			reader: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_grant(who, loan_id, reader)
		}

		/// Request a paid query of the terms of loan `loan_id`, accepting a fee of up to
		/// `max_fee` and stating `purpose` (logged for the borrower). Holds the lender's price
		/// in escrow and [`Config::RequestDeposit`] from the caller, and burns
		/// [`Config::InquiryFee`] for the log entry; the lender has [`Config::QueryDeadline`]
		/// blocks to deliver, sealed to the encryption key the caller has registered now (the
		/// request keeps it).
		///
		/// Who may call: an attested account (or an operator of a valid company) that acts for
		/// neither party, for a loan whose lender chose a paid query (as [`Config::Policy`]
		/// decides); one open request per loan and account. Emits [`Event::QueryRequested`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::request())]
		pub fn request(
			origin: OriginFor<T>,
			loan_id: LoanId,
			max_fee: BalanceOf<T>,
			purpose: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request(who, loan_id, max_fee, purpose)
		}

		/// Cancel open request `request_id`. The lender may still deliver, and is paid, for
		/// [`Config::CancelNotice`] blocks (or until the deadline, if sooner); after them the
		/// chain returns the fee and the deposit to the caller.
		///
		/// Who may call: the requester. Emits [`Event::CancellationRequested`], and
		/// [`Event::QueryCancelled`] when the chain refunds.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, request_id: RequestId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, request_id)
		}

		/// Deliver request `request_id` with `capsule`, the loan's data key sealed to the
		/// encryption key the requester had registered when it asked: the fee is paid from
		/// escrow to the caller and the deposit returns to the requester. Accepted while the
		/// request is open and before its deadline, or cancelled and within its notice.
		///
		/// Who may call: an account acting for the loan's lender (its own account, or its
		/// company's operator; as [`Config::Policy`] decides). Emits [`Event::QueryDelivered`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deliver())]
		pub fn deliver(
			origin: OriginFor<T>,
			request_id: RequestId,
			capsule: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deliver(who, request_id, capsule)
		}

		/// Refund open request `request_id` once its deadline has passed (the chain does it too,
		/// a bounded number per block): the fee and the deposit go back to the requester.
		///
		/// Who may call: any signed account. Emits [`Event::QueryRefunded`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::refund())]
		pub fn refund(origin: OriginFor<T>, request_id: RequestId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_refund(who, request_id)
		}

		/// Record a complaint about delivered request `request_id`, with `reason`: the delivered
		/// key does not open terms that match the loan's commitment. It stays on the request's
		/// record (once per request), beside the capsule that makes it checkable.
		///
		/// Who may call: the requester. Emits [`Event::ComplaintRaised`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::complain())]
		pub fn complain(
			origin: OriginFor<T>,
			request_id: RequestId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_complain(who, request_id, reason)
		}
	}

	/// The length of call data `bytes`, as a weight component.
	pub(crate) fn len_of(bytes: &[u8]) -> u32 {
		u32::try_from(bytes.len()).unwrap_or(u32::MAX)
	}

	impl<T: Config> Pallet<T> {
		// ---- checks and small helpers -------------------------------------------------------

		/// The identity `account` speaks for, whatever its state: its own, or its company's if
		/// it is an operator.
		pub fn identity_for(account: &T::AccountId) -> Option<IdentityId> {
			T::Identities::identity_of(account)
				.or_else(|| T::Identities::company_of_operator(account))
		}

		/// The pallet error for a refusal of [`Config::Policy`].
		fn denied(reason: DisclosureDenied) -> DispatchError {
			match reason {
				DisclosureDenied::UnknownLoan => Error::<T>::NotFound,
				DisclosureDenied::WrongLevel => Error::<T>::WrongLevel,
				DisclosureDenied::NotLender => Error::<T>::NotLender,
				DisclosureDenied::NotParty => Error::<T>::NotParty,
				DisclosureDenied::NotAttested => Error::<T>::NotAttested,
				DisclosureDenied::IsParty => Error::<T>::IsParty,
			}
			.into()
		}

		/// Bounds a purpose (`error` if too long).
		fn bound_text(text: Vec<u8>, error: Error<T>) -> Result<TextOf<T>, DispatchError> {
			TextOf::<T>::try_from(text).map_err(|_| error.into())
		}

		/// Checks that `capsule` is 112 bytes long and sealed to `reader`'s registered
		/// encryption key.
		fn check_capsule(
			capsule: Vec<u8>,
			reader: &T::AccountId,
		) -> Result<Capsule, DispatchError> {
			let key =
				T::EncryptionKeys::encryption_key(reader).ok_or(Error::<T>::NoEncryptionKey)?;
			Self::check_capsule_for(capsule, &key)
		}

		/// Checks that `capsule` is 112 bytes long and sealed to `key`.
		fn check_capsule_for(capsule: Vec<u8>, key: &[u8; 32]) -> Result<Capsule, DispatchError> {
			let capsule = Capsule::try_from(capsule).map_err(|_| Error::<T>::MalformedCapsule)?;
			ensure!(&capsule_recipient(&capsule) == key, Error::<T>::CapsuleKeyMismatch);
			Ok(capsule)
		}

		/// Burns [`Config::InquiryFee`] from `who` for an entry of a borrower's inquiry log.
		fn charge_inquiry_fee(who: &T::AccountId) -> DispatchResult {
			let fee = T::InquiryFee::get();
			if fee.is_zero() {
				return Ok(());
			}
			T::Currency::burn_from(
				who,
				fee,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map(|_| ())
			.map_err(|_| Error::<T>::CannotPayInquiryFee.into())
		}

		/// Checks that `borrower`'s inquiry log takes another entry.
		fn ensure_log_has_room(borrower: IdentityId) -> DispatchResult {
			ensure!(
				InquiryCount::<T>::get(borrower) < u64::from(u32::MAX),
				Error::<T>::InquiryLogFull
			);
			Ok(())
		}

		/// Appends `outcome` for `reader` about `loan_id` to `borrower`'s inquiry log (a log
		/// with `u32::MAX` entries takes no more; [`Self::ensure_log_has_room`] refuses what
		/// would add to it, and paid entries make that many unreachable).
		fn log_inquiry(
			borrower: IdentityId,
			loan_id: LoanId,
			reader: T::AccountId,
			purpose: TextOf<T>,
			outcome: InquiryOutcome<T::AccountId>,
		) {
			let count = InquiryCount::<T>::get(borrower);
			let Ok(index) = u32::try_from(count) else {
				log::warn!(target: LOG_TARGET, "inquiry log of identity {borrower} is full");
				return;
			};
			let entry = Inquiry {
				loan_id,
				reader_identity: Self::identity_for(&reader),
				reader,
				at: frame_system::Pallet::<T>::block_number(),
				purpose,
				outcome,
			};
			Inquiries::<T>::insert(borrower, index, entry);
			InquiryCount::<T>::insert(borrower, count.saturating_add(1));
		}

		/// The next request number, and the one after it.
		fn next_request_id() -> Result<(RequestId, RequestId), DispatchError> {
			let id = NextRequestId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::RequestIdOverflow)?;
			Ok((id, next))
		}

		/// Queues a look at `request_id` at block `at` (always after the current block).
		fn schedule(at: BlockNumberFor<T>, request_id: RequestId) {
			if NextDeadlineBlock::<T>::get().is_none() {
				NextDeadlineBlock::<T>::put(frame_system::Pallet::<T>::block_number());
			}
			Deadlines::<T>::insert(at, request_id, ());
		}

		/// Loads request `request_id`.
		fn request_of(request_id: RequestId) -> Result<RequestOf<T>, DispatchError> {
			Requests::<T>::get(request_id).ok_or_else(|| Error::<T>::RequestNotFound.into())
		}

		/// Releases `amount` held for `reason` from `who` (what is held, should it ever be less,
		/// so that a refund can never get stuck).
		fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).map(|_| ())
		}

		/// Closes open `request` (`request_id`) with `status` and `outcome`: it leaves the open
		/// lists and the deadline queue, its deposit returns to the requester, the borrower's
		/// inquiry log records it, and the record is stored. The fee is the caller's business.
		fn close(
			request_id: RequestId,
			mut request: RequestOf<T>,
			status: RequestStatusOf<T>,
			outcome: InquiryOutcome<T::AccountId>,
		) -> DispatchResult {
			Self::release(HoldReason::RequestDeposit, &request.requester, request.deposit)?;
			OpenRequests::<T>::remove(request.loan_id, &request.requester);
			OpenRequestCount::<T>::mutate_exists(request.loan_id, |count| {
				*count = count.map(|count| count.saturating_sub(1)).filter(|count| *count > 0)
			});
			RequestsTo::<T>::remove(request.lender, request_id);
			if let Some(at) = Self::cutoff(&request) {
				Deadlines::<T>::remove(at, request_id);
			}
			request.status = status;
			Self::log_inquiry(
				request.borrower,
				request.loan_id,
				request.requester.clone(),
				request.purpose.clone(),
				outcome,
			);
			Requests::<T>::insert(request_id, request);
			Ok(())
		}

		/// The cutoff of pending `request`, the one rule for when it ends: its deadline while
		/// open, its notice's end while cancelling; `None` once closed. Before the cutoff a
		/// delivery succeeds and a refund is refused; from the cutoff on, the reverse, and the
		/// request is queued at it, so the chain settles it there.
		pub(crate) fn cutoff(request: &RequestOf<T>) -> Option<BlockNumberFor<T>> {
			match request.status {
				RequestStatus::Open => Some(request.deadline),
				RequestStatus::Cancelling { until, .. } => Some(until),
				_ => None,
			}
		}

		/// Completes the cancellation of `request` (`request_id`) at the end of its notice: the
		/// fee and the deposit go back to the requester.
		fn complete_cancellation(request_id: RequestId, request: RequestOf<T>) -> DispatchResult {
			let (loan_id, requester) = (request.loan_id, request.requester.clone());
			let at = frame_system::Pallet::<T>::block_number();
			Self::return_and_close(
				request_id,
				request,
				RequestStatus::Cancelled { at },
				InquiryOutcome::Cancelled { request_id },
			)?;
			Self::deposit_event(Event::QueryCancelled { request_id, loan_id, requester });
			Ok(())
		}

		/// Settles pending `request` (`request_id`) at or after its cutoff: an open one is refunded
		/// (`by` asked for it; `None` for the chain), a cancelling one's cancellation completes.
		fn settle(
			request_id: RequestId,
			request: RequestOf<T>,
			by: Option<T::AccountId>,
		) -> DispatchResult {
			match request.status {
				RequestStatus::Open => Self::do_refund_request(request_id, request, by),
				RequestStatus::Cancelling { .. } => {
					Self::complete_cancellation(request_id, request)
				},
				_ => Err(Error::<T>::NotOpen.into()),
			}
		}

		/// Returns pending `request`'s fee to the requester and closes it with `status` and
		/// `outcome` (its deposit returns in [`Self::close`]).
		fn return_and_close(
			request_id: RequestId,
			request: RequestOf<T>,
			status: RequestStatusOf<T>,
			outcome: InquiryOutcome<T::AccountId>,
		) -> DispatchResult {
			Self::release(HoldReason::QueryFee, &request.requester, request.fee)?;
			Self::close(request_id, request, status, outcome)
		}

		/// Refunds pending `request` (`request_id`): the fee and the deposit go back to the
		/// requester. `by` is `None` for the chain.
		fn do_refund_request(
			request_id: RequestId,
			request: RequestOf<T>,
			by: Option<T::AccountId>,
		) -> DispatchResult {
			let (loan_id, requester) = (request.loan_id, request.requester.clone());
			let at = frame_system::Pallet::<T>::block_number();
			Self::return_and_close(
				request_id,
				request,
				RequestStatus::Refunded { at, by: by.clone() },
				InquiryOutcome::Refunded { request_id },
			)?;
			Self::deposit_event(Event::QueryRefunded { request_id, loan_id, requester, by });
			Ok(())
		}

		// ---- calls ------------------------------------------------------------------------

		/// Publication of the terms of `loan_id` by `who`.
		pub(crate) fn do_reveal(
			who: T::AccountId,
			loan_id: LoanId,
			terms: Vec<u8>,
			salt: Salt,
		) -> DispatchResult {
			T::Policy::may_reveal(loan_id, &who).map_err(Self::denied)?;
			ensure!(!PublicTerms::<T>::contains_key(loan_id), Error::<T>::AlreadyPublic);
			let terms = TermsOf::<T>::try_from(terms).map_err(|_| Error::<T>::TermsTooLarge)?;
			let commitment = T::Loans::commitment(loan_id).ok_or(Error::<T>::NotFound)?;
			ensure!(terms_commitment(&terms, &salt) == commitment, Error::<T>::CommitmentMismatch);
			let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
			let revealed_at = frame_system::Pallet::<T>::block_number();
			PublicTerms::<T>::insert(
				loan_id,
				RevealedTerms { terms, salt, revealed_by: who.clone(), revealed_at },
			);
			Self::log_inquiry(
				parties.borrower,
				loan_id,
				who.clone(),
				Default::default(),
				InquiryOutcome::Published,
			);
			Self::deposit_event(Event::TermsRevealed { loan_id, by: who });
			Ok(())
		}

		/// Grant of access to `loan_id` for `reader` by `who`.
		pub(crate) fn do_grant(
			who: T::AccountId,
			loan_id: LoanId,
			reader: T::AccountId,
			capsule: Vec<u8>,
			purpose: Vec<u8>,
		) -> DispatchResult {
			T::Policy::may_grant(loan_id, &who, &reader).map_err(Self::denied)?;
			ensure!(!Grants::<T>::contains_key(loan_id, &reader), Error::<T>::AlreadyGranted);
			let count = GrantCount::<T>::get(loan_id);
			ensure!(count < T::MaxGrantsPerLoan::get(), Error::<T>::TooManyGrants);
			let purpose = Self::bound_text(purpose, Error::<T>::PurposeTooLong)?;
			let capsule = Self::check_capsule(capsule, &reader)?;
			let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
			Self::ensure_log_has_room(parties.borrower)?;
			let deposit = T::GrantDeposit::get();
			T::Currency::hold(&HoldReason::GrantDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			Self::charge_inquiry_fee(&who)?;
			let granted_at = frame_system::Pallet::<T>::block_number();
			Grants::<T>::insert(
				loan_id,
				&reader,
				Grant { capsule, granted_by: who.clone(), deposit, granted_at },
			);
			GrantCount::<T>::insert(loan_id, count.saturating_add(1));
			Self::log_inquiry(
				parties.borrower,
				loan_id,
				reader.clone(),
				purpose,
				InquiryOutcome::Granted { by: who.clone() },
			);
			Self::deposit_event(Event::AccessGranted { loan_id, reader, by: who, deposit });
			Ok(())
		}

		/// Removal of `reader`'s grant for `loan_id` by `who`.
		pub(crate) fn do_revoke_grant(
			who: T::AccountId,
			loan_id: LoanId,
			reader: T::AccountId,
		) -> DispatchResult {
			let grant = Grants::<T>::get(loan_id, &reader).ok_or(Error::<T>::GrantNotFound)?;
			ensure!(
				who == grant.granted_by
					|| who == reader
					|| T::Policy::may_grant(loan_id, &who, &reader).is_ok(),
				Error::<T>::NotParty
			);
			Self::release(HoldReason::GrantDeposit, &grant.granted_by, grant.deposit)?;
			Grants::<T>::remove(loan_id, &reader);
			GrantCount::<T>::mutate_exists(loan_id, |count| {
				*count = count.map(|count| count.saturating_sub(1)).filter(|count| *count > 0)
			});
			Self::deposit_event(Event::GrantRevoked { loan_id, reader, by: who });
			Ok(())
		}

		/// Paid query of `loan_id` by `who`.
		pub(crate) fn do_request(
			who: T::AccountId,
			loan_id: LoanId,
			max_fee: BalanceOf<T>,
			purpose: Vec<u8>,
		) -> DispatchResult {
			let fee = T::Policy::may_request(loan_id, &who).map_err(Self::denied)?;
			ensure!(max_fee >= fee, Error::<T>::FeeBelowPrice);
			let purpose = Self::bound_text(purpose, Error::<T>::PurposeTooLong)?;
			let requester_key =
				T::EncryptionKeys::encryption_key(&who).ok_or(Error::<T>::NoEncryptionKey)?;
			ensure!(!OpenRequests::<T>::contains_key(loan_id, &who), Error::<T>::AlreadyRequested);
			let open = OpenRequestCount::<T>::get(loan_id);
			ensure!(open < T::MaxOpenRequestsPerLoan::get(), Error::<T>::TooManyRequests);
			let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
			Self::ensure_log_has_room(parties.borrower)?;
			let (request_id, next) = Self::next_request_id()?;
			T::Currency::hold(&HoldReason::QueryFee.into(), &who, fee)
				.map_err(|_| Error::<T>::CannotPayFee)?;
			let deposit = T::RequestDeposit::get();
			T::Currency::hold(&HoldReason::RequestDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			Self::charge_inquiry_fee(&who)?;

			let now = frame_system::Pallet::<T>::block_number();
			let deadline = now.saturating_add(T::QueryDeadline::get());
			Self::schedule(deadline, request_id);
			NextRequestId::<T>::put(next);
			OpenRequests::<T>::insert(loan_id, &who, request_id);
			OpenRequestCount::<T>::insert(loan_id, open.saturating_add(1));
			RequestsTo::<T>::insert(parties.lender, request_id, ());
			Requests::<T>::insert(
				request_id,
				QueryRequest {
					loan_id,
					borrower: parties.borrower,
					lender: parties.lender,
					requester: who.clone(),
					requester_key,
					fee,
					deposit,
					purpose,
					requested_at: now,
					deadline,
					status: RequestStatus::Open,
					complaint: None,
				},
			);
			Self::deposit_event(Event::QueryRequested {
				request_id,
				loan_id,
				lender: parties.lender,
				requester: who,
				fee,
				deadline,
			});
			Ok(())
		}

		/// Cancellation of `request_id` by `who`.
		pub(crate) fn do_cancel(who: T::AccountId, request_id: RequestId) -> DispatchResult {
			let mut request = Self::request_of(request_id)?;
			ensure!(request.requester == who, Error::<T>::NotRequester);
			ensure!(request.status == RequestStatus::Open, Error::<T>::NotOpen);
			let now = frame_system::Pallet::<T>::block_number();
			let until = now.saturating_add(T::CancelNotice::get()).min(request.deadline);
			// The request moves in the queue from its deadline to the notice's end.
			Deadlines::<T>::remove(request.deadline, request_id);
			Self::schedule(until, request_id);
			request.status = RequestStatus::Cancelling { at: now, until };
			let loan_id = request.loan_id;
			Requests::<T>::insert(request_id, request);
			Self::deposit_event(Event::CancellationRequested {
				request_id,
				loan_id,
				requester: who,
				until,
			});
			Ok(())
		}

		/// Delivery of `request_id` by `who`.
		pub(crate) fn do_deliver(
			who: T::AccountId,
			request_id: RequestId,
			capsule: Vec<u8>,
		) -> DispatchResult {
			let request = Self::request_of(request_id)?;
			T::Policy::may_deliver(request.loan_id, &who).map_err(Self::denied)?;
			let now = frame_system::Pallet::<T>::block_number();
			let cutoff = Self::cutoff(&request).ok_or(Error::<T>::NotOpen)?;
			if now >= cutoff {
				return Err(match request.status {
					RequestStatus::Open => Error::<T>::DeadlinePassed,
					_ => Error::<T>::NoticePassed,
				}
				.into());
			}
			let capsule = Self::check_capsule_for(capsule, &request.requester_key)?;
			T::Currency::transfer_on_hold(
				&HoldReason::QueryFee.into(),
				&request.requester,
				&who,
				request.fee,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			let (loan_id, requester, fee) =
				(request.loan_id, request.requester.clone(), request.fee);
			Self::close(
				request_id,
				request,
				RequestStatus::Delivered { by: who.clone(), at: now, capsule },
				InquiryOutcome::Delivered { request_id },
			)?;
			Self::deposit_event(Event::QueryDelivered {
				request_id,
				loan_id,
				requester,
				by: who,
				fee,
			});
			Ok(())
		}

		/// Refund of `request_id`, asked for by `who`.
		pub(crate) fn do_refund(who: T::AccountId, request_id: RequestId) -> DispatchResult {
			let request = Self::request_of(request_id)?;
			let now = frame_system::Pallet::<T>::block_number();
			let cutoff = Self::cutoff(&request).ok_or(Error::<T>::NotOpen)?;
			ensure!(now >= cutoff, Error::<T>::DeadlineNotReached);
			Self::settle(request_id, request, Some(who))
		}

		/// Complaint about `request_id` by `who`.
		pub(crate) fn do_complain(
			who: T::AccountId,
			request_id: RequestId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let mut request = Self::request_of(request_id)?;
			ensure!(request.requester == who, Error::<T>::NotRequester);
			ensure!(
				matches!(request.status, RequestStatus::Delivered { .. }),
				Error::<T>::NotDelivered
			);
			ensure!(request.complaint.is_none(), Error::<T>::AlreadyComplained);
			let reason = Self::bound_text(reason, Error::<T>::ReasonTooLong)?;
			let at = frame_system::Pallet::<T>::block_number();
			request.complaint = Some(Complaint { at, reason });
			let loan_id = request.loan_id;
			Requests::<T>::insert(request_id, request);
			Self::deposit_event(Event::ComplaintRaised { request_id, loan_id, requester: who });
			Ok(())
		}

		// ---- the deadline queue -----------------------------------------------------------

		/// Processes the deadline queue from [`NextDeadlineBlock`] up to `now`: at most
		/// [`Config::MaxRefundsPerBlock`] entries and as many queue blocks. Returns the weight
		/// used: for each queue block passed, the walk through its `k` entries (each as if
		/// stale: `process_deadlines(k)`, or `on_initialize_per_block` for an empty one), plus
		/// for each entry refunded, the weight of the refund.
		pub(crate) fn process_deadlines(now: BlockNumberFor<T>) -> Weight {
			let Some(cursor) = NextDeadlineBlock::<T>::get() else {
				return T::DbWeight::get().reads(1);
			};
			let mut weight = Weight::zero();
			let cursor = walk_deadline_queue(
				cursor,
				now,
				T::MaxRefundsPerBlock::get(),
				|at, limit| {
					Deadlines::<T>::iter_key_prefix(at).take(limit).collect::<Vec<RequestId>>()
				},
				|visit| {
					weight.saturating_accrue(match visit {
						Visit::Entry { at, id } => match Self::process_deadline(at, id, now) {
							DeadlineOutcome::Refunded => T::WeightInfo::on_initialize_per_refund(),
							// Already in `process_deadlines(taken)`.
							DeadlineOutcome::Stale => Weight::zero(),
						},
						Visit::Block { taken: 0, .. } | Visit::Idle => {
							T::WeightInfo::on_initialize_per_block()
						},
						Visit::Block { taken, .. } => T::WeightInfo::process_deadlines(taken),
					})
				},
			);
			NextDeadlineBlock::<T>::put(cursor);
			weight
		}

		/// Removes the deadline of `request_id` at block `at` and refunds the request if it is
		/// still open and its deadline has passed, or completes its cancellation if its notice
		/// has passed.
		pub(crate) fn process_deadline(
			at: BlockNumberFor<T>,
			request_id: RequestId,
			now: BlockNumberFor<T>,
		) -> DeadlineOutcome {
			Deadlines::<T>::remove(at, request_id);
			let Some(request) = Requests::<T>::get(request_id) else {
				return DeadlineOutcome::Stale;
			};
			match Self::cutoff(&request) {
				Some(cutoff) if cutoff <= now => {},
				_ => return DeadlineOutcome::Stale,
			}
			let refunded = frame_support::storage::with_storage_layer(|| {
				Self::settle(request_id, request, None)
			});
			if let Err(error) = refunded {
				log::warn!(target: LOG_TARGET, "request {request_id}: refund failed: {error:?}");
			}
			DeadlineOutcome::Refunded
		}

		// ---- queries (the runtime API) ----------------------------------------------------

		/// The plaintext terms and salt of `loan_id`, if its lender made them public.
		pub fn public_terms(loan_id: LoanId) -> Option<RevealedTermsInfoOf<T>> {
			PublicTerms::<T>::get(loan_id).map(|public| RevealedTerms {
				terms: public.terms.into_inner(),
				salt: public.salt,
				revealed_by: public.revealed_by,
				revealed_at: public.revealed_at,
			})
		}

		/// The readers granted access to `loan_id`, with their grants (at most
		/// [`Config::MaxGrantsPerLoan`]).
		pub fn grants(loan_id: LoanId) -> Vec<(T::AccountId, GrantOf<T>)> {
			Grants::<T>::iter_prefix(loan_id).collect()
		}

		/// The open paid queries the identity `lender` acts for must deliver, oldest first.
		pub fn requests_for_lender(lender: T::AccountId) -> Vec<RequestId> {
			let Some(identity) = Self::identity_for(&lender) else {
				return Vec::new();
			};
			let mut ids: Vec<RequestId> = RequestsTo::<T>::iter_key_prefix(identity).collect();
			ids.sort_unstable();
			ids
		}

		/// Paid query `request_id`, with its texts as plain vectors.
		pub fn request_info(request_id: RequestId) -> Option<RequestInfoOf<T>> {
			Requests::<T>::get(request_id).map(|request| QueryRequest {
				loan_id: request.loan_id,
				borrower: request.borrower,
				lender: request.lender,
				requester: request.requester,
				requester_key: request.requester_key,
				fee: request.fee,
				deposit: request.deposit,
				purpose: request.purpose.into_inner(),
				requested_at: request.requested_at,
				deadline: request.deadline,
				status: request.status,
				complaint: request.complaint.map(|complaint| Complaint {
					at: complaint.at,
					reason: complaint.reason.into_inner(),
				}),
			})
		}

		/// The inquiry log of the identity `account` speaks for (its own, or its company's for
		/// an operator): its most recent [`MAX_INQUIRY_PAGE`] entries, oldest first (the whole
		/// log stays in [`Inquiries`]; [`Self::inquiry_page`] reads any part). Empty for an
		/// account without identity.
		pub fn inquiries(account: T::AccountId) -> Vec<InquiryInfoOf<T>> {
			Self::inquiry_page(account, None, MAX_INQUIRY_PAGE).entries
		}

		/// A page of the inquiry log of the identity `account` speaks for: the `limit` entries
		/// (at most [`MAX_INQUIRY_PAGE`]) just before entry `before` (entries are numbered from
		/// 0; `None` for the most recent ones), oldest first, and the log's length. Walking back
		/// with `before = first` reads the whole log. An empty page of length 0 for an account
		/// without identity.
		pub fn inquiry_page(
			account: T::AccountId,
			before: Option<u64>,
			limit: u32,
		) -> InquiryPageOf<T> {
			let Some(identity) = Self::identity_for(&account) else {
				return InquiryPage { total: 0, first: 0, entries: Vec::new() };
			};
			// Entry numbers are u32 in storage: the log stops growing at u32::MAX entries.
			let total = InquiryCount::<T>::get(identity).min(u64::from(u32::MAX));
			let end = before.map_or(total, |before| before.min(total));
			let first = end.saturating_sub(u64::from(limit.min(MAX_INQUIRY_PAGE)));
			let entries = (first..end)
				.filter_map(|n| u32::try_from(n).ok())
				.filter_map(|n| Inquiries::<T>::get(identity, n))
				.map(|entry| Inquiry {
					loan_id: entry.loan_id,
					reader: entry.reader,
					reader_identity: entry.reader_identity,
					at: entry.at,
					purpose: entry.purpose.into_inner(),
					outcome: entry.outcome,
				})
				.collect();
			InquiryPage { total, first, entries }
		}

		/// Checks the pallet's invariants: the escrow and the deposits held from each account
		/// equal the fees and deposits of its open requests and the deposits of its grants; an
		/// open request is listed (for its loan, its lender, the deadline queue) and a closed
		/// one is not, and a cancelling one is queued at its notice's end; only a delivered
		/// request has a complaint; no request is logged as closed twice (delivered and
		/// refunded, say) and every closed one is logged; the grant and request counts match;
		/// public terms match their loan's commitment; the inquiry logs have every entry they
		/// counted.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
			use frame_support::traits::fungible::InspectHold;

			let cursor = NextDeadlineBlock::<T>::get();
			for (at, request_id, ()) in Deadlines::<T>::iter() {
				let cursor = cursor.ok_or("deadlines queued without a cursor")?;
				ensure!(at >= cursor, "deadline queued behind the cursor");
				let request = Requests::<T>::get(request_id).ok_or("queued request missing")?;
				let queued_at = Self::cutoff(&request).ok_or("closed request still queued")?;
				ensure!(queued_at == at, "request queued at another block");
			}

			// Per account: the fees, request deposits and grant deposits that must be held.
			type Owed<Balance> = (Balance, Balance, Balance);
			let mut owed: BTreeMap<T::AccountId, Owed<BalanceOf<T>>> = BTreeMap::new();
			let mut open_per_loan: BTreeMap<LoanId, u32> = BTreeMap::new();
			let mut closed_requests = BTreeMap::new();
			let next = NextRequestId::<T>::get();
			for (request_id, request) in Requests::<T>::iter() {
				ensure!(request_id < next, "request id not below NextRequestId");
				let open = request.status.is_pending();
				if !open {
					closed_requests.insert(request_id, request.borrower);
				}
				ensure!(
					(OpenRequests::<T>::get(request.loan_id, &request.requester)
						== Some(request_id))
						== open,
					"open-request index disagrees with the request"
				);
				ensure!(
					RequestsTo::<T>::contains_key(request.lender, request_id) == open,
					"lender's list disagrees with the request"
				);
				if let Some(at) = Self::cutoff(&request) {
					ensure!(
						Deadlines::<T>::contains_key(at, request_id),
						"pending request missing from the deadline queue"
					);
				}
				if let RequestStatus::Cancelling { until, .. } = request.status {
					ensure!(until <= request.deadline, "cancellation notice beyond the deadline");
				}
				ensure!(
					request.complaint.is_none()
						|| matches!(request.status, RequestStatus::Delivered { .. }),
					"complaint about a request that was not delivered"
				);
				if open {
					let entry = owed.entry(request.requester.clone()).or_default();
					entry.0 = entry.0.saturating_add(request.fee);
					entry.1 = entry.1.saturating_add(request.deposit);
					let count = open_per_loan.entry(request.loan_id).or_default();
					*count = count.saturating_add(1);
				}
			}
			for (loan_id, _, request_id) in OpenRequests::<T>::iter() {
				let request = Requests::<T>::get(request_id).ok_or("open request missing")?;
				ensure!(request.loan_id == loan_id, "open request under the wrong loan");
			}
			for (loan_id, count) in OpenRequestCount::<T>::iter() {
				ensure!(
					open_per_loan.get(&loan_id).copied().unwrap_or(0) == count,
					"OpenRequestCount differs from the open requests"
				);
				ensure!(count <= T::MaxOpenRequestsPerLoan::get(), "too many open requests");
			}
			for (loan_id, count) in open_per_loan {
				ensure!(OpenRequestCount::<T>::get(loan_id) == count, "open requests not counted");
			}

			let mut grants_per_loan: BTreeMap<LoanId, u32> = BTreeMap::new();
			for (loan_id, _, grant) in Grants::<T>::iter() {
				let entry = owed.entry(grant.granted_by.clone()).or_default();
				entry.2 = entry.2.saturating_add(grant.deposit);
				let count = grants_per_loan.entry(loan_id).or_default();
				*count = count.saturating_add(1);
			}
			for (loan_id, count) in GrantCount::<T>::iter() {
				ensure!(
					grants_per_loan.get(&loan_id).copied().unwrap_or(0) == count,
					"GrantCount differs from the grants"
				);
				ensure!(count <= T::MaxGrantsPerLoan::get(), "too many grants");
			}
			for (loan_id, count) in grants_per_loan {
				ensure!(GrantCount::<T>::get(loan_id) == count, "grants not counted");
			}

			for (who, (fees, request_deposits, grant_deposits)) in owed {
				let held = |reason: HoldReason| T::Currency::balance_on_hold(&reason.into(), &who);
				ensure!(held(HoldReason::QueryFee) == fees, "escrow differs from open fees");
				ensure!(
					held(HoldReason::RequestDeposit) == request_deposits,
					"request deposits held differ from open requests"
				);
				ensure!(
					held(HoldReason::GrantDeposit) == grant_deposits,
					"grant deposits held differ from grants"
				);
			}

			for (loan_id, public) in PublicTerms::<T>::iter() {
				let commitment = T::Loans::commitment(loan_id).ok_or("public terms of no loan")?;
				ensure!(
					terms_commitment(&public.terms, &public.salt) == commitment,
					"public terms do not match the commitment"
				);
			}

			let mut closed = BTreeSet::new();
			let mut entries: BTreeMap<IdentityId, u64> = BTreeMap::new();
			for (identity, index, entry) in Inquiries::<T>::iter() {
				ensure!(
					u64::from(index) < InquiryCount::<T>::get(identity),
					"inquiry entry beyond the log's count"
				);
				let count = entries.entry(identity).or_default();
				*count = count.saturating_add(1);
				let request_id = match entry.outcome {
					InquiryOutcome::Delivered { request_id }
					| InquiryOutcome::Refunded { request_id }
					| InquiryOutcome::Cancelled { request_id } => request_id,
					InquiryOutcome::Published | InquiryOutcome::Granted { .. } => continue,
				};
				ensure!(closed.insert(request_id), "a request logged as closed twice");
				let request = Requests::<T>::get(request_id).ok_or("logged request missing")?;
				let matches = matches!(
					(entry.outcome, request.status),
					(InquiryOutcome::Delivered { .. }, RequestStatus::Delivered { .. })
						| (InquiryOutcome::Refunded { .. }, RequestStatus::Refunded { .. })
						| (InquiryOutcome::Cancelled { .. }, RequestStatus::Cancelled { .. })
				);
				ensure!(matches, "logged outcome differs from the request's state");
				ensure!(request.borrower == identity, "request logged for another borrower");
			}
			// Every closed request is in its borrower's log (exactly once, by the check above),
			// unless that log was full (u32::MAX entries) when it closed.
			for (request_id, borrower) in closed_requests {
				ensure!(
					closed.contains(&request_id)
						|| InquiryCount::<T>::get(borrower) >= u64::from(u32::MAX),
					"a closed request is missing from its borrower's inquiry log"
				);
			}
			// Append-only: entries `0..count` all exist (they were in range, and are as many).
			for (identity, count) in InquiryCount::<T>::iter() {
				ensure!(
					entries.get(&identity).copied().unwrap_or(0) == count,
					"an inquiry log has a gap: an entry was removed"
				);
			}
			Ok(())
		}
	}
}
