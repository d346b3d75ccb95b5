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
}
