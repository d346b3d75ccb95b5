//! Benchmarks of `pallet_loans`, each in its worst case: the largest sealed terms, a borrower
//! list one short of full, and a loan history as full as the call allows. Consents are signed
//! with an sr25519 key of the keystore, over the `<Bytes>`-wrapped payload (the slower of the
//! two accepted forms). The alias confirmation brings a ring proof from the runtime's
//! [`Config::BenchmarkHelper`], and so does the alias renewal (the runtime's ring takes proofs
//! made natively for the fixed inputs below); the lender's actions are signed with an sr25519 key of the keystore.

use super::*;
use alloc::{vec, vec::Vec};
use codec::{Decode, Encode};
use frame_benchmarking::v2::*;
use frame_support::traits::Authorize;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use loanchain_primitives::{
	confirm_message, lender_action_payload, lender_context, renewal_message, renewal_proof_message,
	sealed_lender_len, SEALED_LENDER_ENVELOPE_VERSION,
};
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{
	traits::{One, Saturating, TrailingZeroInput, Zero},
	transaction_validity::TransactionSource,
};

/// The keystore key type of the benchmarks' borrowers.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"loan");

/// The genesis hash the alias confirmation's benchmarks set (`frame_system`'s own genesis
/// value), so that its proof's context and message are fixed.
pub const ALIAS_GENESIS: [u8; 32] = [0x45; 32];
/// The number of the alias confirmation's loan.
pub const ALIAS_LOAN: LoanId = 1 << 40;
/// The handle of the alias confirmation's invitation.
pub const ALIAS_HANDLE: LenderHandle = [0xC1; 32];
/// The lender key the alias confirmation designates.
pub const ALIAS_LENDER_KEY: LenderKey = [0xC2; 32];
/// The bytes the alias confirmation's payout account decodes from.
pub const ALIAS_PAYOUT: [u8; 32] = [0xC3; 32];

/// A sealed lender record of the shape the chain accepts for `auditors` auditor keys (fixed
/// bytes: the chain cannot tell them from a real envelope, and the benchmark proof binds them).
pub fn benchmark_sealed_lender(auditors: u32) -> SealedLenderOf {
	let recipients = auditors.saturating_add(1);
	let mut bytes = vec![0x5E; sealed_lender_len(recipients) as usize];
	bytes[0] = SEALED_LENDER_ENVELOPE_VERSION;
	bytes[25] = recipients as u8;
	SealedLenderOf::truncate_from(bytes)
}

/// The context and message of the alias confirmation's ring proof, for payout account
/// `payout` (decoded from [`ALIAS_PAYOUT`]) and the sealed lender record of `auditors` auditor
/// keys ([`benchmark_sealed_lender`]): what a native prover signs for the runtime's benchmark
/// fixture.
pub fn alias_confirmation<AccountId: Encode>(
	payout: &AccountId,
	auditors: u32,
) -> ([u8; 32], Vec<u8>) {
	(
		lender_context(&ALIAS_GENESIS, &ALIAS_HANDLE),
		confirm_message(
			&ALIAS_GENESIS,
			ALIAS_LOAN,
			&ALIAS_LENDER_KEY,
			payout,
			&benchmark_sealed_lender(auditors),
		),
	)
}

/// The loan the alias renewal's benchmarks renew (the follow-on is [`ALIAS_LOAN`]).
pub const ALIAS_RENEWED: LoanId = ALIAS_LOAN - 1;

/// The context and message of the alias renewal's ring proof: [`ALIAS_RENEWED`] renewed into
/// [`ALIAS_LOAN`] under the invitation [`ALIAS_HANDLE`], with the lender key, payout account
/// and sealed lender record of [`alias_confirmation`]: what a native prover signs for the
/// runtime's benchmark fixture.
pub fn alias_renewal_proof<AccountId: Encode>(
	payout: &AccountId,
	auditors: u32,
) -> ([u8; 32], Vec<u8>) {
	(
		lender_context(&ALIAS_GENESIS, &ALIAS_HANDLE),
		renewal_proof_message(
			&ALIAS_GENESIS,
			ALIAS_RENEWED,
			ALIAS_LOAN,
			&ALIAS_LENDER_KEY,
			payout,
			&benchmark_sealed_lender(auditors),
		),
	)
}

