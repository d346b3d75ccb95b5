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

mod alias_renewal;
mod aliases;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod consent;
mod corporate;
mod deadlines;
mod extension;
mod feedback;
mod identities;
#[cfg(test)]
mod mock;
mod proposals;
mod queries;
mod records;
mod registry;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

pub use loanchain_primitives::{AttestationStatus, IdentityProvider, LoanRegistry, SubjectKind};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::loans";

// `confirm_as_alias` takes everything its ring proof binds (eight arguments), and the pallet
// macro's generated constructors and dispatch take them all as well; the macro's authorization
// closure of `register_for_alias` (six arguments by reference) is a complex type to clippy.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::{ensure_authorized, pallet_prelude::*};
	use loanchain_primitives::{
		Alias, LenderHandle, LenderKey, LenderRing, LenderSignature, RingIndex, RingRevision,
	};
	use sp_runtime::traits::{IdentifyAccount, Verify, Zero};

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

		/// The lender ring, whose proofs show that an alias loan's lender is an attested lender
		/// without saying which (the lender-ring pallet).
		type LenderRing: LenderRing;

		/// How many auditor keys the consortium registered (the consortium pallet's
		/// `AuditorKeys`): an alias loan's sealed lender record is sealed to each of them and
		/// to the borrower, so it must have one recipient more.
		type AuditorCount: Get<u32>;

		/// Ring proofs for the benchmarks of [`Pallet::confirm_as_alias`] (the runtime's ring
		/// needs a proof made natively, for the benchmark's loan).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::types::BenchmarkHelper;

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

	/// The loan of each lender alias: a borrower's proposal to an alias claims it (a withdrawn
	/// or expired proposal gives it back), and a confirmed loan keeps it for good, so an alias,
	/// and with it a lender's handle, serves one loan only.
	#[pallet::storage]
	pub type AliasLoans<T: Config> = StorageMap<_, Blake2_128Concat, Alias, LoanId>;

	/// The sealed lender record of each confirmed alias loan: who the lender is, sealed to the
	/// auditor keys of the confirmation's time and to the borrower (`docs/privacy.md`, section
	/// 5). Kept apart from the loan so loan reads do not grow; never removed.
	#[pallet::storage]
	pub type SealedLenders<T: Config> = StorageMap<_, Twox64Concat, LoanId, SealedLenderOf>;

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
		/// A borrower proposed a loan to a lender alias (from the lender's invitation); it waits
		/// for the confirmation of whoever holds the alias.
		LoanProposedToAlias {
			/// The new loan.
			loan_id: LoanId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The lender's alias for this loan.
			alias: Alias,
			/// The borrower's account that proposed (and paid the deposit).
			proposer: T::AccountId,
			/// The loan period in blocks, counted from the confirmation.
			duration: BlockNumberFor<T>,
		},
		/// A company's system registered a loan in a borrower's name to a lender alias, with the
		/// consent the borrower's account signed (format v2, naming the alias); it waits for the
		/// confirmation of whoever holds the alias.
		LoanRegisteredToAlias {
			/// The new loan.
			loan_id: LoanId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The borrower's account that consented.
			borrower_account: T::AccountId,
			/// The lender's alias for this loan.
			alias: Alias,
			/// The loan period in blocks, counted from the confirmation.
			duration: BlockNumberFor<T>,
			/// The consent nonce used.
			nonce: u64,
		},
		/// The holder of a loan's alias confirmed it with a ring proof: the loan is in force, and
		/// the lender key the proof designated acts for the lender from now on.
		LoanConfirmedByAlias {
			/// The loan.
			loan_id: LoanId,
			/// The lender's alias for this loan.
			alias: Alias,
			/// First block of the period.
			start: BlockNumberFor<T>,
			/// First block after the period.
			end: BlockNumberFor<T>,
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
			/// The lender's identity; `None` for an alias loan (its lender follows its own loans).
			lender: Option<IdentityId>,
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
			/// The lender's identity; `None` for an alias loan.
			lender: Option<IdentityId>,
		},
		/// The lender reported that the loan was performed normally.
		LoanPerformed {
			/// The loan.
			loan_id: LoanId,
			/// The account that reported; `None` for an alias loan's lender (its lender key).
			by: Option<T::AccountId>,
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
			/// The account that reported; `None` for an alias loan's lender (its lender key).
			by: Option<T::AccountId>,
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
			/// The lender's identity, whose feedback is due; `None` for an alias loan.
			lender: Option<IdentityId>,
			/// The borrower's account that declined.
			by: T::AccountId,
		},
		/// The lender reported a breach and chose the information level.
		LoanBreached {
			/// The loan.
			loan_id: LoanId,
			/// The information level chosen.
			level: DisclosureLevelOf<T>,
			/// The account that reported; `None` for an alias loan's lender (its lender key).
			by: Option<T::AccountId>,
		},
		/// The lender of alias loan `previous` (performed normally) put its follow-on in force
		/// at once, under a new alias, with the borrower's consent; no lender is named.
		LoanRenewedByAlias {
			/// The renewed (now performed) loan.
			previous: LoanId,
			/// The new loan.
			loan_id: LoanId,
			/// The borrower's identity.
			borrower: IdentityId,
			/// The borrower's account that signed the consent.
			borrower_account: T::AccountId,
			/// The lender's alias for the new loan.
			alias: Alias,
			/// First block of the new period.
			start: BlockNumberFor<T>,
			/// First block after the new period.
			end: BlockNumberFor<T>,
			/// The consent nonce used.
			nonce: u64,
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
		/// Another loan already has this alias (a lender's handle serves one loan only).
		AliasInUse,
		/// The loan's lender is an alias: it acts with a ring proof or its lender key
		/// ([`Pallet::confirm_as_alias`], [`Pallet::lender_act`]), never with an account.
		AliasLender,
		/// The loan's lender is named, not an alias: it acts with its account.
		NamedLender,
		/// The ring proof does not hold: unknown ring or revision, a ring still too small, or a
		/// proof that does not verify for this loan's context and message.
		BadRingProof,
		/// The ring proof is valid but yields another alias than the one the loan was proposed
		/// to (another lender, or another handle).
		AliasMismatch,
		/// The lender action's signature does not verify against the loan's lender key.
		BadLenderSignature,
		/// The lender action signs an old action nonce (it was used) or a future one.
		BadActionNonce,
		/// The sealed lender record is not an envelope of sealing format v2 of the length its
		/// recipient count gives (the first padding bucket).
		MalformedSealedLender,
		/// The sealed lender record is not sealed to the auditors and the borrower: it must have
		/// one recipient more than the consortium has auditor keys.
		SealedLenderRecipients,
		/// The renewal's follow-on number is not the next loan number (another loan was
		/// registered first): seal the lender record for the new next number and send again.
		NotNextLoanId,
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

		/// Propose a loan from the caller's identity (the borrower) to the lender alias `alias`,
		/// which the lender gave the borrower in its invitation, for `duration` blocks from the
		/// confirmation, with the `commitment` to the terms and the `sealed_terms`. The chain
		/// does not learn who the lender is: whoever holds the alias confirms with
		/// [`Pallet::confirm_as_alias`]. Holds [`Config::ProposalDeposit`] as [`Pallet::propose`]
		/// does, with the same timeout.
		///
		/// Who may call: an account acting for the borrower (validly attested); the alias must
		/// serve no other loan. Emits [`Event::LoanProposedToAlias`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::propose_to_alias(terms_len(sealed_terms)))]
		pub fn propose_to_alias(
			origin: OriginFor<T>,
			alias: Alias,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_to_alias(who, alias, duration, commitment, sealed_terms)
		}

		/// Confirm proposal `loan_id` as the holder of its alias: a general transaction without
		/// a signer or fee, valid when `proof` is a ring proof against ring `ring` at
		/// `revision`, in the loan's context ([`loanchain_primitives::lender_context`] of
		/// `handle`), over [`loanchain_primitives::confirm_message`] of the loan, `lender_key`,
		/// `payout` and `sealed_lender`, whose alias is the one the loan was proposed to, and
		/// when `sealed_lender` is shaped as a lender record sealed to the auditors and the
		/// borrower ([`loanchain_primitives::check_sealed_lender`]). The loan comes into force
		/// now, the deposit is returned, `sealed_lender` is kept in [`SealedLenders`], and from
		/// now on `lender_key` signs the lender's actions ([`Pallet::lender_act`]) and `payout`
		/// receives what the loan pays its lender.
		///
		/// Who may call: the authorization above (`frame_system::Origin::Authorized`), checked
		/// in the pool and again in the block. Emits [`Event::LoanConfirmedByAlias`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::confirm_as_alias())]
		#[pallet::authorize(Self::authorize_confirm_as_alias)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_confirm_as_alias())]
		pub fn confirm_as_alias(
			origin: OriginFor<T>,
			loan_id: LoanId,
			handle: LenderHandle,
			ring: RingIndex,
			revision: RingRevision,
			lender_key: LenderKey,
			payout: T::AccountId,
			proof: RingProofOf,
			sealed_lender: SealedLenderOf,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			let _ = (handle, ring, revision, proof);
			Self::do_confirm_as_alias(loan_id, lender_key, payout, sealed_lender)
		}

		/// The lender's `action` on alias loan `loan_id` (its feedback: performed, an
		/// extension, a breach with its level), as a general transaction without a signer or
		/// fee, valid when `signature` is the loan's lender key's sr25519 signature over
		/// [`loanchain_primitives::lender_action_payload`] with the loan's current action `nonce`. The action then
		/// does what [`Pallet::report_performed`], [`Pallet::propose_extension`] or
		/// [`Pallet::report_breach`] do for a named lender, and the nonce grows by one.
		///
		/// Who may call: the authorization above, checked in the pool and again in the block.
		/// Emits the action's event ([`Event::LoanPerformed`], [`Event::ExtensionProposed`],
		/// [`Event::LoanBreached`]) with no account.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::lender_act())]
		#[pallet::authorize(Self::authorize_lender_act)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_lender_act())]
		pub fn lender_act(
			origin: OriginFor<T>,
			loan_id: LoanId,
			nonce: u32,
			action: LenderActionOf<T>,
			signature: LenderSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_lender_act(loan_id, nonce, action, &signature)
		}

		/// Register a loan in the name of `borrower` (an account of the borrower) to the lender
		/// alias `alias`, for `duration` blocks from the confirmation, with the `commitment` to
		/// the terms and the `sealed_terms`: the corporate registration under an alias
		/// (`docs/privacy.md`, section 4). A general transaction without a signer or fee, valid
		/// when `consent` is the borrower account's signature over
		/// [`Pallet::alias_consent_payload`] (format v2: the alias instead of the company, the
		/// sealed terms' hash, the account's current consent nonce). It is stored as a proposal
		/// to the alias, as [`Pallet::propose_to_alias`] does but with no deposit; the company's
		/// system confirms it with [`Pallet::confirm_as_alias`]. No account of the company
		/// appears.
		///
		/// Who may call: the authorization above (`frame_system::Origin::Authorized`), checked
		/// in the pool and again in the block; one registration per consent nonce. Emits
		/// [`Event::LoanRegisteredToAlias`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::register_for_alias(terms_len(sealed_terms)))]
		#[pallet::authorize(Self::authorize_register_for_alias)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_register_for_alias(terms_len(
			sealed_terms
		)))]
		pub fn register_for_alias(
			origin: OriginFor<T>,
			borrower: T::AccountId,
			alias: Alias,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_register_for_alias(
				borrower,
				alias,
				duration,
				commitment,
				sealed_terms,
				&consent,
			)
		}
		/// Renew alias loan `previous`: the corporate extension under an alias
		/// (`docs/privacy.md`, section 4). It reports `previous` performed, before its end or
		/// while its feedback is due, and puts the follow-on loan `loan_id` (the next loan
		/// number, which the sealed lender record names) in force at once for `duration` blocks, with `renews = previous`, the new `alias`, the `commitment` and
		/// `sealed_terms`, and from now on `lender_key` signing its lender's actions, `payout`
		/// receiving what it pays its lender and `sealed_lender` in [`SealedLenders`]. A general
		/// transaction without a signer or fee, valid when `consent` is the borrower account's
		/// signature over [`Pallet::alias_consent_payload`] for the new alias with `renews =
		/// Some(previous)`, and `signature` is the previous loan's lender key's sr25519
		/// signature over [`loanchain_primitives::renewal_message`], and `proof` is a ring
		/// proof, against ring `ring` at `revision`, that the new alias is an attested lender's
		/// for `handle`, over [`loanchain_primitives::renewal_proof_message`]. Renewed before its end, the previous loan ends at this block, as
		/// with [`Pallet::renew`].
		///
		/// Who may call: the authorization above (`frame_system::Origin::Authorized`), checked
		/// in the pool and again in the block; one renewal per loan and per consent nonce.
		/// Emits [`Event::LoanPerformed`] for the previous loan and [`Event::LoanRenewedByAlias`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::renew_as_alias(terms_len(sealed_terms)))]
		#[pallet::authorize(Self::authorize_renew_as_alias)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_renew_as_alias(terms_len(
			sealed_terms
		)))]
		pub fn renew_as_alias(
			origin: OriginFor<T>,
			previous: LoanId,
			loan_id: LoanId,
			borrower: T::AccountId,
			alias: Alias,
			duration: BlockNumberFor<T>,
			commitment: Commitment,
			sealed_terms: Vec<u8>,
			consent: T::Signature,
			lender_key: LenderKey,
			payout: T::AccountId,
			sealed_lender: SealedLenderOf,
			signature: LenderSignature,
			handle: LenderHandle,
			ring: RingIndex,
			revision: RingRevision,
			proof: RingProofOf,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_renew_as_alias(crate::alias_renewal::AliasRenewal {
				previous,
				loan_id,
				borrower_account: borrower,
				alias,
				duration,
				commitment,
				sealed_terms,
				consent,
				lender_key,
				payout,
				sealed_lender,
				signature,
				handle,
				ring,
				revision,
				proof,
			})
		}
	}

	/// The length of call data `bytes`, as a weight component.
	pub(crate) fn terms_len(bytes: &[u8]) -> u32 {
		u32::try_from(bytes.len()).unwrap_or(u32::MAX)
	}
}
