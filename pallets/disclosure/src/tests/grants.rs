//! Encrypted access: `grant` and `revoke_grant`.

use super::*;
use crate::{GrantCount, Grants};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use loanchain_primitives::{AttestationStatus, Grant};

/// `who` grants Dave access to `loan_id`.
fn grant_dave(who: AccountId, loan_id: crate::LoanId) {
	assert_ok!(Disclosure::grant(
		RuntimeOrigin::signed(who),
		loan_id,
		dave(),
		capsule_for(&dave()),
		purpose()
	));
}

#[test]
fn borrower_grants_a_reader_access() {
	ExtBuilder::default().build_and_execute(|| {
		grant_dave(alice(), ENCRYPTED_LOAN);
		let capsule: [u8; 112] = capsule_for(&dave()).try_into().unwrap();
		let grant = Grant { capsule, granted_by: alice(), deposit: GRANT_DEPOSIT, granted_at: 1 };
		assert_eq!(Grants::<Test>::get(ENCRYPTED_LOAN, dave()), Some(grant.clone()));
		assert_eq!(Disclosure::grants(ENCRYPTED_LOAN), vec![(dave(), grant)]);
		assert_eq!(GrantCount::<Test>::get(ENCRYPTED_LOAN), 1);
		assert_eq!(held(HoldReason::GrantDeposit, &alice()), GRANT_DEPOSIT);
		System::assert_last_event(
			Event::AccessGranted {
				loan_id: ENCRYPTED_LOAN,
				reader: dave(),
				by: alice(),
				deposit: GRANT_DEPOSIT,
			}
			.into(),
		);
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!(log[0].loan_id, ENCRYPTED_LOAN);
		assert_eq!(log[0].reader, dave());
		assert_eq!(log[0].reader_identity, Some(DAVE_ID));
		assert_eq!(log[0].purpose, purpose());
		assert_eq!(log[0].outcome, InquiryOutcome::Granted { by: alice() });
	});
}

#[test]
fn lender_and_company_operator_grant_too() {
	ExtBuilder::default().build_and_execute(|| {
		grant_dave(bob(), ENCRYPTED_LOAN);
		assert_eq!(held(HoldReason::GrantDeposit, &bob()), GRANT_DEPOSIT);
		grant_dave(op(), CORPORATE_LOAN);
		assert_eq!(held(HoldReason::GrantDeposit, &op()), GRANT_DEPOSIT);
		// The borrower's second account acts for the borrower.
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(alice_2()),
			ENCRYPTED_LOAN,
			eve(),
			capsule_for(&eve()),
			purpose()
		));
		assert_eq!(Disclosure::grants(ENCRYPTED_LOAN).len(), 2);
	});
}

#[test]
fn parties_grant_at_any_level() {
	ExtBuilder::default().build_and_execute(|| {
		for loan_id in [PUBLIC_LOAN, PAID_LOAN, ACTIVE_LOAN] {
			grant_dave(alice(), loan_id);
		}
		assert_eq!(held(HoldReason::GrantDeposit, &alice()), 3 * GRANT_DEPOSIT);
	});
}

#[test]
fn grant_by_a_non_party_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [dave(), eve(), op_zeta(), nobody(), acme()] {
			assert_noop!(
				Disclosure::grant(
					RuntimeOrigin::signed(who),
					ENCRYPTED_LOAN,
					dave(),
					capsule_for(&dave()),
					purpose()
				),
				Error::<Test>::NotParty
			);
		}
		// A party whose attestation was revoked no longer acts for it.
		set_status(&alice(), AttestationStatus::Revoked);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose()
			),
			Error::<Test>::NotParty
		);
	});
}

#[test]
fn grant_on_an_unknown_loan_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				NO_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose()
			),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn a_reader_is_granted_once() {
	ExtBuilder::default().build_and_execute(|| {
		grant_dave(alice(), ENCRYPTED_LOAN);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(bob()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose()
			),
			Error::<Test>::AlreadyGranted
		);
	});
}

#[test]
fn grants_per_loan_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		grant_dave(alice(), ENCRYPTED_LOAN);
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(alice()),
			ENCRYPTED_LOAN,
			eve(),
			capsule_for(&eve()),
			purpose()
		));
		assert_eq!(GrantCount::<Test>::get(ENCRYPTED_LOAN), MAX_GRANTS);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				op_zeta(),
				capsule_for(&op_zeta()),
				purpose()
			),
			Error::<Test>::TooManyGrants
		);
		// Other loans are not affected.
		grant_dave(alice(), PAID_LOAN);
	});
}