/// Gives `who` enough for many deposits.
fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::ProposalDeposit::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(100u32.into());
	T::Currency::set_balance(who, amount);
}

/// A new, funded, validly attested subject `name` of `kind`.
fn subject<T: Config>(
	name: &'static str,
	kind: SubjectKind,
) -> Result<(T::AccountId, IdentityId), BenchmarkError> {
	let who: T::AccountId = account(name, 0, 0);
	let identity = T::Identities::attest_for_benchmark(&who, kind)
		.ok_or(BenchmarkError::Stop("cannot attest a benchmark subject"))?;
	fund::<T>(&who);
	Ok((who, identity))
}

/// A new, funded, validly attested person whose account is an sr25519 key of the keystore.
fn signer<T: Config>() -> Result<(T::AccountId, sr25519::Public, IdentityId), BenchmarkError>
where
	T::AccountId: From<sr25519::Public>,
{
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	let who: T::AccountId = public.into();
	let identity = T::Identities::attest_for_benchmark(&who, SubjectKind::Person)
		.ok_or(BenchmarkError::Stop("cannot attest a benchmark subject"))?;
	fund::<T>(&who);
	Ok((who, public, identity))
}

/// `public`'s signature over `payload` wrapped in `<Bytes>`…`</Bytes>`.
fn sign<T: Config>(public: &sr25519::Public, payload: &[u8]) -> Result<T::Signature, BenchmarkError>
where
	T::Signature: From<sr25519::Signature>,
{
	let wrapped = [&b"<Bytes>"[..], payload, &b"</Bytes>"[..]].concat();
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, &wrapped)
		.map(Into::into)
		.ok_or(BenchmarkError::Stop("cannot sign with the keystore"))
}

/// Sealed terms of `len` bytes.
fn terms(len: u32) -> Vec<u8> {
	vec![0xAB; len as usize]
}

/// The largest sealed terms.
fn max_terms<T: Config>() -> Vec<u8> {
	terms(T::MaxSealedTermsLen::get())
}

/// A loan period of (at most) ten blocks.
fn duration<T: Config>() -> BlockNumberFor<T> {
	T::MaxLoanPeriod::get().min(10u32.into())
}

/// A registration to an alias in the name of a new borrower, whose list is one loan short of
/// full, with `s` bytes of sealed terms and the consent (wrapped, so both checks run). Returns
/// `(alias, call)`.
fn alias_registration<T: Config>(s: u32) -> Result<(Alias, Call<T>), BenchmarkError>
where
	T::AccountId: From<sr25519::Public>,
	T::Signature: From<sr25519::Signature>,
{
	let (borrower, public, borrower_id) = signer::<T>()?;
	fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
	let alias: Alias = [0xA1; 32];
	let commitment = Commitment::repeat_byte(1);
	let sealed_terms = terms(s);
	let payload = Pallet::<T>::alias_consent_payload(
		alias,
		borrower.clone(),
		commitment,
		&sealed_terms,
		duration::<T>(),
		None,
	);
	let consent = sign::<T>(&public, &payload)?;
	let call = Call::<T>::register_for_alias {
		borrower,
		alias,
		duration: duration::<T>(),
		commitment,
		sealed_terms,
		consent,
	};
	Ok((alias, call))
}

/// Fills `identity`'s borrower list up to `len` entries with numbers no real loan has.
fn fill_loans<T: Config>(identity: IdentityId, len: u32) -> Result<(), BenchmarkError> {
	let mut loans = LoansOf::<T>::get(identity);
	let mut filler = LoanId::MAX;
	while (loans.len() as u32) < len {
		loans.try_push(filler).map_err(|_| BenchmarkError::Stop("borrower list full"))?;
		filler = filler.saturating_sub(1);
	}
	LoansOf::<T>::insert(identity, loans);
	Ok(())
}

