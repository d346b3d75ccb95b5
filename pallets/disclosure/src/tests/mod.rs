//! Unit tests, one file per call family. Every test ends with `do_try_state` (through
//! `ExtBuilder::build_and_execute`).

mod aliases;
mod complaints;
mod delivery;
mod grants;
mod inquiries;
mod invariants;
mod parameters;
mod policy;
mod refunds;
mod requests;
mod reveal;

pub use crate::{
	mock::*, Error, Event, HoldReason, InquiryOutcome, RequestId, RequestOf, RequestStatus,
};
use frame_support::{
	assert_ok,
	traits::fungible::{Inspect, InspectHold},
};

/// The amount held from `who` for `reason`.
pub fn held(reason: HoldReason, who: &AccountId) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::from(reason), who)
}

/// The free balance of `who`.
pub fn free(who: &AccountId) -> u64 {
	Balances::balance(who)
}

/// The stored record of `request_id`.
pub fn record(request_id: RequestId) -> RequestOf<Test> {
	crate::Requests::<Test>::get(request_id).expect("request exists")
}

/// A purpose, sealed (in shape) to the auditors and the borrower.
pub fn purpose() -> Vec<u8> {
	note(0x01)
}

/// `who` requests a paid query of `loan_id` at the price; returns its number.
pub fn request_by(who: &AccountId, loan_id: crate::LoanId) -> RequestId {
	let request_id = crate::NextRequestId::<Test>::get();
	assert_ok!(Disclosure::request(RuntimeOrigin::signed(who.clone()), loan_id, FEE, purpose()));
	request_id
}

/// `who` cancels `request_id`, and the chain runs until the cancellation's notice has passed and
/// the request is refunded.
pub fn cancel_and_wait(who: &AccountId, request_id: RequestId) {
	assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(who.clone()), request_id));
	let RequestStatus::Cancelling { until, .. } = record(request_id).status else {
		panic!("request {request_id} is not cancelling: {:?}", record(request_id).status);
	};
	run_to_block(until);
	assert!(matches!(record(request_id).status, RequestStatus::Cancelled { .. }));
}

/// Dave requests a paid query of [`PAID_LOAN`]; returns its number.
pub fn dave_requests() -> RequestId {
	request_by(&dave(), PAID_LOAN)
}
