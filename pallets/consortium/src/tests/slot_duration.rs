//! The block time chosen at genesis ([`SlotDuration`]): the default, a chosen one, and the
//! values a genesis may not choose.

use crate::{mock::*, SlotDuration, MIN_SLOT_DURATION};

#[test]
fn a_genesis_that_names_none_keeps_the_default() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(SlotDuration::<Test>::get(), DEFAULT_SLOT_DURATION);
	});
}

#[test]
fn a_genesis_chooses_the_block_time() {
	ExtBuilder::default().slot_duration(2_000).build_and_execute(|| {
		assert_eq!(SlotDuration::<Test>::get(), 2_000);
	});
	ExtBuilder::default().slot_duration(MIN_SLOT_DURATION).build_and_execute(|| {
		assert_eq!(SlotDuration::<Test>::get(), MIN_SLOT_DURATION);
	});
}

#[test]
#[should_panic(expected = "genesis slot_duration must be an even number of milliseconds")]
fn genesis_rejects_a_block_time_under_the_minimum() {
	ExtBuilder::default().slot_duration(MIN_SLOT_DURATION - 2).build();
}

#[test]
#[should_panic(expected = "genesis slot_duration must be an even number of milliseconds")]
fn genesis_rejects_an_odd_block_time() {
	ExtBuilder::default().slot_duration(2_001).build();
}

#[test]
#[should_panic(expected = "genesis slot_duration must be an even number of milliseconds")]
fn genesis_rejects_a_zero_block_time() {
	ExtBuilder::default().slot_duration(0).build();
}
