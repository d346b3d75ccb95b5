//! The pallet as pallet-session's `SessionManager`: directly through the trait, and with
//! pallet-session rotating sessions.

use crate::{mock::*, Event, Validators, ValidatorsChanged};
use frame_support::assert_ok;
use pallet_session::SessionManager;
use sp_runtime::testing::UintAuthorityId;

type Manager = crate::Pallet<Test>;

/// `who` sets its own session keys (no consortium vote involved).
fn set_keys(who: u64) {
	assert_ok!(Session::set_keys(RuntimeOrigin::signed(who), UintAuthorityId(who), vec![]));
}

#[test]
fn new_session_is_none_when_unchanged() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Manager::new_session(2), None);
		assert_eq!(Manager::new_session(3), None);
		assert!(consortium_events().is_empty());
	});
}

#[test]
fn new_session_hands_over_a_changed_set_once() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_eq!(Manager::new_session(2), Some(vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]));
		System::assert_last_event(
			Event::NewValidatorSetPlanned { session_index: 2, count: 3 }.into(),
		);
		assert!(!ValidatorsChanged::<Test>::get());
		assert_eq!(Manager::new_session(3), None);

		assert_ok!(Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		assert_eq!(Manager::new_session(4), Some(vec![VALIDATOR_2, CANDIDATE_1]));
		System::assert_last_event(
			Event::NewValidatorSetPlanned { session_index: 4, count: 2 }.into(),
		);
		assert_eq!(Manager::new_session(5), None);
	});
}

#[test]
fn new_session_genesis_gives_the_genesis_set() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Manager::new_session_genesis(0), Some(vec![VALIDATOR_1, VALIDATOR_2]));
		assert_eq!(Manager::new_session_genesis(1), Some(vec![VALIDATOR_1, VALIDATOR_2]));
		// Start and end of a session change nothing.
		Manager::end_session(0);
		Manager::start_session(1);
		assert_eq!(Validators::<Test>::get().into_inner(), vec![VALIDATOR_1, VALIDATOR_2]);
		assert!(!ValidatorsChanged::<Test>::get());
		assert!(consortium_events().is_empty());
	});
}

#[test]
fn a_change_takes_effect_at_the_start_of_the_session_after_next() {
	ExtBuilder::default().build_and_execute(|| {
		set_keys(CANDIDATE_1);
		// During session 0.
		assert_eq!(Session::current_index(), 0);
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));

		// Session 1 starts: the new set is queued for session 2, but session 1 runs with the
		// old one.
		start_next_session();
		assert_eq!(Session::current_index(), 1);
		System::assert_has_event(
			Event::NewValidatorSetPlanned { session_index: 2, count: 3 }.into(),
		);
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
		assert_eq!(queued_validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);

		// Session 2 starts: the new set validates.
		start_next_session();
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);

		// A removal during session 2 is queued at the start of 3 and effective at 4.
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		start_next_session();
		System::assert_has_event(
			Event::NewValidatorSetPlanned { session_index: 4, count: 2 }.into(),
		);
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);
		start_next_session();
		assert_eq!(Session::current_index(), 4);
		assert_eq!(session_validators(), vec![VALIDATOR_2, CANDIDATE_1]);
	});
}

#[test]
fn an_unchanged_set_is_kept_by_session() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..3 {
			start_next_session();
		}
		assert_eq!(Session::current_index(), 3);
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
		assert!(consortium_events().is_empty());
	});
}

#[test]
fn session_rotates_by_block_number_too() {
	ExtBuilder::default().build_and_execute(|| {
		use frame_support::traits::Hooks;
		set_keys(CANDIDATE_1);
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		for block in 2..=2 * SessionPeriod::get() {
			System::set_block_number(block);
			Session::on_initialize(block);
		}
		assert_eq!(Session::current_index(), 2);
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);
	});
}

#[test]
fn a_validator_that_purges_its_keys_is_left_out_by_session() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(CANDIDATE_1)));
		start_next_session();
		start_next_session();
		// The consortium's set has it; pallet-session skipped it for lack of keys.
		assert_eq!(
			Validators::<Test>::get().into_inner(),
			vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]
		);
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
	});
}

#[test]
fn a_set_with_too_few_keyed_validators_is_withheld_until_they_set_keys() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		// Two of the three purge their keys: one keyed validator is below `MinValidators`.
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(VALIDATOR_1)));
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(CANDIDATE_1)));
		assert_eq!(Manager::new_session(2), None);
		System::assert_last_event(
			Event::ValidatorSetWithheld { session_index: 2, keyed: 1 }.into(),
		);
		assert!(ValidatorsChanged::<Test>::get(), "the change stays pending");
		crate::Pallet::<Test>::do_try_state().unwrap();
		// Once enough have keys again, the next planning hands the set over.
		set_keys(CANDIDATE_1);
		assert_eq!(Manager::new_session(3), Some(vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]));
		System::assert_last_event(
			Event::NewValidatorSetPlanned { session_index: 3, count: 3 }.into(),
		);
		assert!(!ValidatorsChanged::<Test>::get());
	});
}

#[test]
fn an_empty_genesis_leaves_the_set_to_session_until_the_floor_is_reached() {
	ExtBuilder::default()
		.validators(vec![])
		.session_keys(vec![VALIDATOR_1, VALIDATOR_2])
		.build_and_execute(|| {
			assert!(Validators::<Test>::get().is_empty());
			assert_eq!(Manager::new_session_genesis(0), None);
			// pallet-session took its genesis keys.
			assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2]);

			set_keys(CANDIDATE_1);
			set_keys(CANDIDATE_2);
			assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
			// One validator is below `MinValidators`: nothing is handed over, the change waits.
			start_next_session();
			assert_eq!(queued_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
			assert!(ValidatorsChanged::<Test>::get());
			crate::Pallet::<Test>::do_try_state().unwrap();

			assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_2));
			start_next_session();
			System::assert_has_event(
				Event::NewValidatorSetPlanned { session_index: 3, count: 2 }.into(),
			);
			assert_eq!(queued_validators(), vec![CANDIDATE_1, CANDIDATE_2]);
			start_next_session();
			assert_eq!(session_validators(), vec![CANDIDATE_1, CANDIDATE_2]);
		});
}
