//! Encrypted access: `grant` and `revoke_grant`, and the grants an alias loan's lender makes
//! and revokes with its lender key (through [`crate::Pallet::lender_disclose`]).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::fungible::MutateHold};
use loanchain_primitives::{IdentityId, LoanRegistry};
use sp_runtime::traits::Zero;

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
		let borrower = Self::check_new_grant(loan_id, &reader)?;
		let purpose = Self::sealed_note(purpose, Error::<T>::PurposeTooLong)?;
		let capsule = Self::check_capsule(capsule, &reader)?;
		let deposit = T::GrantDeposit::get();
		T::Currency::hold(&HoldReason::GrantDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		Self::charge_inquiry_fee(&who)?;
		Self::store_grant(loan_id, borrower, reader, capsule, purpose, who, deposit);
		Ok(())
	}

	/// Checks that `reader` may get a new grant of `loan_id` (none yet, room for one more, and
	/// room in the borrower's inquiry log); returns the borrower's identity.
	pub(crate) fn check_new_grant(
		loan_id: LoanId,
		reader: &T::AccountId,
	) -> Result<IdentityId, DispatchError> {
		ensure!(!Grants::<T>::contains_key(loan_id, reader), Error::<T>::AlreadyGranted);
		ensure!(
			GrantCount::<T>::get(loan_id) < T::MaxGrantsPerLoan::get(),
			Error::<T>::TooManyGrants
		);
		let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
		Self::ensure_log_has_room(parties.borrower)?;
		Ok(parties.borrower)
	}

	/// Stores `reader`'s grant of `loan_id` (checked by [`Self::check_new_grant`]), by `by`
	/// with `deposit` held, logs it for `borrower` and emits [`Event::AccessGranted`].
	pub(crate) fn store_grant(
		loan_id: LoanId,
		borrower: IdentityId,
		reader: T::AccountId,
		capsule: Capsule,
		purpose: TextOf<T>,
		by: T::AccountId,
		deposit: BalanceOf<T>,
	) {
		let granted_at = frame_system::Pallet::<T>::block_number();
		Grants::<T>::insert(
			loan_id,
			&reader,
			Grant { capsule, granted_by: by.clone(), deposit, granted_at },
		);
		GrantCount::<T>::mutate(loan_id, |count| *count = count.saturating_add(1));
		Self::log_inquiry(
			borrower,
			loan_id,
			reader.clone(),
			purpose,
			InquiryOutcome::Granted { by: by.clone() },
		);
		Self::deposit_event(Event::AccessGranted { loan_id, reader, by, deposit });
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
		Self::remove_grant(loan_id, reader, grant, who)
	}

	/// Removes `reader`'s `grant` of `loan_id`, returning its deposit to whoever paid it, and
	/// emits [`Event::GrantRevoked`] naming `by`.
	pub(crate) fn remove_grant(
		loan_id: LoanId,
		reader: T::AccountId,
		grant: GrantOf<T>,
		by: T::AccountId,
	) -> DispatchResult {
		if !grant.deposit.is_zero() {
			Self::release(HoldReason::GrantDeposit, &grant.granted_by, grant.deposit)?;
		}
		Grants::<T>::remove(loan_id, &reader);
		GrantCount::<T>::mutate_exists(loan_id, |count| {
			*count = count.map(|count| count.saturating_sub(1)).filter(|count| *count > 0)
		});
		Self::deposit_event(Event::GrantRevoked { loan_id, reader, by });
		Ok(())
	}
}
