//! The `CheckPermission` transaction extension.

use crate::{mock::*, CheckPermission, PermissionDenied};
use frame_support::{assert_ok, dispatch::DispatchInfo, pallet_prelude::TransactionSource};
use loanchain_primitives::AssuranceLevel;
use loanchain_primitives::SubjectKind;
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

fn validate(origin: RuntimeOrigin) -> Result<(), TransactionValidityError> {
	let call: RuntimeCall = frame_system::Call::remark { remark: vec![] }.into();
	CheckPermission::<Test>::new()
		.validate_only(origin, &call, &DispatchInfo::default(), 0, TransactionSource::External, 0)
		.map(|_| ())
}

fn denied(code: u8) -> Result<(), TransactionValidityError> {
	Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)))
}

#[test]
fn codes_are_stable() {
	assert_eq!(PermissionDenied::UnknownAccount.code(), 40);
	assert_eq!(PermissionDenied::AttestationExpired.code(), 41);
	assert_eq!(PermissionDenied::AttestationRevoked.code(), 42);
	assert_eq!(PermissionDenied::CompanyNotValid.code(), 43);
}

#[test]
fn permitted_accounts_pass() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		for who in [ALICE, ACME, ATTESTOR, CONSORTIUM, OP_1] {
			assert_ok!(validate(RuntimeOrigin::signed(who)));
		}
	});
}

#[test]
fn unsigned_passes() {
	ExtBuilder::default().build_and_execute(|| {
		let call: RuntimeCall = frame_system::Call::remark { remark: vec![] }.into();
		assert_ok!(CheckPermission::<Test>::new().validate(
			RuntimeOrigin::none(),
			&call,
			&DispatchInfo::default(),
			0,
			(),
			&TxBaseImplication(()),
			TransactionSource::External,
		));
	});
}

#[test]
fn unknown_account_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(validate(RuntimeOrigin::signed(NOBODY)), denied(40));
	});
}

#[test]
fn expired_account_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		System::set_block_number(EXPIRY);
		assert_eq!(validate(RuntimeOrigin::signed(ALICE)), denied(41));
	});
}

#[test]
fn revoked_account_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_eq!(validate(RuntimeOrigin::signed(ALICE)), denied(42));
	});
}

#[test]
fn withdrawn_operator_and_removed_attestor_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_ok!(Attestations::withdraw_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_eq!(validate(RuntimeOrigin::signed(OP_1)), denied(40));
		assert_ok!(Attestations::remove_attestor(RuntimeOrigin::signed(CONSORTIUM), ATTESTOR));
		assert_eq!(validate(RuntimeOrigin::signed(ATTESTOR)), denied(40));
	});
}

#[test]
fn operator_of_a_company_no_longer_valid_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		attest(ACME_2, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		// One valid account of the company is enough.
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ACME));
		assert_ok!(validate(RuntimeOrigin::signed(OP_1)));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ACME_2));
		assert_eq!(validate(RuntimeOrigin::signed(OP_1)), denied(43));
		assert_eq!(
			validate(RuntimeOrigin::signed(OP_1)),
			Err(TransactionValidityError::from(PermissionDenied::CompanyNotValid))
		);
		// Valid again once an account of the company is attested again.
		assert_ok!(Attestations::attest(
			RuntimeOrigin::signed(ATTESTOR),
			ACME,
			commitment(5),
			SubjectKind::Company,
			AssuranceLevel::High,
			EXPIRY,
		));
		assert_ok!(validate(RuntimeOrigin::signed(OP_1)));
	});
}

#[test]
fn operator_of_an_expired_company_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		System::set_block_number(EXPIRY - 1);
		assert_ok!(validate(RuntimeOrigin::signed(OP_1)));
		System::set_block_number(EXPIRY);
		assert_eq!(validate(RuntimeOrigin::signed(OP_1)), denied(43));
		// The company's own account is refused for its own reason.
		assert_eq!(validate(RuntimeOrigin::signed(ACME)), denied(41));
	});
}
