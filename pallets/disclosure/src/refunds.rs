//! Paid queries not delivered: `refund`, and the settling of a request at its cutoff (a refund,
//! or a cancellation completed at the end of its notice).

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Refund of `request_id`, asked for by `who`.
	pub(crate) fn do_refund(who: T::AccountId, request_id: RequestId) -> DispatchResult {
		let request = Self::request_of(request_id)?;
		let now = frame_system::Pallet::<T>::block_number();
		let cutoff = Self::cutoff(&request).ok_or(Error::<T>::NotOpen)?;
		ensure!(now >= cutoff, Error::<T>::DeadlineNotReached);
		Self::settle(request_id, request, Some(who))
	}

	/// Settles pending `request` (`request_id`) at or after its cutoff: an open one is refunded
	/// (`by` asked for it; `None` for the chain), a cancelling one's cancellation completes.
	pub(crate) fn settle(
		request_id: RequestId,
		request: RequestOf<T>,
		by: Option<T::AccountId>,
	) -> DispatchResult {
		match request.status {
			RequestStatus::Open => Self::do_refund_request(request_id, request, by),
			RequestStatus::Cancelling { .. } => Self::complete_cancellation(request_id, request),
			_ => Err(Error::<T>::NotOpen.into()),
		}
	}

	/// Completes the cancellation of `request` (`request_id`) at the end of its notice: the
	/// fee and the deposit go back to the requester.
	fn complete_cancellation(request_id: RequestId, request: RequestOf<T>) -> DispatchResult {
		let (loan_id, requester) = (request.loan_id, request.requester.clone());
		let at = frame_system::Pallet::<T>::block_number();
		Self::return_and_close(
			request_id,
			request,
			RequestStatus::Cancelled { at },
			InquiryOutcome::Cancelled { request_id },
		)?;
		Self::deposit_event(Event::QueryCancelled { request_id, loan_id, requester });
		Ok(())
	}

	/// Returns pending `request`'s fee to the requester and closes it with `status` and
	/// `outcome` (its deposit returns in [`Self::close`]).
	fn return_and_close(
		request_id: RequestId,
		request: RequestOf<T>,
		status: RequestStatusOf<T>,
		outcome: InquiryOutcome<T::AccountId>,
	) -> DispatchResult {
		Self::release(HoldReason::QueryFee, &request.requester, request.fee)?;
		Self::close(request_id, request, status, outcome)
	}

	/// Refunds pending `request` (`request_id`): the fee and the deposit go back to the
	/// requester. `by` is `None` for the chain.
	fn do_refund_request(
		request_id: RequestId,
		request: RequestOf<T>,
		by: Option<T::AccountId>,
	) -> DispatchResult {
		let (loan_id, requester) = (request.loan_id, request.requester.clone());
		let at = frame_system::Pallet::<T>::block_number();
		Self::return_and_close(
			request_id,
			request,
			RequestStatus::Refunded { at, by: by.clone() },
			InquiryOutcome::Refunded { request_id },
		)?;
		Self::deposit_event(Event::QueryRefunded { request_id, loan_id, requester, by });
		Ok(())
	}
}
