//! Benchmarks of `pallet_attestations`, each in its worst case (full bounded lists).

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::DispatchInfo,
	pallet_prelude::TransactionSource,
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{DispatchTransaction, Dispatchable, Saturating};

/// A distinct commitment per `n`.
fn commitment_of(n: u32) -> Commitment {
	let mut bytes = [0u8; 32];
	bytes[28..].copy_from_slice(&n.saturating_add(1).to_be_bytes());
	Commitment::from(bytes)
}

/// An expiry far enough in the future.
fn expiry<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into())
}

/// Admits attestor number `n`.
fn add_attestor<T: Config>(n: u32) -> Result<T::AccountId, BenchmarkError> {
	let attestor: T::AccountId = account("attestor", n, 0);
	Pallet::<T>::do_add_attestor(attestor.clone())?;
	Ok(attestor)
}

/// Creates a subject `n` of `kind` with `accounts` accounts (at least one) and returns them.
fn subject<T: Config>(
	attestor: &T::AccountId,
	n: u32,
	kind: SubjectKind,
	accounts: u32,
) -> Result<vec::Vec<T::AccountId>, BenchmarkError> {
	let mut linked = vec::Vec::new();
	for i in 0..accounts.max(1) {
		let who: T::AccountId = account("subject", n, i);
		Pallet::<T>::record_attestation(
			attestor.clone(),
			who.clone(),
			commitment_of(n),
			kind,
			AssuranceLevel::High,
			expiry::<T>(),
		)?;
		linked.push(who);
	}
	Ok(linked)
}

/// Gives `who` enough funds for every operator deposit a company can owe.
fn fund<T: Config>(who: &T::AccountId) {
	let deposits =
		T::OperatorDeposit::get().saturating_mul(T::MaxOperatorsPerCompany::get().into());
	let amount = deposits
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(2u32.into());
	T::Currency::set_balance(who, amount);
}

#[benchmarks(
	where
		T: Send + Sync,
		<T as frame_system::Config>::RuntimeCall: Dispatchable<Info = DispatchInfo>,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_attestor() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let attestor: T::AccountId = account("attestor", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, attestor.clone());

		assert!(Attestors::<T>::contains_key(&attestor));
		Ok(())
	}

	#[benchmark]
	fn remove_attestor() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let attestor = super::add_attestor::<T>(0)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, attestor.clone());

		assert!(!Attestors::<T>::contains_key(&attestor));
		Ok(())
	}

	/// A new commitment: creates the identity and its indexes.
	#[benchmark]
	fn attest_new_identity() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let who: T::AccountId = account("subject", 0, 0);

		#[extrinsic_call]
		attest(
			RawOrigin::Signed(attestor),
			who.clone(),
			commitment_of(0),
			SubjectKind::Person,
			AssuranceLevel::High,
			expiry::<T>(),
		);

		assert_eq!(Pallet::<T>::identity_of(&who), Some(0));
		Ok(())
	}

	/// A known commitment: links a new account to an identity that has one account short of
	/// the maximum (the largest list to decode and encode).
	#[benchmark]
	fn attest_existing_identity() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let max = T::MaxAccountsPerIdentity::get();
		subject::<T>(&attestor, 0, SubjectKind::Person, max.saturating_sub(1))?;
		let who: T::AccountId = account("new account", 0, 0);

		#[extrinsic_call]
		attest(
			RawOrigin::Signed(attestor),
			who.clone(),
			commitment_of(0),
			SubjectKind::Person,
			AssuranceLevel::High,
			expiry::<T>(),
		);

		assert_eq!(Pallet::<T>::identity_of(&who), Some(0));
		Ok(())
	}

	/// Revocation by the attestor (one more read than by the consortium).
	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Person, 1)?;
		let who = accounts.first().cloned().ok_or("no subject account")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(attestor), who.clone());

		assert_eq!(Pallet::<T>::status_of(&who), AttestationStatus::Revoked);
		Ok(())
	}

	/// The company already has one operator short of the maximum.
	#[benchmark]
	fn authorize_operator() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Company, 1)?;
		let company = accounts.first().cloned().ok_or("no company account")?;
		fund::<T>(&company);
		for i in 1..T::MaxOperatorsPerCompany::get() {
			Pallet::<T>::do_authorize_operator(company.clone(), account("operator", i, 0))?;
		}
		let operator: T::AccountId = account("operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(company), operator.clone());

		assert_eq!(Pallet::<T>::company_of_operator(&operator), Some(0));
		Ok(())
	}

	/// Withdrawal by the company, from a full operator list.
	#[benchmark]
	fn withdraw_operator() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Company, 1)?;
		let company = accounts.first().cloned().ok_or("no company account")?;
		fund::<T>(&company);
		for i in 0..T::MaxOperatorsPerCompany::get() {
			Pallet::<T>::do_authorize_operator(company.clone(), account("operator", i, 0))?;
		}
		let operator: T::AccountId = account("operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(company), operator.clone());

		assert_eq!(Pallet::<T>::company_of_operator(&operator), None);
		Ok(())
	}

	/// The transaction extension's slowest accepting path: a company operator, which is checked
	/// last (after the attestation, the consortium membership and the attestor list), of a
	/// company with the most accounts, only the last of which is valid (the company's validity
	/// looks at every account).
	#[benchmark]
	fn check_permission() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let max = T::MaxAccountsPerIdentity::get();
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Company, max)?;
		let (company, revoked) = accounts.split_last().ok_or("no company account")?;
		for account in revoked {
			Pallet::<T>::do_revoke(None, account.clone())?;
		}
		let company = company.clone();
		fund::<T>(&company);
		let operator: T::AccountId = account("operator", 0, 0);
		Pallet::<T>::do_authorize_operator(company, operator.clone())?;
		let call: <T as frame_system::Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		let info = DispatchInfo::default();
		let extension = CheckPermission::<T>::new();
		let result;

		#[block]
		{
			result = extension.validate_only(
				RawOrigin::Signed(operator).into(),
				&call,
				&info,
				0,
				TransactionSource::External,
				0,
			);
		}

		assert!(result.is_ok());
		Ok(())
	}

	/// Rotation by the slowest caller to vouch for: an operator (checked after its missing
	/// attestation) of a company with the most accounts, only the last of which is valid, which
	/// already has a key.
	#[benchmark]
	fn set_encryption_key() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let max = T::MaxAccountsPerIdentity::get();
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Company, max)?;
		let (company, revoked) = accounts.split_last().ok_or("no company account")?;
		for account in revoked {
			Pallet::<T>::do_revoke(None, account.clone())?;
		}
		let company = company.clone();
		fund::<T>(&company);
		let operator: T::AccountId = account("operator", 0, 0);
		Pallet::<T>::do_authorize_operator(company, operator.clone())?;
		Pallet::<T>::do_set_encryption_key(operator.clone(), [9; 32])?;
		let key = [7u8; 32];

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), key);

		assert_eq!(Pallet::<T>::encryption_key(&operator), Some(key));
		Ok(())
	}

	#[benchmark]
	fn clear_encryption_key() -> Result<(), BenchmarkError> {
		let attestor = super::add_attestor::<T>(0)?;
		let accounts = subject::<T>(&attestor, 0, SubjectKind::Person, 1)?;
		let who = accounts.first().cloned().ok_or("no subject account")?;
		Pallet::<T>::do_set_encryption_key(who.clone(), [9; 32])?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert_eq!(Pallet::<T>::encryption_key(&who), None);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
