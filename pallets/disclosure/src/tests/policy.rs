//! The pallet asks [`Config::Policy`](crate::Config::Policy) before every disclosure, and maps
//! its refusals to its own errors.

use super::*;
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::DisclosureDenied;

#[test]
fn every_disclosure_asks_the_policy() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let cases = [
			(DisclosureDenied::UnknownLoan, Error::<Test>::NotFound),
			(DisclosureDenied::WrongLevel, Error::<Test>::WrongLevel),
			(DisclosureDenied::NotLender, Error::<Test>::NotLender),
			(DisclosureDenied::NotParty, Error::<Test>::NotParty),
			(DisclosureDenied::NotAttested, Error::<Test>::NotAttested),
			(DisclosureDenied::IsParty, Error::<Test>::IsParty),
		];
		for (reason, error) in cases {
			let error = sp_runtime::DispatchError::from(error);
			deny_all(Some(reason));
			assert_noop!(
				Disclosure::reveal(RuntimeOrigin::signed(bob()), PUBLIC_LOAN, TERMS.to_vec(), SALT),
				error
			);
			assert_noop!(
				Disclosure::grant(
					RuntimeOrigin::signed(alice()),
					ENCRYPTED_LOAN,
					dave(),
					capsule_for(&dave()),
					purpose()
				),
				error
			);
			assert_noop!(
				Disclosure::request(RuntimeOrigin::signed(eve()), PAID_LOAN, FEE, purpose()),
				error
			);
			assert_noop!(
				Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
				error
			);
		}
		// Allowed again, the same calls go through.
		deny_all(None);
		assert_ok!(Disclosure::reveal(
			RuntimeOrigin::signed(bob()),
			PUBLIC_LOAN,
			TERMS.to_vec(),
			SALT
		));
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
	});
}

#[test]
fn a_party_the_policy_refuses_can_still_revoke_its_own_grant() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(alice()),
			ENCRYPTED_LOAN,
			dave(),
			capsule_for(&dave()),
			purpose()
		));
		deny_all(Some(DisclosureDenied::NotParty));
		assert_noop!(
			Disclosure::revoke_grant(RuntimeOrigin::signed(bob()), ENCRYPTED_LOAN, dave()),
			Error::<Test>::NotParty
		);
		assert_ok!(Disclosure::revoke_grant(
			RuntimeOrigin::signed(alice()),
			ENCRYPTED_LOAN,
			dave()
		));
	});
}
