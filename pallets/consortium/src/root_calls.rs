//! `Root` calls: the consortium's supermajority schedules a call, a blocking minority may cancel
//! it (by a motion, or member by member by objecting) until it is enacted, and anyone enacts it
//! once it is due and before it expires.

use crate::{
	pallet::{
		Config, Error, Event, NextRootCallId, Pallet, RootCallId, RootCallObjections, RootDelay,
		ScheduledRootCalls,
	},
	ScheduledRootCall, WeightInfo,
};
use codec::{DecodeLimit, Encode};
use frame_support::{
	dispatch::{
		extract_actual_weight, DispatchErrorWithPostInfo, DispatchResult,
		DispatchResultWithPostInfo, GetDispatchInfo, PostDispatchInfo,
	},
	ensure,
	traits::{Get, SortedMembers, UnfilteredDispatchable},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Hash, Saturating},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// Stores `call` in [`ScheduledRootCalls`] under a new id, due [`RootDelay`] blocks from
	/// now, if it is short and light enough and there is room.
	pub(crate) fn do_schedule_as_root(
		call: <T as Config>::RuntimeCall,
	) -> DispatchResultWithPostInfo {
		let encoded: BoundedVec<u8, T::MaxRootCallLen> =
			call.encode().try_into().map_err(|_| Error::<T>::RootCallTooLong)?;
		ensure!(
			call.get_dispatch_info().call_weight.all_lte(T::MaxRootCallWeight::get()),
			Error::<T>::RootCallTooHeavy
		);
		ensure!(
			ScheduledRootCalls::<T>::count() < T::MaxScheduledRootCalls::get(),
			Error::<T>::TooManyScheduledRootCalls
		);
		let id = NextRootCallId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::RootCallIdsExhausted)?;
		NextRootCallId::<T>::put(next);
		let due = frame_system::Pallet::<T>::block_number().saturating_add(RootDelay::<T>::get());
		let call_hash = T::Hashing::hash(&encoded);
		let len = encoded.len() as u32;
		ScheduledRootCalls::<T>::insert(id, ScheduledRootCall { call: encoded, due });
		Self::deposit_event(Event::RootCallScheduled { id, call_hash, due });
		Ok(Some(T::WeightInfo::schedule_as_root(len)).into())
	}

	/// Dispatches the scheduled call `id` as `Root` once it is due and its declared weight is
	/// within `weight_bound`, taking it off the schedule first; removes it unrun if its
	/// enactment period has passed. Returns the weight used: the overhead for the call's length
	/// plus the inner call's actual weight. A refusal is charged the overhead only.
	pub(crate) fn do_enact_root_call(
		id: RootCallId,
		weight_bound: Weight,
	) -> DispatchResultWithPostInfo {
		let refused = |error: Error<T>| DispatchErrorWithPostInfo {
			post_info: Some(T::WeightInfo::enact_root_call(T::MaxRootCallLen::get())).into(),
			error: error.into(),
		};
		let scheduled =
			ScheduledRootCalls::<T>::get(id).ok_or_else(|| refused(Error::<T>::UnknownRootCall))?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= scheduled.due, refused(Error::<T>::RootCallNotDue));
		let overhead = T::WeightInfo::enact_root_call(scheduled.call.len() as u32);
		if now > scheduled.due.saturating_add(T::EnactmentPeriod::get()) {
			Self::remove_root_call(id);
			Self::deposit_event(Event::RootCallExpired { id });
			return Ok(Some(overhead).into());
		}
		let call = Self::decode_root_call(&scheduled.call)
			.ok_or_else(|| refused(Error::<T>::UndecodableRootCall))?;
		let info = call.get_dispatch_info();
		ensure!(info.call_weight.all_lte(weight_bound), refused(Error::<T>::WeightBoundTooLow));
		Self::remove_root_call(id);
		let outcome = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
		let inner_weight = extract_actual_weight(&outcome, &info);
		Self::deposit_event(Event::DispatchedAsRoot {
			id,
			result: outcome.map(|_| ()).map_err(|e| e.error),
		});
		Ok(PostDispatchInfo {
			actual_weight: Some(overhead.saturating_add(inner_weight)),
			pays_fee: frame_support::dispatch::Pays::Yes,
		})
	}

	/// Records `who`'s objection to the scheduled call `id`, and cancels the call once the
	/// objectors exceed [`Config::BlockingShare`] of the members.
	pub(crate) fn do_object_to_root_call(who: T::AccountId, id: RootCallId) -> DispatchResult {
		ensure!(T::Members::contains(&who), Error::<T>::NotMember);
		ensure!(ScheduledRootCalls::<T>::contains_key(id), Error::<T>::UnknownRootCall);
		let mut objections = RootCallObjections::<T>::get(id);
		ensure!(!objections.contains(&who), Error::<T>::AlreadyObjected);
		objections.try_push(who.clone()).map_err(|_| Error::<T>::AlreadyObjected)?;
		let count = objections.len() as u32;
		RootCallObjections::<T>::insert(id, objections);
		Self::deposit_event(Event::RootCallObjected { id, member: who, objections: count });
		let members = T::Members::count().max(1) as u32;
		if Perbill::from_rational(count, members) > T::BlockingShare::get() {
			Self::remove_root_call(id);
			Self::deposit_event(Event::RootCallCancelled { id });
		}
		Ok(())
	}

	/// Takes the scheduled call `id` and its objections off the schedule.
	fn remove_root_call(id: RootCallId) {
		ScheduledRootCalls::<T>::remove(id);
		RootCallObjections::<T>::remove(id);
	}

	/// Takes the scheduled call `id` off the schedule without running it.
	pub(crate) fn do_cancel_root_call(id: RootCallId) -> DispatchResult {
		ensure!(ScheduledRootCalls::<T>::contains_key(id), Error::<T>::UnknownRootCall);
		Self::remove_root_call(id);
		Self::deposit_event(Event::RootCallCancelled { id });
		Ok(())
	}

	/// The scheduled `Root` call `id`, decoded, with its due block; `None` if no call waits
	/// under that id or it no longer decodes.
	pub fn scheduled_root_call(
		id: RootCallId,
	) -> Option<(<T as Config>::RuntimeCall, BlockNumberFor<T>)> {
		let scheduled = ScheduledRootCalls::<T>::get(id)?;
		Some((Self::decode_root_call(&scheduled.call)?, scheduled.due))
	}

	/// A stored call's encoding decoded as a call of this runtime (with the extrinsic depth
	/// limit), if it still decodes.
	fn decode_root_call(encoded: &[u8]) -> Option<<T as Config>::RuntimeCall> {
		<T as Config>::RuntimeCall::decode_all_with_depth_limit(
			frame_support::MAX_EXTRINSIC_DEPTH,
			&mut &encoded[..],
		)
		.ok()
	}

	/// The invariants of the schedule: at most [`Config::MaxScheduledRootCalls`] calls, each
	/// with an id already handed out, the counter right, and the delay at least
	/// [`crate::MIN_ROOT_DELAY`].
	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn root_calls_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let count = ScheduledRootCalls::<T>::count();
		ensure!(
			count <= T::MaxScheduledRootCalls::get(),
			"more scheduled Root calls than MaxScheduledRootCalls"
		);
		ensure!(
			ScheduledRootCalls::<T>::iter_keys().count() as u32 == count,
			"the scheduled-call counter is off"
		);
		let next = NextRootCallId::<T>::get();
		ensure!(
			ScheduledRootCalls::<T>::iter_keys().all(|id| id < next),
			"a scheduled Root call has an id not yet handed out"
		);
		ensure!(
			RootDelay::<T>::get() >= crate::MIN_ROOT_DELAY.into(),
			"the enactment delay is shorter than MIN_ROOT_DELAY"
		);
		ensure!(
			RootCallObjections::<T>::iter_keys().all(ScheduledRootCalls::<T>::contains_key),
			"objections kept for a call that is not scheduled"
		);
		Ok(())
	}
}