/// Pads `loan_id`'s history with large entries until only `free` entries are left.
fn pad_history<T: Config>(loan_id: LoanId, free: u32) -> Result<(), BenchmarkError> {
	let mut loan = Loans::<T>::get(loan_id).ok_or(BenchmarkError::Stop("no loan"))?;
	let by: T::AccountId = account("auditor", 0, 0);
	let at = frame_system::Pallet::<T>::block_number();
	while (loan.history.len() as u32).saturating_add(free) < T::MaxHistory::get() {
		let change = LoanChange::Registered { company: IdentityId::MAX, duration: at, nonce: 0 };
		loan.history
			.try_push(HistoryEntry { at, by: Actor::Account(by.clone()), change })
			.map_err(|_| BenchmarkError::Stop("history full"))?;
	}
	Loans::<T>::insert(loan_id, loan);
	Ok(())
}

/// A borrower (with a borrower list one short of full), a lender, and a proposal between them
/// with the largest terms. Returns `(borrower, lender, loan)`.
fn proposal<T: Config>() -> Result<(T::AccountId, T::AccountId, LoanId), BenchmarkError> {
	let (borrower, borrower_id) = subject::<T>("borrower", SubjectKind::Person)?;
	let (lender, _) = subject::<T>("lender", SubjectKind::Person)?;
	fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
	let loan_id = NextLoanId::<T>::get();
	Pallet::<T>::do_propose(
		borrower.clone(),
		lender.clone(),
		duration::<T>(),
		Commitment::repeat_byte(1),
		max_terms::<T>(),
	)?;
	Ok((borrower, lender, loan_id))
}

/// An active loan of [`proposal`], with `free` history entries left.
fn active<T: Config>(free: u32) -> Result<(T::AccountId, T::AccountId, LoanId), BenchmarkError> {
	let (borrower, lender, loan_id) = proposal::<T>()?;
	Pallet::<T>::do_confirm(lender.clone(), loan_id)?;
	pad_history::<T>(loan_id, free)?;
	Ok((borrower, lender, loan_id))
}

/// The end of `loan_id`.
fn end_of<T: Config>(loan_id: LoanId) -> Result<BlockNumberFor<T>, BenchmarkError> {
	Loans::<T>::get(loan_id)
		.and_then(|loan| loan.period)
		.map(|period| period.end)
		.ok_or(BenchmarkError::Stop("loan not in force"))
}

/// A feedback-due loan of [`active`] (the block set to its end), with `free` history entries
/// left.
fn due<T: Config>(free: u32) -> Result<(T::AccountId, T::AccountId, LoanId), BenchmarkError> {
	let (borrower, lender, loan_id) = active::<T>(free.saturating_add(1))?;
	let end = end_of::<T>(loan_id)?;
	frame_system::Pallet::<T>::set_block_number(end);
	Pallet::<T>::process_deadline(end, loan_id, end);
	pad_history::<T>(loan_id, free)?;
	Ok((borrower, lender, loan_id))
}

/// A loan of [`due`] with an extension proposed, with `free` history entries left.
fn extension<T: Config>(free: u32) -> Result<(T::AccountId, LoanId), BenchmarkError> {
	let (borrower, lender, loan_id) = due::<T>(free.saturating_add(1))?;
	let new_end = frame_system::Pallet::<T>::block_number().saturating_add(duration::<T>());
	Pallet::<T>::do_propose_extension(lender, loan_id, new_end)?;
	pad_history::<T>(loan_id, free)?;
	Ok((borrower, loan_id))
}

/// The helper's ring proof for the fixed inputs `inputs` gives (a payout account decoded from
/// [`ALIAS_PAYOUT`] and the most auditors, which it sets), with [`ALIAS_GENESIS`] as the genesis
/// hash.
struct FixedProof<T: Config> {
	payout: T::AccountId,
	auditors: u32,
	ring: loanchain_primitives::RingIndex,
	revision: loanchain_primitives::RingRevision,
	alias: Alias,
	proof: RingProofOf,
}

/// What makes a fixed ring proof's context and message of a payout account and a number of
/// auditors ([`alias_confirmation`], [`alias_renewal_proof`]).
type ProofInputs<T> = fn(&<T as frame_system::Config>::AccountId, u32) -> ([u8; 32], Vec<u8>);