#[test]
fn a_purpose_must_be_a_sealed_note_within_the_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let grant = |purpose: Vec<u8>| {
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose,
			)
		};
		assert_noop!(grant(vec![b'p'; MAX_PURPOSE as usize + 1]), Error::<Test>::PurposeTooLong);
		assert_noop!(grant(b"new loan".to_vec()), Error::<Test>::MalformedSealedNote);
		assert_noop!(grant(note_for(3, 0x01)), Error::<Test>::SealedNoteRecipients);
		assert_ok!(grant(purpose()));
	});
}

#[test]
fn reader_without_an_encryption_key_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				nobody(),
				capsule_for(&nobody()),
				purpose()
			),
			Error::<Test>::NoEncryptionKey
		);
	});
}

#[test]
fn capsule_must_be_112_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		let mut short = capsule_for(&dave());
		short.pop();
		let mut long = capsule_for(&dave());
		long.push(0);
		for capsule in [short, long, Vec::new()] {
			assert_noop!(
				Disclosure::grant(
					RuntimeOrigin::signed(alice()),
					ENCRYPTED_LOAN,
					dave(),
					capsule,
					purpose()
				),
				Error::<Test>::MalformedCapsule
			);
		}
	});
}

#[test]
fn capsule_must_be_sealed_to_the_readers_registered_key() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&eve()),
				purpose()
			),
			Error::<Test>::CapsuleKeyMismatch
		);
		// After a key rotation, the old key no longer matches.
		let old = capsule_for(&dave());
		set_key(&dave(), [0x77; 32]);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				old,
				purpose()
			),
			Error::<Test>::CapsuleKeyMismatch
		);
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(alice()),
			ENCRYPTED_LOAN,
			dave(),
			capsule_to([0x77; 32]),
			purpose()
		));
	});
}

#[test]
fn granting_party_must_pay_the_inquiry_fee_besides_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&alice(), GRANT_DEPOSIT + 1);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose()
			),
			Error::<Test>::CannotPayInquiryFee
		);
	});
}

#[test]
fn granting_party_must_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&alice(), GRANT_DEPOSIT);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(alice()),
				ENCRYPTED_LOAN,
				dave(),
				capsule_for(&dave()),
				purpose()
			),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn granter_reader_or_a_party_revokes_and_the_deposit_returns_to_the_granter() {
	ExtBuilder::default().build_and_execute(|| {
		for (granted, revoker) in (1..).zip([alice(), dave(), bob(), alice_2()]) {
			grant_dave(alice(), ENCRYPTED_LOAN);
			assert_eq!(held(HoldReason::GrantDeposit, &alice()), GRANT_DEPOSIT);
			assert_ok!(Disclosure::revoke_grant(
				RuntimeOrigin::signed(revoker.clone()),
				ENCRYPTED_LOAN,
				dave()
			));
			assert_eq!(held(HoldReason::GrantDeposit, &alice()), 0);
			// The deposit came back; the inquiry fee of each grant so far is burnt.
			assert_eq!(free(&alice()), ENDOWMENT - granted * INQUIRY_FEE);
			assert_eq!(Grants::<Test>::get(ENCRYPTED_LOAN, dave()), None);
			assert_eq!(GrantCount::<Test>::get(ENCRYPTED_LOAN), 0);
			assert!(Disclosure::grants(ENCRYPTED_LOAN).is_empty());
			System::assert_last_event(
				Event::GrantRevoked { loan_id: ENCRYPTED_LOAN, reader: dave(), by: revoker }.into(),
			);
		}
		// Revocations are not inquiries: only the four grants are logged.
		assert_eq!(crate::InquiryCount::<Test>::get(ALICE_ID), 4);
	});
}

#[test]
fn revoke_by_a_stranger_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		grant_dave(alice(), ENCRYPTED_LOAN);
		for who in [eve(), nobody(), op()] {
			assert_noop!(
				Disclosure::revoke_grant(RuntimeOrigin::signed(who), ENCRYPTED_LOAN, dave()),
				Error::<Test>::NotParty
			);
		}
	});
}

#[test]
fn revoke_of_a_missing_grant_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::revoke_grant(RuntimeOrigin::signed(alice()), ENCRYPTED_LOAN, dave()),
			Error::<Test>::GrantNotFound
		);
		assert_noop!(
			Disclosure::revoke_grant(RuntimeOrigin::signed(alice()), NO_LOAN, dave()),
			Error::<Test>::GrantNotFound
		);
	});
}
