//! The deadline queue, processed in `on_initialize`: refunds of requests not delivered in time
//! and cancellations at the end of their notice.

use crate::{pallet::*, types::*, weights::WeightInfo, LOG_TARGET};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use loanchain_primitives::deadlines::{walk_deadline_queue, Visit};

impl<T: Config> Pallet<T> {
	/// Processes the deadline queue from [`NextDeadlineBlock`] up to `now`: at most
	/// [`Config::MaxRefundsPerBlock`] entries and as many queue blocks. Returns the weight
	/// used: for each queue block passed, the walk through its `k` entries (each as if
	/// stale: `process_deadlines(k)`, or `on_initialize_per_block` for an empty one), plus
	/// for each entry refunded, the weight of the refund.
	pub(crate) fn process_deadlines(now: BlockNumberFor<T>) -> Weight {
		let Some(cursor) = NextDeadlineBlock::<T>::get() else {
			return T::DbWeight::get().reads(1);
		};
		let mut weight = Weight::zero();
		let cursor = walk_deadline_queue(
			cursor,
			now,
			T::MaxRefundsPerBlock::get(),
			|at, limit| Deadlines::<T>::iter_key_prefix(at).take(limit).collect::<Vec<RequestId>>(),
			|visit| {
				weight.saturating_accrue(match visit {
					Visit::Entry { at, id } => match Self::process_deadline(at, id, now) {
						DeadlineOutcome::Refunded => T::WeightInfo::on_initialize_per_refund(),
						// Already in `process_deadlines(taken)`.
						DeadlineOutcome::Stale => Weight::zero(),
					},
					Visit::Block { taken: 0, .. } | Visit::Idle => {
						T::WeightInfo::on_initialize_per_block()
					},
					Visit::Block { taken, .. } => T::WeightInfo::process_deadlines(taken),
				})
			},
		);
		NextDeadlineBlock::<T>::put(cursor);
		weight
	}

	/// Removes the deadline of `request_id` at block `at` and refunds the request if it is
	/// still open and its deadline has passed, or completes its cancellation if its notice
	/// has passed.
	pub(crate) fn process_deadline(
		at: BlockNumberFor<T>,
		request_id: RequestId,
		now: BlockNumberFor<T>,
	) -> DeadlineOutcome {
		Deadlines::<T>::remove(at, request_id);
		let Some(request) = Requests::<T>::get(request_id) else {
			return DeadlineOutcome::Stale;
		};
		match Self::cutoff(&request) {
			Some(cutoff) if cutoff <= now => {},
			_ => return DeadlineOutcome::Stale,
		}
		let refunded =
			frame_support::storage::with_storage_layer(|| Self::settle(request_id, request, None));
		if let Err(error) = refunded {
			log::warn!(target: LOG_TARGET, "request {request_id}: refund failed: {error:?}");
		}
		DeadlineOutcome::Refunded
	}
}
