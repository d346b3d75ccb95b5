//! frame-system, timestamp and utility: the chain's base layer.

use crate::{
	AccountId, Balance, Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, SS58_PREFIX, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

/// Most bytes in a block: room for a runtime upgrade's code in one operational transaction
/// (`system.applyAuthorizedUpgrade`; the benchmarking build's code is over 5 MiB).
const MAX_BLOCK_LENGTH: u32 = 8 * 1024 * 1024;

/// Most bytes of normal (non-operational) transactions in a block: 3.75 MiB, as before the
/// block grew for upgrades, so normal traffic gets no more block space than it had.
const MAX_NORMAL_LENGTH: u32 = 3 * 1024 * 1024 + 768 * 1024;

/// Share of a block that normal (non-operational) transactions may fill.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	/// How many recent block hashes are kept (transactions are mortal within this window).
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version reported to clients.
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute per block, with the production six-second block time. On the
	/// test chains' shorter blocks the node's proposer deadline (two thirds of a slot) ends a
	/// block's building sooner.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// At most 8 MiB per block, of which at most 3.75 MiB of normal transactions.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = MAX_NORMAL_LENGTH)
		.build();
	/// Address prefix.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = frame_support::traits::ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = crate::Aura;
	/// Half the block time chosen at genesis, so that Aura's slot is that block time.
	type MinimumPeriod = crate::configs::HalfSlotDuration;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

#[allow(deprecated)]
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}
