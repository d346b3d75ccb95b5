//! Benchmarks of `pallet_disclosure`, each in its worst case: the longest terms, sealed purposes and
//! reasons, a loan one grant or one open request short of full, and the policy's longest path
//! (a revocation by a party that neither granted nor is the reader). Disclosures of alias loans
//! are signed with an sr25519 key of the keystore.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::Authorize;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use loanchain_primitives::{
	lender_disclosure_payload, sealed_lender_len, SEALED_LENDER_ENVELOPE_VERSION,
};
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Saturating},
	transaction_validity::TransactionSource,
};

/// The keystore key type of the benchmarks' lender keys.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"lend");

/// The price of the benchmarks' paid queries.
fn fee<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// Gives `who` enough for many deposits and fees.
fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::GrantDeposit::get()
		.saturating_add(T::RequestDeposit::get())
		.saturating_add(fee::<T>())
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(100u32.into());
	T::Currency::set_balance(who, amount);
}

/// The encryption key the benchmarks register for `who`.
fn key_of<T: Config>(who: &T::AccountId) -> [u8; 32] {
	BlakeTwo256::hash_of(who).0
}

/// A capsule sealed (in form) to `who`'s key.
fn capsule_for<T: Config>(who: &T::AccountId) -> Vec<u8> {
	let mut capsule = key_of::<T>(who).to_vec();
	capsule.resize(CAPSULE_LEN, 0xCC);
	capsule
}

/// The longest purpose (or reason) the chain holds now: a note shaped as sealed to the
/// consortium's auditor keys and the borrower (the chain checks its shape only).
fn max_text<T: Config>() -> Vec<u8> {
	let recipients = T::AuditorCount::get().saturating_add(1);
	let mut bytes = vec![0x9E; sealed_lender_len(recipients) as usize];
	bytes[0] = SEALED_LENDER_ENVELOPE_VERSION;
	bytes[25] = recipients as u8;
	bytes
}

/// A new, funded, validly attested person `name` with an encryption key.
fn subject<T: Config>(name: &'static str) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account(name, 0, 0);
	T::Identities::attest_for_benchmark(&who, SubjectKind::Person)
		.ok_or(BenchmarkError::Stop("cannot attest a benchmark subject"))?;
	T::EncryptionKeys::set_encryption_key_for_benchmark(&who, key_of::<T>(&who));
	fund::<T>(&who);
	Ok(who)
}

/// A breached loan at `level` with `commitment` between a new borrower and a new lender.
/// Returns `(borrower, lender, loan)`.
fn loan<T: Config>(
	level: DisclosureLevel<BalanceOf<T>>,
	commitment: Commitment,
) -> Result<(T::AccountId, T::AccountId, LoanId), BenchmarkError> {
	let borrower = subject::<T>("borrower")?;
	let lender = subject::<T>("lender")?;
	let loan_id = T::Loans::breached_for_benchmark(&borrower, &lender, commitment, level)
		.ok_or(BenchmarkError::Stop("cannot record a benchmark loan"))?;
	Ok((borrower, lender, loan_id))
}

/// A breached alias loan at `level` with `commitment`, of a new borrower, whose lender key is
/// a new keystore key and payout account a new account. Returns `(key, loan)`.
fn alias_loan<T: Config>(
	level: DisclosureLevel<BalanceOf<T>>,
	commitment: Commitment,
) -> Result<(sr25519::Public, LoanId), BenchmarkError> {
	let borrower = subject::<T>("borrower")?;
	let key = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	let payout: T::AccountId = account("payout", 0, 0);
	let loan_id =
		T::Loans::alias_breached_for_benchmark(&borrower, key.0, &payout, commitment, level)
			.ok_or(BenchmarkError::Stop("cannot record a benchmark alias loan"))?;
	Ok((key, loan_id))
}

/// `key`'s signed call disclosing `disclosure` of `loan_id`.
fn lender_disclosure<T: Config>(
	key: &sr25519::Public,
	loan_id: LoanId,
	disclosure: LenderDisclosureOf<T>,
) -> Result<Call<T>, BenchmarkError> {
	let payload = lender_disclosure_payload(&Pallet::<T>::genesis(), loan_id, &disclosure);
	let signature = sp_io::crypto::sr25519_sign(KEY_TYPE, key, &payload)
		.ok_or(BenchmarkError::Stop("cannot sign with the keystore"))?;
	Ok(Call::<T>::lender_disclose { loan_id, disclosure, signature: signature.0 })
}

