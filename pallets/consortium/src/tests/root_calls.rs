//! `schedule_as_root`, `enact_root_call` and `cancel_root_call`: the supermajority schedules, a
//! blocking minority may cancel during the delay, anyone enacts once it is due.

use crate::{
	mock::*, Error, Event, NextRootCallId, RootDelay, ScheduledRootCall, ScheduledRootCalls,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, weights::Weight};
use sp_runtime::{
	traits::{BadOrigin, Hash},
	DispatchError,
};

fn set_storage_call(key: &[u8], value: &[u8]) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(key.to_vec(), value.to_vec())],
	})
}

fn schedule(call: RuntimeCall) -> u32 {
	let id = NextRootCallId::<Test>::get();
	assert_ok!(Consortium::schedule_as_root(RuntimeOrigin::signed(SUPERMAJORITY), Box::new(call)));
	id
}

/// Enacts `id` signed by an account with no role, with the call's declared weight as bound.
fn enact(id: u32) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let bound = Consortium::scheduled_root_call(id)
		.map(|(call, _)| call.get_dispatch_info().call_weight)
		.unwrap_or_default();
	Consortium::enact_root_call(RuntimeOrigin::signed(OUTSIDER), id, bound)
}

fn stored(key: &[u8]) -> Option<Vec<u8>> {
	sp_io::storage::get(key).map(|v| v.to_vec())
}

#[test]
fn a_scheduled_call_runs_only_after_the_delay_and_anyone_enacts_it() {
	ExtBuilder::default().build_and_execute(|| {
		let call = set_storage_call(b"key", b"value");
		let call_hash = <Test as frame_system::Config>::Hashing::hash(&call.encode());
		let id = schedule(call);
		let due = 1 + DEFAULT_ROOT_DELAY;
		System::assert_last_event(Event::RootCallScheduled { id, call_hash, due }.into());
		assert_eq!(stored(b"key"), None, "nothing runs when it is scheduled");

		System::set_block_number(due - 1);
		assert_noop!(enact(id), Error::<Test>::RootCallNotDue);

		System::set_block_number(due);
		assert_ok!(enact(id));
		assert_eq!(stored(b"key"), Some(b"value".to_vec()));
		System::assert_last_event(Event::DispatchedAsRoot { id, result: Ok(()) }.into());
		assert!(!ScheduledRootCalls::<Test>::contains_key(id));
		assert_noop!(enact(id), Error::<Test>::UnknownRootCall);
	});
}

#[test]
fn only_the_supermajority_schedules() {
	ExtBuilder::default().build_and_execute(|| {
		for origin in [
			RuntimeOrigin::signed(CONSORTIUM),
			RuntimeOrigin::signed(MINORITY),
			RuntimeOrigin::signed(OUTSIDER),
			RuntimeOrigin::none(),
		] {
			assert_noop!(
				Consortium::schedule_as_root(origin, Box::new(set_storage_call(b"k", b"v"))),
				BadOrigin
			);
		}
		assert_eq!(ScheduledRootCalls::<Test>::count(), 0);
	});
}

#[test]
fn a_blocking_minority_cancels_during_the_delay() {
	ExtBuilder::default().build_and_execute(|| {
		let id = schedule(set_storage_call(b"key", b"value"));
		for origin in [RuntimeOrigin::signed(OUTSIDER), RuntimeOrigin::signed(CONSORTIUM)] {
			assert_noop!(Consortium::cancel_root_call(origin, id), BadOrigin);
		}
		assert_ok!(Consortium::cancel_root_call(RuntimeOrigin::signed(MINORITY), id));
		System::assert_last_event(Event::RootCallCancelled { id }.into());

		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_noop!(enact(id), Error::<Test>::UnknownRootCall);
		assert_eq!(stored(b"key"), None, "a cancelled call never runs");
		assert_noop!(
			Consortium::cancel_root_call(RuntimeOrigin::signed(MINORITY), id),
			Error::<Test>::UnknownRootCall
		);
	});
}

