//! Paid queries: the requester's `request` and `cancel`.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::fungible::MutateHold};
use loanchain_primitives::{EncryptionKeyProvider, LoanRegistry};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Paid query of `loan_id` by `who`.
	pub(crate) fn do_request(
		who: T::AccountId,
		loan_id: LoanId,
		max_fee: BalanceOf<T>,
		purpose: Vec<u8>,
	) -> DispatchResult {
		let fee = T::Policy::may_request(loan_id, &who).map_err(Self::denied)?;
		ensure!(max_fee >= fee, Error::<T>::FeeBelowPrice);
		let purpose = Self::sealed_note(purpose, Error::<T>::PurposeTooLong)?;
		let requester_key =
			T::EncryptionKeys::encryption_key(&who).ok_or(Error::<T>::NoEncryptionKey)?;
		ensure!(!OpenRequests::<T>::contains_key(loan_id, &who), Error::<T>::AlreadyRequested);
		let open = OpenRequestCount::<T>::get(loan_id);
		ensure!(open < T::MaxOpenRequestsPerLoan::get(), Error::<T>::TooManyRequests);
		let parties = T::Loans::parties(loan_id).ok_or(Error::<T>::NotFound)?;
		let lender = parties.lender;
		Self::ensure_log_has_room(parties.borrower)?;
		let (request_id, next) = Self::next_request_id()?;
		T::Currency::hold(&HoldReason::QueryFee.into(), &who, fee)
			.map_err(|_| Error::<T>::CannotPayFee)?;
		let deposit = T::RequestDeposit::get();
		T::Currency::hold(&HoldReason::RequestDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		Self::charge_inquiry_fee(&who)?;

		let now = frame_system::Pallet::<T>::block_number();
		let deadline = now.saturating_add(QueryDeadline::<T>::get());
		Self::schedule(deadline, request_id);
		NextRequestId::<T>::put(next);
		OpenRequests::<T>::insert(loan_id, &who, request_id);
		OpenRequestCount::<T>::insert(loan_id, open.saturating_add(1));
		if let Some(lender) = lender {
			RequestsTo::<T>::insert(lender, request_id, ());
		}
		Requests::<T>::insert(
			request_id,
			QueryRequest {
				loan_id,
				borrower: parties.borrower,
				lender,
				requester: who.clone(),
				requester_key,
				fee,
				deposit,
				purpose,
				requested_at: now,
				deadline,
				status: RequestStatus::Open,
				complaint: None,
			},
		);
		Self::deposit_event(Event::QueryRequested {
			request_id,
			loan_id,
			lender,
			requester: who,
			fee,
			deadline,
		});
		Ok(())
	}

	/// Cancellation of `request_id` by `who`.
	pub(crate) fn do_cancel(who: T::AccountId, request_id: RequestId) -> DispatchResult {
		let mut request = Self::request_of(request_id)?;
		ensure!(request.requester == who, Error::<T>::NotRequester);
		ensure!(request.status == RequestStatus::Open, Error::<T>::NotOpen);
		let now = frame_system::Pallet::<T>::block_number();
		let until = now.saturating_add(T::CancelNotice::get()).min(request.deadline);
		// The request moves in the queue from its deadline to the notice's end.
		Deadlines::<T>::remove(request.deadline, request_id);
		Self::schedule(until, request_id);
		request.status = RequestStatus::Cancelling { at: now, until };
		let loan_id = request.loan_id;
		Requests::<T>::insert(request_id, request);
		Self::deposit_event(Event::CancellationRequested {
			request_id,
			loan_id,
			requester: who,
			until,
		});
		Ok(())
	}
}