/// An alias loan's reveal of `t` bytes of terms, signed.
fn alias_reveal<T: Config>(t: u32) -> Result<(LoanId, Call<T>), BenchmarkError> {
	let terms = vec![b'{'; t as usize];
	let salt: Salt = [7; 32];
	let (key, loan_id) = alias_loan::<T>(DisclosureLevel::Public, terms_commitment(&terms, &salt))?;
	let terms =
		TermsOf::<T>::try_from(terms).map_err(|_| BenchmarkError::Stop("terms too long"))?;
	let call = lender_disclosure::<T>(&key, loan_id, LenderDisclosure::Reveal { terms, salt })?;
	Ok((loan_id, call))
}

/// An open request (longest purpose) of an alias loan one open request short of full, and
/// its delivery, signed. Returns `(request, call)`.
fn alias_delivery<T: Config>() -> Result<(RequestId, Call<T>), BenchmarkError> {
	let level = DisclosureLevel::PaidQuery { fee: fee::<T>() };
	let (key, loan_id) = alias_loan::<T>(level, Commitment::repeat_byte(1))?;
	let requester = subject::<T>("requester")?;
	OpenRequestCount::<T>::insert(loan_id, T::MaxOpenRequestsPerLoan::get().saturating_sub(1));
	let request_id = NextRequestId::<T>::get();
	Pallet::<T>::do_request(requester.clone(), loan_id, fee::<T>(), max_text::<T>())?;
	let capsule = Capsule::try_from(capsule_for::<T>(&requester))
		.map_err(|_| BenchmarkError::Stop("capsule length"))?;
	let call =
		lender_disclosure::<T>(&key, loan_id, LenderDisclosure::Deliver { request_id, capsule })?;
	Ok((request_id, call))
}

/// An alias loan one grant short of full, its grant nonce one short of the last, and its
/// lender's grant to a new reader with the longest purpose, signed. Returns
/// `(loan, reader, call)`.
fn alias_grant<T: Config>() -> Result<(LoanId, T::AccountId, Call<T>), BenchmarkError> {
	let (key, loan_id) = alias_loan::<T>(DisclosureLevel::Encrypted, Commitment::zero())?;
	let reader = subject::<T>("reader")?;
	GrantCount::<T>::insert(loan_id, T::MaxGrantsPerLoan::get().saturating_sub(1));
	let nonce = T::MaxLenderGrantActions::get().saturating_sub(1);
	LenderGrantNonce::<T>::insert(loan_id, nonce);
	let capsule = Capsule::try_from(capsule_for::<T>(&reader))
		.map_err(|_| BenchmarkError::Stop("capsule length"))?;
	let purpose =
		TextOf::<T>::try_from(max_text::<T>()).map_err(|_| BenchmarkError::Stop("purpose"))?;
	let grant = LenderDisclosure::Grant { reader: reader.clone(), capsule, purpose, nonce };
	let call = lender_disclosure::<T>(&key, loan_id, grant)?;
	Ok((loan_id, reader, call))
}

/// An alias loan with its lender's grant to a new reader (longest purpose), its grant nonce
/// one short of the last, and the lender's revocation of the grant, signed. Returns
/// `(loan, reader, call)`.
fn alias_revocation<T: Config>() -> Result<(LoanId, T::AccountId, Call<T>), BenchmarkError> {
	let (key, loan_id) = alias_loan::<T>(DisclosureLevel::Encrypted, Commitment::zero())?;
	let reader = subject::<T>("reader")?;
	let capsule = Capsule::try_from(capsule_for::<T>(&reader))
		.map_err(|_| BenchmarkError::Stop("capsule length"))?;
	let purpose =
		TextOf::<T>::try_from(max_text::<T>()).map_err(|_| BenchmarkError::Stop("purpose"))?;
	let borrower = Pallet::<T>::check_new_grant(loan_id, &reader)?;
	let payout: T::AccountId = account("payout", 0, 0);
	Pallet::<T>::store_grant(
		loan_id,
		borrower,
		reader.clone(),
		capsule,
		purpose,
		payout,
		0u32.into(),
	);
	let nonce = T::MaxLenderGrantActions::get().saturating_sub(1);
	LenderGrantNonce::<T>::insert(loan_id, nonce);
	let revoke = LenderDisclosure::RevokeGrant { reader: reader.clone(), nonce };
	let call = lender_disclosure::<T>(&key, loan_id, revoke)?;
	Ok((loan_id, reader, call))
}

