//! `authorize_operator` and `withdraw_operator`.

use crate::{mock::*, Error, Event, HoldReason, OperatorOf, OperatorsOf};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use loanchain_primitives::SubjectKind;
use sp_runtime::DispatchError;

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::from(HoldReason::OperatorDeposit), &who)
}

/// ACME (identity 0) is a company; ALICE (identity 1) a person.
fn setup() {
	attest(ACME, 5, SubjectKind::Company);
	attest(ALICE, 1, SubjectKind::Person);
}

#[test]
fn company_authorizes_operator_with_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_eq!(Attestations::company_of_operator(&OP_1), Some(0));
		assert_eq!(OperatorsOf::<Test>::get(0).into_inner(), vec![OP_1]);
		assert_eq!(held(ACME), DEPOSIT);
		System::assert_last_event(
			Event::OperatorAuthorized {
				company: 0,
				operator: OP_1,
				depositor: ACME,
				deposit: DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn authorize_operator_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::none(), OP_1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn authorize_operator_rejects_unattested_caller() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn authorize_operator_rejects_expired_caller() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		System::set_block_number(EXPIRY);
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::Expired
		);
	});
}

#[test]
fn authorize_operator_rejects_revoked_caller() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ACME));
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::Revoked
		);
	});
}

#[test]
fn authorize_operator_rejects_person() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ALICE), OP_1),
			Error::<Test>::NotCompany
		);
	});
}

#[test]
fn authorize_operator_rejects_existing_operator() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::AlreadyOperator
		);
	});
}

#[test]
fn authorize_operator_rejects_account_with_identity() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), ALICE),
			Error::<Test>::HasIdentity
		);
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), ACME),
			Error::<Test>::HasIdentity
		);
	});
}

#[test]
fn authorize_operator_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// MaxOperatorsPerCompany is 2 in the mock.
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_2));
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_3),
			Error::<Test>::TooManyOperators
		);
	});
}

#[test]
fn authorize_operator_rejects_caller_without_funds() {
	ExtBuilder::default().build_and_execute(|| {
		// NOBODY has no balance.
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR),
			NOBODY,
			commitment(5),
			SubjectKind::Company,
			crate::AssuranceLevel::Low,
			EXPIRY,
		));
		assert_noop!(
			Attestations::authorize_operator(RuntimeOrigin::signed(NOBODY), OP_1),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn any_account_of_the_company_withdraws_and_deposit_returns_to_payer() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(ACME_2, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_2));
		assert_ok!(Attestations::withdraw_operator(RuntimeOrigin::signed(ACME_2), OP_1));
		assert_eq!(Attestations::company_of_operator(&OP_1), None);
		assert!(!OperatorOf::<Test>::contains_key(OP_1));
		assert_eq!(OperatorsOf::<Test>::get(0).into_inner(), vec![OP_2]);
		assert_eq!(held(ACME), DEPOSIT);
		assert_eq!(Balances::free_balance(ACME), ENDOWMENT - DEPOSIT);
		System::assert_last_event(Event::OperatorWithdrawn { company: 0, operator: OP_1 }.into());
	});
}

#[test]
fn consortium_withdraws_operator() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ACME));
		assert_ok!(Attestations::withdraw_operator(RuntimeOrigin::signed(CONSORTIUM), OP_1));
		assert_eq!(held(ACME), 0);
		assert_eq!(Balances::free_balance(ACME), ENDOWMENT);
		System::assert_last_event(Event::OperatorWithdrawn { company: 0, operator: OP_1 }.into());
	});
}

#[test]
fn withdraw_operator_requires_signed_or_consortium() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::none(), OP_1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn withdraw_operator_rejects_non_operator() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::NotOperator
		);
	});
}

#[test]
fn withdraw_operator_rejects_unattested_caller() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(NOBODY), OP_1),
			Error::<Test>::NotAttested
		);
		// The operator itself cannot withdraw its authorisation.
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(OP_1), OP_1),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn withdraw_operator_rejects_other_identity() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(ALICE), OP_1),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn withdraw_operator_rejects_expired_or_revoked_company_account() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(ACME_2, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ACME_2));
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(ACME_2), OP_1),
			Error::<Test>::Revoked
		);
		System::set_block_number(EXPIRY);
		assert_noop!(
			Attestations::withdraw_operator(RuntimeOrigin::signed(ACME), OP_1),
			Error::<Test>::Expired
		);
	});
}
