//! `schedule_as_root`, `enact_root_call`, `cancel_root_call`, `object_to_root_call` and
//! `set_root_delay`: the supermajority schedules, a blocking minority may cancel (by a motion or
//! by objecting) until it is enacted, anyone enacts once it is due and before it expires.

use crate::{
	mock::*, Error, Event, NextRootCallId, RootCallObjections, RootDelay, ScheduledRootCall,
	ScheduledRootCalls,
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

/// Enacts `id` signed by an account with no role, with the call's declared weight as bound;
/// the error without its post-dispatch weight.
fn enact(id: u32) -> sp_runtime::DispatchResult {
	let bound = Consortium::scheduled_root_call(id)
		.map(|(call, _)| call.get_dispatch_info().call_weight)
		.unwrap_or_default();
	enact_with(id, bound)
}

/// Enacts `id` with `bound`; the error without its post-dispatch weight.
fn enact_with(id: u32, bound: Weight) -> sp_runtime::DispatchResult {
	Consortium::enact_root_call(RuntimeOrigin::signed(OUTSIDER), id, bound)
		.map(|_| ())
		.map_err(|e| e.error)
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
		// A remark's encoding: pallet and call index, a one-byte length prefix, the bytes.
		let remark_of = |len: u32| {
			let call = RuntimeCall::System(frame_system::Call::remark {
				remark: vec![0; len as usize - 3],
			});
			assert_eq!(call.encode().len() as u32, len);
			call
		};
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(remark_of(MAX_ROOT_CALL_LEN + 1))),
			Error::<Test>::RootCallTooLong
		);
		let longest = schedule(remark_of(MAX_ROOT_CALL_LEN));
		assert_ok!(Consortium::cancel_root_call(RuntimeOrigin::signed(MINORITY), longest));
		let heavy = RuntimeCall::System(frame_system::Call::kill_prefix {
			prefix: b"p".to_vec(),
			subkeys: u32::MAX,
		});
		assert!(!heavy.get_dispatch_info().call_weight.all_lte(MaxRootCallWeight::get()));
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(heavy)),
			Error::<Test>::RootCallTooHeavy
		);
		let first = schedule(set_storage_call(&[0], b"v"));
		for i in 1..MAX_SCHEDULED_ROOT_CALLS {
			schedule(set_storage_call(&[i as u8], b"v"));
		}
		assert_noop!(
			Consortium::schedule_as_root(origin(), Box::new(set_storage_call(b"k", b"v"))),
			Error::<Test>::TooManyScheduledRootCalls
		);
		// Enacting one makes room again.
		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_ok!(enact(first));
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
		assert_noop!(enact_with(id, Weight::zero()), Error::<Test>::WeightBoundTooLow);
		// A refused enactment is charged the overhead only, not the bound it named.
		let refused = Consortium::enact_root_call(
			RuntimeOrigin::signed(OUTSIDER),
			id,
			Weight::from_parts(1, 0),
		)
		.expect_err("bound too low");
		let overhead = <() as crate::WeightInfo>::enact_root_call(MAX_ROOT_CALL_LEN);
		assert_eq!(refused.post_info.actual_weight, Some(overhead));
		let post = Consortium::enact_root_call(RuntimeOrigin::signed(OUTSIDER), id, inner_weight)
			.unwrap_or_else(|e| panic!("enactment failed: {e:?}"));
		assert!(post.actual_weight.is_some_and(|used| used.all_gte(inner_weight)));
		assert_noop!(
			Consortium::enact_root_call(RuntimeOrigin::none(), id, inner_weight)
				.map_err(|e| e.error),
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
		assert_noop!(enact_with(0, Weight::MAX), Error::<Test>::UndecodableRootCall);
		assert_ok!(Consortium::cancel_root_call(RuntimeOrigin::signed(MINORITY), 0));
	});
}

