//! A minimal runtime for the unit tests: `ConsortiumOrigin` is a signed origin from the account
//! [`CONSORTIUM`] (standing in for a passed motion), who is also the only consortium member.

use crate as pallet_attestations;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, Equals},
};
use frame_system::EnsureSignedBy;
use loanchain_primitives::{AssuranceLevel, Commitment, SubjectKind};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Attestations: pallet_attestations,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// The account that plays the consortium (and its only member) in tests.
pub const CONSORTIUM: u64 = 1;

ord_parameter_types! {
	/// [`CONSORTIUM`] as a type, for `EnsureSignedBy` and `Equals`.
	pub const ConsortiumAccount: u64 = CONSORTIUM;
}

parameter_types! {
	/// The operator deposit of the tests.
	pub const OperatorDeposit: u64 = DEPOSIT;
}

impl pallet_attestations::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ConsortiumOrigin = EnsureSignedBy<ConsortiumAccount, u64>;
	type IsConsortiumMember = Equals<ConsortiumAccount>;
	type CallGuard = ();
	type MaxAttestors = ConstU32<3>;
	type MaxAccountsPerIdentity = ConstU32<3>;
	type MaxOperatorsPerCompany = ConstU32<2>;
	type OperatorDeposit = OperatorDeposit;
	type WeightInfo = ();
}

/// The operator deposit.
pub const DEPOSIT: u64 = 10;
/// The balance of every endowed account.
pub const ENDOWMENT: u64 = 100;
/// An attestor admitted at genesis.
pub const ATTESTOR: u64 = 2;
/// A second attestor admitted at genesis.
pub const ATTESTOR_2: u64 = 3;
/// Accounts of people and companies.
pub const ALICE: u64 = 10;
pub const ALICE_2: u64 = 11;
pub const BOB: u64 = 12;
pub const ACME: u64 = 20;
pub const ACME_2: u64 = 21;
/// Accounts to become operators.
pub const OP_1: u64 = 30;
pub const OP_2: u64 = 31;
pub const OP_3: u64 = 32;
/// An account with no role at all.
pub const NOBODY: u64 = 99;
/// The expiry used by the tests' attestations.
pub const EXPIRY: u64 = 100;

/// The commitment of test subject `n`.
pub fn commitment(n: u8) -> Commitment {
	Commitment::repeat_byte(n)
}

/// Attests `account` as subject `n` of `kind` through the call, by [`ATTESTOR`].
pub fn attest(account: u64, n: u8, kind: SubjectKind) {
	frame_support::assert_ok!(Attestations::attest(
		RuntimeOrigin::signed(ATTESTOR),
		account,
		commitment(n),
		kind,
		AssuranceLevel::Substantial,
		EXPIRY,
	));
}

/// Builds the test externalities.
pub struct ExtBuilder {
	attestors: Vec<u64>,
	balances: Vec<(u64, u64)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			attestors: vec![ATTESTOR, ATTESTOR_2],
			balances: [ALICE, ALICE_2, BOB, ACME, ACME_2].iter().map(|a| (*a, ENDOWMENT)).collect(),
		}
	}
}

impl ExtBuilder {
	/// Admits these attestors at genesis instead of the default two.
	pub fn attestors(mut self, attestors: Vec<u64>) -> Self {
		self.attestors = attestors;
		self
	}

	/// Test externalities at block 1 (so events are recorded).
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		pallet_attestations::GenesisConfig::<Test> { attestors: self.attestors }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			pallet_attestations::Pallet::<Test>::do_try_state().unwrap();
		});
	}
}

/// Test externalities for the benchmark test suite.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().attestors(vec![]).build()
}

/// The events of this pallet recorded so far.
pub fn attestation_events() -> Vec<pallet_attestations::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Attestations(event) => Some(event),
			_ => None,
		})
		.collect()
}
