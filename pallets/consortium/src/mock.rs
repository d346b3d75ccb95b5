//! A minimal runtime for the unit tests: `ConsortiumOrigin` is a signed origin from the
//! account [`CONSORTIUM`], standing in for a passed motion, and `pallet-session` uses the
//! pallet as its `SessionManager`, as in the real runtime.

use crate as pallet_consortium;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureSignedBy;
use sp_core::crypto::key_types::DUMMY;
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId,
};

type Block = frame_system::mocking::MockBlock<Test>;

// `Consortium` comes before `Session`, so its genesis set exists when pallet-session's genesis
// asks for it.
frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Consortium: pallet_consortium,
		Session: pallet_session,
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

/// The account that plays the consortium in tests.
pub const CONSORTIUM: u64 = 1;

/// The account that plays the consortium's supermajority (the origin that schedules `Root`
/// calls) in tests.
pub const SUPERMAJORITY: u64 = 901;
/// The account that plays a blocking minority (the origin that cancels scheduled calls).
pub const MINORITY: u64 = 902;

ord_parameter_types! {
	/// `CONSORTIUM` as a type, for `EnsureSignedBy`.
	pub const ConsortiumAccount: u64 = CONSORTIUM;
	/// `SUPERMAJORITY` as a type.
	pub const SupermajorityAccount: u64 = SUPERMAJORITY;
	/// `MINORITY` as a type.
	pub const MinorityAccount: u64 = MINORITY;
}

/// The enactment delay of a genesis that names none, in blocks.
pub const DEFAULT_ROOT_DELAY: u64 = 5;
/// Blocks after its due block in which a scheduled call may still be enacted.
pub const ENACTMENT_PERIOD: u64 = 10;
/// The longest enactment delay `Root` may set in the tests.
pub const MAX_ROOT_DELAY: u64 = 100;
/// The consortium's members in the tests (who may object to scheduled calls).
pub const MEMBERS: [u64; 4] = [101, 102, 103, 104];

parameter_types! {
	/// The members [`TestMembers`] reports (benchmarks add more).
	pub static ConsortiumMembers: Vec<u64> = MEMBERS.to_vec();
	/// A quarter: more objectors than that cancel a scheduled call.
	pub BlockingShare: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(25);
}

/// The consortium's members of the tests: [`ConsortiumMembers`], sorted.
pub struct TestMembers;
impl frame_support::traits::SortedMembers<u64> for TestMembers {
	fn sorted_members() -> Vec<u64> {
		let mut members = ConsortiumMembers::get();
		members.sort();
		members
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &u64) {
		ConsortiumMembers::set([ConsortiumMembers::get(), vec![*who]].concat());
	}
}
/// Longest scheduled call in the tests, in bytes.
pub const MAX_ROOT_CALL_LEN: u32 = 64;
/// Most scheduled calls waiting at once in the tests.
pub const MAX_SCHEDULED_ROOT_CALLS: u32 = 2;

parameter_types! {
	/// Heaviest schedulable call in the tests.
	pub MaxRootCallWeight: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(1_000_000_000, 1_000_000);
}

/// Most validators in the tests.
pub const MAX_VALIDATORS: u32 = 4;
/// Fewest validators in the tests.
pub const MIN_VALIDATORS: u32 = 2;
/// Most allowed nodes in the tests.
pub const MAX_ALLOWED_NODES: u32 = 3;
/// Most extra connections per node in the tests.
pub const MAX_NODE_CONNECTIONS: u32 = 2;
/// Most auditor keys of the test runtime.
pub const MAX_AUDITORS: u32 = 3;

impl pallet_consortium::Config for Test {
	type RuntimeCall = RuntimeCall;
	type ConsortiumOrigin = EnsureSignedBy<ConsortiumAccount, u64>;
	type RootOrigin = EnsureSignedBy<SupermajorityAccount, u64>;
	type CancelOrigin = EnsureSignedBy<MinorityAccount, u64>;
	type ProtectedOrigin = EnsureSignedBy<ConsortiumAccount, u64>;
	type Members = TestMembers;
	type BlockingShare = BlockingShare;
	type MaxObjections = ConstU32<8>;
	type EnactmentPeriod = ConstU64<ENACTMENT_PERIOD>;
	type MaxRootDelay = ConstU64<MAX_ROOT_DELAY>;
	type MaxRootCallLen = ConstU32<MAX_ROOT_CALL_LEN>;
	type MaxRootCallWeight = MaxRootCallWeight;
	type MaxScheduledRootCalls = ConstU32<MAX_SCHEDULED_ROOT_CALLS>;
	type DefaultRootDelay = ConstU64<DEFAULT_ROOT_DELAY>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type SessionKeys = pallet_consortium::SessionNextKeys<Test>;
	type MaxAllowedNodes = ConstU32<MAX_ALLOWED_NODES>;
	type MaxNodeConnections = ConstU32<MAX_NODE_CONNECTIONS>;
	type MaxAuditors = ConstU32<MAX_AUDITORS>;
	type DefaultSlotDuration = ConstU64<DEFAULT_SLOT_DURATION>;
	type WeightInfo = ();
}

/// The block time of a genesis that names none, in milliseconds.
pub const DEFAULT_SLOT_DURATION: u64 = 6_000;

parameter_types! {
	/// Blocks per session (the tests mostly rotate sessions directly).
	pub const SessionPeriod: u64 = 10;
	/// The first session ends at block 0 + `SessionPeriod`.
	pub const SessionOffset: u64 = 0;
}