/// Sets the genesis hash and the auditors of the fixed inputs, and brings the helper's proof for
/// the context and message `inputs` makes of them.
fn fixed_proof<T: Config>(inputs: ProofInputs<T>) -> Result<FixedProof<T>, BenchmarkError> {
	let genesis = T::Hash::decode(&mut TrailingZeroInput::new(&ALIAS_GENESIS))
		.map_err(|_| BenchmarkError::Stop("the genesis hash does not decode"))?;
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::zero(), genesis);
	let payout = T::AccountId::decode(&mut TrailingZeroInput::new(&ALIAS_PAYOUT))
		.map_err(|_| BenchmarkError::Stop("the payout account does not decode"))?;
	let auditors = T::BenchmarkHelper::set_most_auditors();
	let (context, message) = inputs(&payout, auditors);
	let (ring, revision, alias, proof) =
		T::BenchmarkHelper::ring_proof(&context, &message).map_err(BenchmarkError::Stop)?;
	let proof = RingProofOf::try_from(proof).map_err(|_| BenchmarkError::Stop("proof too long"))?;
	Ok(FixedProof { payout, auditors, ring, revision, alias, proof })
}

/// An alias proposal ([`ALIAS_LOAN`]) with the largest terms, from a borrower list one short
/// of full, to the alias of the helper's proof for [`alias_confirmation`], with the history
/// the confirmation needs. Returns the confirmation's call.
fn alias_proposal<T: Config>() -> Result<Call<T>, BenchmarkError> {
	let FixedProof { payout, auditors, ring, revision, alias, proof } =
		fixed_proof::<T>(alias_confirmation)?;
	let (borrower, borrower_id) = subject::<T>("borrower", SubjectKind::Person)?;
	fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
	NextLoanId::<T>::put(ALIAS_LOAN);
	Pallet::<T>::do_propose_to_alias(
		borrower,
		alias,
		duration::<T>(),
		Commitment::repeat_byte(1),
		max_terms::<T>(),
	)?;
	pad_history::<T>(ALIAS_LOAN, HISTORY_RESERVED_ACTIVE.saturating_add(1))?;
	Ok(Call::<T>::confirm_as_alias {
		loan_id: ALIAS_LOAN,
		handle: ALIAS_HANDLE,
		ring,
		revision,
		lender_key: ALIAS_LENDER_KEY,
		payout,
		proof,
		sealed_lender: benchmark_sealed_lender(auditors),
	})
}

/// A feedback-due alias loan whose lender key is an sr25519 key of the keystore, with the
/// history an extension needs, and the lender's signed [`LenderAction::ProposeExtension`]
/// (the action with the most work). Returns the call.
fn alias_action<T: Config>() -> Result<Call<T>, BenchmarkError> {
	let (borrower, borrower_id) = subject::<T>("borrower", SubjectKind::Person)?;
	fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
	let loan_id = NextLoanId::<T>::get();
	Pallet::<T>::do_propose_to_alias(
		borrower,
		[0xA1; 32],
		duration::<T>(),
		Commitment::repeat_byte(1),
		max_terms::<T>(),
	)?;
	let key = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	let payout: T::AccountId = account("payout", 0, 0);
	let sealed_lender = benchmark_sealed_lender(T::AuditorCount::get());
	Pallet::<T>::do_confirm_as_alias(loan_id, key.0, payout, sealed_lender)?;
	let end = end_of::<T>(loan_id)?;
	frame_system::Pallet::<T>::set_block_number(end);
	Pallet::<T>::process_deadline(end, loan_id, end);
	pad_history::<T>(loan_id, HISTORY_RESERVED_EXTENSION.saturating_add(1))?;
	let new_end = end.saturating_add(One::one());
	let action = LenderAction::ProposeExtension { new_end };
	let payload = lender_action_payload(&Pallet::<T>::genesis(), loan_id, 0, &action);
	let signature = sp_io::crypto::sr25519_sign(KEY_TYPE, &key, &payload)
		.ok_or(BenchmarkError::Stop("cannot sign with the keystore"))?;
	Ok(Call::<T>::lender_act { loan_id, nonce: 0, action, signature: signature.0 })
}

