//! A minimal runtime for the unit tests, with an in-mock [`IdentityProvider`] whose identities,
//! attestation states and company operators the tests set directly (kept in the test
//! externalities' storage, so every test starts empty).

use crate as pallet_loans;
use codec::Encode;
use frame_support::ensure;
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, Hooks},
};
use loanchain_primitives::{
	Alias, AttestationStatus, Commitment, IdentityId, IdentityProvider, LenderRing, RingIndex,
	RingProofError, RingRevision, SubjectKind,
};
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature, MultiSigner};

type Block = frame_system::mocking::MockBlock<Test>;

/// The account type of the tests (as in the runtime).
pub type AccountId = AccountId32;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		Loans: pallet_loans,
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

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The proposal deposit.
pub const DEPOSIT: u64 = 10;
/// The balance of every endowed account.
pub const ENDOWMENT: u64 = 1_000;
/// The feedback grace period, in blocks.
pub const GRACE: u64 = 5;
/// The longest loan period, in blocks.
pub const MAX_PERIOD: u64 = 100;
/// Blocks a proposal waits for the lender's confirmation.
pub const PROPOSAL_TIMEOUT: u64 = 50;
/// The largest sealed terms, in bytes.
pub const MAX_TERMS: u32 = 64;
/// The most loans per borrower identity.
pub const MAX_LOANS: u32 = 4;
/// The most history entries per loan.
pub const MAX_HISTORY: u32 = 10;
/// The most deadlines (and queue blocks) processed per block.
pub const MAX_EXPIRIES: u32 = 3;
/// Milliseconds per block of the mock clock.
pub const BLOCK_MS: u64 = 6_000;

parameter_types! {
	pub const ProposalDeposit: u64 = DEPOSIT;
	pub const FeedbackGracePeriod: u64 = GRACE;
	pub const MaxLoanPeriod: u64 = MAX_PERIOD;
	pub const ProposalTimeout: u64 = PROPOSAL_TIMEOUT;
	/// The consortium's auditor keys, as the loans pallet counts them (2 unless a test sets
	/// it).
	pub storage Auditors: u32 = 2;
}

impl pallet_loans::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Identities = MockIdentities;
	type Time = Timestamp;
	type Signature = MultiSignature;
	type Signer = MultiSigner;
	type ProposalDeposit = ProposalDeposit;
	type MaxSealedTermsLen = ConstU32<MAX_TERMS>;
	type MaxLoansPerIdentity = ConstU32<MAX_LOANS>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	type MaxExpiriesPerBlock = ConstU32<MAX_EXPIRIES>;
	type FeedbackGracePeriod = FeedbackGracePeriod;
	type MaxLoanPeriod = MaxLoanPeriod;
	type ProposalTimeout = ProposalTimeout;
	type LenderRing = MockRing;
	type AuditorCount = Auditors;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRing;
	type WeightInfo = ();
}

// ---- the mock lender ring ---------------------------------------------------------------------

/// A stand-in for the lender ring that checks the binding, not the cryptography: a "proof" is
/// `alias || blake2-256(context || message)` and holds for ring [`MOCK_RING`], revision
/// [`MOCK_REVISION`] only. The real ring proof is checked by the lender-ring pallet's tests and
/// through the runtime.
pub struct MockRing;

/// The one ring the mock knows.
pub const MOCK_RING: RingIndex = 0;
/// The one revision the mock knows.
pub const MOCK_REVISION: RingRevision = 3;

/// The mock proof by the holder of `alias` for `context` and `message`.
pub fn mock_proof(alias: &Alias, context: &[u8], message: &[u8]) -> Vec<u8> {
	let mut proof = alias.to_vec();
	proof.extend_from_slice(&sp_io::hashing::blake2_256(&[context, message].concat()));
	proof
}

impl LenderRing for MockRing {
	fn validate(
		ring: RingIndex,
		revision: RingRevision,
		context: &[u8],
		message: &[u8],
		proof: &[u8],
	) -> Result<Alias, RingProofError> {
		ensure!(ring == MOCK_RING, RingProofError::UnknownRing);
		ensure!(revision == MOCK_REVISION, RingProofError::UnknownRevision);
		let (alias, binding) =
			proof.split_first_chunk::<32>().ok_or(RingProofError::MalformedProof)?;
		ensure!(
			binding == sp_io::hashing::blake2_256(&[context, message].concat()),
			RingProofError::InvalidProof
		);
		Ok(*alias)
	}
}

