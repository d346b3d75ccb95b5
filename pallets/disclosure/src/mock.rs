//! A minimal runtime for the unit tests, with an in-mock [`IdentityProvider`], loan registry and
//! key registry whose identities, loans and encryption keys the tests set directly (kept in the
//! test externalities' storage, so every test starts empty), and [`LevelPolicy`] behind a switch
//! that can make it refuse everything.

use crate as pallet_disclosure;
use crate::LevelPolicy;
use codec::Encode;
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, ConstU64, Hooks},
};
use loanchain_primitives::{
	terms_commitment, AttestationStatus, Commitment, DisclosureDenied, DisclosureLevel,
	DisclosurePolicy, EncryptionKeyProvider, IdentityId, IdentityProvider, LenderKey, LoanId,
	LoanParties, LoanParty, LoanRegistry, Salt, SubjectKind, CAPSULE_LEN,
};
use sp_core::Pair;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

/// The account type of the tests (as in the runtime).
pub type AccountId = AccountId32;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Disclosure: pallet_disclosure,
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

/// The balance of every endowed account.
pub const ENDOWMENT: u64 = 1_000;
/// The grant deposit.
pub const GRANT_DEPOSIT: u64 = 10;
/// The request deposit.
pub const REQUEST_DEPOSIT: u64 = 5;
/// The price of a paid query of the tests' paid loans.
pub const FEE: u64 = 50;
/// Blocks a lender has to deliver.
pub const QUERY_DEADLINE: u64 = 10;
/// The longest plaintext terms.
pub const MAX_TERMS: u32 = 256;
/// The longest sealed purpose (and complaint reason): a note sealed to seven auditors and the
/// borrower, as the pallet requires.
pub const MAX_PURPOSE: u32 = loanchain_primitives::MAX_SEALED_NOTE_LEN;
/// How many auditor keys the mock's consortium has: notes are sealed to them and the borrower.
pub const AUDITORS: u32 = 1;
/// The most readers per loan.
pub const MAX_GRANTS: u32 = 2;
/// The most grants and revocations by an alias loan's lender.
pub const MAX_LENDER_GRANT_ACTIONS: u32 = 4;
/// The most open requests per loan.
pub const MAX_OPEN: u32 = 2;
/// The fee burnt for an entry of an inquiry log.
pub const INQUIRY_FEE: u64 = 2;
/// Blocks a cancelled request stays deliverable.
pub const CANCEL_NOTICE: u64 = 3;
/// The most deadlines (and queue blocks) processed per block.
pub const MAX_REFUNDS: u32 = 2;

/// The shortest and longest paid-query deadlines the consortium may set.
pub const MIN_QUERY_DEADLINE: u64 = 2;
/// See [`MIN_QUERY_DEADLINE`].
pub const MAX_QUERY_DEADLINE: u64 = 1_000;

frame_support::ord_parameter_types! {
	/// The account that plays the consortium (the admin origin) in tests.
	pub const ConsortiumAccount: AccountId = AccountId32::new([200; 32]);
}

parameter_types! {
	pub const QueryDeadline: u64 = QUERY_DEADLINE;
	pub const GrantDeposit: u64 = GRANT_DEPOSIT;
	pub const RequestDeposit: u64 = REQUEST_DEPOSIT;
	pub const InquiryFee: u64 = INQUIRY_FEE;
	pub const CancelNotice: u64 = CANCEL_NOTICE;
}

