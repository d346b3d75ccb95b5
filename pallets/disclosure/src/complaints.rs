//! The requester's `complain` about a delivery.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Complaint about `request_id` by `who`.
	pub(crate) fn do_complain(
		who: T::AccountId,
		request_id: RequestId,
		reason: Vec<u8>,
	) -> DispatchResult {
		let mut request = Self::request_of(request_id)?;
		ensure!(request.requester == who, Error::<T>::NotRequester);
		ensure!(
			matches!(request.status, RequestStatus::Delivered { .. }),
			Error::<T>::NotDelivered
		);
		ensure!(request.complaint.is_none(), Error::<T>::AlreadyComplained);
		let reason = Self::sealed_note(reason, Error::<T>::ReasonTooLong)?;
		let at = frame_system::Pallet::<T>::block_number();
		request.complaint = Some(Complaint { at, reason });
		let loan_id = request.loan_id;
		Requests::<T>::insert(request_id, request);
		Self::deposit_event(Event::ComplaintRaised { request_id, loan_id, requester: who });
		Ok(())
	}
}
