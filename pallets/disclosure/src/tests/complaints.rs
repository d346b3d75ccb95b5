//! The requester's `complain` about a delivery.

use super::*;
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::Complaint;

/// Dave's request of the paid loan, delivered by Bob.
fn delivered() -> RequestId {
	let request_id = dave_requests();
	assert_ok!(Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())));
	request_id
}

#[test]
fn requester_complains_about_a_delivery_and_it_stays_on_the_record() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = delivered();
		run_to_block(5);
		assert_ok!(Disclosure::complain(RuntimeOrigin::signed(dave()), request_id, note(0x03)));
		let stored = record(request_id);
		assert_eq!(
			stored.complaint.map(|complaint| (complaint.at, complaint.reason.into_inner())),
			Some((5, note(0x03)))
		);
		// The capsule is still there beside it.
		assert!(matches!(stored.status, RequestStatus::Delivered { .. }));
		assert_eq!(
			Disclosure::request_info(request_id).and_then(|info| info.complaint),
			Some(Complaint { at: 5, reason: note(0x03) })
		);
		System::assert_last_event(
			Event::ComplaintRaised { request_id, loan_id: PAID_LOAN, requester: dave() }.into(),
		);
		// The fee stays with the lender: the complaint is a record, not a refund.
		assert_eq!(free(&bob()), ENDOWMENT + FEE);
	});
}

#[test]
fn only_the_requester_complains() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = delivered();
		for who in [eve(), alice(), bob()] {
			assert_noop!(
				Disclosure::complain(RuntimeOrigin::signed(who), request_id, Vec::new()),
				Error::<Test>::NotRequester
			);
		}
	});
}

#[test]
fn complaint_about_an_unknown_request_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::complain(RuntimeOrigin::signed(dave()), 9, Vec::new()),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn complaint_needs_a_delivery() {
	ExtBuilder::default().build_and_execute(|| {
		let open = dave_requests();
		assert_noop!(
			Disclosure::complain(RuntimeOrigin::signed(dave()), open, Vec::new()),
			Error::<Test>::NotDelivered
		);
		cancel_and_wait(&dave(), open);
		assert_noop!(
			Disclosure::complain(RuntimeOrigin::signed(dave()), open, Vec::new()),
			Error::<Test>::NotDelivered
		);
		let refunded = dave_requests();
		System::set_block_number(System::block_number() + QUERY_DEADLINE);
		assert_ok!(Disclosure::refund(RuntimeOrigin::signed(dave()), refunded));
		assert_noop!(
			Disclosure::complain(RuntimeOrigin::signed(dave()), refunded, Vec::new()),
			Error::<Test>::NotDelivered
		);
	});
}

#[test]
fn one_complaint_per_delivery() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = delivered();
		assert_ok!(Disclosure::complain(RuntimeOrigin::signed(dave()), request_id, note(0x05)));
		assert_noop!(
			Disclosure::complain(RuntimeOrigin::signed(dave()), request_id, note(0x04)),
			Error::<Test>::AlreadyComplained
		);
	});
}

#[test]
fn a_reason_must_be_a_sealed_note_within_the_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = delivered();
		let complain = |reason: Vec<u8>| {
			Disclosure::complain(RuntimeOrigin::signed(dave()), request_id, reason)
		};
		assert_noop!(complain(vec![b'r'; MAX_PURPOSE as usize + 1]), Error::<Test>::ReasonTooLong);
		assert_noop!(complain(b"hash mismatch".to_vec()), Error::<Test>::MalformedSealedNote);
		assert_noop!(complain(note_for(1, 0x03)), Error::<Test>::SealedNoteRecipients);
		assert_ok!(complain(note(0x03)));
	});
}
