//! Public terms: the lender's `reveal`, checked against the loan's commitment.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use loanchain_primitives::LoanRegistry;

impl<T: Config> Pallet<T> {
	/// Publication of the terms of `loan_id` by `who`.
	pub(crate) fn do_reveal(
		who: T::AccountId,
		loan_id: LoanId,
		terms: Vec<u8>,
		salt: Salt,
	) -> DispatchResult {
		T::Policy::may_reveal(loan_id, &who).map_err(Self::denied)?;
		let terms = TermsOf::<T>::try_from(terms).map_err(|_| Error::<T>::TermsTooLarge)?;
		Self::check_reveal(loan_id, &terms, &salt)?;
		Self::publish(loan_id, terms, salt, who)
	}

	/// What a publication of `terms` and `salt` for `loan_id` requires besides who asks: the
	/// terms are not public yet and match the loan's commitment.
	pub(crate) fn check_reveal(loan_id: LoanId, terms: &[u8], salt: &Salt) -> DispatchResult {
		ensure!(!PublicTerms::<T>::contains_key(loan_id), Error::<T>::AlreadyPublic);
		let commitment = T::Loans::commitment(loan_id).ok_or(Error::<T>::NotFound)?;
		ensure!(terms_commitment(terms, salt) == commitment, Error::<T>::CommitmentMismatch);
		Ok(())
	}

	/// Publishes checked `terms` and `salt` of `loan_id` for the lender, `by` being the
	/// account recorded (the revealing account, or an alias loan's payout account).
	pub(crate) fn publish(
		loan_id: LoanId,
		terms: TermsOf<T>,
		salt: Salt,
		by: T::AccountId,
	) -> DispatchResult {
		let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
		let revealed_at = frame_system::Pallet::<T>::block_number();
		PublicTerms::<T>::insert(
			loan_id,
			RevealedTerms { terms, salt, revealed_by: by.clone(), revealed_at },
		);
		Self::log_inquiry(
			parties.borrower,
			loan_id,
			by.clone(),
			Default::default(),
			InquiryOutcome::Published,
		);
		Self::deposit_event(Event::TermsRevealed { loan_id, by });
		Ok(())
	}
}
