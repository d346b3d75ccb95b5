//! `set_query_deadline`: the consortium's typed, bounded setter of the paid-query deadline.

use super::*;
use crate::QueryDeadline;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

#[test]
fn the_consortium_sets_the_deadline_for_new_requests() {
	ExtBuilder::default().build_and_execute(|| {
		let before = dave_requests();
		assert_eq!(record(before).deadline, 1 + QUERY_DEADLINE);

		assert_ok!(Disclosure::set_query_deadline(RuntimeOrigin::signed(consortium()), 40));
		System::assert_last_event(Event::QueryDeadlineSet { blocks: 40 }.into());
		assert_eq!(QueryDeadline::<Test>::get(), 40);

		let after = request_by(&eve(), PAID_LOAN);
		assert_eq!(record(after).deadline, 1 + 40);
		assert_eq!(record(before).deadline, 1 + QUERY_DEADLINE, "open requests keep theirs");
	});
}

#[test]
fn only_the_consortium_sets_it_and_only_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [dave(), bob(), nobody()] {
			assert_noop!(Disclosure::set_query_deadline(RuntimeOrigin::signed(who), 40), BadOrigin);
		}
		for blocks in [0, MIN_QUERY_DEADLINE - 1, MAX_QUERY_DEADLINE + 1, u64::MAX] {
			assert_noop!(
				Disclosure::set_query_deadline(RuntimeOrigin::signed(consortium()), blocks),
				Error::<Test>::QueryDeadlineOutOfRange
			);
		}
		for blocks in [MIN_QUERY_DEADLINE, MAX_QUERY_DEADLINE] {
			assert_ok!(Disclosure::set_query_deadline(RuntimeOrigin::signed(consortium()), blocks));
			assert_eq!(QueryDeadline::<Test>::get(), blocks);
		}
	});
}
