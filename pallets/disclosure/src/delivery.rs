//! Paid queries: the lender's `deliver`, which pays the fee from escrow.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};

impl<T: Config> Pallet<T> {
	/// Delivery of `request_id` by `who`.
	pub(crate) fn do_deliver(
		who: T::AccountId,
		request_id: RequestId,
		capsule: Vec<u8>,
	) -> DispatchResult {
		let request = Self::request_of(request_id)?;
		T::Policy::may_deliver(request.loan_id, &who).map_err(Self::denied)?;
		let now = frame_system::Pallet::<T>::block_number();
		let cutoff = Self::cutoff(&request).ok_or(Error::<T>::NotOpen)?;
		if now >= cutoff {
			return Err(match request.status {
				RequestStatus::Open => Error::<T>::DeadlinePassed,
				_ => Error::<T>::NoticePassed,
			}
			.into());
		}
		let capsule = Self::check_capsule_for(capsule, &request.requester_key)?;
		T::Currency::transfer_on_hold(
			&HoldReason::QueryFee.into(),
			&request.requester,
			&who,
			request.fee,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		let (loan_id, requester, fee) = (request.loan_id, request.requester.clone(), request.fee);
		Self::close(
			request_id,
			request,
			RequestStatus::Delivered { by: who.clone(), at: now, capsule },
			InquiryOutcome::Delivered { request_id },
		)?;
		Self::deposit_event(Event::QueryDelivered { request_id, loan_id, requester, by: who, fee });
		Ok(())
	}
}
