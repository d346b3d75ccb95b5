//! The corporate renewal under an alias (`docs/privacy.md`, section 4): the lender of an alias
//! loan reports it performed and puts the follow-on loan in force at once, under a new alias,
//! with the borrower's consent of format v2. No account of the lender signs: the call is a
//! general transaction authorized by the borrower's consent and by the previous loan's lender
//! key, whose signature over [`renewal_message`] designates the follow-on's lender key, payout
//! account and sealed lender record, and by a fresh ring proof that the new alias is an attested
//! lender's now (over [`renewal_proof_message`]), so a lender whose member key is out of the
//! ring since the previous loan was confirmed cannot renew it (`docs/privacy.md`, section 4,
//! says what that does not cover).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use loanchain_primitives::{
	lender_context, pool_refusal, renewal_message, renewal_proof_message, LenderHandle, LenderRing,
	RingIndex, RingRevision,
};
use sp_runtime::{transaction_validity::TransactionValidityWithRefund, DispatchError};

/// A renewal under an alias as its call gives it.
pub(crate) struct AliasRenewal<T: Config> {
	/// The alias loan renewed.
	pub previous: LoanId,
	/// The number the follow-on gets (the sealed lender record names it).
	pub loan_id: LoanId,
	/// The borrower's account that signed the consent.
	pub borrower_account: T::AccountId,
	/// The follow-on loan's alias.
	pub alias: Alias,
	/// The follow-on loan's period in blocks, from now.
	pub duration: BlockNumberFor<T>,
	/// The commitment to the follow-on loan's terms.
	pub commitment: Commitment,
	/// The follow-on loan's sealed terms.
	pub sealed_terms: Vec<u8>,
	/// The borrower's consent of format v2, renewing `previous`.
	pub consent: T::Signature,
	/// The follow-on loan's lender key.
	pub lender_key: LenderKey,
	/// The follow-on loan's payout account.
	pub payout: T::AccountId,
	/// The follow-on loan's sealed lender record.
	pub sealed_lender: SealedLenderOf,
	/// The previous loan's lender key's signature over [`renewal_message`].
	pub signature: LenderSignature,
	/// The handle of the follow-on's invitation: the ring proof's context.
	pub handle: LenderHandle,
	/// The lender ring the proof is made against.
	pub ring: RingIndex,
	/// The ring's revision the proof is made against.
	pub revision: RingRevision,
	/// The ring proof that the new alias is an attested lender's, over
	/// [`renewal_proof_message`].
	pub proof: RingProofOf,
}

impl<T: Config> Pallet<T> {
	/// Everything [`Pallet::renew_as_alias`] requires: `previous` is a confirmed alias loan that
	/// may be renewed now with the consent of `borrower_account` (in force or feedback-due, not
	/// yet reported, the account validly attested to its borrower); `loan_id` is the next loan
	/// number; the new alias serves no loan; the period, the terms' size and the borrower's room for another loan are allowed;
	/// the sealed lender record has the auditors' shape; `signature` is the previous loan's
	/// lender key's over [`renewal_message`]; and `consent` is the account's signature over the
	/// consent of format v2 for the new alias, renewing `previous`, with its current nonce.
	/// Returns the previous loan and that nonce.
	pub(crate) fn check_alias_renewal(
		renewal: &AliasRenewal<T>,
	) -> Result<(LoanOf<T>, u64), DispatchError> {
		let old = Loans::<T>::get(renewal.previous).ok_or(Error::<T>::NotFound)?;
		let key = Self::alias_lender(&old)?.key.ok_or(Error::<T>::WrongState)?;
		Self::ensure_renewable(&old, &renewal.borrower_account)?;
		ensure!(renewal.loan_id == NextLoanId::<T>::get(), Error::<T>::NotNextLoanId);
		Self::ensure_new_alias_loan(
			old.borrower,
			&renewal.alias,
			renewal.duration,
			&renewal.sealed_terms,
		)?;
		Self::ensure_sealed_lender(&renewal.sealed_lender)?;
		let message = renewal_message(
			&Self::genesis(),
			renewal.previous,
			renewal.loan_id,
			&renewal.alias,
			&renewal.borrower_account,
			&renewal.commitment,
			&renewal.sealed_terms,
			renewal.duration,
			&renewal.lender_key,
			&renewal.payout,
			&renewal.sealed_lender,
		);
		let signature = sp_core::sr25519::Signature::from_raw(renewal.signature);
		ensure!(
			sp_io::crypto::sr25519_verify(
				&signature,
				&message,
				&sp_core::sr25519::Public::from_raw(key)
			),
			Error::<T>::BadLenderSignature
		);
		let nonce = Self::verify_alias_consent(
			&renewal.alias,
			&renewal.borrower_account,
			&renewal.commitment,
			&renewal.sealed_terms,
			renewal.duration,
			Some(renewal.previous),
			&renewal.consent,
		)?;
		Ok((old, nonce))
	}

