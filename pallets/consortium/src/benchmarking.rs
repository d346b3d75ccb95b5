//! Benchmarks of `pallet_consortium`.

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

/// Replaces the validator set with `count` fresh accounts.
fn set_validators<T: Config>(count: u32) -> Result<(), BenchmarkError> {
	let accounts: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	let validators = BoundedVec::<T::AccountId, T::MaxValidators>::try_from(accounts)
		.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
	Validators::<T>::put(validators);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The overhead of dispatching as `Root`: origin check, dispatch and event. The inner call
	/// is an empty `System::remark`, whose own weight is added at dispatch time.
	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));

		Ok(())
	}

	/// The set has one validator short of the maximum (the longest list to scan, decode and
	/// encode that still has room).
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		set_validators::<T>(T::MaxValidators::get().saturating_sub(1))?;
		let who: T::AccountId = account("new validator", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		assert!(ValidatorsChanged::<T>::get());
		Ok(())
	}

	/// The set is full and the last validator is removed (the longest scan).
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxValidators::get();
		set_validators::<T>(max)?;
		let who: T::AccountId = account("validator", max.saturating_sub(1), 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		assert!(ValidatorsChanged::<T>::get());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
