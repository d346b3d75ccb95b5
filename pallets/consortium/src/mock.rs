//! A minimal runtime for the unit tests: `ConsortiumOrigin` is a signed origin from the
//! account [`CONSORTIUM`], standing in for a passed motion.

use crate as pallet_consortium;
use frame_support::{derive_impl, ord_parameter_types};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account that plays the consortium in tests.
pub const CONSORTIUM: u64 = 1;

ord_parameter_types! {
	/// `CONSORTIUM` as a type, for `EnsureSignedBy`.
	pub const ConsortiumAccount: u64 = CONSORTIUM;
}

impl pallet_consortium::Config for Test {
	type RuntimeCall = RuntimeCall;
	type ConsortiumOrigin = EnsureSignedBy<ConsortiumAccount, u64>;
	type WeightInfo = ();
}

/// An account that is not the consortium.
pub const OUTSIDER: u64 = 2;

/// Test externalities at block 1 (so events are recorded).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap_or_default();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