/// An early alias renewal of [`ALIAS_RENEWED`] (an alias loan in force of a borrower whose list
/// is one short of full, with the history a renewal needs) into [`ALIAS_LOAN`] with `s` bytes
/// of sealed terms: the borrower's consent signed with a keystore key, the previous lender
/// key's signature with another, and the helper's ring proof for [`alias_renewal_proof`] (its
/// alias is the follow-on's). Returns the follow-on's alias and the call.
fn alias_renewal<T: Config>(s: u32) -> Result<(Alias, Call<T>), BenchmarkError>
where
	T::AccountId: From<sr25519::Public>,
	T::Signature: From<sr25519::Signature>,
{
	let FixedProof { payout, auditors, ring, revision, alias, proof } =
		fixed_proof::<T>(alias_renewal_proof)?;
	let (borrower, public, borrower_id) = signer::<T>()?;
	NextLoanId::<T>::put(ALIAS_RENEWED);
	Pallet::<T>::do_propose_to_alias(
		borrower.clone(),
		[0xB1; 32],
		duration::<T>(),
		Commitment::repeat_byte(1),
		max_terms::<T>(),
	)?;
	let key = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	let old_payout: T::AccountId = account("payout", 0, 0);
	Pallet::<T>::do_confirm_as_alias(
		ALIAS_RENEWED,
		key.0,
		old_payout,
		benchmark_sealed_lender(auditors),
	)?;
	pad_history::<T>(ALIAS_RENEWED, 1)?;
	fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
	let commitment = Commitment::repeat_byte(2);
	let sealed_terms = terms(s);
	let sealed_lender = benchmark_sealed_lender(auditors);
	let consent_payload = Pallet::<T>::alias_consent_payload(
		alias,
		borrower.clone(),
		commitment,
		&sealed_terms,
		duration::<T>(),
		Some(ALIAS_RENEWED),
	);
	let consent = sign::<T>(&public, &consent_payload)?;
	let message = renewal_message(
		&ALIAS_GENESIS,
		ALIAS_RENEWED,
		ALIAS_LOAN,
		&alias,
		&borrower,
		&commitment,
		&sealed_terms,
		duration::<T>(),
		&ALIAS_LENDER_KEY,
		&payout,
		&sealed_lender,
	);
	let signature = sp_io::crypto::sr25519_sign(KEY_TYPE, &key, &message)
		.ok_or(BenchmarkError::Stop("cannot sign with the keystore"))?;
	let call = Call::<T>::renew_as_alias {
		previous: ALIAS_RENEWED,
		loan_id: ALIAS_LOAN,
		borrower,
		alias,
		duration: duration::<T>(),
		commitment,
		sealed_terms,
		consent,
		lender_key: ALIAS_LENDER_KEY,
		payout,
		sealed_lender,
		signature: signature.0,
		handle: ALIAS_HANDLE,
		ring,
		revision,
		proof,
	};
	Ok((alias, call))
}

#[benchmarks(
	where
		T::AccountId: From<sr25519::Public>,
		T::Signature: From<sr25519::Signature>,
)]
mod benchmarks {
	use super::*;