impl pallet_disclosure::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Loans = MockLoans;
	type Identities = MockIdentities;
	type EncryptionKeys = MockKeys;
	type Policy = MockPolicy;
	type MaxTermsLen = ConstU32<MAX_TERMS>;
	type MaxPurposeLen = ConstU32<MAX_PURPOSE>;
	type AuditorCount = ConstU32<AUDITORS>;
	type MaxGrantsPerLoan = ConstU32<MAX_GRANTS>;
	type MaxLenderGrantActions = ConstU32<MAX_LENDER_GRANT_ACTIONS>;
	type MaxOpenRequestsPerLoan = ConstU32<MAX_OPEN>;
	type InquiryFee = InquiryFee;
	type CancelNotice = CancelNotice;
	type AdminOrigin = frame_system::EnsureSignedBy<ConsortiumAccount, AccountId>;
	type DefaultQueryDeadline = QueryDeadline;
	type MinQueryDeadline = ConstU64<MIN_QUERY_DEADLINE>;
	type MaxQueryDeadline = ConstU64<MAX_QUERY_DEADLINE>;
	type GrantDeposit = GrantDeposit;
	type RequestDeposit = RequestDeposit;
	type MaxRefundsPerBlock = ConstU32<MAX_REFUNDS>;
	type WeightInfo = ();
}

fn key(what: &[u8], id: impl Encode) -> Vec<u8> {
	(b"mock-disclosure", what, id).encode()
}

// ---- the mock identity provider ---------------------------------------------------------------

/// Identities kept in the externalities' storage.
pub struct MockIdentities;

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
		let next: IdentityId = unhashed::get(&key(b"next-identity", ())).unwrap_or(1_000);
		unhashed::put(&key(b"next-identity", ()), &(next + 1));
		set_identity(account, next, kind);
		Some(next)
	}
}

// ---- the mock encryption keys -------------------------------------------------------------------

/// Encryption keys kept in the externalities' storage.
pub struct MockKeys;

/// Registers `key` as `account`'s encryption key.
pub fn set_key(account: &AccountId, encryption_key: [u8; 32]) {
	unhashed::put(&key(b"key", account), &encryption_key);
}

/// Removes `account`'s encryption key.
pub fn clear_key(account: &AccountId) {
	unhashed::kill(&key(b"key", account));
}

impl EncryptionKeyProvider<AccountId> for MockKeys {
	fn encryption_key(account: &AccountId) -> Option<[u8; 32]> {
		unhashed::get(&key(b"key", account))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_encryption_key_for_benchmark(account: &AccountId, encryption_key: [u8; 32]) {
		set_key(account, encryption_key)
	}
}

// ---- the mock loan registry ---------------------------------------------------------------------

/// What the mock registry knows about a loan.
#[derive(Encode, codec::Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct MockLoan {
	/// Both parties.
	pub parties: LoanParties,
	/// The commitment to the terms.
	pub commitment: Commitment,
	/// The information level, if a breach was reported.
	pub level: Option<DisclosureLevel<u64>>,
}

/// Loans kept in the externalities' storage.
pub struct MockLoans;

/// Records loan `loan_id`.
pub fn set_loan(loan_id: LoanId, loan: MockLoan) {
	unhashed::put(&key(b"loan", loan_id), &loan);
}

fn loan_of(loan_id: LoanId) -> Option<MockLoan> {
	unhashed::get(&key(b"loan", loan_id))
}

/// Makes loan `loan_id` a confirmed alias loan: `lender_key` signs its lender's disclosures,
/// `payout` receives what they earn (its parties name no lender).
pub fn set_alias(loan_id: LoanId, lender_key: LenderKey, payout: &AccountId) {
	unhashed::put(&key(b"alias", loan_id), &(lender_key, payout));
}

impl LoanRegistry<AccountId, u64> for MockLoans {
	fn parties(loan_id: LoanId) -> Option<LoanParties> {
		loan_of(loan_id).map(|loan| loan.parties)
	}

	fn commitment(loan_id: LoanId) -> Option<Commitment> {
		loan_of(loan_id).map(|loan| loan.commitment)
	}

	fn disclosure_level(loan_id: LoanId) -> Option<DisclosureLevel<u64>> {
		loan_of(loan_id).and_then(|loan| loan.level)
	}

