//! `add_attestor` and `remove_attestor`.

use crate::{mock::*, AttestationStatus, AttestorCount, Attestors, Error, Event};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::SubjectKind;
use sp_runtime::DispatchError;

#[test]
fn genesis_admits_attestors() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(Attestors::<Test>::contains_key(ATTESTOR));
		assert!(Attestors::<Test>::contains_key(ATTESTOR_2));
		assert_eq!(AttestorCount::<Test>::get(), 2);
	});
}

#[test]
fn add_attestor_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Attestations::add_attestor(RuntimeOrigin::signed(CONSORTIUM), BOB));
		assert!(Attestors::<Test>::contains_key(BOB));
		assert_eq!(AttestorCount::<Test>::get(), 3);
		System::assert_last_event(Event::AttestorAdded { attestor: BOB }.into());
	});
}

#[test]
fn add_attestor_requires_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::add_attestor(RuntimeOrigin::signed(ATTESTOR), BOB),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_attestor_rejects_duplicate() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::add_attestor(RuntimeOrigin::signed(CONSORTIUM), ATTESTOR),
			Error::<Test>::AlreadyAttestor
		);
	});
}

#[test]
fn add_attestor_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Attestations::add_attestor(RuntimeOrigin::signed(CONSORTIUM), BOB));
		assert_noop!(
			Attestations::add_attestor(RuntimeOrigin::signed(CONSORTIUM), NOBODY),
			Error::<Test>::TooManyAttestors
		);
	});
}

#[test]
fn remove_attestor_works_and_keeps_attestations() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::remove_attestor(RuntimeOrigin::signed(CONSORTIUM), ATTESTOR));
		assert!(!Attestors::<Test>::contains_key(ATTESTOR));
		assert_eq!(AttestorCount::<Test>::get(), 1);
		System::assert_last_event(Event::AttestorRemoved { attestor: ATTESTOR }.into());
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Valid);
		// A removed attestor can neither attest nor revoke.
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				BOB,
				commitment(2),
				SubjectKind::Person,
				loanchain_primitives::AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::NotAttestor
		);
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE),
			Error::<Test>::NotAttestor
		);
	});
}

#[test]
fn remove_attestor_requires_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::remove_attestor(RuntimeOrigin::signed(ATTESTOR), ATTESTOR),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_attestor_rejects_unknown() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::remove_attestor(RuntimeOrigin::signed(CONSORTIUM), BOB),
			Error::<Test>::NotAttestor
		);
	});
}
