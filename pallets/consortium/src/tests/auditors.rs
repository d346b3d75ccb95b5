//! The auditors' keys: genesis and `set_auditor_keys`.

use crate::{mock::*, AuditorKeys, Error, Event};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

fn keys(seeds: &[u8]) -> Vec<[u8; 32]> {
	seeds.iter().map(|seed| [*seed; 32]).collect()
}

#[test]
fn a_genesis_names_no_auditor_by_default_or_the_keys_it_lists() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(AuditorKeys::<Test>::get().is_empty());
	});
	ExtBuilder::default().auditor_keys(keys(&[1, 2])).build_and_execute(|| {
		assert_eq!(AuditorKeys::<Test>::get().into_inner(), keys(&[1, 2]));
	});
}

#[test]
#[should_panic(expected = "genesis auditor_keys must be distinct and at most MaxAuditors")]
fn genesis_rejects_a_key_listed_twice() {
	ExtBuilder::default().auditor_keys(keys(&[1, 1])).build();
}

#[test]
#[should_panic(expected = "genesis auditor_keys must be distinct and at most MaxAuditors")]
fn genesis_rejects_more_keys_than_the_maximum() {
	ExtBuilder::default().auditor_keys(keys(&[1, 2, 3, 4])).build();
}

#[test]
fn the_consortium_replaces_the_whole_list() {
	ExtBuilder::default().auditor_keys(keys(&[1, 2])).build_and_execute(|| {
		assert_ok!(Consortium::set_auditor_keys(
			RuntimeOrigin::signed(CONSORTIUM),
			keys(&[3, 4, 5])
		));
		assert_eq!(AuditorKeys::<Test>::get().into_inner(), keys(&[3, 4, 5]));
		assert_ok!(Consortium::set_auditor_keys(RuntimeOrigin::signed(CONSORTIUM), vec![]));
		assert!(AuditorKeys::<Test>::get().is_empty(), "an empty list names no auditor");
		assert_eq!(
			consortium_events(),
			vec![
				Event::AuditorKeysSet { keys: BoundedVec::truncate_from(keys(&[3, 4, 5])) },
				Event::AuditorKeysSet { keys: BoundedVec::new() },
			]
		);
	});
}

#[test]
fn set_auditor_keys_errors_change_nothing() {
	ExtBuilder::default().auditor_keys(keys(&[1])).build_and_execute(|| {
		assert_noop!(
			Consortium::set_auditor_keys(RuntimeOrigin::signed(OUTSIDER), keys(&[2])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::set_auditor_keys(RuntimeOrigin::signed(CONSORTIUM), keys(&[2, 3, 2])),
			Error::<Test>::DuplicateAuditorKey
		);
		assert_noop!(
			Consortium::set_auditor_keys(RuntimeOrigin::signed(CONSORTIUM), keys(&[2, 3, 4, 5])),
			Error::<Test>::TooManyAuditorKeys
		);
		assert_eq!(AuditorKeys::<Test>::get().into_inner(), keys(&[1]));
	});
}