	/// The ring proof of `renewal`: it holds for its ring at its revision, the context of its
	/// handle and [`renewal_proof_message`] (the renewed loan, the follow-on's number, lender
	/// key, payout account and sealed lender record), with the new alias. Checked in the
	/// authorization, which the block runs again.
	pub(crate) fn check_renewal_proof(renewal: &AliasRenewal<T>) -> DispatchResult {
		let genesis = Self::genesis();
		let context = lender_context(&genesis, &renewal.handle);
		let message = renewal_proof_message(
			&genesis,
			renewal.previous,
			renewal.loan_id,
			&renewal.lender_key,
			&renewal.payout,
			&renewal.sealed_lender,
		);
		let alias = T::LenderRing::validate(
			renewal.ring,
			renewal.revision,
			&context,
			&message,
			&renewal.proof,
		)
		.map_err(|_| Error::<T>::BadRingProof)?;
		ensure!(alias == renewal.alias, Error::<T>::AliasMismatch);
		Ok(())
	}

	/// The authorization of [`Pallet::renew_as_alias`] (its arguments are the call's, by
	/// reference): [`Pallet::check_alias_renewal`] and [`Pallet::check_renewal_proof`]; one renewal per previous loan, one per
	/// follow-on number, and one registration or renewal per borrower account and consent
	/// nonce, is ever pending.
	#[allow(clippy::too_many_arguments, clippy::ptr_arg)]
	pub(crate) fn authorize_renew_as_alias(
		_source: TransactionSource,
		previous: &LoanId,
		loan_id: &LoanId,
		borrower_account: &T::AccountId,
		alias: &Alias,
		duration: &BlockNumberFor<T>,
		commitment: &Commitment,
		sealed_terms: &Vec<u8>,
		consent: &T::Signature,
		lender_key: &LenderKey,
		payout: &T::AccountId,
		sealed_lender: &SealedLenderOf,
		signature: &LenderSignature,
		handle: &LenderHandle,
		ring: &RingIndex,
		revision: &RingRevision,
		proof: &RingProofOf,
	) -> TransactionValidityWithRefund {
		let renewal = AliasRenewal::<T> {
			previous: *previous,
			loan_id: *loan_id,
			borrower_account: borrower_account.clone(),
			alias: *alias,
			duration: *duration,
			commitment: *commitment,
			sealed_terms: sealed_terms.clone(),
			consent: consent.clone(),
			lender_key: *lender_key,
			payout: payout.clone(),
			sealed_lender: sealed_lender.clone(),
			signature: *signature,
			handle: *handle,
			ring: *ring,
			revision: *revision,
			proof: proof.clone(),
		};
		let (_, nonce) = Self::check_alias_renewal(&renewal).map_err(pool_refusal)?;
		Self::check_renewal_proof(&renewal).map_err(pool_refusal)?;
		let validity = ValidTransaction::with_tag_prefix("LoansAliasConsent")
			.priority(LENDER_TX_PRIORITY)
			.and_provides((&renewal.borrower_account, nonce))
			.and_provides((b"renews", renewal.previous))
			.and_provides((b"loan", renewal.loan_id))
			.longevity(LENDER_TX_LONGEVITY)
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Renewal of alias loan `renewal.previous` (authorized: the ring proof held in this
	/// block): checked again but for the proof; the previous loan
	/// is reported performed by its lender, and the follow-on, with its own alias, lender key
	/// and payout account, comes into force now, linked to it; the consent's nonce is used up
	/// and the sealed lender record goes to [`SealedLenders`].
	pub(crate) fn do_renew_as_alias(renewal: AliasRenewal<T>) -> DispatchResult {
		let (mut old, nonce) = Self::check_alias_renewal(&renewal)?;
		let AliasRenewal {
			previous,
			loan_id,
			borrower_account,
			alias,
			duration,
			commitment,
			sealed_terms,
			lender_key,
			payout,
			sealed_lender,
			..
		} = renewal;
		let sealed_terms = Self::bound_terms(sealed_terms)?;
		let (_, next) = Self::next_loan_id()?;
		let borrower = old.borrower;
		let mut loans = LoansOf::<T>::get(borrower);
		loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;
		let lender = LoanLender::Alias(AliasLender {
			alias,
			key: Some(lender_key),
			payout: Some(payout),
			nonce: 0,
		});
		let mut loan = Self::new_record(
			borrower,
			lender,
			borrower_account.clone(),
			duration,
			commitment,
			sealed_terms,
		);
		Self::record(
			&mut loan,
			Actor::Account(borrower_account.clone()),
			LoanChange::Proposed { duration },
		)?;
		loan.renews = Some(previous);
		let early = Self::close_renewed(&mut old, loan_id, Actor::Lender)?;
		let (start, end) = Self::start(loan_id, &mut loan, Actor::Lender)?;
		Self::bump_nonce(&borrower_account, nonce)?;

		NextLoanId::<T>::put(next);
		LoansOf::<T>::insert(borrower, loans);
		AliasLoans::<T>::insert(alias, loan_id);
		Loans::<T>::insert(previous, old);
		Loans::<T>::insert(loan_id, loan);
		SealedLenders::<T>::insert(loan_id, sealed_lender);
		Self::deposit_event(Event::LoanPerformed { loan_id: previous, by: None, early });
		Self::deposit_event(Event::LoanRenewedByAlias {
			previous,
			loan_id,
			borrower,
			borrower_account,
			alias,
			start,
			end,
			nonce,
		});
		Ok(())
	}
}