	fn acts_for(loan_id: LoanId, party: LoanParty, account: &AccountId) -> bool {
		loan_of(loan_id).is_some_and(|loan| {
			let identity = match party {
				LoanParty::Borrower => Some(loan.parties.borrower),
				LoanParty::Lender => loan.parties.lender,
			};
			identity.is_some_and(|identity| MockIdentities::acts_for(account, identity))
		})
	}

	fn alias_lender(loan_id: LoanId) -> Option<(LenderKey, AccountId)> {
		unhashed::get(&key(b"alias", loan_id))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn alias_breached_for_benchmark(
		borrower: &AccountId,
		lender_key: LenderKey,
		payout: &AccountId,
		commitment: Commitment,
		level: DisclosureLevel<u64>,
	) -> Option<LoanId> {
		let borrower = MockIdentities::identity_of(borrower)
			.or_else(|| MockIdentities::attest_for_benchmark(borrower, SubjectKind::Person))?;
		let parties = LoanParties { borrower, lender: None };
		let loan_id: LoanId = unhashed::get(&key(b"next-loan", ())).unwrap_or(100);
		unhashed::put(&key(b"next-loan", ()), &(loan_id + 1));
		set_loan(loan_id, MockLoan { parties, commitment, level: Some(level) });
		set_alias(loan_id, lender_key, payout);
		Some(loan_id)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn breached_for_benchmark(
		borrower: &AccountId,
		lender: &AccountId,
		commitment: Commitment,
		level: DisclosureLevel<u64>,
	) -> Option<LoanId> {
		let identity = |account: &AccountId| {
			MockIdentities::identity_of(account)
				.or_else(|| MockIdentities::attest_for_benchmark(account, SubjectKind::Person))
		};
		let parties =
			LoanParties { borrower: identity(borrower)?, lender: Some(identity(lender)?) };
		let loan_id: LoanId = unhashed::get(&key(b"next-loan", ())).unwrap_or(100);
		unhashed::put(&key(b"next-loan", ()), &(loan_id + 1));
		set_loan(loan_id, MockLoan { parties, commitment, level: Some(level) });
		Some(loan_id)
	}
}

// ---- the policy -------------------------------------------------------------------------------

/// [`LevelPolicy`], unless a test made it refuse everything with [`deny_all`].
pub struct MockPolicy;

/// Makes every decision of the policy `reason` (or, with `None`, [`LevelPolicy`]'s again).
pub fn deny_all(reason: Option<DisclosureDenied>) {
	match reason {
		Some(reason) => unhashed::put(&key(b"deny", ()), &reason),
		None => unhashed::kill(&key(b"deny", ())),
	}
}

fn denied() -> Result<(), DisclosureDenied> {
	match unhashed::get::<DisclosureDenied>(&key(b"deny", ())) {
		Some(reason) => Err(reason),
		None => Ok(()),
	}
}

impl DisclosurePolicy<AccountId, u64> for MockPolicy {
	fn may_reveal(loan_id: LoanId, who: &AccountId) -> Result<(), DisclosureDenied> {
		denied()?;
		LevelPolicy::<Test>::may_reveal(loan_id, who)
	}

	fn may_grant(
		loan_id: LoanId,
		who: &AccountId,
		reader: &AccountId,
	) -> Result<(), DisclosureDenied> {
		denied()?;
		LevelPolicy::<Test>::may_grant(loan_id, who, reader)
	}

	fn may_request(loan_id: LoanId, who: &AccountId) -> Result<u64, DisclosureDenied> {
		denied()?;
		LevelPolicy::<Test>::may_request(loan_id, who)
	}

	fn may_deliver(loan_id: LoanId, who: &AccountId) -> Result<(), DisclosureDenied> {
		denied()?;
		LevelPolicy::<Test>::may_deliver(loan_id, who)
	}
}

// ---- the cast -----------------------------------------------------------------------------------

/// Alice's identity (a person; accounts [`alice`] and [`alice_2`]): the borrower.
pub const ALICE_ID: IdentityId = 1;
/// Bob's identity (a person): the C2C lender.
pub const BOB_ID: IdentityId = 2;
/// ACME's identity (a company; account [`acme`], operator [`op`]): the corporate lender.
pub const ACME_ID: IdentityId = 3;
/// Zeta's identity (another company; operator [`op_zeta`]): a requester.
pub const ZETA_ID: IdentityId = 4;
/// Dave's identity (a person with no part in the loans): a requester or reader.
pub const DAVE_ID: IdentityId = 5;
/// Eve's identity (a person with no part in the loans): another requester or reader.
pub const EVE_ID: IdentityId = 6;

fn account(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}

/// Alice's first account.
pub fn alice() -> AccountId {
	account(1)
}
/// Alice's second account.
pub fn alice_2() -> AccountId {
	account(11)
}
/// Bob's account.
pub fn bob() -> AccountId {
	account(2)
}
/// ACME's own account.
pub fn acme() -> AccountId {
	account(3)
}
/// ACME's operator (its API system).
pub fn op() -> AccountId {
	account(13)
}
/// Zeta's operator.
pub fn op_zeta() -> AccountId {
	account(14)
}
/// Dave's account.
pub fn dave() -> AccountId {
	account(5)
}
/// Eve's account.
pub fn eve() -> AccountId {
	account(6)
}
/// The account that plays the consortium.
pub fn consortium() -> AccountId {
	account(200)
}
/// An account with no identity and no key, but funds.
pub fn nobody() -> AccountId {
	account(99)
}

/// The X25519 public key the cast registered for `account` (a stand-in: the chain only compares
/// it).
pub fn key_of(account: &AccountId) -> [u8; 32] {
	let bytes: &[u8; 32] = account.as_ref();
	[bytes[0].wrapping_add(0x40); 32]
}

/// A capsule sealed (in form) to `public_key`: the key, then 80 bytes of "sealed box".
pub fn capsule_to(public_key: [u8; 32]) -> Vec<u8> {
	let mut capsule = public_key.to_vec();
	capsule.resize(CAPSULE_LEN, 0xCC);
	capsule
}

/// A capsule sealed (in form) to `account`'s registered key.
pub fn capsule_for(account: &AccountId) -> Vec<u8> {
	capsule_to(key_of(account))
}

/// The plaintext terms of the public loan.
pub const TERMS: &[u8] = br#"{"amount":"2500.00","currency":"EUR","installments":12}"#;
/// The salt of the public loan.
pub const SALT: Salt = [0x80; 32];

/// A breached loan whose lender made it public (commitment to [`TERMS`] and [`SALT`]).
pub const PUBLIC_LOAN: LoanId = 0;
/// A breached loan whose lender chose "encrypted".
pub const ENCRYPTED_LOAN: LoanId = 1;
/// A breached loan whose lender (Bob) sells paid queries at [`FEE`].
pub const PAID_LOAN: LoanId = 2;
/// A breached corporate loan whose lender (ACME) sells paid queries at [`FEE`].
pub const CORPORATE_LOAN: LoanId = 3;
/// A loan without a breach (no information level).
pub const ACTIVE_LOAN: LoanId = 4;
/// A number no loan has.
pub const NO_LOAN: LoanId = 42;
/// An alias loan (Alice borrows; the lender key is [`lender_key`]) whose level is public, with
/// [`TERMS`] and [`SALT`].
pub const ALIAS_PUBLIC_LOAN: LoanId = 5;
/// An alias loan (Alice borrows; the lender key is [`lender_key`]) sold as a paid query at
/// [`FEE`].
pub const ALIAS_PAID_LOAN: LoanId = 6;

/// The lender key of the alias loans.
pub fn lender_key() -> sp_core::sr25519::Pair {
	sp_core::sr25519::Pair::from_seed(&[0x1E; 32])
}

/// The payout account of the alias loans (unfunded: the fees they earn are its balance).
pub fn payout() -> AccountId {
	account(30)
}

/// Runs the blocks after the current one up to `n`, with `on_initialize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Disclosure::on_initialize(next);
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
	/// Test externalities at block 1 (so events are recorded), with the cast's identities,
	/// keys, funds and loans.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let funded = [alice(), alice_2(), bob(), acme(), op(), op_zeta(), dave(), eve(), nobody()];
		pallet_balances::GenesisConfig::<Test> {
			balances: funded.iter().map(|account| (account.clone(), self.endowment)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			set_identity(&alice(), ALICE_ID, SubjectKind::Person);
			set_identity(&alice_2(), ALICE_ID, SubjectKind::Person);
			set_identity(&bob(), BOB_ID, SubjectKind::Person);
			set_identity(&acme(), ACME_ID, SubjectKind::Company);
			set_operator(&op(), ACME_ID);
			set_identity(&dave(), DAVE_ID, SubjectKind::Person);
			set_identity(&eve(), EVE_ID, SubjectKind::Person);
			set_operator(&op_zeta(), ZETA_ID);
			// Zeta's own (attested) account is not funded and never acts.
			set_identity(&account(4), ZETA_ID, SubjectKind::Company);
			for who in [alice(), alice_2(), bob(), acme(), op(), op_zeta(), dave(), eve()] {
				set_key(&who, key_of(&who));
			}
			let c2c = LoanParties { borrower: ALICE_ID, lender: Some(BOB_ID) };
			let paid = Some(DisclosureLevel::PaidQuery { fee: FEE });
			let loans = [
				(PUBLIC_LOAN, c2c, terms_commitment(TERMS, &SALT), Some(DisclosureLevel::Public)),
				(ENCRYPTED_LOAN, c2c, Commitment::repeat_byte(1), Some(DisclosureLevel::Encrypted)),
				(PAID_LOAN, c2c, Commitment::repeat_byte(2), paid),
				(
					CORPORATE_LOAN,
					LoanParties { borrower: ALICE_ID, lender: Some(ACME_ID) },
					Commitment::repeat_byte(3),
					paid,
				),
				(ACTIVE_LOAN, c2c, Commitment::repeat_byte(4), None),
			];
			for (loan_id, parties, commitment, level) in loans {
				set_loan(loan_id, MockLoan { parties, commitment, level });
			}
			let alias = LoanParties { borrower: ALICE_ID, lender: None };
			let alias_loans = [
				(ALIAS_PUBLIC_LOAN, terms_commitment(TERMS, &SALT), Some(DisclosureLevel::Public)),
				(ALIAS_PAID_LOAN, Commitment::repeat_byte(5), paid),
			];
			for (loan_id, commitment, level) in alias_loans {
				set_loan(loan_id, MockLoan { parties: alias, commitment, level });
				set_alias(loan_id, lender_key().public().0, &payout());
			}
		});
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			pallet_disclosure::Pallet::<Test>::do_try_state().unwrap();
		});
	}
}

/// Test externalities for the benchmark test suite (no identities, loans or keys; a keystore
/// for the lender keys' signatures).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The events of this pallet recorded so far.
pub fn disclosure_events() -> Vec<pallet_disclosure::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Disclosure(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Bytes shaped as a note sealed (sealing v2, the first bucket) to `recipients` keys, filled
/// with `fill`: the chain checks the shape only.
pub fn note_for(recipients: u8, fill: u8) -> Vec<u8> {
	let mut bytes = vec![fill; loanchain_primitives::sealed_lender_len(recipients.into()) as usize];
	bytes[0] = 2;
	bytes[25] = recipients;
	bytes
}

/// A note shaped as sealed to the mock's auditors and the borrower, filled with `fill`.
pub fn note(fill: u8) -> Vec<u8> {
	note_for(AUDITORS as u8 + 1, fill)
}