#[test]
fn long_heavy_and_too_many_calls_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let origin = || RuntimeOrigin::signed(SUPERMAJORITY);
		let long = RuntimeCall::System(frame_system::Call::remark {
			remark: vec![0; MAX_ROOT_CALL_LEN as usize],
		});
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(long)),
			Error::<Test>::RootCallTooLong
		);
		let heavy = RuntimeCall::System(frame_system::Call::kill_prefix {
			prefix: b"p".to_vec(),
			subkeys: u32::MAX,
		});
		assert!(!heavy.get_dispatch_info().call_weight.all_lte(MaxRootCallWeight::get()));
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(heavy)),
			Error::<Test>::RootCallTooHeavy
		);
		for i in 0..MAX_SCHEDULED_ROOT_CALLS {
			schedule(set_storage_call(&[i as u8], b"v"));
		}
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(set_storage_call(b"k", b"v"))),
			Error::<Test>::TooManyScheduledRootCalls
		);
		// Enacting one makes room again.
		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_ok!(enact(0));
		schedule(set_storage_call(b"k", b"v"));
	});
}

#[test]
fn a_failing_inner_call_is_reported_not_hidden() {
	ExtBuilder::default().build_and_execute(|| {
		// `System::remark_with_event` needs a signed origin, so as Root it fails with BadOrigin:
		// the enactment succeeds, the call is gone, and the event carries the inner failure.
		let id = schedule(RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: vec![1],
		}));
		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_ok!(enact(id));
		System::assert_last_event(
			Event::DispatchedAsRoot { id, result: Err(DispatchError::BadOrigin) }.into(),
		);
		assert!(!ScheduledRootCalls::<Test>::contains_key(id));
	});
}

#[test]
fn the_weight_bound_covers_the_inner_call() {
	ExtBuilder::default().build_and_execute(|| {
		let inner = set_storage_call(b"key", b"value");
		let inner_weight = inner.get_dispatch_info().call_weight;
		let id = schedule(inner);
		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_noop!(
			Consortium::enact_root_call(RuntimeOrigin::signed(OUTSIDER), id, Weight::zero()),
			Error::<Test>::WeightBoundTooLow
		);
		let outer = RuntimeCall::Consortium(crate::Call::enact_root_call {
			id,
			weight_bound: inner_weight,
		});
		assert!(outer.get_dispatch_info().call_weight.all_gte(inner_weight));
		let post = enact(id).unwrap_or_else(|e| panic!("enactment failed: {e:?}"));
		assert!(post.actual_weight.is_some_and(|used| used.all_gte(inner_weight)));
		assert_noop!(
			Consortium::enact_root_call(RuntimeOrigin::none(), id, inner_weight),
			BadOrigin
		);
	});
}

#[test]
fn the_genesis_chooses_the_delay() {
	ExtBuilder::default().root_delay(1).build_and_execute(|| {
		assert_eq!(RootDelay::<Test>::get(), 1);
		let id = schedule(set_storage_call(b"key", b"value"));
		assert_noop!(enact(id), Error::<Test>::RootCallNotDue);
		System::set_block_number(2);
		assert_ok!(enact(id));
		assert_eq!(stored(b"key"), Some(b"value".to_vec()));
	});
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(RootDelay::<Test>::get(), DEFAULT_ROOT_DELAY);
	});
}

#[test]
#[should_panic(expected = "genesis root_delay must be at least MIN_ROOT_DELAY blocks")]
fn a_genesis_without_delay_is_refused() {
	ExtBuilder::default().root_delay(0).build();
}

#[test]
fn a_call_that_no_longer_decodes_is_refused_and_can_be_cancelled() {
	ExtBuilder::default().build_and_execute(|| {
		// As after an upgrade that removed the call: bytes that decode to no call of the runtime.
		ScheduledRootCalls::<Test>::insert(
			0,
			ScheduledRootCall { call: vec![0xff, 0xff].try_into().expect("short"), due: 1 },
		);
		NextRootCallId::<Test>::put(1);
		assert_noop!(
			Consortium::enact_root_call(RuntimeOrigin::signed(OUTSIDER), 0, Weight::MAX),
			Error::<Test>::UndecodableRootCall
		);
		assert_ok!(Consortium::cancel_root_call(RuntimeOrigin::signed(MINORITY), 0));
	});
}
