//! `attest`: new identities, linked accounts, renewals and every refusal.

use crate::{
	mock::*, AccountsOf, AssuranceLevel, AttestationStatus, Attestations as AttestationsMap, Error,
	Event, Identities, IdentityByCommitment, NextIdentityId,
};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::SubjectKind;
use sp_runtime::DispatchError;

#[test]
fn first_attestation_creates_identity() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_eq!(Attestations::identity_of(&ALICE), Some(0));
		assert_eq!(NextIdentityId::<Test>::get(), 1);
		assert_eq!(IdentityByCommitment::<Test>::get(commitment(1)), Some(0));
		let info = Identities::<Test>::get(0).unwrap();
		assert_eq!(info.kind, SubjectKind::Person);
		assert_eq!(info.commitment, commitment(1));
		assert_eq!(AccountsOf::<Test>::get(0).into_inner(), vec![ALICE]);
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Valid);
		assert_eq!(
			attestation_events(),
			vec![
				Event::IdentityCreated { identity: 0, kind: SubjectKind::Person },
				Event::AccountLinked { account: ALICE, identity: 0 },
				Event::Attested {
					account: ALICE,
					identity: 0,
					attestor: ATTESTOR,
					level: AssuranceLevel::Substantial,
					expires_at: EXPIRY,
				},
			]
		);
	});
}

#[test]
fn same_commitment_links_to_same_identity_by_any_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		attest(BOB, 2, SubjectKind::Person);
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR_2),
			ALICE_2,
			commitment(1),
			SubjectKind::Person,
			AssuranceLevel::High,
			EXPIRY,
		));
		assert_eq!(Attestations::identity_of(&ALICE_2), Some(0));
		assert_eq!(Attestations::identity_of(&BOB), Some(1));
		assert_eq!(Attestations::accounts_of(0), vec![ALICE, ALICE_2]);
		assert_eq!(NextIdentityId::<Test>::get(), 2);
		let events = attestation_events();
		assert!(events.contains(&Event::AccountLinked { account: ALICE_2, identity: 0 }));
		System::assert_last_event(
			Event::Attested {
				account: ALICE_2,
				identity: 0,
				attestor: ATTESTOR_2,
				level: AssuranceLevel::High,
				expires_at: EXPIRY,
			}
			.into(),
		);
	});
}

#[test]
fn attesting_again_renews_expired_or_revoked() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		System::set_block_number(EXPIRY);
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Expired);
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR_2),
			ALICE,
			commitment(1),
			SubjectKind::Person,
			AssuranceLevel::High,
			EXPIRY * 2,
		));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Valid);
		let attestation = AttestationsMap::<Test>::get(ALICE).unwrap();
		assert_eq!(attestation.attestor, ATTESTOR_2);
		assert_eq!(attestation.expires_at, EXPIRY * 2);
		assert_eq!(Attestations::accounts_of(0), vec![ALICE]);
		System::assert_last_event(
			Event::Attested {
				account: ALICE,
				identity: 0,
				attestor: ATTESTOR_2,
				level: AssuranceLevel::High,
				expires_at: EXPIRY * 2,
			}
			.into(),
		);

		// An attestor's revocation can be renewed (by any attestor).
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR_2), ALICE));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR),
			ALICE,
			commitment(1),
			SubjectKind::Person,
			AssuranceLevel::Low,
			EXPIRY * 3,
		));
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Valid);
		let attestation = AttestationsMap::<Test>::get(ALICE).unwrap();
		assert_eq!((attestation.revoked_at, attestation.revoked_by_consortium), (None, false));
	});
}

