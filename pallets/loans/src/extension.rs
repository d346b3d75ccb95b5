//! The borrower's answer to an extension the lender proposed.

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// Loads `loan_id` for the borrower's answer to an extension; returns the new end.
	pub(crate) fn extension_target(
		who: &T::AccountId,
		loan_id: LoanId,
	) -> Result<(LoanOf<T>, BlockNumberFor<T>), DispatchError> {
		let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		Self::ensure_acts_for(who, loan.borrower, Error::<T>::NotBorrower)?;
		let now = frame_system::Pallet::<T>::block_number();
		match loan.status {
			// Lapsed (the queue may not have recorded it yet).
			LoanStatus::ExtensionProposed { .. } if loan.report_by.is_some_and(|by| by <= now) => {
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
			Actor::Account(who.clone()),
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
		Self::record(&mut loan, Actor::Account(who.clone()), LoanChange::ExtensionDeclined)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::reopen_feedback(loan_id, &mut loan, now);
		let lender = loan.lender.identity();
		Loans::<T>::insert(loan_id, loan);
		Self::deposit_event(Event::ExtensionDeclined { loan_id, lender, by: who });
		Ok(())
	}
}