#[test]
fn more_than_a_quarter_of_the_members_cancel_by_objecting() {
	ExtBuilder::default().build_and_execute(|| {
		let [first, second, ..] = MEMBERS;
		let id = schedule(set_storage_call(b"key", b"value"));
		assert_noop!(
			Consortium::object_to_root_call(RuntimeOrigin::signed(OUTSIDER), id),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::object_to_root_call(RuntimeOrigin::signed(first), id + 1),
			Error::<Test>::UnknownRootCall
		);
		// One of four is a quarter, not more: the call stays.
		assert_ok!(Consortium::object_to_root_call(RuntimeOrigin::signed(first), id));
		System::assert_last_event(
			Event::RootCallObjected { id, member: first, objections: 1 }.into(),
		);
		assert!(ScheduledRootCalls::<Test>::contains_key(id));
		assert_noop!(
			Consortium::object_to_root_call(RuntimeOrigin::signed(first), id),
			Error::<Test>::AlreadyObjected
		);
		// Two of four is more than a quarter: cancelled, objections gone.
		assert_ok!(Consortium::object_to_root_call(RuntimeOrigin::signed(second), id));
		System::assert_last_event(Event::RootCallCancelled { id }.into());
		assert!(!ScheduledRootCalls::<Test>::contains_key(id));
		assert!(RootCallObjections::<Test>::get(id).is_empty());
		System::set_block_number(1 + DEFAULT_ROOT_DELAY);
		assert_noop!(enact(id), Error::<Test>::UnknownRootCall);
		assert_eq!(stored(b"key"), None);
	});
}

#[test]
fn a_call_not_enacted_in_its_period_expires_unrun() {
	ExtBuilder::default().build_and_execute(|| {
		let id = schedule(set_storage_call(b"key", b"value"));
		let due = 1 + DEFAULT_ROOT_DELAY;
		assert_ok!(Consortium::object_to_root_call(RuntimeOrigin::signed(MEMBERS[0]), id));
		// The last block of the period still enacts; the one after expires it.
		System::set_block_number(due + ENACTMENT_PERIOD + 1);
		assert_ok!(enact(id));
		System::assert_last_event(Event::RootCallExpired { id }.into());
		assert_eq!(stored(b"key"), None, "an expired call never runs");
		assert!(!ScheduledRootCalls::<Test>::contains_key(id));
		assert!(RootCallObjections::<Test>::get(id).is_empty());

		let id = schedule(set_storage_call(b"key", b"value"));
		let due = System::block_number() + DEFAULT_ROOT_DELAY;
		System::set_block_number(due + ENACTMENT_PERIOD);
		assert_ok!(enact(id));
		assert_eq!(stored(b"key"), Some(b"value".to_vec()));
	});
}

#[test]
fn root_sets_the_delay_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		for origin in [RuntimeOrigin::signed(SUPERMAJORITY), RuntimeOrigin::signed(CONSORTIUM)] {
			assert_noop!(Consortium::set_root_delay(origin, 10), BadOrigin);
		}
		for blocks in [0, MAX_ROOT_DELAY + 1] {
			assert_noop!(
				Consortium::set_root_delay(RuntimeOrigin::root(), blocks),
				Error::<Test>::RootDelayOutOfRange
			);
		}
		assert_ok!(Consortium::set_root_delay(RuntimeOrigin::root(), 20));
		System::assert_last_event(Event::RootDelaySet { blocks: 20 }.into());
		let id = schedule(set_storage_call(b"key", b"value"));
		assert_eq!(ScheduledRootCalls::<Test>::get(id).map(|call| call.due), Some(1 + 20));
	});
}

#[test]
fn ids_are_never_reused() {
	ExtBuilder::default().build_and_execute(|| {
		NextRootCallId::<Test>::put(u32::MAX);
		assert_noop!(
			Consortium::schedule_as_root(
				RuntimeOrigin::signed(SUPERMAJORITY),
				Box::new(set_storage_call(b"k", b"v"))
			),
			Error::<Test>::RootCallIdsExhausted
		);
	});
}