#[test]
fn a_consortium_revocation_cannot_be_renewed_by_an_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		System::set_block_number(5);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		let attestation = AttestationsMap::<Test>::get(ALICE).unwrap();
		assert_eq!((attestation.revoked_at, attestation.revoked_by_consortium), (Some(5), true));
		for attestor in [ATTESTOR, ATTESTOR_2] {
			assert_noop!(
				Attestations::attest(
					RuntimeOrigin::signed(attestor),
					ALICE,
					commitment(1),
					SubjectKind::Person,
					AssuranceLevel::High,
					EXPIRY * 2,
				),
				Error::<Test>::RevokedByConsortium
			);
		}
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		// The subject can be attested on a new account, which links to the same identity.
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR_2),
			ALICE_2,
			commitment(1),
			SubjectKind::Person,
			AssuranceLevel::High,
			EXPIRY * 2,
		));
		assert_eq!(Attestations::identity_of(&ALICE_2), Some(0));
		assert_eq!(Attestations::accounts_of(0), vec![ALICE, ALICE_2]);
		System::assert_last_event(
			Event::Attested {
				account: ALICE_2,
				identity: 0,
				attestor: ATTESTOR_2,
				level: AssuranceLevel::High,
				expires_at: EXPIRY * 2,
			}
			.into(),
		);
	});
}

#[test]
fn an_attestor_revocation_made_final_by_the_consortium_cannot_be_renewed() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ALICE,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::High,
				EXPIRY * 2,
			),
			Error::<Test>::RevokedByConsortium
		);
	});
}

#[test]
fn attest_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::none(),
				ALICE,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn attest_rejects_unknown_attestor() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(NOBODY),
				ALICE,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::NotAttestor
		);
	});
}

#[test]
fn attest_rejects_expiry_not_in_future() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(10);
		for expires_at in [9, 10] {
			assert_noop!(
				Attestations::attest(
					RuntimeOrigin::signed(ATTESTOR),
					ALICE,
					commitment(1),
					SubjectKind::Person,
					AssuranceLevel::Low,
					expires_at,
				),
				Error::<Test>::ExpiryNotInFuture
			);
		}
	});
}

#[test]
fn attest_rejects_account_of_other_identity() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		attest(BOB, 2, SubjectKind::Person);
		// Known commitment, but the account belongs to another identity.
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ALICE,
				commitment(2),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::LinkedToOtherIdentity
		);
		// New commitment for an account that already has an identity.
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ALICE,
				commitment(3),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::LinkedToOtherIdentity
		);
	});
}

#[test]
fn attest_rejects_wrong_kind() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ACME_2,
				commitment(5),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::WrongKind
		);
	});
}

#[test]
fn attest_rejects_too_many_accounts() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxAccountsPerIdentity is 3 in the mock.
		attest(ALICE, 1, SubjectKind::Person);
		attest(ALICE_2, 1, SubjectKind::Person);
		attest(BOB, 1, SubjectKind::Person);
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				NOBODY,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::TooManyAccounts
		);
	});
}

#[test]
fn attest_rejects_identity_id_overflow() {
	ExtBuilder::default().build_and_execute(|| {
		NextIdentityId::<Test>::put(u64::MAX);
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ALICE,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::IdentityIdOverflow
		);
		NextIdentityId::<Test>::put(0);
	});
}

#[test]
fn attest_rejects_missing_identity_record() {
	ExtBuilder::default().build().execute_with(|| {
		// Corrupt state on purpose: the index names an identity that does not exist.
		IdentityByCommitment::<Test>::insert(commitment(1), 7);
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				ALICE,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::UnknownIdentity
		);
		assert!(Attestations::do_try_state().is_err());
	});
}

#[test]
fn attest_rejects_operator_account() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				OP_1,
				commitment(6),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			),
			Error::<Test>::AlreadyOperator
		);
	});
}

#[test]
fn attest_refunds_to_the_path_taken() {
	use crate::weights::WeightInfo;
	ExtBuilder::default().build_and_execute(|| {
		let call = |account| {
			Attestations::attest(
				RuntimeOrigin::signed(ATTESTOR),
				account,
				commitment(1),
				SubjectKind::Person,
				AssuranceLevel::Low,
				EXPIRY,
			)
		};
		let new = call(ALICE).unwrap();
		assert_eq!(new.actual_weight, Some(<() as WeightInfo>::attest_new_identity()));
		let linked = call(ALICE_2).unwrap();
		assert_eq!(linked.actual_weight, Some(<() as WeightInfo>::attest_existing_identity()));
	});
}
