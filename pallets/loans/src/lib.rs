//! # Loans pallet
//!
//! Loan contracts between verified identities, on a tamper-proof record (capabilities 3 to 6 of
//! `MISSION.md`): co-signed registration (C2C), registration by a company in the borrower's name
//! with the borrower's signed consent (B2C/B2B), the expiry prompt to the lender, the lender's
//! feedback (performed normally / extended / breached with an information level), and the
//! borrower summary (only dates and the word "borrowing").
//!
//! A loan record ([`Loan`]) names the borrower and lender *identities* (from
//! [`Config::Identities`], so all accounts of a person share one history), the accounts that
//! acted, the registering company if any, the period, a 32-byte commitment to the full terms
//! (hash of the plaintext terms and a salt, computed by the client), the sealed terms (opaque
//! ciphertext of at most [`Config::MaxSealedTermsLen`] bytes), the status, the disclosure level
//! chosen at a breach, and the loan it renews. Records are never deleted or overwritten: every
//! change appends a [`HistoryEntry`] (block, account, what changed), so auditors can replay the
//! history.
//!
//! ## Who acts for an identity
//! An account *acts for* identity `I` when its own identity is `I` and its attestation is valid,
//! or when it is an operator of the company identity `I` (its API system) and `I` still has a
//! valid attestation. The acting account is recorded.
//!
//! ## Calls
//!
//! ### Borrower (C2C, user's steps 3 and 4)
//! - [`Pallet::propose`]: propose a loan to a lender (lender account, duration in blocks,
//!   commitment, sealed terms), holding [`Config::ProposalDeposit`]; the lender has
//!   [`Config::ProposalTimeout`] blocks to confirm it. Emits [`Event::LoanProposed`].
//! - [`Pallet::withdraw`]: withdraw a proposal before confirmation (either party), returning the
//!   deposit. Emits [`Event::LoanWithdrawn`].
//! - [`Pallet::confirm_extension`] / [`Pallet::decline_extension`]: answer an extension the
//!   lender reported, within [`Config::FeedbackGracePeriod`] blocks. Emit
//!   [`Event::ExtensionConfirmed`] / [`Event::ExtensionDeclined`].
//!
//! ### Lender (C2C and corporate)
//! - [`Pallet::confirm`]: confirm a proposal; the loan comes into force now and ends `duration`
//!   blocks later; the deposit is returned. Emits [`Event::LoanConfirmed`].
//! - [`Pallet::report_performed`], [`Pallet::propose_extension`], [`Pallet::report_breach`]:
//!   the feedback, once the end has passed. Emit [`Event::LoanPerformed`],
//!   [`Event::ExtensionProposed`], [`Event::LoanBreached`].
//!
//! ### Company (corporate steps 1 to 4; an operator or an attested account of the company)
//! - [`Pallet::register_for_borrower`]: register a loan in a borrower's name with the borrower's
//!   signed consent (see below), the company being the lender. Emits [`Event::LoanRegistered`].
//!   The company then [`Pallet::confirm`]s when the application is approved.
//! - [`Pallet::renew`]: report "performed normally" in advance (or after the end) and register
//!   the follow-on loan, in force at once and linked to the first, with the borrower's consent.
//!   A renewal in advance ends the first loan at the renewal block. Emits
//!   [`Event::LoanPerformed`] and [`Event::LoanRenewed`].
//!
//! ### The chain
//! In `on_initialize`, at most [`Config::MaxExpiriesPerBlock`] queued deadlines are processed
//! (and at most as many blocks of the queue passed), however many loans end at once: a loan whose
//! end has passed becomes feedback-due ([`Event::FeedbackDue`], naming the lender, and listed in
//! [`FeedbackDueOf`]); one still unanswered [`Config::FeedbackGracePeriod`] blocks after the
//! prompt is flagged `unreported` ([`Event::LoanUnreported`]). An extension the borrower has not
//! answered [`Config::FeedbackGracePeriod`] blocks after the lender proposed it lapses as
//! declined (history `ExtensionDeclined` by the chain): the loan is feedback-due again, with a
//! new grace period ([`Event::FeedbackDue`]). A proposal the lender has not confirmed
//! [`Config::ProposalTimeout`] blocks after its registration is withdrawn by the chain (history
//! `Expired`), its deposit returned ([`Event::ProposalExpired`]).
//!
//! ## The consent payload (corporate flow)
//! So that no company can invent a debt, [`Pallet::register_for_borrower`] and [`Pallet::renew`]
//! carry a signature by the borrower's account (`MultiSignature`: sr25519, ed25519 or ecdsa)
//! over the SCALE encoding of
//!
//! | bytes | field | encoding |
//! |---|---|---|
//! | 20 | tag `b"loanchain:consent:v1"` | raw ASCII bytes |
//! | 32 | genesis hash of the chain (`frame_system::BlockHash(0)`) | raw bytes |
//! | 8 | company identity (the lender) | `u64` little-endian |
//! | 32 | borrower account (the signer) | raw bytes (`AccountId32`) |
//! | 32 | commitment to the terms | raw bytes |
//! | 4 | duration in blocks | `u32` little-endian |
//! | 1 or 9 | loan renewed (`Option<LoanId>`) | `0x00`; for [`Pallet::renew`] `0x01` + `u64` LE |
//! | 8 | consent nonce of the borrower account ([`ConsentNonce`]) | `u64` little-endian |
//!
//! 137 bytes for a registration, 145 for a renewal. The signature may cover these bytes, or the
//! same bytes wrapped in `<Bytes>` and `</Bytes>` (what browser wallets' `signRaw` signs). The
//! nonce is incremented when a consent is used, so a consent cannot be replayed; the genesis
//! hash binds it to this chain. [`consent_payload`] builds the bytes from their parts and
//! [`Pallet::consent_payload`] (also in the runtime API) from the chain's state.
//!
//! ## Queries (runtime API `pallet-loans-runtime-api`)
//! [`Pallet::borrower_summary`], [`Pallet::feedback_due`], [`Pallet::proposals_to`],
//! [`Pallet::loan`], [`Pallet::consent_payload`].
//!
//! ## Other pallets
//! The pallet implements [`loanchain_primitives::LoanRegistry`] (parties, commitment, disclosure
//! level, who acts for a party) for the disclosure pallet.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use loanchain_primitives::{AttestationStatus, IdentityProvider, LoanRegistry, SubjectKind};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::loans";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, MutateHold},
			tokens::Precision,
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use loanchain_primitives::deadlines::{walk_deadline_queue, Visit};
	use sp_runtime::traits::{CheckedAdd, IdentifyAccount, One, Saturating, Verify, Zero};

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The fee token, from which proposal deposits are held.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Who accounts are: their identity, attestation state and company (the attestations
		/// pallet).
		type Identities: IdentityProvider<Self::AccountId>;

		/// The chain's clock, to record when a loan came into force (beside the block number).
		type Time: UnixTime;

		/// The signature of a borrower's consent (`sp_runtime::MultiSignature` in the runtime).
		type Signature: Verify<Signer = Self::Signer> + Parameter;

		/// The signer of [`Config::Signature`], whose account is the borrower's account
		/// (`sp_runtime::MultiSigner` in the runtime).
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;

		/// The deposit held from the proposer while a proposal waits for the lender's
		/// confirmation; returned on confirmation or withdrawal.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// The largest sealed terms accepted, in bytes.
		#[pallet::constant]
		type MaxSealedTermsLen: Get<u32>;

		/// The most loans one identity can ever have as borrower (records are permanent, so
		/// choose generously; withdrawn proposals do not count).
		#[pallet::constant]
		type MaxLoansPerIdentity: Get<u32>;

		/// The most history entries one loan keeps (at least [`MIN_HISTORY`]); when a loan's
		/// history is nearly full, further extensions are refused, never older entries dropped.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// The most deadlines (loan ends and grace ends) processed in one block, and the most
		/// blocks of the deadline queue passed in one block.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// Blocks the lender has to answer the feedback prompt before the loan is flagged
		/// unreported (non-zero).
		#[pallet::constant]
		type FeedbackGracePeriod: Get<BlockNumberFor<Self>>;

		/// The longest loan period (and extension, counted from the report), in blocks.
		#[pallet::constant]
		type MaxLoanPeriod: Get<BlockNumberFor<Self>>;

		/// Blocks a proposal (C2C or corporate registration) waits for the lender's
		/// confirmation; after them the chain withdraws it and returns the deposit, so neither
		/// a deposit nor an old consent stays pending for ever (non-zero).
		#[pallet::constant]
		type ProposalTimeout: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls and of the deadline processing, generated by the
		/// node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a loan proposal waiting for the lender's confirmation.
		ProposalDeposit,
	}

	/// The number the next loan gets.
	#[pallet::storage]
	pub type NextLoanId<T> = StorageValue<_, LoanId, ValueQuery>;

	/// Every loan ever registered, including withdrawn proposals. Never removed.
	#[pallet::storage]
	pub type Loans<T: Config> = StorageMap<_, Twox64Concat, LoanId, LoanOf<T>>;

	/// The loans of each identity as borrower, in registration order (proposals included,
	/// withdrawn proposals removed). At most [`Config::MaxLoansPerIdentity`].
	#[pallet::storage]
	pub type LoansOf<T: Config> = StorageMap<
		_,
		Twox64Concat,
		IdentityId,
		BoundedVec<LoanId, T::MaxLoansPerIdentity>,
		ValueQuery,
	>;

	/// The proposals waiting for the confirmation of each lender identity (each paid for by a
	/// deposit).
	#[pallet::storage]
	pub type ProposalsTo<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, LoanId, ()>;

	/// The loans waiting for the feedback of each lender identity (status `FeedbackDue`).
	#[pallet::storage]
	pub type FeedbackDueOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, IdentityId, Twox64Concat, LoanId, ()>;

	/// The deadline queue: at block `b`, look at loan `l` (its end, or the end of its grace
	/// period). An entry whose loan moved on is dropped when reached.
	#[pallet::storage]
	pub type Deadlines<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, LoanId, ()>;

	/// The first block of [`Deadlines`] not yet fully processed; `None` before the first
	/// deadline is queued.
	#[pallet::storage]
	pub type NextDeadlineBlock<T: Config> = StorageValue<_, BlockNumberFor<T>>;

	/// The consent nonce of each borrower account: the nonce its next consent must sign.
	#[pallet::storage]
	pub type ConsentNonce<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A borrower proposed a loan; it waits for the lender's confirmation.
		LoanProposed {
			/// The new loan.
			loan_id: LoanId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The lender's identity.
			lender: IdentityId,
			/// The borrower's account that proposed (and paid the deposit).
			proposer: T::AccountId,
			/// The loan period in blocks, counted from the confirmation.
			duration: BlockNumberFor<T>,
		},
		/// A company registered a loan in a borrower's name, with the borrower's consent; it
		/// waits for the company's confirmation as lender.
		LoanRegistered {
			/// The new loan.
			loan_id: LoanId,
			/// The company (the lender).
			company: IdentityId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The borrower's account that signed the consent.
			borrower_account: T::AccountId,
			/// The company's account that registered (and paid the deposit).
			operator: T::AccountId,
			/// The loan period in blocks, counted from the confirmation.
			duration: BlockNumberFor<T>,
			/// The consent nonce used.
			nonce: u64,
		},
		/// The lender confirmed a proposal: the loan is in force.
		LoanConfirmed {
			/// The loan.
			loan_id: LoanId,
			/// The lender's identity.
			lender: IdentityId,
			/// The account that confirmed.
			by: T::AccountId,
			/// First block of the period.
			start: BlockNumberFor<T>,
			/// First block after the period.
			end: BlockNumberFor<T>,
		},
		/// A party withdrew a proposal; the deposit was returned.
		LoanWithdrawn {
			/// The loan.
			loan_id: LoanId,
			/// The account that withdrew.
			by: T::AccountId,
		},
		/// A proposal was not confirmed within [`Config::ProposalTimeout`]: the chain withdrew
		/// it and returned the deposit.
		ProposalExpired {
			/// The loan (now `Withdrawn`).
			loan_id: LoanId,
		},
		/// A loan's end passed: its lender is asked for feedback.
		FeedbackDue {
			/// The loan.
			loan_id: LoanId,
			/// The lender's identity.
			lender: IdentityId,
			/// The account that confirmed the loan for the lender.
			lender_account: Option<T::AccountId>,
			/// The end that passed.
			end: BlockNumberFor<T>,
			/// The block by which the lender should answer.
			report_by: BlockNumberFor<T>,
		},
		/// The lender did not answer the feedback prompt within the grace period.
		LoanUnreported {
			/// The loan.
			loan_id: LoanId,
			/// The lender's identity.
			lender: IdentityId,
		},
		/// The lender reported that the loan was performed normally.
		LoanPerformed {
			/// The loan.
			loan_id: LoanId,
			/// The account that reported.
			by: T::AccountId,
			/// Whether the report came before the end (corporate renewal).
			early: bool,
		},
		/// The lender reported an extension; it waits for the borrower's confirmation.
		ExtensionProposed {
			/// The loan.
			loan_id: LoanId,
			/// The borrower's identity, who must confirm.
			borrower: IdentityId,
			/// The proposed new end.
			new_end: BlockNumberFor<T>,
			/// The account that reported.
			by: T::AccountId,
		},
		/// The borrower confirmed the extension: the loan is in force until `new_end`.
		ExtensionConfirmed {
			/// The loan.
			loan_id: LoanId,
			/// The new end.
			new_end: BlockNumberFor<T>,
			/// The borrower's account that confirmed.
			by: T::AccountId,
		},
		/// The borrower declined the extension: the lender's feedback is due again.
		ExtensionDeclined {
			/// The loan.
			loan_id: LoanId,
			/// The lender's identity, whose feedback is due.
			lender: IdentityId,
			/// The borrower's account that declined.
			by: T::AccountId,
		},
		/// The lender reported a breach and chose the information level.
		LoanBreached {
			/// The loan.
			loan_id: LoanId,
			/// The information level chosen.
			level: DisclosureLevelOf<T>,
			/// The account that reported.
			by: T::AccountId,
		},
		/// A company registered the follow-on loan of `previous` (performed normally), in force
		/// at once.
		LoanRenewed {
			/// The renewed (now performed) loan.
			previous: LoanId,
			/// The new loan.
			loan_id: LoanId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The borrower's account that signed the consent.
			borrower_account: T::AccountId,
			/// The company (the lender).
			company: IdentityId,
			/// The company's account that registered.
			operator: T::AccountId,
			/// First block of the new period.
			start: BlockNumberFor<T>,
			/// First block after the new period.
			end: BlockNumberFor<T>,
			/// The consent nonce used.
			nonce: u64,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No loan has this number.
		NotFound,
		/// The caller acts for no identity with a valid attestation (or the identity it belongs
		/// to is not valid now).
		NotAttested,
		/// The lender account belongs to no identity and operates for no company.
		UnknownLender,
		/// The lender's identity has no valid attestation.
		LenderNotAttested,
		/// The borrower (account or identity) has no valid attestation.
		BorrowerNotAttested,
		/// The lender is the borrower's own identity.
		LenderIsBorrower,
		/// The caller does not act for the loan's borrower (or the account named is not one of
		/// the borrower's).
		NotBorrower,
		/// The caller does not act for the loan's lender.
		NotLender,
		/// The caller acts for neither party of the loan.
		NotParty,
		/// The caller is neither an operator nor an attested account of a company.
		NotCompany,
		/// The consent signature does not verify against the borrower account and the payload
		/// (wrong signer, other terms, or a used nonce).
		BadConsent,
		/// The loan is not in a state that allows this call.
		WrongState,
		/// The loan's end has not passed yet, so feedback is not due.
		NotExpired,
		/// The lender has already answered for this loan.
		AlreadyReported,
		/// The duration is zero or longer than [`Config::MaxLoanPeriod`], or the new end is not
		/// after the current block or too far from it.
		InvalidPeriod,
		/// The sealed terms are longer than [`Config::MaxSealedTermsLen`].
		TermsTooLarge,
		/// The borrower already has [`Config::MaxLoansPerIdentity`] loans.
		TooManyLoans,
		/// The loan's history has no room for another extension round.
		HistoryFull,
		/// A paid query's fee must not be zero.
		ZeroFee,
		/// The caller cannot pay the proposal deposit.
		CannotPayDeposit,
		/// No more loan numbers are available.
		LoanIdOverflow,
		/// The borrower account's consent nonce cannot grow any more.
		NonceOverflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::process_deadlines(now)
		}

		fn integrity_test() {
			assert!(T::MaxHistory::get() >= MIN_HISTORY, "MaxHistory must be at least MIN_HISTORY");
			assert!(T::MaxExpiriesPerBlock::get() > 0, "MaxExpiriesPerBlock must not be zero");
			assert!(T::MaxLoansPerIdentity::get() > 0, "MaxLoansPerIdentity must not be zero");
			assert!(
				!T::FeedbackGracePeriod::get().is_zero(),
				"FeedbackGracePeriod must not be zero"
			);
			assert!(!T::MaxLoanPeriod::get().is_zero(), "MaxLoanPeriod must not be zero");
			assert!(!T::ProposalTimeout::get().is_zero(), "ProposalTimeout must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose a loan from the caller's identity (the borrower) to the identity of
		/// `lender` (an account of the lender, or an operator of the lending company), for
		/// `duration` blocks from the lender's confirmation, with the `commitment` to the terms
		/// and the `sealed_terms`. Holds [`Config::ProposalDeposit`] from the caller until the
		/// lender confirms or a party withdraws; if the lender has not confirmed within
		/// [`Config::ProposalTimeout`] blocks, the chain withdraws the proposal.
		///
		/// Who may call: an account acting for the borrower (both parties must be validly
		/// attested; the lender may not be the borrower's own identity). Emits
		/// [`Event::LoanProposed`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose(terms_len(sealed_terms)))]
		pub fn propose(
			origin: OriginFor<T>,
			lender: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose(who, lender, duration, commitment, sealed_terms)
		}

		/// Confirm proposal `loan_id` as its lender: the loan comes into force now (start =
		/// this block, end = start + duration) and the deposit is returned. Refused
		/// (`WrongState`) once the proposal's [`Config::ProposalTimeout`] has passed.
		///
		/// Who may call: an account acting for the lender (for a corporate registration, the
		/// company's operator); the borrower must still be validly attested. Emits
		/// [`Event::LoanConfirmed`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::confirm())]
		pub fn confirm(origin: OriginFor<T>, loan_id: LoanId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm(who, loan_id)
		}

		/// Withdraw proposal `loan_id` before the lender confirms it; the deposit returns to
		/// its payer. The record stays (status `Withdrawn`) but leaves the borrower's list.
		///
		/// Who may call: an account acting for the borrower or the lender, or the account that
		/// paid the deposit. Emits [`Event::LoanWithdrawn`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, loan_id: LoanId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, loan_id)
		}

		/// Register a loan in the name of `borrower` (a validly attested account), the caller's
		/// company being the lender, for `duration` blocks from the confirmation, with the
		/// `commitment` and `sealed_terms`. `consent` is `borrower`'s signature over
		/// [`Pallet::consent_payload`] (no renewal, the account's current nonce), which is then
		/// used up. Holds [`Config::ProposalDeposit`] from the caller until it [`Pallet::confirm`]s
		/// or a party withdraws; unconfirmed after [`Config::ProposalTimeout`] blocks, the
		/// registration is withdrawn by the chain.
		///
		/// Who may call: an operator of a company (or an attested account of the company) whose
		/// identity is valid. Emits [`Event::LoanRegistered`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_for_borrower(terms_len(sealed_terms)))]
		pub fn register_for_borrower(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_for_borrower(
				who,
				borrower,
				duration,
				commitment,
				sealed_terms,
				consent,
			)
		}

		/// The corporate extension (the user's corporate step 4): report loan `loan_id`
		/// performed normally, before its end or while its feedback is due, and register the
		/// follow-on loan to the same borrower, in force at once for `duration` blocks, with
		/// `renews = loan_id`. `borrower` is the borrower's account that signed `consent` over
		/// [`Pallet::consent_payload`] with `renews = Some(loan_id)`. Renewed before its end,
		/// the old loan's period ends at this block (at the earliest one block after its start),
		/// so the two loans do not overlap; its original end stays in the history.
		///
		/// Who may call: an operator (or attested account) of the lending company. Emits
		/// [`Event::LoanPerformed`] for the old loan and [`Event::LoanRenewed`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::renew(terms_len(sealed_terms)))]
		pub fn renew(
			origin: OriginFor<T>,
			loan_id: LoanId,
			borrower: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_renew(who, loan_id, borrower, duration, commitment, sealed_terms, consent)
		}

		/// Feedback (a): loan `loan_id` was performed normally.
		///
		/// Who may call: an account acting for the lender, once the loan's end has passed.
		/// Emits [`Event::LoanPerformed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::report_performed())]
		pub fn report_performed(origin: OriginFor<T>, loan_id: LoanId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_performed(who, loan_id)
		}

		/// Feedback (b): loan `loan_id` is extended until `new_end` (after the current block,
		/// at most [`Config::MaxLoanPeriod`] blocks from it). It takes effect only when the
		/// borrower confirms it; unanswered after [`Config::FeedbackGracePeriod`] blocks, it
		/// lapses as declined and the lender's feedback is due again.
		///
		/// Who may call: an account acting for the lender, once the loan's end has passed.
		/// Emits [`Event::ExtensionProposed`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::propose_extension())]
		pub fn propose_extension(
			origin: OriginFor<T>,
			loan_id: LoanId,
			new_end: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_extension(who, loan_id, new_end)
		}

		/// Feedback (c): loan `loan_id` was breached; `level` is the information level of its
		/// details: public, encrypted, or paid query with a non-zero fee.
		///
		/// Who may call: an account acting for the lender, once the loan's end has passed.
		/// Emits [`Event::LoanBreached`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::report_breach())]
		pub fn report_breach(
			origin: OriginFor<T>,
			loan_id: LoanId,
			level: DisclosureLevelOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_breach(who, loan_id, level)
		}

		/// Confirm the extension the lender reported for loan `loan_id`: it is in force again
		/// until the new end. Possible until the extension lapses ([`Config::FeedbackGracePeriod`]
		/// blocks after the lender proposed it).
		///
		/// Who may call: an account acting for the borrower. Emits
		/// [`Event::ExtensionConfirmed`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::confirm_extension())]
		pub fn confirm_extension(origin: OriginFor<T>, loan_id: LoanId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm_extension(who, loan_id)
		}

		/// Decline the extension the lender reported for loan `loan_id`: the lender's feedback
		/// is due again, with a new grace period.
		///
		/// Who may call: an account acting for the borrower. Emits
		/// [`Event::ExtensionDeclined`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::decline_extension())]
		pub fn decline_extension(origin: OriginFor<T>, loan_id: LoanId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decline_extension(who, loan_id)
		}
	}

	/// The length of call data `bytes`, as a weight component.
	pub(crate) fn terms_len(bytes: &[u8]) -> u32 {
		u32::try_from(bytes.len()).unwrap_or(u32::MAX)
	}

	impl<T: Config> Pallet<T> {
		// ---- identities -------------------------------------------------------------------

		/// The identity `account` speaks for, whatever its state: its own, or its company's if
		/// it is an operator.
		pub fn identity_for(account: &T::AccountId) -> Option<IdentityId> {
			T::Identities::identity_of(account)
				.or_else(|| T::Identities::company_of_operator(account))
		}

		/// Whether `account` acts for `identity` now: its own identity with a valid attestation,
		/// or an operator of that company while the company is valid.
		pub fn acts_for_identity(account: &T::AccountId, identity: IdentityId) -> bool {
			T::Identities::acts_for(account, identity)
		}

		/// The identity `who` acts for now, or [`Error::NotAttested`].
		fn acting_identity(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
			let identity = Self::identity_for(who).ok_or(Error::<T>::NotAttested)?;
			ensure!(Self::acts_for_identity(who, identity), Error::<T>::NotAttested);
			Ok(identity)
		}

		/// Ok if `who` acts for `identity` now; [`Error::NotAttested`] if it belongs to it but
		/// is not valid; `otherwise` if it has nothing to do with it.
		fn ensure_acts_for(
			who: &T::AccountId,
			identity: IdentityId,
			otherwise: Error<T>,
		) -> DispatchResult {
			ensure!(Self::identity_for(who) == Some(identity), otherwise);
			ensure!(Self::acts_for_identity(who, identity), Error::<T>::NotAttested);
			Ok(())
		}

		/// The company `who` acts for now: as its operator, or as an attested account of a
		/// company identity.
		fn acting_company(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
			if let Some(company) = T::Identities::company_of_operator(who) {
				ensure!(T::Identities::is_identity_valid(company), Error::<T>::LenderNotAttested);
				return Ok(company);
			}
			let identity = T::Identities::identity_of(who).ok_or(Error::<T>::NotCompany)?;
			ensure!(
				T::Identities::kind_of(identity) == Some(SubjectKind::Company),
				Error::<T>::NotCompany
			);
			ensure!(T::Identities::is_valid(who), Error::<T>::NotAttested);
			Ok(identity)
		}

		// ---- checks and small helpers -------------------------------------------------------

		/// Fails with [`Error::InvalidPeriod`] unless `0 < duration <= MaxLoanPeriod`.
		fn ensure_duration(duration: BlockNumberFor<T>) -> DispatchResult {
			ensure!(
				!duration.is_zero() && duration <= T::MaxLoanPeriod::get(),
				Error::<T>::InvalidPeriod
			);
			Ok(())
		}

		/// Bounds the sealed terms.
		fn bound_terms(sealed_terms: Vec<u8>) -> Result<SealedTermsOf<T>, DispatchError> {
			SealedTermsOf::<T>::try_from(sealed_terms).map_err(|_| Error::<T>::TermsTooLarge.into())
		}

		/// Whether the lender may give feedback on `loan` at `now`: `Ok` while it is due (or
		/// the end has passed but the queue has not reached it yet).
		fn ensure_feedback_due(loan: &LoanOf<T>, now: BlockNumberFor<T>) -> DispatchResult {
			match loan.status {
				LoanStatus::FeedbackDue => Ok(()),
				LoanStatus::Active => {
					let end = loan.period.map(|period| period.end).ok_or(Error::<T>::WrongState)?;
					ensure!(end <= now, Error::<T>::NotExpired);
					Ok(())
				},
				LoanStatus::ExtensionProposed { .. }
				| LoanStatus::Performed
				| LoanStatus::Breached => Err(Error::<T>::AlreadyReported.into()),
				LoanStatus::Proposed | LoanStatus::Withdrawn => Err(Error::<T>::WrongState.into()),
			}
		}

		/// Appends a history entry by `by` now.
		fn record(
			loan: &mut LoanOf<T>,
			by: Option<T::AccountId>,
			change: LoanChange<BlockNumberFor<T>, BalanceOf<T>>,
		) -> DispatchResult {
			let at = frame_system::Pallet::<T>::block_number();
			loan.history
				.try_push(HistoryEntry { at, by, change })
				.map_err(|_| Error::<T>::HistoryFull.into())
		}

		/// Appends a history entry of the chain itself. The room for it is reserved by the
		/// calls (see [`HISTORY_RESERVED_ACTIVE`]); should it ever be missing, the state change
		/// still happens and the event still records it.
		fn record_by_chain(
			loan: &mut LoanOf<T>,
			change: LoanChange<BlockNumberFor<T>, BalanceOf<T>>,
		) {
			if Self::record(loan, None, change).is_err() {
				log::warn!(target: LOG_TARGET, "history full: a chain entry was not recorded");
			}
		}

		/// The next loan number, and the one after it.
		fn next_loan_id() -> Result<(LoanId, LoanId), DispatchError> {
			let id = NextLoanId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::LoanIdOverflow)?;
			Ok((id, next))
		}

		/// The chain's time now, in Unix milliseconds.
		fn now_ms() -> u64 {
			u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
		}

		/// Queues a look at `loan_id` at block `at` (always after the current block).
		fn schedule(at: BlockNumberFor<T>, loan_id: LoanId) {
			if NextDeadlineBlock::<T>::get().is_none() {
				NextDeadlineBlock::<T>::put(frame_system::Pallet::<T>::block_number());
			}
			Deadlines::<T>::insert(at, loan_id, ());
		}

		/// Checks `consent` by `borrower` over the consent payload (raw, or wrapped in
		/// `<Bytes>`…`</Bytes>`), with the account's current nonce; returns that nonce.
		fn verify_consent(
			company: IdentityId,
			borrower: &T::AccountId,
			commitment: &Commitment,
			duration: BlockNumberFor<T>,
			renews: Option<LoanId>,
			consent: &T::Signature,
		) -> Result<u64, DispatchError> {
			let payload =
				Self::consent_payload(company, borrower.clone(), *commitment, duration, renews);
			if !consent.verify(&payload[..], borrower) {
				let mut wrapped = Vec::with_capacity(payload.len().saturating_add(15));
				wrapped.extend_from_slice(b"<Bytes>");
				wrapped.extend_from_slice(&payload);
				wrapped.extend_from_slice(b"</Bytes>");
				ensure!(consent.verify(&wrapped[..], borrower), Error::<T>::BadConsent);
			}
			Ok(ConsentNonce::<T>::get(borrower))
		}

		/// Uses up `nonce` of `borrower`.
		fn bump_nonce(borrower: &T::AccountId, nonce: u64) -> DispatchResult {
			let next = nonce.checked_add(1).ok_or(Error::<T>::NonceOverflow)?;
			ConsentNonce::<T>::insert(borrower, next);
			Ok(())
		}

		/// Returns a proposal's deposit to its payer.
		fn release_deposit(loan: &mut LoanOf<T>) -> DispatchResult {
			if let Some(deposit) = loan.deposit.take() {
				T::Currency::release(
					&HoldReason::ProposalDeposit.into(),
					&deposit.depositor,
					deposit.amount,
					Precision::BestEffort,
				)?;
			}
			Ok(())
		}

		/// Puts `loan` in state `FeedbackDue` from `now`: listed for its lender, with a new grace
		/// period whose end is queued (unless the loan is already flagged unreported). Returns
		/// the end of the grace period.
		fn reopen_feedback(
			loan_id: LoanId,
			loan: &mut LoanOf<T>,
			now: BlockNumberFor<T>,
		) -> BlockNumberFor<T> {
			let report_by = now.saturating_add(T::FeedbackGracePeriod::get());
			loan.status = LoanStatus::FeedbackDue;
			loan.report_by = Some(report_by);
			FeedbackDueOf::<T>::insert(loan.lender, loan_id, ());
			if !loan.unreported {
				Self::schedule(report_by, loan_id);
			}
			report_by
		}

		/// Marks `loan` feedback-due now (the lender is prompted) and queues the grace deadline.
		fn mark_feedback_due(loan_id: LoanId, loan: &mut LoanOf<T>, now: BlockNumberFor<T>) {
			let end = loan.period.map(|period| period.end).unwrap_or(now);
			let report_by = Self::reopen_feedback(loan_id, loan, now);
			Self::record_by_chain(loan, LoanChange::FeedbackDue { end });
			Self::deposit_event(Event::FeedbackDue {
				loan_id,
				lender: loan.lender,
				lender_account: loan.lender_account.clone(),
				end,
				report_by,
			});
		}

		/// An extension the borrower did not answer in time lapses as declined: recorded by the
		/// chain, and the lender is prompted again with a new grace period.
		fn lapse_extension(loan_id: LoanId, loan: &mut LoanOf<T>, now: BlockNumberFor<T>) {
			Self::record_by_chain(loan, LoanChange::ExtensionDeclined);
			let end = loan.period.map(|period| period.end).unwrap_or(now);
			let report_by = Self::reopen_feedback(loan_id, loan, now);
			Self::deposit_event(Event::FeedbackDue {
				loan_id,
				lender: loan.lender,
				lender_account: loan.lender_account.clone(),
				end,
				report_by,
			});
		}

		/// A proposal the lender did not confirm in time: the chain withdraws it as
		/// [`Pallet::withdraw`] does, returning the deposit.
		fn expire_proposal(loan_id: LoanId, loan: &mut LoanOf<T>) {
			Self::record_by_chain(loan, LoanChange::Expired);
			if Self::release_deposit(loan).is_err() {
				log::warn!(target: LOG_TARGET, "expired loan {loan_id}: deposit not released");
			}
			loan.status = LoanStatus::Withdrawn;
			loan.report_by = None;
			LoansOf::<T>::mutate(loan.borrower, |loans| loans.retain(|id| *id != loan_id));
			ProposalsTo::<T>::remove(loan.lender, loan_id);
			Self::deposit_event(Event::ProposalExpired { loan_id });
		}

		/// Sets the timeout of a new proposal `loan` and queues it.
		fn schedule_proposal_timeout(loan_id: LoanId, loan: &mut LoanOf<T>) {
			let now = frame_system::Pallet::<T>::block_number();
			let expires_at = now.saturating_add(T::ProposalTimeout::get());
			loan.report_by = Some(expires_at);
			Self::schedule(expires_at, loan_id);
		}

		/// Takes a proposal's timeout out of `loan` and the queue (it was confirmed or
		/// withdrawn).
		fn unschedule_proposal_timeout(loan_id: LoanId, loan: &mut LoanOf<T>) {
			if let Some(at) = loan.report_by.take() {
				Deadlines::<T>::remove(at, loan_id);
			}
		}

		// ---- calls ------------------------------------------------------------------------

		/// C2C proposal by `who` for its identity.
		pub(crate) fn do_propose(
			who: T::AccountId,
			lender_account: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
		) -> DispatchResult {
			let borrower = Self::acting_identity(&who)?;
			let lender = Self::identity_for(&lender_account).ok_or(Error::<T>::UnknownLender)?;
			ensure!(lender != borrower, Error::<T>::LenderIsBorrower);
			ensure!(T::Identities::is_identity_valid(lender), Error::<T>::LenderNotAttested);
			Self::ensure_duration(duration)?;
			let sealed_terms = Self::bound_terms(sealed_terms)?;
			let (loan_id, next) = Self::next_loan_id()?;
			let mut loans = LoansOf::<T>::get(borrower);
			loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;
			let mut loan = Self::new_record(
				borrower,
				lender,
				who.clone(),
				None,
				duration,
				commitment,
				sealed_terms,
			);
			Self::record(&mut loan, Some(who.clone()), LoanChange::Proposed { duration })?;
			Self::store_proposal(loan_id, next, loan, loans, &who)?;
			Self::deposit_event(Event::LoanProposed {
				loan_id,
				borrower,
				lender,
				proposer: who,
				duration,
			});
			Ok(())
		}

		/// Holds the proposal deposit from `depositor`, queues the proposal's timeout and stores
		/// the new proposal `loan` as `loan_id` (`next` is the id after it) with its indices: the
		/// borrower's list `loans` (already holding `loan_id`) and the lender's proposals.
		fn store_proposal(
			loan_id: LoanId,
			next: LoanId,
			mut loan: LoanOf<T>,
			loans: BoundedVec<LoanId, T::MaxLoansPerIdentity>,
			depositor: &T::AccountId,
		) -> DispatchResult {
			let amount = T::ProposalDeposit::get();
			T::Currency::hold(&HoldReason::ProposalDeposit.into(), depositor, amount)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			loan.deposit = Some(LoanDeposit { depositor: depositor.clone(), amount });
			Self::schedule_proposal_timeout(loan_id, &mut loan);

			NextLoanId::<T>::put(next);
			LoansOf::<T>::insert(loan.borrower, loans);
			ProposalsTo::<T>::insert(loan.lender, loan_id, ());
			Loans::<T>::insert(loan_id, loan);
			Ok(())
		}

		/// A fresh record in state `Proposed`, with an empty history.
		fn new_record(
			borrower: IdentityId,
			lender: IdentityId,
			borrower_account: T::AccountId,
			company: Option<IdentityId>,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: SealedTermsOf<T>,
		) -> LoanOf<T> {
			Loan {
				borrower,
				lender,
				borrower_account,
				lender_account: None,
				company,
				duration,
				period: None,
				commitment,
				sealed_terms,
				status: LoanStatus::Proposed,
				disclosure: None,
				renews: None,
				renewed_by: None,
				report_by: None,
				unreported: false,
				deposit: None,
				history: Default::default(),
			}
		}

		/// Puts `loan` in force from now, confirmed by `who`, and queues its end.
		fn start(
			loan_id: LoanId,
			loan: &mut LoanOf<T>,
			who: &T::AccountId,
		) -> Result<(BlockNumberFor<T>, BlockNumberFor<T>), DispatchError> {
			let start = frame_system::Pallet::<T>::block_number();
			let end = start.checked_add(&loan.duration).ok_or(Error::<T>::InvalidPeriod)?;
			Self::record(loan, Some(who.clone()), LoanChange::Confirmed { start, end })?;
			loan.status = LoanStatus::Active;
			loan.period = Some(LoanPeriod { start, end, started_at_ms: Self::now_ms() });
			loan.lender_account = Some(who.clone());
			Self::schedule(end, loan_id);
			Ok((start, end))
		}

		/// Confirmation of proposal `loan_id` by `who` for the lender.
		pub(crate) fn do_confirm(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
			let mut loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
			Self::ensure_acts_for(&who, loan.lender, Error::<T>::NotLender)?;
			ensure!(loan.status == LoanStatus::Proposed, Error::<T>::WrongState);
			// Timed out (the queue may not have withdrawn it yet).
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(loan.report_by.is_none_or(|by| now < by), Error::<T>::WrongState);
			ensure!(
				T::Identities::is_identity_valid(loan.borrower),
				Error::<T>::BorrowerNotAttested
			);
			Self::unschedule_proposal_timeout(loan_id, &mut loan);
			let (start, end) = Self::start(loan_id, &mut loan, &who)?;
			Self::release_deposit(&mut loan)?;
			ProposalsTo::<T>::remove(loan.lender, loan_id);
			let lender = loan.lender;
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::LoanConfirmed { loan_id, lender, by: who, start, end });
			Ok(())
		}

		/// Withdrawal of proposal `loan_id` by `who`.
		pub(crate) fn do_withdraw(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
			let mut loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
			let is_depositor =
				loan.deposit.as_ref().is_some_and(|deposit| deposit.depositor == who);
			ensure!(
				is_depositor
					|| Self::acts_for_identity(&who, loan.borrower)
					|| Self::acts_for_identity(&who, loan.lender),
				Error::<T>::NotParty
			);
			ensure!(loan.status == LoanStatus::Proposed, Error::<T>::WrongState);
			Self::record(&mut loan, Some(who.clone()), LoanChange::Withdrawn)?;
			Self::release_deposit(&mut loan)?;
			Self::unschedule_proposal_timeout(loan_id, &mut loan);
			loan.status = LoanStatus::Withdrawn;
			LoansOf::<T>::mutate(loan.borrower, |loans| loans.retain(|id| *id != loan_id));
			ProposalsTo::<T>::remove(loan.lender, loan_id);
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::LoanWithdrawn { loan_id, by: who });
			Ok(())
		}

		/// Corporate registration by `who` in the name of `borrower_account`.
		pub(crate) fn do_register_for_borrower(
			who: T::AccountId,
			borrower_account: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
		) -> DispatchResult {
			let company = Self::acting_company(&who)?;
			let borrower = T::Identities::identity_of(&borrower_account)
				.ok_or(Error::<T>::BorrowerNotAttested)?;
			ensure!(T::Identities::is_valid(&borrower_account), Error::<T>::BorrowerNotAttested);
			ensure!(borrower != company, Error::<T>::LenderIsBorrower);
			Self::ensure_duration(duration)?;
			let sealed_terms = Self::bound_terms(sealed_terms)?;
			let nonce = Self::verify_consent(
				company,
				&borrower_account,
				&commitment,
				duration,
				None,
				&consent,
			)?;
			let (loan_id, next) = Self::next_loan_id()?;
			let mut loans = LoansOf::<T>::get(borrower);
			loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;
			let mut loan = Self::new_record(
				borrower,
				company,
				borrower_account.clone(),
				Some(company),
				duration,
				commitment,
				sealed_terms,
			);
			Self::record(
				&mut loan,
				Some(who.clone()),
				LoanChange::Registered { company, duration, nonce },
			)?;
			Self::bump_nonce(&borrower_account, nonce)?;
			Self::store_proposal(loan_id, next, loan, loans, &who)?;
			Self::deposit_event(Event::LoanRegistered {
				loan_id,
				company,
				borrower,
				borrower_account,
				operator: who,
				duration,
				nonce,
			});
			Ok(())
		}

		/// Corporate renewal of `previous` by `who`.
		pub(crate) fn do_renew(
			who: T::AccountId,
			previous: LoanId,
			borrower_account: T::AccountId,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
		) -> DispatchResult {
			let company = Self::acting_company(&who)?;
			let mut old = Loans::<T>::get(previous).ok_or(Error::<T>::NotFound)?;
			ensure!(old.lender == company, Error::<T>::NotLender);
			let now = frame_system::Pallet::<T>::block_number();
			let old_end = match (old.status, old.period) {
				(LoanStatus::Active | LoanStatus::FeedbackDue, Some(period)) => period.end,
				(
					LoanStatus::ExtensionProposed { .. }
					| LoanStatus::Performed
					| LoanStatus::Breached,
					_,
				) => return Err(Error::<T>::AlreadyReported.into()),
				_ => return Err(Error::<T>::WrongState.into()),
			};
			ensure!(
				T::Identities::identity_of(&borrower_account) == Some(old.borrower),
				Error::<T>::NotBorrower
			);
			ensure!(T::Identities::is_valid(&borrower_account), Error::<T>::BorrowerNotAttested);
			Self::ensure_duration(duration)?;
			let sealed_terms = Self::bound_terms(sealed_terms)?;
			let nonce = Self::verify_consent(
				company,
				&borrower_account,
				&commitment,
				duration,
				Some(previous),
				&consent,
			)?;
			let (loan_id, next) = Self::next_loan_id()?;
			let mut loans = LoansOf::<T>::get(old.borrower);
			loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;

			let early = now < old_end;
			Self::record(
				&mut old,
				Some(who.clone()),
				LoanChange::Performed { early, renewed_by: Some(loan_id) },
			)?;
			old.status = LoanStatus::Performed;
			old.renewed_by = Some(loan_id);
			old.report_by = None;
			if early {
				// The old loan ends where the new one starts (at the earliest one block after
				// its own start); its original end stays in the history (`Confirmed`).
				old.period = old.period.map(|mut period| {
					period.end = now.max(period.start.saturating_add(One::one()));
					period
				});
			}

			let mut loan = Self::new_record(
				old.borrower,
				company,
				borrower_account.clone(),
				Some(company),
				duration,
				commitment,
				sealed_terms,
			);
			loan.renews = Some(previous);
			Self::record(
				&mut loan,
				Some(who.clone()),
				LoanChange::Registered { company, duration, nonce },
			)?;
			let (start, end) = Self::start(loan_id, &mut loan, &who)?;
			Self::bump_nonce(&borrower_account, nonce)?;

			NextLoanId::<T>::put(next);
			LoansOf::<T>::insert(old.borrower, loans);
			FeedbackDueOf::<T>::remove(company, previous);
			let borrower = old.borrower;
			Loans::<T>::insert(previous, old);
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::LoanPerformed { loan_id: previous, by: who.clone(), early });
			Self::deposit_event(Event::LoanRenewed {
				previous,
				loan_id,
				borrower,
				borrower_account,
				company,
				operator: who,
				start,
				end,
				nonce,
			});
			Ok(())
		}

		/// Loads `loan_id` for the lender's feedback by `who`.
		fn feedback_target(
			who: &T::AccountId,
			loan_id: LoanId,
		) -> Result<LoanOf<T>, DispatchError> {
			let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
			Self::ensure_acts_for(who, loan.lender, Error::<T>::NotLender)?;
			Self::ensure_feedback_due(&loan, frame_system::Pallet::<T>::block_number())?;
			Ok(loan)
		}

		/// Feedback (a) by `who`.
		pub(crate) fn do_report_performed(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
			let mut loan = Self::feedback_target(&who, loan_id)?;
			Self::record(
				&mut loan,
				Some(who.clone()),
				LoanChange::Performed { early: false, renewed_by: None },
			)?;
			loan.status = LoanStatus::Performed;
			loan.report_by = None;
			FeedbackDueOf::<T>::remove(loan.lender, loan_id);
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::LoanPerformed { loan_id, by: who, early: false });
			Ok(())
		}

		/// Feedback (b) by `who`.
		pub(crate) fn do_propose_extension(
			who: T::AccountId,
			loan_id: LoanId,
			new_end: BlockNumberFor<T>,
		) -> DispatchResult {
			let mut loan = Self::feedback_target(&who, loan_id)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				new_end > now && new_end <= now.saturating_add(T::MaxLoanPeriod::get()),
				Error::<T>::InvalidPeriod
			);
			let needed = (loan.history.len() as u32)
				.saturating_add(1)
				.saturating_add(HISTORY_RESERVED_EXTENSION);
			ensure!(needed <= T::MaxHistory::get(), Error::<T>::HistoryFull);
			Self::record(&mut loan, Some(who.clone()), LoanChange::ExtensionProposed { new_end })?;
			loan.status = LoanStatus::ExtensionProposed { new_end };
			// The borrower's deadline to answer; unanswered, the extension lapses as declined.
			let answer_by = now.saturating_add(T::FeedbackGracePeriod::get());
			loan.report_by = Some(answer_by);
			Self::schedule(answer_by, loan_id);
			FeedbackDueOf::<T>::remove(loan.lender, loan_id);
			let borrower = loan.borrower;
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::ExtensionProposed { loan_id, borrower, new_end, by: who });
			Ok(())
		}

		/// Feedback (c) by `who`.
		pub(crate) fn do_report_breach(
			who: T::AccountId,
			loan_id: LoanId,
			level: DisclosureLevelOf<T>,
		) -> DispatchResult {
			let mut loan = Self::feedback_target(&who, loan_id)?;
			if let DisclosureLevel::PaidQuery { fee } = level {
				ensure!(!fee.is_zero(), Error::<T>::ZeroFee);
			}
			Self::record(&mut loan, Some(who.clone()), LoanChange::Breached { level })?;
			loan.status = LoanStatus::Breached;
			loan.disclosure = Some(level);
			loan.report_by = None;
			FeedbackDueOf::<T>::remove(loan.lender, loan_id);
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::LoanBreached { loan_id, level, by: who });
			Ok(())
		}

		/// Loads `loan_id` for the borrower's answer to an extension; returns the new end.
		fn extension_target(
			who: &T::AccountId,
			loan_id: LoanId,
		) -> Result<(LoanOf<T>, BlockNumberFor<T>), DispatchError> {
			let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
			Self::ensure_acts_for(who, loan.borrower, Error::<T>::NotBorrower)?;
			let now = frame_system::Pallet::<T>::block_number();
			match loan.status {
				// Lapsed (the queue may not have recorded it yet).
				LoanStatus::ExtensionProposed { .. }
					if loan.report_by.is_some_and(|by| by <= now) =>
				{
					Err(Error::<T>::WrongState.into())
				},
				LoanStatus::ExtensionProposed { new_end } => Ok((loan, new_end)),
				_ => Err(Error::<T>::WrongState.into()),
			}
		}

		/// The borrower's confirmation of an extension, by `who`.
		pub(crate) fn do_confirm_extension(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
			let (mut loan, new_end) = Self::extension_target(&who, loan_id)?;
			let mut period = loan.period.ok_or(Error::<T>::WrongState)?;
			let previous_end = period.end;
			Self::record(
				&mut loan,
				Some(who.clone()),
				LoanChange::ExtensionConfirmed { previous_end, new_end },
			)?;
			period.end = new_end;
			loan.period = Some(period);
			loan.status = LoanStatus::Active;
			loan.report_by = None;
			// Confirmed after the new end already passed: feedback is due from the next block.
			let now = frame_system::Pallet::<T>::block_number();
			Self::schedule(new_end.max(now.saturating_add(One::one())), loan_id);
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::ExtensionConfirmed { loan_id, new_end, by: who });
			Ok(())
		}

		/// The borrower's refusal of an extension, by `who`.
		pub(crate) fn do_decline_extension(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
			let (mut loan, _) = Self::extension_target(&who, loan_id)?;
			Self::record(&mut loan, Some(who.clone()), LoanChange::ExtensionDeclined)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::reopen_feedback(loan_id, &mut loan, now);
			let lender = loan.lender;
			Loans::<T>::insert(loan_id, loan);
			Self::deposit_event(Event::ExtensionDeclined { loan_id, lender, by: who });
			Ok(())
		}

		// ---- the deadline queue -----------------------------------------------------------

		/// Processes the deadline queue from [`NextDeadlineBlock`] up to `now`: at most
		/// [`Config::MaxExpiriesPerBlock`] entries and as many queue blocks. Returns the weight
		/// used: for each queue block passed, the walk through its `k` entries (each as if
		/// stale: `process_deadlines(k)`, or `on_initialize_per_block` for an empty one), plus
		/// for each entry that did something, the weight of what it did.
		pub(crate) fn process_deadlines(now: BlockNumberFor<T>) -> Weight {
			let Some(cursor) = NextDeadlineBlock::<T>::get() else {
				return T::DbWeight::get().reads(1);
			};
			let mut weight = Weight::zero();
			let cursor = walk_deadline_queue(
				cursor,
				now,
				T::MaxExpiriesPerBlock::get(),
				|at, limit| {
					Deadlines::<T>::iter_key_prefix(at).take(limit).collect::<Vec<LoanId>>()
				},
				|visit| {
					weight.saturating_accrue(match visit {
						Visit::Entry { at, id } => match Self::process_deadline(at, id, now) {
							DeadlineOutcome::FeedbackDue => {
								T::WeightInfo::on_initialize_per_expiry()
							},
							DeadlineOutcome::ProposalExpired => {
								T::WeightInfo::on_initialize_per_proposal()
							},
							DeadlineOutcome::Unreported => T::WeightInfo::on_initialize_per_grace(),
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

		/// Removes the deadline of `loan_id` at block `at` and does what is due now.
		pub(crate) fn process_deadline(
			at: BlockNumberFor<T>,
			loan_id: LoanId,
			now: BlockNumberFor<T>,
		) -> DeadlineOutcome {
			Deadlines::<T>::remove(at, loan_id);
			let Some(mut loan) = Loans::<T>::get(loan_id) else {
				return DeadlineOutcome::Stale;
			};
			let deadline_passed = loan.report_by.is_some_and(|by| by <= now);
			match (loan.status, loan.period) {
				(LoanStatus::Active, Some(period)) if period.end <= now => {
					Self::mark_feedback_due(loan_id, &mut loan, now);
					Loans::<T>::insert(loan_id, loan);
					DeadlineOutcome::FeedbackDue
				},
				(LoanStatus::Proposed, _) if deadline_passed => {
					Self::expire_proposal(loan_id, &mut loan);
					Loans::<T>::insert(loan_id, loan);
					DeadlineOutcome::ProposalExpired
				},
				(LoanStatus::ExtensionProposed { .. }, _) if deadline_passed => {
					Self::lapse_extension(loan_id, &mut loan, now);
					Loans::<T>::insert(loan_id, loan);
					DeadlineOutcome::FeedbackDue
				},
				(LoanStatus::FeedbackDue, _) if !loan.unreported && deadline_passed => {
					loan.unreported = true;
					Self::record_by_chain(&mut loan, LoanChange::Unreported);
					let lender = loan.lender;
					Loans::<T>::insert(loan_id, loan);
					Self::deposit_event(Event::LoanUnreported { loan_id, lender });
					DeadlineOutcome::Unreported
				},
				_ => DeadlineOutcome::Stale,
			}
		}

		// ---- queries (the runtime API) ----------------------------------------------------

		/// The borrowing summary of the identity of `account` (its own, or its company's for an
		/// operator), across all its accounts: for every loan that came into force, in
		/// registration order, only its start and end blocks, its start time and the word
		/// "borrowing". Entries `from..from + limit` (`limit` capped at [`MAX_SUMMARY_PAGE`],
		/// `0` meaning the cap); `total` counts all entries, `next` is the `from` of the next
		/// page. Empty for an account without identity.
		pub fn borrower_summary(
			account: T::AccountId,
			from: u32,
			limit: u32,
		) -> SummaryPage<BlockNumberFor<T>> {
			let Some(identity) = Self::identity_for(&account) else {
				return SummaryPage { entries: Vec::new(), total: 0, next: None };
			};
			// Bounded by `MaxLoansPerIdentity`.
			let all: Vec<SummaryEntry<BlockNumberFor<T>>> = LoansOf::<T>::get(identity)
				.iter()
				.filter_map(Loans::<T>::get)
				.filter_map(|loan| loan.period)
				.map(|period| SummaryEntry {
					start: period.start,
					end: period.end,
					started_at_ms: period.started_at_ms,
					label: SummaryLabel::Borrowing,
				})
				.collect();
			let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
			let limit = if limit == 0 { MAX_SUMMARY_PAGE } else { limit.min(MAX_SUMMARY_PAGE) };
			let entries: Vec<_> =
				all.into_iter().skip(from as usize).take(limit as usize).collect();
			let after = from.saturating_add(limit);
			SummaryPage { entries, total, next: (after < total).then_some(after) }
		}

		/// The loans waiting for the feedback of the identity `lender` acts for (its own, or its
		/// company's for an operator), in loan order.
		pub fn feedback_due(lender: T::AccountId) -> Vec<LoanId> {
			Self::identity_for(&lender)
				.map(|identity| FeedbackDueOf::<T>::iter_key_prefix(identity).collect::<Vec<_>>())
				.map(Self::sorted)
				.unwrap_or_default()
		}

		/// The proposals waiting for the confirmation of the identity `lender` acts for, in loan
		/// order.
		pub fn proposals_to(lender: T::AccountId) -> Vec<LoanId> {
			Self::identity_for(&lender)
				.map(|identity| ProposalsTo::<T>::iter_key_prefix(identity).collect::<Vec<_>>())
				.map(Self::sorted)
				.unwrap_or_default()
		}

		fn sorted(mut ids: Vec<LoanId>) -> Vec<LoanId> {
			ids.sort_unstable();
			ids
		}

		/// What the chain holds about loan `loan_id`, with the sealed terms and the history as
		/// plain vectors.
		pub fn loan(loan_id: LoanId) -> Option<LoanInfoOf<T>> {
			Loans::<T>::get(loan_id).map(|loan| Loan {
				borrower: loan.borrower,
				lender: loan.lender,
				borrower_account: loan.borrower_account,
				lender_account: loan.lender_account,
				company: loan.company,
				duration: loan.duration,
				period: loan.period,
				commitment: loan.commitment,
				sealed_terms: loan.sealed_terms.into_inner(),
				status: loan.status,
				disclosure: loan.disclosure,
				renews: loan.renews,
				renewed_by: loan.renewed_by,
				report_by: loan.report_by,
				unreported: loan.unreported,
				deposit: loan.deposit,
				history: loan.history.into_inner(),
			})
		}

		/// The exact consent payload `borrower` must sign now for a loan of `company` with
		/// `commitment` and `duration` (renewing `renews`, if any): [`consent_payload`] with
		/// this chain's genesis hash and the account's current [`ConsentNonce`].
		pub fn consent_payload(
			company: IdentityId,
			borrower: T::AccountId,
			commitment: Commitment,
			duration: BlockNumberFor<T>,
			renews: Option<LoanId>,
		) -> Vec<u8> {
			let genesis = frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero());
			let nonce = ConsentNonce::<T>::get(&borrower);
			consent_payload(&genesis, company, &borrower, &commitment, duration, renews, nonce)
		}

		/// Checks the pallet's invariants: the borrower lists, the proposal and feedback-due
		/// lists and the deadline queue agree with the loan records; every feedback-due loan is
		/// past its end; every loan waiting for its end or for an answer (a proposal, an
		/// extension, feedback not yet flagged unreported) has a deadline, and it is queued.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_set::BTreeSet;
			let now = frame_system::Pallet::<T>::block_number();
			let next = NextLoanId::<T>::get();
			let cursor = NextDeadlineBlock::<T>::get();
			let mut queued = BTreeSet::new();
			for (at, loan_id, ()) in Deadlines::<T>::iter() {
				let cursor = cursor.ok_or("deadlines queued without a cursor")?;
				ensure!(at >= cursor, "deadline queued behind the cursor");
				queued.insert(loan_id);
			}
			for (loan_id, loan) in Loans::<T>::iter() {
				ensure!(loan_id < next, "loan id not below NextLoanId");
				ensure!(!loan.history.is_empty(), "loan without history");
				let listed = LoansOf::<T>::get(loan.borrower).contains(&loan_id);
				let withdrawn = loan.status == LoanStatus::Withdrawn;
				ensure!(listed != withdrawn, "borrower list disagrees with the loan");
				ensure!(
					ProposalsTo::<T>::contains_key(loan.lender, loan_id)
						== (loan.status == LoanStatus::Proposed),
					"proposal list disagrees with the loan"
				);
				ensure!(
					loan.deposit.is_some() == (loan.status == LoanStatus::Proposed),
					"deposit held outside of a proposal"
				);
				ensure!(
					FeedbackDueOf::<T>::contains_key(loan.lender, loan_id)
						== (loan.status == LoanStatus::FeedbackDue),
					"feedback-due list disagrees with the loan"
				);
				let in_force = !matches!(loan.status, LoanStatus::Proposed | LoanStatus::Withdrawn);
				ensure!(loan.period.is_some() == in_force, "period set iff in force");
				if let Some(period) = loan.period {
					ensure!(period.start < period.end, "empty period");
				}
				let waits_for_answer = matches!(
					loan.status,
					LoanStatus::Proposed
						| LoanStatus::ExtensionProposed { .. }
						| LoanStatus::FeedbackDue
				);
				ensure!(
					loan.report_by.is_some() == waits_for_answer,
					"answer deadline set iff the loan waits for an answer"
				);
				match loan.status {
					LoanStatus::FeedbackDue => {
						let end = loan.period.map(|period| period.end).ok_or("no period")?;
						ensure!(end <= now, "feedback-due loan not past its end");
						ensure!(
							loan.unreported || queued.contains(&loan_id),
							"feedback-due loan without a queued grace deadline"
						);
					},
					LoanStatus::Active => {
						ensure!(queued.contains(&loan_id), "active loan without a queued deadline")
					},
					LoanStatus::Proposed => {
						ensure!(queued.contains(&loan_id), "proposal without a queued timeout")
					},
					LoanStatus::ExtensionProposed { .. } => ensure!(
						queued.contains(&loan_id),
						"proposed extension without a queued answer deadline"
					),
					LoanStatus::Breached => {
						ensure!(loan.disclosure.is_some(), "breach without disclosure level")
					},
					_ => {},
				}
				if loan.unreported {
					ensure!(
						loan.history.iter().any(|entry| entry.change == LoanChange::Unreported),
						"unreported flag without history entry"
					);
				}
				if let Some(previous) = loan.renews {
					let old = Loans::<T>::get(previous).ok_or("renews a missing loan")?;
					ensure!(old.renewed_by == Some(loan_id), "renewal link not mutual");
				}
			}
			for (identity, loans) in LoansOf::<T>::iter() {
				let distinct: BTreeSet<_> = loans.iter().collect();
				ensure!(distinct.len() == loans.len(), "duplicate in a borrower list");
				for loan_id in loans.iter() {
					let loan = Loans::<T>::get(loan_id).ok_or("listed loan missing")?;
					ensure!(loan.borrower == identity, "listed under the wrong borrower");
				}
			}
			for (lender, loan_id, ()) in FeedbackDueOf::<T>::iter() {
				let loan = Loans::<T>::get(loan_id).ok_or("feedback-due loan missing")?;
				ensure!(loan.lender == lender, "feedback-due under the wrong lender");
			}
			for (lender, loan_id, ()) in ProposalsTo::<T>::iter() {
				let loan = Loans::<T>::get(loan_id).ok_or("proposed loan missing")?;
				ensure!(loan.lender == lender, "proposal under the wrong lender");
			}
			Ok(())
		}
	}

	impl<T: Config> LoanRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
		fn parties(loan_id: LoanId) -> Option<LoanParties> {
			Loans::<T>::get(loan_id)
				.map(|loan| LoanParties { borrower: loan.borrower, lender: loan.lender })
		}

		fn commitment(loan_id: LoanId) -> Option<Commitment> {
			Loans::<T>::get(loan_id).map(|loan| loan.commitment)
		}

		fn disclosure_level(loan_id: LoanId) -> Option<DisclosureLevelOf<T>> {
			Loans::<T>::get(loan_id).and_then(|loan| loan.disclosure)
		}

		fn acts_for(loan_id: LoanId, party: LoanParty, account: &T::AccountId) -> bool {
			Loans::<T>::get(loan_id).is_some_and(|loan| {
				let identity = match party {
					LoanParty::Borrower => loan.borrower,
					LoanParty::Lender => loan.lender,
				};
				Self::acts_for_identity(account, identity)
			})
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn breached_for_benchmark(
			borrower: &T::AccountId,
			lender: &T::AccountId,
			commitment: Commitment,
			level: DisclosureLevelOf<T>,
		) -> Option<LoanId> {
			let identity = |account: &T::AccountId| {
				Self::identity_for(account)
					.or_else(|| T::Identities::attest_for_benchmark(account, SubjectKind::Person))
			};
			let borrower_id = identity(borrower)?;
			let lender_id = identity(lender)?;
			let (loan_id, next) = Self::next_loan_id().ok()?;
			let mut loans = LoansOf::<T>::get(borrower_id);
			loans.try_push(loan_id).ok()?;
			let now = frame_system::Pallet::<T>::block_number();
			let one: BlockNumberFor<T> = One::one();
			let mut loan = Self::new_record(
				borrower_id,
				lender_id,
				borrower.clone(),
				None,
				one,
				commitment,
				Default::default(),
			);
			loan.period =
				Some(LoanPeriod { start: now, end: now.saturating_add(one), started_at_ms: 0 });
			loan.lender_account = Some(lender.clone());
			loan.status = LoanStatus::Breached;
			loan.disclosure = Some(level);
			Self::record(&mut loan, Some(borrower.clone()), LoanChange::Proposed { duration: one })
				.ok()?;
			Self::record(&mut loan, Some(lender.clone()), LoanChange::Breached { level }).ok()?;
			NextLoanId::<T>::put(next);
			LoansOf::<T>::insert(borrower_id, loans);
			Loans::<T>::insert(loan_id, loan);
			Some(loan_id)
		}
	}
}
