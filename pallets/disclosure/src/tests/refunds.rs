//! Paid queries not delivered in time: `refund` and the deadline queue.

use super::*;
use crate::{Deadlines, NextDeadlineBlock};
use frame_support::{assert_noop, assert_ok, traits::Hooks};

#[test]
fn refund_before_the_deadline_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		run_to_block(QUERY_DEADLINE);
		for who in [dave(), eve(), bob()] {
			assert_noop!(
				Disclosure::refund(RuntimeOrigin::signed(who), request_id),
				Error::<Test>::DeadlineNotReached
			);
		}
	});
}

#[test]
fn anyone_refunds_once_the_deadline_passed() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let deadline = record(request_id).deadline;
		// Before the queue reaches the deadline.
		System::set_block_number(deadline);
		assert_ok!(Disclosure::refund(RuntimeOrigin::signed(nobody()), request_id));
		assert_eq!(
			record(request_id).status,
			RequestStatus::Refunded { at: deadline, by: Some(nobody()) }
		);
		// Everything but the burnt inquiry fee.
		assert_eq!(free(&dave()), ENDOWMENT - INQUIRY_FEE);
		assert_eq!(free(&bob()), ENDOWMENT);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
		assert!(!Deadlines::<Test>::contains_key(deadline, request_id));
		assert!(Disclosure::requests_for_lender(bob()).is_empty());
		System::assert_last_event(
			Event::QueryRefunded {
				request_id,
				loan_id: PAID_LOAN,
				requester: dave(),
				by: Some(nobody()),
			}
			.into(),
		);
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!(log[0].outcome, InquiryOutcome::Refunded { request_id });
		// The queue then finds nothing to do.
		let events = System::events().len();
		Disclosure::on_initialize(deadline);
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn refund_of_an_unknown_request_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::refund(RuntimeOrigin::signed(dave()), 9),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn closed_requests_are_not_refunded() {
	ExtBuilder::default().build_and_execute(|| {
		let delivered = dave_requests();
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			delivered,
			capsule_for(&dave())
		));
		let refunded = request_by(&eve(), PAID_LOAN);
		System::set_block_number(1 + QUERY_DEADLINE);
		assert_ok!(Disclosure::refund(RuntimeOrigin::signed(eve()), refunded));
		for request_id in [delivered, refunded] {
			assert_noop!(
				Disclosure::refund(RuntimeOrigin::signed(eve()), request_id),
				Error::<Test>::NotOpen
			);
		}
		// The lender keeps the fee of the delivery.
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
	});
}

#[test]
fn the_chain_refunds_at_the_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let deadline = record(request_id).deadline;
		run_to_block(deadline - 1);
		assert_eq!(record(request_id).status, RequestStatus::Open);
		run_to_block(deadline);
		assert_eq!(record(request_id).status, RequestStatus::Refunded { at: deadline, by: None });
		assert_eq!(free(&dave()), ENDOWMENT - INQUIRY_FEE);
		System::assert_last_event(
			Event::QueryRefunded { request_id, loan_id: PAID_LOAN, requester: dave(), by: None }
				.into(),
		);
		assert_eq!(
			Disclosure::inquiries(alice()).last().map(|entry| entry.outcome.clone()),
			Some(InquiryOutcome::Refunded { request_id })
		);
	});
}

#[test]
fn the_chain_refunds_a_bounded_number_per_block() {
	ExtBuilder::default().build_and_execute(|| {
		// Three requests with the same deadline; two are refunded per block.
		let first = dave_requests();
		let second = request_by(&eve(), PAID_LOAN);
		let third = request_by(&dave(), CORPORATE_LOAN);
		let deadline = 1 + QUERY_DEADLINE;
		run_to_block(deadline);
		let refunds = || {
			disclosure_events()
				.into_iter()
				.filter_map(|event| match event {
					Event::QueryRefunded { request_id, by: None, .. } => Some(request_id),
					_ => None,
				})
				.collect::<Vec<_>>()
		};
		let early = refunds();
		assert_eq!(early.len(), MAX_REFUNDS as usize);
		let late: Vec<_> =
			[first, second, third].into_iter().filter(|id| !early.contains(id)).collect();
		assert_eq!(late.len(), 1);
		assert_eq!(record(late[0]).status, RequestStatus::Open);
		// The rest of the block's queue waits for the next block.
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(deadline));
		run_to_block(deadline + 1);
		assert_eq!(record(late[0]).status, RequestStatus::Refunded { at: deadline + 1, by: None });
		assert_eq!(refunds().len(), 3);
		assert_eq!(free(&dave()), ENDOWMENT - 2 * INQUIRY_FEE);
		assert_eq!(free(&eve()), ENDOWMENT - INQUIRY_FEE);
	});
}

#[test]
fn the_queue_passes_empty_blocks_a_bounded_number_at_a_time() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(1));
		// Jump far ahead (a chain that stalled): the cursor advances MAX_REFUNDS blocks per block.
		let deadline = record(request_id).deadline;
		System::set_block_number(deadline + 20);
		Disclosure::on_initialize(deadline + 20);
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(1 + u64::from(MAX_REFUNDS)));
		for _ in 0..(QUERY_DEADLINE / u64::from(MAX_REFUNDS)) {
			Disclosure::on_initialize(deadline + 20);
		}
		assert_eq!(
			record(request_id).status,
			RequestStatus::Refunded { at: deadline + 20, by: None }
		);
	});
}

#[test]
fn delivered_and_cancelled_requests_leave_the_queue() {
	ExtBuilder::default().build_and_execute(|| {
		let delivered = dave_requests();
		let cancelled = request_by(&eve(), PAID_LOAN);
		let deadline = 1 + QUERY_DEADLINE;
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			delivered,
			capsule_for(&dave())
		));
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(eve()), cancelled));
		assert_eq!(Deadlines::<Test>::iter_key_prefix(deadline).count(), 0);
		// The cancellation completes at its notice's end, before the deadline.
		run_to_block(1 + CANCEL_NOTICE);
		let events = System::events().len();
		run_to_block(deadline + 1);
		assert_eq!(System::events().len(), events);
		assert!(matches!(record(delivered).status, RequestStatus::Delivered { .. }));
		assert!(matches!(record(cancelled).status, RequestStatus::Cancelled { .. }));
	});
}
