//! `dispatch_as_root`.

use crate::{mock::*, Event};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use sp_runtime::{traits::BadOrigin, DispatchError};

fn set_storage_call(key: &[u8], value: &[u8]) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(key.to_vec(), value.to_vec())],
	}))
}

#[test]
fn consortium_dispatches_a_root_only_call() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::dispatch_as_root(
			RuntimeOrigin::signed(CONSORTIUM),
			set_storage_call(b"key", b"value")
		));
		assert_eq!(sp_io::storage::get(b"key").map(|v| v.to_vec()), Some(b"value".to_vec()));
		System::assert_last_event(Event::DispatchedAsRoot { result: Ok(()) }.into());
	});
}

#[test]
fn outsiders_and_root_bypass_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::dispatch_as_root(
				RuntimeOrigin::signed(OUTSIDER),
				set_storage_call(b"key", b"value")
			),
			BadOrigin
		);
		assert_noop!(
			Consortium::dispatch_as_root(RuntimeOrigin::none(), set_storage_call(b"k", b"v")),
			BadOrigin
		);
		assert_eq!(sp_io::storage::get(b"key"), None);
	});
}

#[test]
fn a_failing_inner_call_is_reported_not_hidden() {
	ExtBuilder::default().build_and_execute(|| {
		// `System::remark_with_event` needs a signed origin, so as Root it fails with BadOrigin:
		// the motion succeeds and the event carries the inner failure.
		let call = Box::new(RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: vec![1],
		}));
		assert_ok!(Consortium::dispatch_as_root(RuntimeOrigin::signed(CONSORTIUM), call));
		System::assert_last_event(
			Event::DispatchedAsRoot { result: Err(DispatchError::BadOrigin) }.into(),
		);
	});
}

#[test]
fn weight_covers_the_inner_call_and_is_fee_free() {
	ExtBuilder::default().build_and_execute(|| {
		let inner = set_storage_call(b"key", b"value");
		let inner_weight = inner.get_dispatch_info().call_weight;
		let outer = RuntimeCall::Consortium(crate::Call::dispatch_as_root { call: inner });
		assert!(outer.get_dispatch_info().call_weight.all_gte(inner_weight));
		let post = Consortium::dispatch_as_root(
			RuntimeOrigin::signed(CONSORTIUM),
			set_storage_call(b"key", b"value"),
		)
		.unwrap_or_else(|e| panic!("dispatch failed: {e:?}"));
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No);
	});
}
