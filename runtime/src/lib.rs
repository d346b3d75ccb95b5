//! # loanchain runtime
//!
//! The state machine of loanchain, a permissioned chain run by a consortium of lenders that keeps
//! a tamper-proof, private record of loan contracts and how they were performed.
//!
//! There is no sudo: the consortium (members in `ConsortiumMembership`, motions in
//! `ConsortiumCollective`) is the only privileged origin, and reaches `Root` (for example for a
//! runtime upgrade) only through a motion of three quarters of its members that calls
//! `Consortium::schedule_as_root`; the call runs once the enactment delay has passed, unless
//! more than a quarter of the members cancel it first.
//!
//! The chain is permissioned: the `CheckPermission` transaction extension of `Attestations`
//! refuses, at the pool, signed transactions from accounts that are neither validly attested,
//! nor attestors, nor consortium members, nor company operators.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large items.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod constants;
pub mod genesis_config_presets;

pub use constants::*;

use alloc::vec::Vec;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types the node uses without knowing the runtime's extrinsic format, so it keeps
/// syncing across runtime upgrades that change it.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura (block production) and GRANDPA (finality).
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` with every runtime upgrade.
#[cfg(not(feature = "upgrade-rehearsal"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("loanchain"),
	impl_name: alloc::borrow::Cow::Borrowed("loanchain"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The same runtime announced as the next version (`spec_version` one higher). Only
/// `scripts/runtime-upgrade.sh rehearsal` builds it, so that a network can rehearse a runtime
/// upgrade by vote with the code it runs; keep both `spec_version`s in step.
#[cfg(feature = "upgrade-rehearsal")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("loanchain"),
	impl_name: alloc::borrow::Cow::Borrowed("loanchain"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Signatures of transactions: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account on the chain: 32 bytes, derived from the signer's public key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances of the fee token.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Hash type of blocks and tries.
pub type Hash = sp_core::H256;
/// Block number type.
pub type BlockNumber = u32;
/// How accounts are addressed in transactions.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The checks every signed transaction goes through, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	// Only attested accounts, attestors, consortium members and company operators may transact.
	pallet_attestations::CheckPermission<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it travels on the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade.
#[allow(unused_parens)]
type Migrations = ();

/// Executes blocks: dispatches extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	/// Accounts, blocks, events and runtime upgrades.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	/// Block timestamps (set by the block author as an inherent).
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Aura: round-robin block production by the validators.
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	/// GRANDPA: finality by the validators.
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// The fee token.
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	/// Transaction fees.
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// Batches of calls.
	#[runtime::pallet_index(6)]
	pub type Utility = pallet_utility;

	/// The consortium's members (lenders that run validators).
	#[runtime::pallet_index(10)]
	pub type ConsortiumMembership = pallet_membership<Instance1>;

	/// The consortium's motions and votes.
	#[runtime::pallet_index(11)]
	pub type ConsortiumCollective = pallet_collective<Instance1>;

	/// The consortium's bridge to `Root` (runtime upgrades and other root-only calls, after a
	/// delay), its validator set, allowed nodes and auditor keys.
	#[runtime::pallet_index(12)]
	pub type Consortium = pallet_consortium;

	/// Sessions: hand the consortium's validator set (and their session keys) to Aura and
	/// GRANDPA. After `Consortium`, so its genesis validator set exists when sessions start.
	#[runtime::pallet_index(13)]
	pub type Session = pallet_session;

	/// Identity attestations: attestors, one identity per verified subject, company operators.
	#[runtime::pallet_index(20)]
	pub type Attestations = pallet_attestations;

	/// Loan contracts: co-signed registration, expiry prompts, feedback, borrower summary.
	#[runtime::pallet_index(21)]
	pub type Loans = pallet_loans;

	/// Tiered disclosure: public terms, grants to named readers, paid queries, inquiry log.
	#[runtime::pallet_index(22)]
	pub type Disclosure = pallet_disclosure;

	/// The lender ring: member keys of identities that may lend, and the check of ring proofs.
	#[runtime::pallet_index(23)]
	pub type LenderRing = pallet_lender_ring;
}
