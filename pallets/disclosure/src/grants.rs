//! Encrypted access: `grant` and `revoke_grant`.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::fungible::MutateHold};
use loanchain_primitives::LoanRegistry;

impl<T: Config> Pallet<T> {
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
}