/// A session handler for the one dummy key type of [`UintAuthorityId`]; it ignores the keys.
pub struct TestSessionHandler;
impl pallet_session::SessionHandler<u64> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[DUMMY];

	fn on_genesis_session<Ks: OpaqueKeys>(_validators: &[(u64, Ks)]) {}

	fn on_new_session<Ks: OpaqueKeys>(
		_changed: bool,
		_validators: &[(u64, Ks)],
		_queued_validators: &[(u64, Ks)],
	) {
	}

	fn on_disabled(_validator_index: u32) {}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = Consortium;
	type SessionHandler = TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

/// An account that is not the consortium.
pub const OUTSIDER: u64 = 2;
/// The validators of the default genesis.
pub const VALIDATOR_1: u64 = 10;
pub const VALIDATOR_2: u64 = 11;
/// Accounts that are not validators at genesis (but have funds, so they can set session keys).
pub const CANDIDATE_1: u64 = 12;
pub const CANDIDATE_2: u64 = 13;
pub const CANDIDATE_3: u64 = 14;
/// The balance of every endowed account.
pub const ENDOWMENT: u64 = 100;

/// Builds the test externalities.
pub struct ExtBuilder {
	validators: Vec<u64>,
	session_keys: Vec<u64>,
	candidate_keys: bool,
	nodes: Vec<(Vec<u8>, u64)>,
	slot_duration: Option<u64>,
	auditor_keys: Vec<[u8; 32]>,
	root_delay: Option<u64>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			validators: vec![VALIDATOR_1, VALIDATOR_2],
			session_keys: vec![VALIDATOR_1, VALIDATOR_2],
			candidate_keys: true,
			nodes: vec![],
			slot_duration: None,
			auditor_keys: vec![],
			root_delay: None,
		}
	}
}

/// The peer id (raw multihash bytes) of test node `seed`: an identity multihash of a 36-byte
/// protobuf-encoded ed25519 key, as libp2p builds them, with every key byte set to `seed`.
pub fn peer(seed: u8) -> Vec<u8> {
	let mut bytes = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	bytes.extend([seed; 32]);
	bytes
}

impl ExtBuilder {
	/// Uses these genesis validators (and session keys for them) instead of the default two.
	pub fn validators(mut self, validators: Vec<u64>) -> Self {
		self.session_keys = validators.clone();
		self.validators = validators;
		self
	}

	/// Allows these nodes (peer id bytes, owner) at genesis.
	pub fn nodes(mut self, nodes: Vec<(Vec<u8>, u64)>) -> Self {
		self.nodes = nodes;
		self
	}

	/// Names these auditor keys at genesis.
	pub fn auditor_keys(mut self, keys: Vec<[u8; 32]>) -> Self {
		self.auditor_keys = keys;
		self
	}

	/// Chooses this block time (milliseconds) at genesis.
	pub fn slot_duration(mut self, slot_duration: u64) -> Self {
		self.slot_duration = Some(slot_duration);
		self
	}

	/// Names this enactment delay of `Root` calls in the genesis.
	pub fn root_delay(mut self, blocks: u64) -> Self {
		self.root_delay = Some(blocks);
		self
	}

	/// Gives these accounts session keys in pallet-session's genesis `keys` (so they are
	/// pallet-session's validators when the consortium's genesis set is empty), and no others.
	pub fn session_keys(mut self, accounts: Vec<u64>) -> Self {
		self.session_keys = accounts;
		self.candidate_keys = false;
		self
	}

	/// Gives the candidates no session keys at genesis (by default they have some, so the
	/// consortium can add them).
	pub fn without_candidate_keys(mut self) -> Self {
		self.candidate_keys = false;
		self
	}

	/// Test externalities at block 1 (so events are recorded), built from the whole runtime's
	/// genesis in `construct_runtime!` order.
	pub fn build(self) -> sp_io::TestExternalities {
		let endowed = [VALIDATOR_1, VALIDATOR_2, CANDIDATE_1, CANDIDATE_2, CANDIDATE_3];
		let mut session_keys = self.session_keys;
		// Keys of accounts outside a non-empty genesis set make no validators at genesis.
		if self.candidate_keys && !self.validators.is_empty() {
			for candidate in [CANDIDATE_1, CANDIDATE_2, CANDIDATE_3] {
				if !session_keys.contains(&candidate) {
					session_keys.push(candidate);
				}
			}
		}
		let storage = RuntimeGenesisConfig {
			balances: pallet_balances::GenesisConfig {
				balances: endowed.iter().map(|who| (*who, ENDOWMENT)).collect(),
				..Default::default()
			},
			consortium: pallet_consortium::GenesisConfig {
				validators: self.validators,
				nodes: self.nodes,
				slot_duration: self.slot_duration,
				auditor_keys: self.auditor_keys,
				root_delay: self.root_delay,
			},
			session: pallet_session::GenesisConfig {
				keys: session_keys.iter().map(|who| (*who, *who, UintAuthorityId(*who))).collect(),
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			pallet_consortium::Pallet::<Test>::do_try_state().unwrap();
		});
	}
}

/// Test externalities for the benchmark test suite.
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// The events of this pallet recorded so far.
pub fn consortium_events() -> Vec<pallet_consortium::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consortium(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Starts the next session, as pallet-session does in the first block of each session.
pub fn start_next_session() {
	pallet_session::Pallet::<Test>::rotate_session();
}

/// The validators of pallet-session's current session.
pub fn session_validators() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}

/// The validators pallet-session has queued for the next session.
pub fn queued_validators() -> Vec<u64> {
	pallet_session::QueuedKeys::<Test>::get()
		.into_iter()
		.map(|(who, _)| who)
		.collect()
}
