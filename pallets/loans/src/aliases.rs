//! Alias loans (`docs/privacy.md`, sections 1 to 3): the borrower proposes to the alias of the
//! lender's invitation, the alias's holder confirms with a ring proof in an account-less
//! transaction, and its later actions are account-less transactions signed by the per-loan
//! lender key that proof designated.
//!
//! The two lender calls are authorized by `#[pallet::authorize]` (FRAME's `AuthorizeCall`
//! extension): the checks run in the pool, before a transaction is gossiped, and again when the
//! block applies it. A refusal is `InvalidTransaction::Custom(n)`, `n` being the index of this
//! pallet's [`Error`] that says why (the same error the call would return), or `Stale` /
//! `Future` for an action nonce that was used or is not reached yet.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use loanchain_primitives::{
	check_sealed_lender, confirm_message, lender_action_payload, lender_context, pool_refusal,
	IdentityProvider, LenderRing, RingIndex, RingRevision, SealedLenderError,
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto},
	transaction_validity::TransactionValidityWithRefund,
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// C2C proposal by `who` for its identity, to lender alias `alias`.
	pub(crate) fn do_propose_to_alias(
		who: T::AccountId,
		alias: Alias,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
	) -> DispatchResult {
		let borrower = Self::acting_identity(&who)?;
		ensure!(!AliasLoans::<T>::contains_key(alias), Error::<T>::AliasInUse);
		let lender = LoanLender::Alias(AliasLender { alias, key: None, payout: None, nonce: 0 });
		let loan_id =
			Self::open_proposal(&who, borrower, lender, duration, commitment, sealed_terms, true)?;
		Self::deposit_event(Event::LoanProposedToAlias {
			loan_id,
			borrower,
			alias,
			proposer: who,
			duration,
		});
		Ok(())
	}

	/// Everything [`Pallet::register_for_alias`] requires: `borrower_account` is validly
	/// attested, the alias serves no loan, the period and the terms' size are allowed, the
	/// borrower's list has room, and `consent` is the account's signature over the consent of
	/// format v2 with its current nonce. Returns the borrower's identity and that nonce.
	pub(crate) fn check_alias_registration(
		borrower_account: &T::AccountId,
		alias: &Alias,
		duration: BlockNumberFor<T>,
		commitment: &Commitment,
		sealed_terms: &[u8],
		consent: &T::Signature,
	) -> Result<(IdentityId, u64), DispatchError> {
		let borrower =
			T::Identities::identity_of(borrower_account).ok_or(Error::<T>::BorrowerNotAttested)?;
		ensure!(T::Identities::is_valid(borrower_account), Error::<T>::BorrowerNotAttested);
		Self::ensure_new_alias_loan(borrower, alias, duration, sealed_terms)?;
		let nonce = Self::verify_alias_consent(
			alias,
			borrower_account,
			commitment,
			sealed_terms,
			duration,
			None,
			consent,
		)?;
		Ok((borrower, nonce))
	}

	/// What a new loan under alias `alias` for `borrower` needs before its consent is checked:
	/// the alias serves no loan, the period and the terms' size are allowed, and the borrower's
	/// list has room.
	pub(crate) fn ensure_new_alias_loan(
		borrower: IdentityId,
		alias: &Alias,
		duration: BlockNumberFor<T>,
		sealed_terms: &[u8],
	) -> DispatchResult {
		ensure!(!AliasLoans::<T>::contains_key(alias), Error::<T>::AliasInUse);
		Self::ensure_duration(duration)?;
		ensure!(
			sealed_terms.len() <= T::MaxSealedTermsLen::get() as usize,
			Error::<T>::TermsTooLarge
		);
		ensure!(
			LoansOf::<T>::decode_len(borrower).unwrap_or(0)
				< T::MaxLoansPerIdentity::get() as usize,
			Error::<T>::TooManyLoans
		);
		Ok(())
	}

	/// The authorization of [`Pallet::register_for_alias`]:
	/// [`Pallet::check_alias_registration`]; one registration per borrower account and consent
	/// nonce is ever pending. (Its arguments are the call's, by reference.)
	#[allow(clippy::ptr_arg)]
	pub(crate) fn authorize_register_for_alias(
		_source: TransactionSource,
		borrower_account: &T::AccountId,
		alias: &Alias,
		duration: &BlockNumberFor<T>,
		commitment: &Commitment,
		sealed_terms: &Vec<u8>,
		consent: &T::Signature,
	) -> TransactionValidityWithRefund {
		let (_, nonce) = Self::check_alias_registration(
			borrower_account,
			alias,
			*duration,
			commitment,
			sealed_terms,
			consent,
		)
		.map_err(pool_refusal)?;
		let validity = ValidTransaction::with_tag_prefix("LoansAliasConsent")
			.priority(LENDER_TX_PRIORITY)
			.and_provides((borrower_account, nonce))
			.longevity(LENDER_TX_LONGEVITY)
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Registration to lender alias `alias` in the name of `borrower_account` (authorized):
	/// checked again, then stored as a proposal to the alias with no deposit; the consent's
	/// nonce is used up.
	pub(crate) fn do_register_for_alias(
		borrower_account: T::AccountId,
		alias: Alias,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
		consent: &T::Signature,
	) -> DispatchResult {
		let (borrower, nonce) = Self::check_alias_registration(
			&borrower_account,
			&alias,
			duration,
			&commitment,
			&sealed_terms,
			consent,
		)?;
		let lender = LoanLender::Alias(AliasLender { alias, key: None, payout: None, nonce: 0 });
		let loan_id = Self::open_proposal(
			&borrower_account,
			borrower,
			lender,
			duration,
			commitment,
			sealed_terms,
			false,
		)?;
		Self::bump_nonce(&borrower_account, nonce)?;
		Self::deposit_event(Event::LoanRegisteredToAlias {
			loan_id,
			borrower,
			borrower_account,
			alias,
			duration,
			nonce,
		});
		Ok(())
	}

	/// The alias lender of `loan`, or [`Error::NamedLender`].
	pub(crate) fn alias_lender(loan: &LoanOf<T>) -> Result<&AliasLender<T::AccountId>, Error<T>> {
		loan.lender.alias().ok_or(Error::<T>::NamedLender)
	}

	/// Checks that `sealed_lender` is shaped as a lender record sealed to the consortium's
	/// auditor keys and the borrower (the chain cannot open it).
	pub(crate) fn ensure_sealed_lender(sealed_lender: &[u8]) -> DispatchResult {
		check_sealed_lender(sealed_lender, T::AuditorCount::get()).map_err(
			|error| match error {
				SealedLenderError::Malformed => Error::<T>::MalformedSealedLender,
				SealedLenderError::WrongRecipients => Error::<T>::SealedLenderRecipients,
			},
		)?;
		Ok(())
	}

	/// Everything [`Pallet::confirm_as_alias`] requires, the ring proof included: the loan is an
	/// alias proposal that may be confirmed now, `sealed_lender` has the shape of a sealed
	/// lender record, and `proof` holds for ring `ring` at `revision`, the loan's context from
	/// `handle`, and the message binding the loan, `lender_key`, `payout` and `sealed_lender`,
	/// with the loan's alias. Returns the loan.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn check_alias_confirmation(
		loan_id: LoanId,
		handle: &LenderHandle,
		ring: RingIndex,
		revision: RingRevision,
		lender_key: &LenderKey,
		payout: &T::AccountId,
		proof: &[u8],
		sealed_lender: &[u8],
	) -> Result<LoanOf<T>, DispatchError> {
		let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		let lender = Self::alias_lender(&loan)?;
		ensure!(lender.key.is_none(), Error::<T>::WrongState);
		Self::ensure_confirmable(&loan)?;
		Self::ensure_sealed_lender(sealed_lender)?;
		let genesis = Self::genesis();
		let context = lender_context(&genesis, handle);
		let message = confirm_message(&genesis, loan_id, lender_key, payout, sealed_lender);
		let alias = T::LenderRing::validate(ring, revision, &context, &message, proof)
			.map_err(|_| Error::<T>::BadRingProof)?;
		ensure!(alias == lender.alias, Error::<T>::AliasMismatch);
		Ok(loan)
	}

	/// The authorization of [`Pallet::confirm_as_alias`]: [`Pallet::check_alias_confirmation`];
	/// one confirmation per loan is ever pending, valid until the proposal times out.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn authorize_confirm_as_alias(
		_source: TransactionSource,
		loan_id: &LoanId,
		handle: &LenderHandle,
		ring: &RingIndex,
		revision: &RingRevision,
		lender_key: &LenderKey,
		payout: &T::AccountId,
		proof: &RingProofOf,
		sealed_lender: &SealedLenderOf,
	) -> TransactionValidityWithRefund {
		let loan = Self::check_alias_confirmation(
			*loan_id,
			handle,
			*ring,
			*revision,
			lender_key,
			payout,
			proof,
			sealed_lender,
		)
		.map_err(pool_refusal)?;
		let now = frame_system::Pallet::<T>::block_number();
		let left: u64 = loan.report_by.unwrap_or(now).saturating_sub(now).unique_saturated_into();
		let validity = ValidTransaction::with_tag_prefix("LoansConfirmAsAlias")
			.priority(LENDER_TX_PRIORITY)
			.and_provides(loan_id)
			.longevity(left.max(1))
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Confirmation of alias proposal `loan_id` (authorized: the ring proof held in this
	/// block): the loan comes into force, the deposit returns, `lender_key` and `payout` are
	/// kept, and `sealed_lender` (its shape checked again) goes to [`SealedLenders`].
	pub(crate) fn do_confirm_as_alias(
		loan_id: LoanId,
		lender_key: LenderKey,
		payout: T::AccountId,
		sealed_lender: SealedLenderOf,
	) -> DispatchResult {
		let mut loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		let mut lender = Self::alias_lender(&loan)?.clone();
		ensure!(lender.key.is_none(), Error::<T>::WrongState);
		Self::ensure_confirmable(&loan)?;
		Self::ensure_sealed_lender(&sealed_lender)?;
		Self::unschedule_proposal_timeout(loan_id, &mut loan);
		let (start, end) = Self::start(loan_id, &mut loan, Actor::Lender)?;
		Self::release_deposit(&mut loan)?;
		let alias = lender.alias;
		lender.key = Some(lender_key);
		lender.payout = Some(payout);
		loan.lender = LoanLender::Alias(lender);
		Loans::<T>::insert(loan_id, loan);
		SealedLenders::<T>::insert(loan_id, sealed_lender);
		Self::deposit_event(Event::LoanConfirmedByAlias { loan_id, alias, start, end });
		Ok(())
	}

	/// Everything [`Pallet::lender_act`] requires: the loan is a confirmed alias loan, `nonce`
	/// is its action nonce, `signature` is its lender key's over the action's payload, the loan
	/// waits for the lender's feedback and allows `action`. Returns the loan.
	pub(crate) fn check_lender_act(
		loan_id: LoanId,
		nonce: u32,
		action: &LenderActionOf<T>,
		signature: &LenderSignature,
	) -> Result<LoanOf<T>, DispatchError> {
		let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		Self::check_loaded_lender_act(loan_id, &loan, nonce, action, signature)?;
		Ok(loan)
	}

	/// [`Pallet::check_lender_act`] of `loan`, already read (number `loan_id`).
	fn check_loaded_lender_act(
		loan_id: LoanId,
		loan: &LoanOf<T>,
		nonce: u32,
		action: &LenderActionOf<T>,
		signature: &LenderSignature,
	) -> DispatchResult {
		let lender = Self::alias_lender(loan)?;
		let key = lender.key.ok_or(Error::<T>::WrongState)?;
		ensure!(nonce == lender.nonce, Error::<T>::BadActionNonce);
		let payload = lender_action_payload(&Self::genesis(), loan_id, nonce, action);
		let signature = sp_core::sr25519::Signature::from_raw(*signature);
		let key = sp_core::sr25519::Public::from_raw(key);
		ensure!(
			sp_io::crypto::sr25519_verify(&signature, &payload, &key),
			Error::<T>::BadLenderSignature
		);
		Self::ensure_feedback_due(loan, frame_system::Pallet::<T>::block_number())?;
		Self::ensure_action_allowed(loan, action)
	}

	/// The authorization of [`Pallet::lender_act`]: a used nonce is `Stale`, a later one
	/// `Future`, then [`Pallet::check_lender_act`]; one action per loan and nonce is ever
	/// pending.
	pub(crate) fn authorize_lender_act(
		_source: TransactionSource,
		loan_id: &LoanId,
		nonce: &u32,
		action: &LenderActionOf<T>,
		signature: &LenderSignature,
	) -> TransactionValidityWithRefund {
		let loan =
			Loans::<T>::get(loan_id).ok_or_else(|| pool_refusal(Error::<T>::NotFound.into()))?;
		if let Some(lender) = loan.lender.alias() {
			if *nonce < lender.nonce {
				return Err(InvalidTransaction::Stale.into());
			}
			if *nonce > lender.nonce {
				return Err(InvalidTransaction::Future.into());
			}
		}
		Self::check_loaded_lender_act(*loan_id, &loan, *nonce, action, signature)
			.map_err(pool_refusal)?;
		let validity = ValidTransaction::with_tag_prefix("LoansLenderAct")
			.priority(LENDER_TX_PRIORITY)
			.and_provides((loan_id, nonce))
			.longevity(LENDER_TX_LONGEVITY)
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Lender action `action` on alias loan `loan_id` (authorized): checked again, then done
	/// as by the loan's lender; the action nonce grows by one.
	pub(crate) fn do_lender_act(
		loan_id: LoanId,
		nonce: u32,
		action: LenderActionOf<T>,
		signature: &LenderSignature,
	) -> DispatchResult {
		let mut loan = Self::check_lender_act(loan_id, nonce, &action, signature)?;
		if let LoanLender::Alias(lender) = &mut loan.lender {
			lender.nonce = lender.nonce.saturating_add(1);
		}
		Self::apply_action(loan_id, loan, Actor::Lender, action)
	}
}