/// A paid-query loan, one open request short of full, and an open request on it by a new
/// requester with the longest purpose. Returns `(lender, requester, request)`.
fn open_request<T: Config>() -> Result<(T::AccountId, T::AccountId, RequestId), BenchmarkError> {
	let level = DisclosureLevel::PaidQuery { fee: fee::<T>() };
	let (_, lender, loan_id) = loan::<T>(level, Commitment::repeat_byte(1))?;
	let requester = subject::<T>("requester")?;
	OpenRequestCount::<T>::insert(loan_id, T::MaxOpenRequestsPerLoan::get().saturating_sub(1));
	let request_id = NextRequestId::<T>::get();
	Pallet::<T>::do_request(requester.clone(), loan_id, fee::<T>(), max_text::<T>())?;
	Ok((lender, requester, request_id))
}

/// The deadline of `request_id`.
fn deadline_of<T: Config>(request_id: RequestId) -> Result<BlockNumberFor<T>, BenchmarkError> {
	Requests::<T>::get(request_id)
		.map(|record| record.deadline)
		.ok_or(BenchmarkError::Stop("no request"))
}

/// Whether `request_id` is in a state matching `predicate`.
fn status_is<T: Config>(
	request_id: RequestId,
	predicate: impl Fn(&RequestStatusOf<T>) -> bool,
) -> bool {
	Requests::<T>::get(request_id).is_some_and(|record| predicate(&record.status))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A publication of `t` bytes of terms.
	#[benchmark]
	fn reveal(t: Linear<0, { T::MaxTermsLen::get() }>) -> Result<(), BenchmarkError> {
		let terms = vec![b'{'; t as usize];
		let salt: Salt = [7; 32];
		let commitment = terms_commitment(&terms, &salt);
		let (_, lender, loan_id) = loan::<T>(DisclosureLevel::Public, commitment)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id, terms, salt);

		assert!(PublicTerms::<T>::contains_key(loan_id));
		Ok(())
	}

	/// A grant by the lender to a loan one grant short of full, with the longest purpose.
	#[benchmark]
	fn grant() -> Result<(), BenchmarkError> {
		let (_, lender, loan_id) = loan::<T>(DisclosureLevel::Encrypted, Commitment::zero())?;
		let reader = subject::<T>("reader")?;
		GrantCount::<T>::insert(loan_id, T::MaxGrantsPerLoan::get().saturating_sub(1));
		let capsule = capsule_for::<T>(&reader);

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), loan_id, reader.clone(), capsule, max_text::<T>());

		assert!(Grants::<T>::contains_key(loan_id, &reader));
		Ok(())
	}

	/// A revocation by the borrower of a grant the lender made (the policy is consulted).
	#[benchmark]
	fn revoke_grant() -> Result<(), BenchmarkError> {
		let (borrower, lender, loan_id) =
			loan::<T>(DisclosureLevel::Encrypted, Commitment::zero())?;
		let reader = subject::<T>("reader")?;
		Pallet::<T>::do_grant(
			lender,
			loan_id,
			reader.clone(),
			capsule_for::<T>(&reader),
			max_text::<T>(),
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(borrower), loan_id, reader.clone());

		assert!(!Grants::<T>::contains_key(loan_id, &reader));
		Ok(())
	}

	/// A paid query of a loan one open request short of full, with the longest purpose, as
	/// the first deadline ever queued.
	#[benchmark]
	fn request() -> Result<(), BenchmarkError> {
		let level = DisclosureLevel::PaidQuery { fee: fee::<T>() };
		let (_, _, loan_id) = loan::<T>(level, Commitment::repeat_byte(1))?;
		let requester = subject::<T>("requester")?;
		OpenRequestCount::<T>::insert(loan_id, T::MaxOpenRequestsPerLoan::get().saturating_sub(1));
		let request_id = NextRequestId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(requester), loan_id, fee::<T>(), max_text::<T>());

		assert!(status_is::<T>(request_id, |status| *status == RequestStatus::Open));
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let (_, requester, request_id) = open_request::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(requester), request_id);

		assert!(status_is::<T>(request_id, |status| matches!(
			status,
			RequestStatus::Cancelling { .. }
		)));
		Ok(())
	}

	#[benchmark]
	fn deliver() -> Result<(), BenchmarkError> {
		let (lender, requester, request_id) = open_request::<T>()?;
		let capsule = capsule_for::<T>(&requester);

		#[extrinsic_call]
		_(RawOrigin::Signed(lender), request_id, capsule);

		assert!(status_is::<T>(request_id, |status| matches!(
			status,
			RequestStatus::Delivered { .. }
		)));
		Ok(())
	}

	/// A refund asked for by a stranger at the deadline.
	#[benchmark]
	fn refund() -> Result<(), BenchmarkError> {
		let (_, _, request_id) = open_request::<T>()?;
		let deadline = deadline_of::<T>(request_id)?;
		frame_system::Pallet::<T>::set_block_number(deadline);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), request_id);

		assert!(status_is::<T>(request_id, |status| matches!(
			status,
			RequestStatus::Refunded { .. }
		)));
		Ok(())
	}

	/// The consortium sets the paid-query deadline to its longest value.
	#[benchmark]
	fn set_query_deadline() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks = T::MaxQueryDeadline::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);

		assert_eq!(QueryDeadline::<T>::get(), blocks);
		Ok(())
	}

	/// A complaint with the longest reason.
	#[benchmark]
	fn complain() -> Result<(), BenchmarkError> {
		let (lender, requester, request_id) = open_request::<T>()?;
		Pallet::<T>::do_deliver(lender, request_id, capsule_for::<T>(&requester))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(requester), request_id, max_text::<T>());

		assert!(Requests::<T>::get(request_id).is_some_and(|record| record.complaint.is_some()));
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

		assert_eq!(NextDeadlineBlock::<T>::get(), Some(now.saturating_add(1u32.into())));
		Ok(())
	}

	/// One queue block with `n` entries, each of a request that closed (a stale entry: the
	/// request is read, with the longest record, and the entry removed): the cursor read and
	/// write, and the walk through the block's entries.
	#[benchmark]
	fn process_deadlines(
		n: Linear<1, { T::MaxRefundsPerBlock::get() }>,
	) -> Result<(), BenchmarkError> {
		let (lender, requester, request_id) = open_request::<T>()?;
		Pallet::<T>::do_deliver(lender, request_id, capsule_for::<T>(&requester))?;
		Pallet::<T>::do_complain(requester, request_id, max_text::<T>())?;
		let record = Requests::<T>::get(request_id).ok_or(BenchmarkError::Stop("no request"))?;
		let now = frame_system::Pallet::<T>::block_number();
		for i in 0..u64::from(n) {
			let id = request_id.saturating_add(1).saturating_add(i);
			Requests::<T>::insert(id, record.clone());
			Deadlines::<T>::insert(now, id, ());
		}
		NextDeadlineBlock::<T>::put(now);

		#[block]
		{
			Pallet::<T>::process_deadlines(now);
		}

		assert_eq!(NextDeadlineBlock::<T>::get(), Some(now.saturating_add(1u32.into())));
		assert_eq!(Deadlines::<T>::iter_key_prefix(now).count(), 0);
		Ok(())
	}

	/// One open request reaching its deadline: the chain refunds it.
	#[benchmark]
	fn on_initialize_per_refund() -> Result<(), BenchmarkError> {
		let (_, _, request_id) = open_request::<T>()?;
		let deadline = deadline_of::<T>(request_id)?;
		frame_system::Pallet::<T>::set_block_number(deadline);

		#[block]
		{
			Pallet::<T>::process_deadline(deadline, request_id, deadline);
		}

		assert!(status_is::<T>(request_id, |status| matches!(
			status,
			RequestStatus::Refunded { by: None, .. }
		)));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias loan's reveal of `t` bytes of terms:
	/// the signature, the level, the commitment.
	#[benchmark]
	fn authorize_lender_reveal(
		t: Linear<0, { T::MaxTermsLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let (_, call) = alias_reveal::<T>(t)?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the reveal is authorized: {result:?}");
		Ok(())
	}

	/// An authorized reveal of `t` bytes of terms of an alias loan: checked again, then
	/// published.
	#[benchmark]
	fn lender_reveal(t: Linear<0, { T::MaxTermsLen::get() }>) -> Result<(), BenchmarkError> {
		let (loan_id, call) = alias_reveal::<T>(t)?;
		let Call::<T>::lender_disclose { loan_id: id, disclosure, signature } = call else {
			return Err(BenchmarkError::Stop("not a disclosure"));
		};

		#[extrinsic_call]
		lender_disclose(RawOrigin::Authorized, id, disclosure, signature);

		assert!(PublicTerms::<T>::contains_key(loan_id));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias loan's delivery: the signature, the
	/// request, its cutoff, the capsule.
	#[benchmark]
	fn authorize_lender_deliver() -> Result<(), BenchmarkError> {
		let (_, call) = alias_delivery::<T>()?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the delivery is authorized: {result:?}");
		Ok(())
	}

	/// An authorized delivery of an alias loan's paid query: checked again, the fee paid to
	/// the payout account, the request closed.
	#[benchmark]
	fn lender_deliver() -> Result<(), BenchmarkError> {
		let (request_id, call) = alias_delivery::<T>()?;
		let Call::<T>::lender_disclose { loan_id, disclosure, signature } = call else {
			return Err(BenchmarkError::Stop("not a disclosure"));
		};

		#[extrinsic_call]
		lender_disclose(RawOrigin::Authorized, loan_id, disclosure, signature);

		assert!(status_is::<T>(request_id, |status| matches!(
			status,
			RequestStatus::Delivered { .. }
		)));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias loan's grant: the signature, the nonce,
	/// room for the grant and in the borrower's log, the reader's key.
	#[benchmark]
	fn authorize_lender_grant() -> Result<(), BenchmarkError> {
		let (_, _, call) = alias_grant::<T>()?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the grant is authorized: {result:?}");
		Ok(())
	}

	/// An authorized grant of an alias loan by its lender, with the longest purpose: checked
	/// again, stored, logged.
	#[benchmark]
	fn lender_grant() -> Result<(), BenchmarkError> {
		let (loan_id, reader, call) = alias_grant::<T>()?;
		let Call::<T>::lender_disclose { loan_id: _, disclosure, signature } = call else {
			return Err(BenchmarkError::Stop("not a disclosure"));
		};

		#[extrinsic_call]
		lender_disclose(RawOrigin::Authorized, loan_id, disclosure, signature);

		assert!(Grants::<T>::contains_key(loan_id, &reader));
		Ok(())
	}

	/// The pool's (and the block's) check of an alias loan's revocation: the signature, the
	/// nonce, the grant.
	#[benchmark]
	fn authorize_lender_revoke_grant() -> Result<(), BenchmarkError> {
		let (_, _, call) = alias_revocation::<T>()?;
		let result;

		#[block]
		{
			result = call.authorize(TransactionSource::External);
		}

		assert!(matches!(result, Some(Ok(_))), "the revocation is authorized: {result:?}");
		Ok(())
	}

	/// An authorized revocation of an alias loan's grant by its lender: checked again, removed.
	#[benchmark]
	fn lender_revoke_grant() -> Result<(), BenchmarkError> {
		let (loan_id, reader, call) = alias_revocation::<T>()?;
		let Call::<T>::lender_disclose { loan_id: _, disclosure, signature } = call else {
			return Err(BenchmarkError::Stop("not a disclosure"));
		};

		#[extrinsic_call]
		lender_disclose(RawOrigin::Authorized, loan_id, disclosure, signature);

		assert!(!Grants::<T>::contains_key(loan_id, &reader));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
