//! Weights for `pallet_consortium`.
//!
//! Placeholder until the first run of `scripts/bench-weights.sh`, which overwrites this file
//! with the output of `loanchain-node benchmark pallet`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_consortium`.
pub trait WeightInfo {
	fn dispatch_as_root() -> Weight;
}

/// Weights measured on the reference machine, for the runtime.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(10_000_000, 0)
	}
}

/// The same weights, for tests.
impl WeightInfo for () {
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(10_000_000, 0)
	}
}
