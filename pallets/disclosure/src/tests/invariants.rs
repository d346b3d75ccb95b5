//! `do_try_state` catches the states the pallet must never reach (these tests break the storage
//! on purpose, so they do not end with the invariant check).

use super::*;
use crate::{Inquiries, InquiryCount, Pallet, Requests};
use frame_support::{assert_ok, traits::fungible::MutateHold};
use loanchain_primitives::Inquiry;

#[test]
fn escrow_must_equal_the_open_fees() {
	ExtBuilder::default().build().execute_with(|| {
		let request_id = dave_requests();
		assert_ok!(Pallet::<Test>::do_try_state());
		// A fee held for no open request.
		assert_ok!(Balances::hold(&HoldReason::QueryFee.into(), &dave(), 1));
		assert!(Pallet::<Test>::do_try_state().is_err());
		assert_ok!(Balances::release(
			&HoldReason::QueryFee.into(),
			&dave(),
			1,
			frame_support::traits::tokens::Precision::Exact
		));
		assert_ok!(Pallet::<Test>::do_try_state());
		// An open request marked delivered while its fee is still held.
		Requests::<Test>::mutate(request_id, |request| {
			if let Some(request) = request {
				request.status = RequestStatus::Delivered { by: bob(), at: 1, capsule: [0; 112] };
			}
		});
		assert!(Pallet::<Test>::do_try_state().is_err());
	});
}

#[test]
fn a_request_is_never_both_delivered_and_refunded() {
	ExtBuilder::default().build().execute_with(|| {
		let request_id = dave_requests();
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
		assert_ok!(Pallet::<Test>::do_try_state());
		// A refund logged for the same request.
		let count = InquiryCount::<Test>::get(ALICE_ID);
		Inquiries::<Test>::insert(
			ALICE_ID,
			count as u32,
			Inquiry {
				loan_id: PAID_LOAN,
				reader: dave(),
				reader_identity: Some(DAVE_ID),
				at: 2,
				purpose: Default::default(),
				outcome: InquiryOutcome::Refunded { request_id },
			},
		);
		InquiryCount::<Test>::insert(ALICE_ID, count + 1);
		assert!(Pallet::<Test>::do_try_state().is_err());
	});
}

#[test]
fn an_inquiry_log_entry_removed_is_caught() {
	ExtBuilder::default().build().execute_with(|| {
		let request_id = dave_requests();
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
		assert_ok!(Pallet::<Test>::do_try_state());
		Inquiries::<Test>::remove(ALICE_ID, 0);
		assert!(Pallet::<Test>::do_try_state().is_err());
	});
}