	/// A proposal with `s` bytes of sealed terms, to a borrower list one short of full.
	#[benchmark]
	fn propose(s: Linear<0, { T::MaxSealedTermsLen::get() }>) -> Result<(), BenchmarkError> {
		let (borrower, borrower_id) = subject::<T>("borrower", SubjectKind::Person)?;
		let (lender, _) = subject::<T>("lender", SubjectKind::Person)?;
		fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
		let loan_id = NextLoanId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(borrower),
			lender,
			duration::<T>(),
			Commitment::repeat_byte(1),
			terms(s),
		);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Proposed));
		Ok(())
	}

	#[benchmark]
	fn confirm() -> Result<(), BenchmarkError> {
		let (_, lender, loan_id) = proposal::<T>()?;
		pad_history::<T>(loan_id, HISTORY_RESERVED_ACTIVE.saturating_add(1))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Active));
		Ok(())
	}

	/// Withdrawal from a full borrower list.
	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (borrower, _, loan_id) = proposal::<T>()?;
		pad_history::<T>(loan_id, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(borrower), loan_id);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Withdrawn));
		Ok(())
	}

	/// A registration by the company's own account (the operator lookup misses first), with
	/// `s` bytes of sealed terms and a wrapped consent.
	#[benchmark]
	fn register_for_borrower(
		s: Linear<0, { T::MaxSealedTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (company, company_id) = subject::<T>("company", SubjectKind::Company)?;
		let (borrower, public, borrower_id) = signer::<T>()?;
		fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
		let commitment = Commitment::repeat_byte(1);
		let payload = Pallet::<T>::consent_payload(
			company_id,
			borrower.clone(),
			commitment,
			duration::<T>(),
			None,
		);
		let consent = sign::<T>(&public, &payload)?;
		let loan_id = NextLoanId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(company), borrower, duration::<T>(), commitment, terms(s), consent);

		assert_eq!(
			Loans::<T>::get(loan_id).and_then(|loan| loan.lender.identity()),
			Some(company_id)
		);
		Ok(())
	}

	/// An early renewal with `s` bytes of sealed terms, a wrapped consent, and a borrower list
	/// one short of full.
	#[benchmark]
	fn renew(s: Linear<0, { T::MaxSealedTermsLen::get() }>) -> Result<(), BenchmarkError> {
		let (company, company_id) = subject::<T>("company", SubjectKind::Company)?;
		let (borrower, public, borrower_id) = signer::<T>()?;
		let previous = NextLoanId::<T>::get();
		Pallet::<T>::do_propose(
			borrower.clone(),
			company.clone(),
			duration::<T>(),
			Commitment::repeat_byte(1),
			max_terms::<T>(),
		)?;
		Pallet::<T>::do_confirm(company.clone(), previous)?;
		pad_history::<T>(previous, 1)?;
		fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
		let commitment = Commitment::repeat_byte(2);
		let payload = Pallet::<T>::consent_payload(
			company_id,
			borrower.clone(),
			commitment,
			duration::<T>(),
			Some(previous),
		);
		let consent = sign::<T>(&public, &payload)?;
		let loan_id = NextLoanId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(company),
			previous,
			borrower,
			duration::<T>(),
			commitment,
			terms(s),
			consent,
		);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.renews), Some(Some(previous)));
		Ok(())
	}

	#[benchmark]
	fn report_performed() -> Result<(), BenchmarkError> {
		let (_, lender, loan_id) = due::<T>(1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Performed));
		Ok(())
	}

	#[benchmark]
	fn propose_extension() -> Result<(), BenchmarkError> {
		let (_, lender, loan_id) = due::<T>(HISTORY_RESERVED_EXTENSION.saturating_add(1))?;
		let new_end = frame_system::Pallet::<T>::block_number().saturating_add(One::one());

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id, new_end);

		assert_eq!(
			Loans::<T>::get(loan_id).map(|loan| loan.status),
			Some(LoanStatus::ExtensionProposed { new_end })
		);
		Ok(())
	}

	#[benchmark]
	fn report_breach() -> Result<(), BenchmarkError> {
		let (_, lender, loan_id) = due::<T>(1)?;
		let level = DisclosureLevel::PaidQuery { fee: 1u32.into() };

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id, level);

		assert_eq!(Loans::<T>::get(loan_id).and_then(|loan| loan.disclosure), Some(level));
		Ok(())
	}

	#[benchmark]
	fn confirm_extension() -> Result<(), BenchmarkError> {
		let (borrower, loan_id) = extension::<T>(HISTORY_RESERVED_EXTENSION)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(borrower), loan_id);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn decline_extension() -> Result<(), BenchmarkError> {
		let (borrower, loan_id) = extension::<T>(HISTORY_RESERVED_EXTENSION)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(borrower), loan_id);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::FeedbackDue));
		Ok(())
	}

	/// One block of the deadline queue with nothing in it (the cursor read, one prefix
	/// lookup, the cursor write).
	#[benchmark]
	fn on_initialize_per_block() -> Result<(), BenchmarkError> {
		let now = frame_system::Pallet::<T>::block_number();
		NextDeadlineBlock::<T>::put(now);

		#[block]
		{
			Pallet::<T>::process_deadlines(now);
		}

		assert_eq!(NextDeadlineBlock::<T>::get(), Some(now.saturating_add(One::one())));
		Ok(())
	}

	/// One queue block with `n` entries, each of a loan that moved on (a stale entry: the
	/// loan is read, with the largest record, and the entry removed): the cursor read and
	/// write, and the walk through the block's entries.
	#[benchmark]
	fn process_deadlines(
		n: Linear<1, { T::MaxExpiriesPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		let (_, _, loan_id) = active::<T>(0)?;
		let mut loan = Loans::<T>::get(loan_id).ok_or(BenchmarkError::Stop("no loan"))?;
		loan.status = LoanStatus::Performed;
		let now = frame_system::Pallet::<T>::block_number();
		for i in 0..u64::from(n) {
			let id = loan_id.saturating_add(1).saturating_add(i);
			Loans::<T>::insert(id, loan.clone());
			Deadlines::<T>::insert(now, id, ());
		}
		NextDeadlineBlock::<T>::put(now);

		#[block]
		{
			Pallet::<T>::process_deadlines(now);
		}

		assert_eq!(NextDeadlineBlock::<T>::get(), Some(now.saturating_add(One::one())));
		assert_eq!(Deadlines::<T>::iter_key_prefix(now).count(), 0);
		Ok(())
	}

	/// One loan reaching its end: it becomes feedback-due, is listed for its lender, and its
	/// grace deadline is queued.
	#[benchmark]
	fn on_initialize_per_expiry() -> Result<(), BenchmarkError> {
		let (_, _, loan_id) = active::<T>(HISTORY_RESERVED_ACTIVE)?;
		let end = end_of::<T>(loan_id)?;
		frame_system::Pallet::<T>::set_block_number(end);

		#[block]
		{
			Pallet::<T>::process_deadline(end, loan_id, end);
		}

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::FeedbackDue));
		Ok(())
	}

	/// One feedback-due loan reaching the end of its grace period: it is flagged unreported.
	#[benchmark]
	fn on_initialize_per_grace() -> Result<(), BenchmarkError> {
		let (_, _, loan_id) = due::<T>(HISTORY_RESERVED_ACTIVE.saturating_sub(1))?;
		let report_by = Loans::<T>::get(loan_id)
			.and_then(|loan| loan.report_by)
			.ok_or(BenchmarkError::Stop("no grace deadline"))?;
		frame_system::Pallet::<T>::set_block_number(report_by);

		#[block]
		{
			Pallet::<T>::process_deadline(report_by, loan_id, report_by);
		}

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.unreported), Some(true));
		Ok(())
	}

	/// One proposal reaching its timeout: the chain withdraws it from a full borrower list and
	/// returns the deposit.
	#[benchmark]
	fn on_initialize_per_proposal() -> Result<(), BenchmarkError> {
		let (_, _, loan_id) = proposal::<T>()?;
		pad_history::<T>(loan_id, 1)?;
		let expires_at = Loans::<T>::get(loan_id)
			.and_then(|loan| loan.report_by)
			.ok_or(BenchmarkError::Stop("no proposal timeout"))?;
		frame_system::Pallet::<T>::set_block_number(expires_at);

		#[block]
		{
			Pallet::<T>::process_deadline(expires_at, loan_id, expires_at);
		}

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Withdrawn));
		Ok(())
	}

	/// An alias proposal with `s` bytes of sealed terms, to a borrower list one short of full.
	#[benchmark]
	fn propose_to_alias(
		s: Linear<0, { T::MaxSealedTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (borrower, borrower_id) = subject::<T>("borrower", SubjectKind::Person)?;
		fill_loans::<T>(borrower_id, T::MaxLoansPerIdentity::get().saturating_sub(1))?;
		let loan_id = NextLoanId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(borrower),
			[0xA1; 32],
			duration::<T>(),
			Commitment::repeat_byte(1),
			terms(s),
		);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Proposed));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias confirmation: the loan, and the ring
	/// proof against the runtime's ring.
	#[benchmark]
	fn authorize_confirm_as_alias() -> Result<(), BenchmarkError> {
		let call = alias_proposal::<T>()?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the confirmation is authorized: {result:?}");
		Ok(())
	}

	/// An authorized alias confirmation: the loan comes into force.
	#[benchmark]
	fn confirm_as_alias() -> Result<(), BenchmarkError> {
		let call = alias_proposal::<T>()?;
		let Call::<T>::confirm_as_alias {
			loan_id,
			handle,
			ring,
			revision,
			lender_key,
			payout,
			proof,
			sealed_lender,
		} = call
		else {
			return Err(BenchmarkError::Stop("not a confirmation"));
		};

		#[extrinsic_call]
		_(
			RawOrigin::Authorized,
			loan_id,
			handle,
			ring,
			revision,
			lender_key,
			payout,
			proof,
			sealed_lender,
		);

		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.status), Some(LoanStatus::Active));
		assert!(SealedLenders::<T>::contains_key(loan_id));
		Ok(())
	}

	/// The pool's (and the block's) check of a lender action: the loan, the nonce, the
	/// signature, and the action's own checks.
	#[benchmark]
	fn authorize_lender_act() -> Result<(), BenchmarkError> {
		let call = alias_action::<T>()?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the action is authorized: {result:?}");
		Ok(())
	}

	/// An authorized lender action, the extension: checked again (signature included), then
	/// recorded, with the borrower's answer deadline queued.
	#[benchmark]
	fn lender_act() -> Result<(), BenchmarkError> {
		let call = alias_action::<T>()?;
		let Call::<T>::lender_act { loan_id, nonce, action, signature } = call else {
			return Err(BenchmarkError::Stop("not an action"));
		};

		#[extrinsic_call]
		_(RawOrigin::Authorized, loan_id, nonce, action, signature);

		assert!(matches!(
			Loans::<T>::get(loan_id).map(|loan| loan.status),
			Some(LoanStatus::ExtensionProposed { .. })
		));
		Ok(())
	}

	/// The pool's (and the block's) check of a registration to an alias with `s` bytes of
	/// sealed terms: the borrower, the alias, the list, the consent (hashing the terms).
	#[benchmark]
	fn authorize_register_for_alias(
		s: Linear<0, { T::MaxSealedTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (_, call) = alias_registration::<T>(s)?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the registration is authorized: {result:?}");
		Ok(())
	}

	/// An authorized registration to an alias with `s` bytes of sealed terms: checked again,
	/// stored as a proposal, the timeout queued, the nonce used up.
	#[benchmark]
	fn register_for_alias(
		s: Linear<0, { T::MaxSealedTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (alias, call) = alias_registration::<T>(s)?;
		let Call::<T>::register_for_alias {
			borrower,
			alias: _,
			duration,
			commitment,
			sealed_terms,
			consent,
		} = call
		else {
			return Err(BenchmarkError::Stop("not a registration"));
		};

		#[extrinsic_call]
		_(RawOrigin::Authorized, borrower, alias, duration, commitment, sealed_terms, consent);

		assert!(AliasLoans::<T>::contains_key(alias));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias renewal with `s` bytes of sealed terms:
	/// the previous loan, the borrower, the new alias, the list, the sealed lender record, the
	/// lender key's signature and the consent (each hashing the terms), and the ring proof
	/// against the runtime's ring.
	#[benchmark]
	fn authorize_renew_as_alias(
		s: Linear<0, { T::MaxSealedTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (_, call) = alias_renewal::<T>(s)?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the renewal is authorized: {result:?}");
		Ok(())
	}

	/// An authorized early alias renewal with `s` bytes of sealed terms: checked again, the
	/// previous loan reported and ended, the follow-on stored in force, its end queued.
	#[benchmark]
	fn renew_as_alias(s: Linear<0, { T::MaxSealedTermsLen::get() }>) -> Result<(), BenchmarkError> {
		let (alias, call) = alias_renewal::<T>(s)?;
		let Call::<T>::renew_as_alias {
			previous,
			loan_id,
			borrower,
			alias: _,
			duration,
			commitment,
			sealed_terms,
			consent,
			lender_key,
			payout,
			sealed_lender,
			signature,
			handle,
			ring,
			revision,
			proof,
		} = call
		else {
			return Err(BenchmarkError::Stop("not a renewal"));
		};

		#[extrinsic_call]
		_(
			RawOrigin::Authorized,
			previous,
			loan_id,
			borrower,
			alias,
			duration,
			commitment,
			sealed_terms,
			consent,
			lender_key,
			payout,
			sealed_lender,
			signature,
			handle,
			ring,
			revision,
			proof,
		);

		assert_eq!(AliasLoans::<T>::get(alias), Some(loan_id));
		assert_eq!(Loans::<T>::get(loan_id).map(|loan| loan.renews), Some(Some(previous)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
