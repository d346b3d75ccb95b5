//! A minimal runtime for the unit tests, with an in-mock [`IdentityProvider`] whose identities,
//! attestation states and company operators the tests set directly (kept in the test
//! externalities' storage, so every test starts empty), and member keys from fixed seeds.

use crate as pallet_lender_ring;
use codec::Encode;
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, Hooks},
};
use loanchain_primitives::{
	AttestationStatus, IdentityId, IdentityProvider, MemberKey, SubjectKind,
};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};
use verifiable::GenerateVerifiable;

type Block = frame_system::mocking::MockBlock<Test>;

/// The account type of the tests (as in the runtime).
pub type AccountId = AccountId32;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		LenderRing: pallet_lender_ring,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// The key deposit.
pub const DEPOSIT: u64 = 10;
/// The balance of every endowed account.
pub const ENDOWMENT: u64 = 1_000;
/// The most rings.
pub const MAX_RINGS: u32 = 2;
/// The fewest members of a usable revision.
pub const MIN_RING: u32 = 3;
/// Revisions kept per ring.
pub const KEPT: u32 = 2;
/// Keys pushed per block by a rebuild.
pub const STEP: u32 = 2;

parameter_types! {
	pub const KeyDeposit: u64 = DEPOSIT;
}

impl pallet_lender_ring::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Identities = MockIdentities;
	type KeyDeposit = KeyDeposit;
	type MaxRings = ConstU32<MAX_RINGS>;
	type MinRingSize = ConstU32<MIN_RING>;
	type KeptRevisions = ConstU32<KEPT>;
	type RebuildStep = ConstU32<STEP>;
	type WeightInfo = ();
}

// ---- the mock identity provider ---------------------------------------------------------------

/// Identities kept in the externalities' storage under `b"mock-identities"`.
pub struct MockIdentities;

fn key(what: &[u8], id: impl Encode) -> Vec<u8> {
	(b"mock-identities", what, id).encode()
}

/// Links `account` to `identity` of `kind` with a valid attestation.
pub fn set_identity(account: &AccountId, identity: IdentityId, kind: SubjectKind) {
	unhashed::put(&key(b"of", account), &identity);
	unhashed::put(&key(b"kind", identity), &kind);
	let mut accounts: Vec<AccountId> =
		unhashed::get(&key(b"accounts", identity)).unwrap_or_default();
	if !accounts.contains(account) {
		accounts.push(account.clone());
	}
	unhashed::put(&key(b"accounts", identity), &accounts);
	set_status(account, AttestationStatus::Valid);
}

/// Sets the attestation state of `account`.
pub fn set_status(account: &AccountId, status: AttestationStatus) {
	unhashed::put(&key(b"status", account), &status);
}

/// Makes `account` an operator of `company`.
pub fn set_operator(account: &AccountId, company: IdentityId) {
	unhashed::put(&key(b"operator", account), &company);
}

impl IdentityProvider<AccountId> for MockIdentities {
	fn identity_of(account: &AccountId) -> Option<IdentityId> {
		unhashed::get(&key(b"of", account))
	}

	fn status_of(account: &AccountId) -> AttestationStatus {
		unhashed::get(&key(b"status", account)).unwrap_or(AttestationStatus::None)
	}

	fn kind_of(identity: IdentityId) -> Option<SubjectKind> {
		unhashed::get(&key(b"kind", identity))
	}

	fn is_identity_valid(identity: IdentityId) -> bool {
		unhashed::get::<Vec<AccountId>>(&key(b"accounts", identity))
			.unwrap_or_default()
			.iter()
			.any(|account| Self::status_of(account) == AttestationStatus::Valid)
	}

	fn company_of_operator(account: &AccountId) -> Option<IdentityId> {
		unhashed::get(&key(b"operator", account))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(account: &AccountId, kind: SubjectKind) -> Option<IdentityId> {
		let next: IdentityId = unhashed::get(&key(b"next", ())).unwrap_or(1_000);
		unhashed::put(&key(b"next", ()), &(next + 1));
		set_identity(account, next, kind);
		Some(next)
	}
}

// ---- the cast -----------------------------------------------------------------------------------

/// The company of the tests (identity 100; account [`acme`], operator [`op`]).
pub const ACME_ID: IdentityId = 100;

/// The account of person `n` (identity `n`, for `n` in `1..=PEOPLE`).
pub fn person(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}
/// How many people the cast has.
pub const PEOPLE: u8 = 12;
/// ACME's own (attested) account.
pub fn acme() -> AccountId {
	AccountId32::new([200; 32])
}
/// ACME's operator.
pub fn op() -> AccountId {
	AccountId32::new([201; 32])
}
/// An account with no identity, no role and no funds.
pub fn nobody() -> AccountId {
	AccountId32::new([250; 32])
}

/// The member secret of seed `n`.
pub fn secret(n: u8) -> <crate::Verifier as GenerateVerifiable>::Secret {
	crate::Verifier::new_secret([n; 32])
}

/// The member key of seed `n`.
pub fn member(n: u8) -> MemberKey {
	crate::Verifier::member_from_secret(&secret(n))
}

/// Registers the key of seed `n` for person `n`.
pub fn register(n: u8) {
	frame_support::assert_ok!(LenderRing::register_key(
		RuntimeOrigin::signed(person(n)),
		n.into(),
		member(n)
	));
}

/// Runs the blocks after the current one up to `n`, with `on_initialize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		LenderRing::on_initialize(next);
	}
}

/// Test externalities at block 1 (so events are recorded), with the cast's identities and funds.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut funded = (1..=PEOPLE).map(person).collect::<Vec<_>>();
	funded.extend([acme(), op()]);
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|account| (account.clone(), ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		for n in 1..=PEOPLE {
			set_identity(&person(n), n.into(), SubjectKind::Person);
		}
		set_identity(&acme(), ACME_ID, SubjectKind::Company);
		set_operator(&op(), ACME_ID);
	});
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		pallet_lender_ring::Pallet::<Test>::do_try_state().unwrap();
	});
}

/// The events of this pallet recorded so far.
pub fn ring_events() -> Vec<pallet_lender_ring::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::LenderRing(event) => Some(event),
			_ => None,
		})
		.collect()
}
