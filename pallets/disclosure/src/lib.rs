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
//!   if nothing is delivered within [`QueryDeadline`] blocks, the requester is refunded
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
//! are revoked. Purposes and complaint reasons are **sealed notes**: the client seals the text
//! to the consortium's auditor keys and the borrower (`docs/privacy.md`, section 8), and the
//! chain refuses anything not shaped as such a note, so no member node reads who asked why.
//!
//! ## Calls
//!
//! ### Lender
//! - [`Pallet::reveal`]: publish the plaintext terms and salt of a loan whose level is public.
//!   Emits [`Event::TermsRevealed`].
//! - [`Pallet::deliver`]: deliver a paid query (a capsule sealed to the requester); the fee is
//!   paid to the caller and the deposit returned. Emits [`Event::QueryDelivered`].
//! - [`Pallet::lender_disclose`]: either of these for an alias loan, as a general transaction
//!   signed by the loan's lender key; the payout account is recorded and paid.
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
//! ### The consortium
//! - [`Pallet::set_query_deadline`]: set the paid-query deadline, within
//!   [`Config::MinQueryDeadline`] and [`Config::MaxQueryDeadline`]. Emits
//!   [`Event::QueryDeadlineSet`].
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

mod aliases;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod checks;
mod complaints;
mod deadlines;
mod delivery;
mod grants;
#[cfg(test)]
mod mock;
pub mod policy;
mod queries;
mod refunds;
mod requests;
mod reveal;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
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
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Zero;

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

		/// The longest sealed purpose of a request or a grant, and the longest sealed reason of a
		/// complaint, in bytes (at least [`loanchain_primitives::MAX_SEALED_NOTE_LEN`], a note
		/// sealed to seven auditors and the borrower).
		#[pallet::constant]
		type MaxPurposeLen: Get<u32>;

		/// How many auditor keys the consortium registered (the consortium pallet's
		/// `AuditorKeys`): a purpose or a reason is sealed to each of them and to the borrower,
		/// so it must have one recipient more.
		type AuditorCount: Get<u32>;

		/// The most readers one loan can have at once.
		#[pallet::constant]
		type MaxGrantsPerLoan: Get<u32>;

		/// The most grants and revocations the lender of one alias loan makes with its lender
		/// key in the loan's life ([`Pallet::lender_disclose`]): they pay no deposit and no
		/// inquiry fee, so this bounds the log entries they add.
		#[pallet::constant]
		type MaxLenderGrantActions: Get<u32>;

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

		/// The origin that tunes this pallet's parameters (the paid-query deadline): in the
		/// runtime, a majority of the consortium.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks the lender has to deliver a paid query, until the admin origin sets another
		/// value ([`QueryDeadline`]); after them the requester is refunded.
		#[pallet::constant]
		type DefaultQueryDeadline: Get<BlockNumberFor<Self>>;

		/// The shortest paid-query deadline the admin origin may set (non-zero): a lender must
		/// still be able to deliver.
		#[pallet::constant]
		type MinQueryDeadline: Get<BlockNumberFor<Self>>;

		/// The longest paid-query deadline the admin origin may set: a requester's fee is not
		/// held for ever.
		#[pallet::constant]
		type MaxQueryDeadline: Get<BlockNumberFor<Self>>;

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

	/// Blocks the lender has to deliver a paid query, from its request; after them the requester
	/// is refunded. [`Config::DefaultQueryDeadline`] until the admin origin sets another value
	/// ([`Pallet::set_query_deadline`]), which applies to requests made from then on.
	#[pallet::storage]
	pub type QueryDeadline<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultQueryDeadline>;

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

	/// The grant nonce of each alias loan: how many grants and revocations its lender made
	/// with its lender key, which the next one must sign (so a signature is good once).
	#[pallet::storage]
	pub type LenderGrantNonce<T> = StorageMap<_, Twox64Concat, LoanId, u32, ValueQuery>;

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

	/// The open paid queries each named lender identity must deliver (an alias loan's lender
	/// finds its requests by the loans it holds, from [`Event::QueryRequested`]).
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
			/// The account that revealed them for a named lender, or the payout account of an
			/// alias loan (whose lender key signed the reveal).
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
			/// The lender's identity, which must deliver, or `None` for an alias loan (its
			/// lender delivers with its lender key, [`Pallet::lender_disclose`]).
			lender: Option<IdentityId>,
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
			/// The account that received the fee: the one that delivered for a named lender,
			/// or the payout account of an alias loan.
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
		/// The consortium set the paid-query deadline; requests made from now on have this many
		/// blocks, open ones keep theirs.
		QueryDeadlineSet {
			/// The new deadline, in blocks.
			blocks: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No loan has this number.
		NotFound,
		/// The loan's information level does not allow this (for example, revealing terms
		/// whose level is not public, or requesting a paid query of a loan without a price).
		WrongLevel,
		/// The caller does not act for the loan's lender (or, for a disclosure signed with a
		/// lender key, the loan has none: its lender is named, or it is not confirmed).
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
		/// The sealed purpose is longer than [`Config::MaxPurposeLen`].
		PurposeTooLong,
		/// The complaint's sealed reason is longer than [`Config::MaxPurposeLen`].
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
		/// The signature is not the loan's lender key's over the disclosure.
		BadLenderSignature,
		/// The request is for another loan than the one the disclosure names.
		WrongLoan,
		/// The lender's grant or revocation signs a used grant nonce, or a future one: sign the
		/// loan's current [`LenderGrantNonce`].
		BadGrantNonce,
		/// The lender of this alias loan made all the grants and revocations it may
		/// ([`Config::MaxLenderGrantActions`]).
		TooManyLenderGrantActions,
		/// The purpose or reason is not a sealed note (an envelope of sealing format v2 of the
		/// first padding bucket): seal it in the client to the auditors and the borrower; text
		/// in clear is refused.
		MalformedSealedNote,
		/// The purpose or reason is not sealed to the auditors and the borrower: it must have one
		/// recipient more than the consortium has auditor keys.
		SealedNoteRecipients,
		/// The paid-query deadline must be between [`Config::MinQueryDeadline`] and
		/// [`Config::MaxQueryDeadline`] blocks.
		QueryDeadlineOutOfRange,
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
			assert!(!T::MinQueryDeadline::get().is_zero(), "MinQueryDeadline must not be zero");
			assert!(
				T::MinQueryDeadline::get() <= T::DefaultQueryDeadline::get()
					&& T::DefaultQueryDeadline::get() <= T::MaxQueryDeadline::get(),
				"DefaultQueryDeadline must be between MinQueryDeadline and MaxQueryDeadline"
			);
			assert!(
				T::MaxPurposeLen::get() >= loanchain_primitives::MAX_SEALED_NOTE_LEN,
				"MaxPurposeLen must hold a note sealed to seven auditors and the borrower"
			);
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
		/// [`Config::InquiryFee`] for the log entry; the lender has [`QueryDeadline`]
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

		/// The lender of alias loan `loan_id` discloses with its lender key: `disclosure` is a
		/// reveal (as [`Pallet::reveal`]), a delivery of one of the loan's paid queries (as
		/// [`Pallet::deliver`]), or a grant or its revocation (as [`Pallet::grant`] and
		/// [`Pallet::revoke_grant`], with the loan's [`LenderGrantNonce`]), and `signature` the
		/// loan's lender key's sr25519 signature over
		/// [`loanchain_primitives::lender_disclosure_payload`]. A general transaction without a
		/// signer or fee: no account of the lender appears; the reveal and the grant record,
		/// and the delivery pays, the loan's payout account; a grant holds no deposit and
		/// burns no inquiry fee (at most [`Config::MaxLenderGrantActions`] per loan).
		///
		/// Who may call: the authorization above (`frame_system::Origin::Authorized`), checked
		/// in the pool and again in the block; a delivery is valid in the pool only until the
		/// request's cutoff. Emits [`Event::TermsRevealed`], [`Event::QueryDelivered`],
		/// [`Event::AccessGranted`] or [`Event::GrantRevoked`].
		#[pallet::call_index(8)]
		#[pallet::weight(match disclosure {
			LenderDisclosure::Reveal { terms, .. } => T::WeightInfo::lender_reveal(len_of(terms)),
			LenderDisclosure::Deliver { .. } => T::WeightInfo::lender_deliver(),
			LenderDisclosure::Grant { .. } => T::WeightInfo::lender_grant(),
			LenderDisclosure::RevokeGrant { .. } => T::WeightInfo::lender_revoke_grant(),
		})]
		#[pallet::authorize(Self::authorize_lender_disclose)]
		#[pallet::weight_of_authorize(match disclosure {
			LenderDisclosure::Reveal { terms, .. } => {
				T::WeightInfo::authorize_lender_reveal(len_of(terms))
			},
			LenderDisclosure::Deliver { .. } => T::WeightInfo::authorize_lender_deliver(),
			LenderDisclosure::Grant { .. } => T::WeightInfo::authorize_lender_grant(),
			LenderDisclosure::RevokeGrant { .. } => {
				T::WeightInfo::authorize_lender_revoke_grant()
			},
		})]
		pub fn lender_disclose(
			origin: OriginFor<T>,
			loan_id: LoanId,
			disclosure: LenderDisclosureOf<T>,
			signature: loanchain_primitives::LenderSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_lender_disclose(loan_id, disclosure, &signature)
		}

		/// Set how many blocks a lender has to deliver a paid query, between
		/// [`Config::MinQueryDeadline`] and [`Config::MaxQueryDeadline`]. Requests made from
		/// then on get the new deadline; open ones keep theirs.
		///
		/// Who may call: only `AdminOrigin` (a consortium majority); anyone else gets
		/// `BadOrigin`. Errors: [`Error::QueryDeadlineOutOfRange`]. Emits
		/// [`Event::QueryDeadlineSet`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_query_deadline())]
		pub fn set_query_deadline(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				T::MinQueryDeadline::get() <= blocks && blocks <= T::MaxQueryDeadline::get(),
				Error::<T>::QueryDeadlineOutOfRange
			);
			QueryDeadline::<T>::put(blocks);
			Self::deposit_event(Event::QueryDeadlineSet { blocks });
			Ok(())
		}
	}

	/// The length of call data `bytes`, as a weight component.
	pub(crate) fn len_of(bytes: &[u8]) -> u32 {
		u32::try_from(bytes.len()).unwrap_or(u32::MAX)
	}
}
