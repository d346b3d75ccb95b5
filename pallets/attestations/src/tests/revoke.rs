//! `revoke`.

use crate::{mock::*, AttestationStatus, Attestations as AttestationsMap, Error, Event};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::SubjectKind;
use sp_runtime::DispatchError;

#[test]
fn attestor_revokes_its_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		// History stays: the account keeps its identity.
		assert_eq!(Attestations::identity_of(&ALICE), Some(0));
		System::assert_last_event(
			Event::AttestationRevoked { account: ALICE, identity: 0, revoker: Some(ATTESTOR) }
				.into(),
		);
	});
}

#[test]
fn consortium_revokes_any_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::remove_attestor(RuntimeOrigin::signed(CONSORTIUM), ATTESTOR));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		System::assert_last_event(
			Event::AttestationRevoked { account: ALICE, identity: 0, revoker: None }.into(),
		);
	});
}

#[test]
fn revoking_an_expired_attestation_marks_it_revoked() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		System::set_block_number(EXPIRY + 1);
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Expired);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
	});
}

#[test]
fn revoke_requires_signed_or_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_noop!(Attestations::revoke(RuntimeOrigin::none(), ALICE), DispatchError::BadOrigin);
	});
}

#[test]
fn revoke_rejects_unattested_account() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn revoke_rejects_non_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ALICE), ALICE),
			Error::<Test>::NotAttestor
		);
	});
}

#[test]
fn revoke_rejects_other_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ATTESTOR_2), ALICE),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn revoke_rejects_already_revoked() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE),
			Error::<Test>::AlreadyRevoked
		);
		// The consortium may still make the attestor's revocation final, once.
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE),
			Error::<Test>::AlreadyRevoked
		);
		assert_noop!(
			Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn consortium_makes_an_attestor_revocation_final() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		System::set_block_number(4);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		let attestation = AttestationsMap::<Test>::get(ALICE).unwrap();
		assert_eq!((attestation.revoked_at, attestation.revoked_by_consortium), (Some(4), false));
		System::set_block_number(6);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		// The revocation block stays the first one.
		let attestation = AttestationsMap::<Test>::get(ALICE).unwrap();
		assert_eq!((attestation.revoked_at, attestation.revoked_by_consortium), (Some(4), true));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		System::assert_last_event(
			Event::AttestationRevoked { account: ALICE, identity: 0, revoker: None }.into(),
		);
	});
}
