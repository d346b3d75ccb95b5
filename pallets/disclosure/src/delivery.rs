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
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// Delivery of `request_id` by `who`.
	pub(crate) fn do_deliver(
		who: T::AccountId,
		request_id: RequestId,
		capsule: Vec<u8>,
	) -> DispatchResult {
		let request = Self::request_of(request_id)?;
		T::Policy::may_deliver(request.loan_id, &who).map_err(Self::denied)?;
		Self::delivery_cutoff(&request)?;
		let capsule = Self::check_capsule_for(capsule, &request.requester_key)?;
		Self::pay_delivery(request_id, request, capsule, who)
	}

	/// The cutoff of `request` if a delivery is accepted now (the request is pending and the
	/// cutoff not reached), else why not.
	pub(crate) fn delivery_cutoff(
		request: &RequestOf<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let cutoff = Self::cutoff(request).ok_or(Error::<T>::NotOpen)?;
		if now >= cutoff {
			return Err(match request.status {
				RequestStatus::Open => Error::<T>::DeadlinePassed,
				_ => Error::<T>::NoticePassed,
			}
			.into());
		}
		Ok(cutoff)
	}

	/// Closes checked `request` as delivered with `capsule`: the fee goes from escrow to
	/// `payee` (the delivering account, or an alias loan's payout account).
	pub(crate) fn pay_delivery(
		request_id: RequestId,
		request: RequestOf<T>,
		capsule: Capsule,
		payee: T::AccountId,
	) -> DispatchResult {
		T::Currency::transfer_on_hold(
			&HoldReason::QueryFee.into(),
			&request.requester,
			&payee,
			request.fee,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		let now = frame_system::Pallet::<T>::block_number();
		let (loan_id, requester, fee) = (request.loan_id, request.requester.clone(), request.fee);
		Self::close(
			request_id,
			request,
			RequestStatus::Delivered { by: payee.clone(), at: now, capsule },
			InquiryOutcome::Delivered { request_id },
		)?;
		Self::deposit_event(Event::QueryDelivered {
			request_id,
			loan_id,
			requester,
			by: payee,
			fee,
		});
		Ok(())
	}
}
