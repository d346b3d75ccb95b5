//! The validator set: genesis, `add_validator` and `remove_validator`.

use crate::{mock::*, Error, Event, Validators, ValidatorsChanged};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn validators() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn genesis_sets_validators() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(validators(), vec![VALIDATOR_1, VALIDATOR_2]);
		assert!(!ValidatorsChanged::<Test>::get());
		// pallet-session took the same set for sessions 0 and 1.
		assert_eq!(session_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
		assert_eq!(queued_validators(), vec![VALIDATOR_1, VALIDATOR_2]);
	});
}

#[test]
#[should_panic(expected = "genesis validators must be distinct")]
fn genesis_rejects_duplicates() {
	ExtBuilder::default()
		.validators(vec![VALIDATOR_1, VALIDATOR_2, VALIDATOR_1])
		.build();
}

#[test]
#[should_panic(expected = "genesis validators must be at least MinValidators")]
fn genesis_rejects_too_few() {
	ExtBuilder::default().validators(vec![VALIDATOR_1]).build();
}

#[test]
#[should_panic(expected = "genesis validators must be at most MaxValidators")]
fn genesis_rejects_too_many() {
	ExtBuilder::default()
		.validators(vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1, CANDIDATE_2, CANDIDATE_3])
		.build();
}

#[test]
fn add_validator_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_eq!(validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);
		assert!(ValidatorsChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorAdded { validator: CANDIDATE_1 }.into());
	});
}

#[test]
fn add_validator_requires_session_keys() {
	ExtBuilder::default().without_candidate_keys().build_and_execute(|| {
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1),
			Error::<Test>::NoSessionKeys
		);
		// The candidate sets its keys (no vote needed); then the consortium adds it.
		assert_ok!(Session::set_keys(
			RuntimeOrigin::signed(CANDIDATE_1),
			sp_runtime::testing::UintAuthorityId(CANDIDATE_1),
			vec![]
		));
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_eq!(validators(), vec![VALIDATOR_1, VALIDATOR_2, CANDIDATE_1]);
	});
}

#[test]
fn add_validator_requires_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::signed(OUTSIDER), CANDIDATE_1),
			DispatchError::BadOrigin
		);
		// Not even a validator may add one.
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::signed(VALIDATOR_1), CANDIDATE_1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::none(), CANDIDATE_1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_rejects_duplicate() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_validator_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_2));
		assert_eq!(validators().len() as u32, MAX_VALIDATORS);
		assert_noop!(
			Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_3),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn remove_validator_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		// The flag alone is not the test: clear it to see that the removal sets it again.
		ValidatorsChanged::<Test>::kill();
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		assert_eq!(validators(), vec![VALIDATOR_2, CANDIDATE_1]);
		assert!(ValidatorsChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorRemoved { validator: VALIDATOR_1 }.into());
	});
}

#[test]
fn remove_validator_requires_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::signed(OUTSIDER), CANDIDATE_1),
			DispatchError::BadOrigin
		);
		// A validator cannot remove itself either.
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::signed(CANDIDATE_1), CANDIDATE_1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::none(), CANDIDATE_1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_rejects_non_validator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), OUTSIDER),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_validator_keeps_the_floor() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(validators().len() as u32, MIN_VALIDATORS);
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1),
			Error::<Test>::TooFewValidators
		);
		// One above the floor, one removal is fine and the next is refused.
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		assert_noop!(
			Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(validators(), vec![VALIDATOR_2, CANDIDATE_1]);
	});
}

#[test]
fn removed_validator_can_be_added_again() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), CANDIDATE_1));
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		assert_ok!(Consortium::add_validator(RuntimeOrigin::signed(CONSORTIUM), VALIDATOR_1));
		assert_eq!(validators(), vec![VALIDATOR_2, CANDIDATE_1, VALIDATOR_1]);
		assert_eq!(
			consortium_events(),
			vec![
				Event::ValidatorAdded { validator: CANDIDATE_1 },
				Event::ValidatorRemoved { validator: VALIDATOR_1 },
				Event::ValidatorAdded { validator: VALIDATOR_1 },
			]
		);
	});
}

#[test]
fn try_state_catches_a_broken_set() {
	ExtBuilder::default().build().execute_with(|| {
		assert!(crate::Pallet::<Test>::do_try_state().is_ok());
		let duplicate = vec![VALIDATOR_1, VALIDATOR_1];
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(duplicate));
		assert!(crate::Pallet::<Test>::do_try_state().is_err());
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![VALIDATOR_1]));
		assert!(crate::Pallet::<Test>::do_try_state().is_err());
	});
}