/// The benchmarks' proofs: by the holder of alias `[0xA1; 32]`.
#[cfg(feature = "runtime-benchmarks")]
impl crate::types::BenchmarkHelper for MockRing {
	fn ring_proof(
		context: &[u8],
		message: &[u8],
	) -> Result<(RingIndex, RingRevision, Alias, Vec<u8>), &'static str> {
		let alias = [0xA1; 32];
		Ok((MOCK_RING, MOCK_REVISION, alias, mock_proof(&alias, context, message)))
	}

	fn set_most_auditors() -> u32 {
		Auditors::set(&7);
		7
	}
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

/// Alice's identity (a person; accounts [`alice`] and [`alice_2`]): the borrower.
pub const ALICE_ID: IdentityId = 1;
/// Bob's identity (a person): the C2C lender.
pub const BOB_ID: IdentityId = 2;
/// ACME's identity (a company; account [`acme`], operator [`op`]): the corporate lender.
pub const ACME_ID: IdentityId = 3;
/// Zeta's identity (another company; account [`zeta`], operator [`op_zeta`]).
pub const ZETA_ID: IdentityId = 4;
/// Dave's identity (a person with no part in the tests' loans).
pub const DAVE_ID: IdentityId = 5;

/// Alice's first account (sr25519, signs consents).
pub fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}
/// Alice's second account.
pub fn alice_2() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}
/// Bob's account.
pub fn bob() -> AccountId {
	Sr25519Keyring::Bob.to_account_id()
}
/// Dave's account.
pub fn dave() -> AccountId {
	Sr25519Keyring::Dave.to_account_id()
}
/// ACME's own (attested) account.
pub fn acme() -> AccountId {
	AccountId32::new([20; 32])
}
/// ACME's operator (its API system).
pub fn op() -> AccountId {
	AccountId32::new([30; 32])
}
/// Zeta's own account.
pub fn zeta() -> AccountId {
	AccountId32::new([21; 32])
}
/// Zeta's operator.
pub fn op_zeta() -> AccountId {
	AccountId32::new([31; 32])
}
/// An account with no identity, no role and no funds.
pub fn nobody() -> AccountId {
	AccountId32::new([99; 32])
}

/// The commitment of test terms `n`.
pub fn commitment(n: u8) -> Commitment {
	Commitment::repeat_byte(n)
}

/// Some sealed terms.
pub fn terms() -> Vec<u8> {
	vec![0xAB; 16]
}

/// `keyring`'s sr25519 consent to a loan of `company` (renewing `renews`), over the payload the
/// chain expects now.
pub fn consent(
	keyring: Sr25519Keyring,
	company: IdentityId,
	commitment: Commitment,
	duration: u64,
	renews: Option<u64>,
) -> MultiSignature {
	let payload =
		Loans::consent_payload(company, keyring.to_account_id(), commitment, duration, renews);
	MultiSignature::Sr25519(keyring.sign(&payload))
}

/// Runs the blocks after the current one up to `n`, with the timestamp and `on_initialize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Timestamp::set_timestamp(next * BLOCK_MS);
		Loans::on_initialize(next);
	}
}

/// Builds the test externalities.
pub struct ExtBuilder {
	/// The balance of every funded account of the cast.
	endowment: u64,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { endowment: ENDOWMENT }
	}
}

impl ExtBuilder {
	/// Test externalities at block 1 (so events are recorded), with the cast's identities and
	/// funds, and a keystore (for the benchmarks' signatures).
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let funded = [alice(), alice_2(), bob(), dave(), acme(), op(), zeta(), op_zeta()];
		pallet_balances::GenesisConfig::<Test> {
			balances: funded.iter().map(|account| (account.clone(), self.endowment)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(BLOCK_MS);
			set_identity(&alice(), ALICE_ID, SubjectKind::Person);
			set_identity(&alice_2(), ALICE_ID, SubjectKind::Person);
			set_identity(&bob(), BOB_ID, SubjectKind::Person);
			set_identity(&dave(), DAVE_ID, SubjectKind::Person);
			set_identity(&acme(), ACME_ID, SubjectKind::Company);
			set_operator(&op(), ACME_ID);
			set_identity(&zeta(), ZETA_ID, SubjectKind::Company);
			set_operator(&op_zeta(), ZETA_ID);
		});
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			pallet_loans::Pallet::<Test>::do_try_state().unwrap();
		});
	}
}

/// Test externalities for the benchmark test suite (no identities; a keystore).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(BLOCK_MS);
	});
	ext
}

/// The events of this pallet recorded so far.
pub fn loan_events() -> Vec<pallet_loans::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Loans(event) => Some(event),
			_ => None,
		})
		.collect()
}
