//! Paid queries: the lender's `deliver`.

use super::*;
use crate::{OpenRequestCount, OpenRequests};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::AttestationStatus;

#[test]
fn lender_delivers_and_receives_the_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		run_to_block(4);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
		let capsule: [u8; 112] = capsule_for(&dave()).try_into().unwrap();
		assert_eq!(
			record(request_id).status,
			RequestStatus::Delivered { by: bob(), at: 4, capsule }
		);
		// Exactly the fee moved from escrow to the lender; the deposit came back.
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
		assert_eq!(free(&dave()), ENDOWMENT - FEE - INQUIRY_FEE);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
		assert_eq!(held(HoldReason::RequestDeposit, &dave()), 0);
		assert_eq!(OpenRequests::<Test>::get(PAID_LOAN, dave()), None);
		assert_eq!(OpenRequestCount::<Test>::get(PAID_LOAN), 0);
		assert!(Disclosure::requests_for_lender(bob()).is_empty());
		System::assert_last_event(
			Event::QueryDelivered {
				request_id,
				loan_id: PAID_LOAN,
				requester: dave(),
				by: bob(),
				fee: FEE,
			}
			.into(),
		);
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!((log[0].reader.clone(), log[0].at), (dave(), 4));
		assert_eq!(log[0].purpose, purpose());
		assert_eq!(log[0].outcome, InquiryOutcome::Delivered { request_id });
		// The requester reads the capsule through the query.
		assert_eq!(
			Disclosure::request_info(request_id).map(|info| info.status),
			Some(RequestStatus::Delivered { by: bob(), at: 4, capsule })
		);
	});
}

#[test]
fn company_operator_delivers_for_the_company() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = request_by(&dave(), CORPORATE_LOAN);
		assert_eq!(Disclosure::requests_for_lender(op()), vec![request_id]);
		assert_eq!(Disclosure::requests_for_lender(acme()), vec![request_id]);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(op()),
			request_id,
			capsule_for(&dave())
		));
		assert_eq!(free(&op()), ENDOWMENT + FEE);
		System::assert_last_event(
			Event::QueryDelivered {
				request_id,
				loan_id: CORPORATE_LOAN,
				requester: dave(),
				by: op(),
				fee: FEE,
			}
			.into(),
		);
	});
}

#[test]
fn double_delivery_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
			Error::<Test>::NotOpen
		);
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
	});
}

#[test]
fn delivery_by_a_stranger_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		for who in [eve(), dave(), alice(), op(), nobody()] {
			assert_noop!(
				Disclosure::deliver(RuntimeOrigin::signed(who), request_id, capsule_for(&dave())),
				Error::<Test>::NotLender
			);
		}
		// A lender account that may no longer act.
		set_status(&bob(), AttestationStatus::Revoked);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
			Error::<Test>::NotLender
		);
	});
}

#[test]
fn delivery_of_an_unknown_request_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), 9, capsule_for(&dave())),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn delivery_after_the_deadline_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		// The queue has not refunded it yet: no on_initialize ran at the deadline.
		System::set_block_number(1 + QUERY_DEADLINE);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
			Error::<Test>::DeadlinePassed
		);
		// The last block before it is fine.
		System::set_block_number(QUERY_DEADLINE);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
	});
}

#[test]
fn delivered_capsule_must_be_sealed_to_the_requester() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let mut short = capsule_for(&dave());
		short.truncate(80);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, short),
			Error::<Test>::MalformedCapsule
		);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&bob())),
			Error::<Test>::CapsuleKeyMismatch
		);
	});
}

#[test]
fn delivery_is_sealed_to_the_key_the_requester_had_when_it_asked() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let asked_with = capsule_for(&dave());
		// The requester rotates its key after seeing the delivery coming: a capsule sealed to
		// the new key is refused, the one sealed to the key it asked with is delivered.
		set_key(&dave(), [0x77; 32]);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_to([0x77; 32])),
			Error::<Test>::CapsuleKeyMismatch
		);
		assert_ok!(Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, asked_with));
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
		assert_eq!(record(request_id).requester_key, key_of(&dave()));

		// Clearing the key does not stop a delivery either.
		set_key(&dave(), key_of(&dave()));
		let second = dave_requests();
		clear_key(&dave());
		assert_ok!(Disclosure::deliver(RuntimeOrigin::signed(bob()), second, capsule_for(&dave())));
		assert_eq!(free(&bob()), ENDOWMENT + 2 * FEE);
	});
}

#[test]
fn a_delivery_within_a_cancellation_notice_succeeds_and_pays() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		run_to_block(2);
		// The requester saw the delivery in the pool and cancels first: the delivery, included
		// after the cancellation but within its notice, still goes through and pays.
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		run_to_block(1 + CANCEL_NOTICE);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			request_id,
			capsule_for(&dave())
		));
		assert!(matches!(record(request_id).status, RequestStatus::Delivered { .. }));
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
		assert_eq!(free(&dave()), ENDOWMENT - FEE - INQUIRY_FEE);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!(log[0].outcome, InquiryOutcome::Delivered { request_id });
		// Nothing is left for the queue to do at the notice's end.
		run_to_block(2 + CANCEL_NOTICE);
		assert!(matches!(record(request_id).status, RequestStatus::Delivered { .. }));
	});
}

#[test]
fn a_delivery_after_a_cancellation_notice_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		// The queue has not completed the cancellation yet: no on_initialize ran.
		System::set_block_number(1 + CANCEL_NOTICE);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
			Error::<Test>::NoticePassed
		);
	});
}

#[test]
fn cancelled_or_refunded_requests_cannot_be_delivered() {
	ExtBuilder::default().build_and_execute(|| {
		let cancelled = dave_requests();
		cancel_and_wait(&dave(), cancelled);
		let refunded = request_by(&eve(), PAID_LOAN);
		run_to_block(record(refunded).deadline);
		assert!(matches!(record(refunded).status, RequestStatus::Refunded { .. }));
		for request_id in [cancelled, refunded] {
			assert_noop!(
				Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
				Error::<Test>::NotOpen
			);
		}
	});
}
