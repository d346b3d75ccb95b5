//! Benchmarks of `pallet_consortium`.

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{EnsureOrigin, Get, SortedMembers},
	BoundedVec,
};
use frame_system::RawOrigin;

/// Replaces the validator set with `count` fresh accounts.
fn set_validators<T: Config>(count: u32) -> Result<(), BenchmarkError> {
	let accounts: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	let validators = BoundedVec::<T::AccountId, T::MaxValidators>::try_from(accounts)
		.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
	Validators::<T>::put(validators);
	Ok(())
}

/// A `System::remark` whose call encoding is `len` bytes, or as close as the length prefix
/// allows (never longer).
fn remark_of_encoded_len<T: Config>(len: u32) -> <T as Config>::RuntimeCall {
	// Pallet index, call index and a compact length prefix of at most 4 bytes.
	let remark = vec![0u8; len.saturating_sub(6) as usize];
	frame_system::Call::<T>::remark { remark }.into()
}

/// Schedules `count` empty remarks as `Root` calls.
fn fill_schedule<T: Config>(count: u32) -> Result<(), BenchmarkError> {
	for _ in 0..count {
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		Pallet::<T>::do_schedule_as_root(call).map_err(|e| BenchmarkError::Stop(e.error.into()))?;
	}
	Ok(())
}

/// The peer id (multihash bytes) of benchmark node `i`: an identity multihash of a 36-byte key.
fn node(i: u32) -> Vec<u8> {
	let mut bytes = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	bytes.extend(i.to_le_bytes());
	bytes.extend([0u8; 28]);
	bytes
}

/// Fills the allowed list with `count` nodes owned by `owner`.
fn allow_nodes<T: Config>(count: u32, owner: &T::AccountId) -> Result<(), BenchmarkError> {
	for i in 0..count {
		let peer = parse_peer_id(&node(i)).ok_or(BenchmarkError::Stop("bad benchmark peer id"))?;
		AllowedNodes::<T>::insert(peer, owner);
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The consortium schedules a remark whose encoding is about `l` bytes (up to
	/// [`Config::MaxRootCallLen`]), with the schedule one call short of full.
	#[benchmark]
	fn schedule_as_root(l: Linear<0, { T::MaxRootCallLen::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill_schedule::<T>(T::MaxScheduledRootCalls::get().saturating_sub(1))?;
		let call = remark_of_encoded_len::<T>(l);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));

		assert_eq!(ScheduledRootCalls::<T>::count(), T::MaxScheduledRootCalls::get());
		Ok(())
	}

	/// Anyone enacts a due remark whose encoding is about `l` bytes, from a full schedule: the
	/// overhead of reading, decoding and dispatching as `Root`. The remark's own weight is added
	/// again at dispatch time, so the remark (a few microseconds at most) is counted twice: a
	/// small, safe overcharge.
	#[benchmark]
	fn enact_root_call(l: Linear<0, { T::MaxRootCallLen::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fill_schedule::<T>(T::MaxScheduledRootCalls::get().saturating_sub(1))?;
		let call = remark_of_encoded_len::<T>(l);
		let weight_bound = call.get_dispatch_info().call_weight;
		Pallet::<T>::do_schedule_as_root(call).map_err(|e| BenchmarkError::Stop(e.error.into()))?;
		let id = NextRootCallId::<T>::get().saturating_sub(1);
		let due = ScheduledRootCalls::<T>::get(id)
			.ok_or(BenchmarkError::Stop("not scheduled"))?
			.due;
		frame_system::Pallet::<T>::set_block_number(due);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, weight_bound);

		assert!(!ScheduledRootCalls::<T>::contains_key(id));
		Ok(())
	}

	/// The last objection a full objection list has room for, which cancels the call: the
	/// membership check, the list read and written, the call and its objections removed.
	#[benchmark]
	fn object_to_root_call() -> Result<(), BenchmarkError> {
		// As many members as a call can hold objections (the genesis members first).
		let max = T::MaxObjections::get() as usize;
		let mut i = 0;
		while T::Members::count() < max {
			T::Members::add(&account("member", i, 0));
			i += 1;
		}
		let objectors: Vec<T::AccountId> = T::Members::sorted_members();
		fill_schedule::<T>(T::MaxScheduledRootCalls::get())?;
		let (last, earlier) = objectors.split_last().ok_or(BenchmarkError::Stop("no members"))?;
		let earlier = BoundedVec::<T::AccountId, T::MaxObjections>::try_from(earlier.to_vec())
			.map_err(|_| BenchmarkError::Stop("too many objections"))?;
		RootCallObjections::<T>::insert(0, earlier);

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), 0);

		assert!(!ScheduledRootCalls::<T>::contains_key(0));
		Ok(())
	}

	/// `Root` sets the enactment delay.
	#[benchmark]
	fn set_root_delay() -> Result<(), BenchmarkError> {
		let blocks = T::MaxRootDelay::get();

		#[extrinsic_call]
		_(RawOrigin::Root, blocks);

		assert_eq!(RootDelay::<T>::get(), blocks);
		Ok(())
	}

	/// A blocking minority cancels a call from a full schedule.
	#[benchmark]
	fn cancel_root_call() -> Result<(), BenchmarkError> {
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill_schedule::<T>(T::MaxScheduledRootCalls::get())?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);

		assert!(!ScheduledRootCalls::<T>::contains_key(0));
		Ok(())
	}

	/// The set has one validator short of the maximum (the longest list to scan, decode and
	/// encode that still has room); the new validator has session keys.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		set_validators::<T>(T::MaxValidators::get().saturating_sub(1))?;
		let who: T::AccountId = account("new validator", 0, 0);
		T::SessionKeys::set_keys_for_benchmark(&who);

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
			T::ProtectedOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxValidators::get();
		set_validators::<T>(max)?;
		let who: T::AccountId = account("validator", max.saturating_sub(1), 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		assert!(ValidatorsChanged::<T>::get());
		Ok(())
	}

	/// The list has room for one more node.
	#[benchmark]
	fn allow_node() -> Result<(), BenchmarkError> {
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = account("owner", 0, 0);
		let max = T::MaxAllowedNodes::get();
		allow_nodes::<T>(max.saturating_sub(1), &owner)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node(max), owner.clone());

		assert_eq!(AllowedNodes::<T>::count(), max);
		Ok(())
	}

	/// A full list; the removed node has the most extra connections.
	#[benchmark]
	fn disallow_node() -> Result<(), BenchmarkError> {
		let origin =
			T::ProtectedOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = account("owner", 0, 0);
		let max = T::MaxAllowedNodes::get();
		allow_nodes::<T>(max, &owner)?;
		let target = parse_peer_id(&node(0)).ok_or(BenchmarkError::Stop("bad peer id"))?;
		let connections = (0..T::MaxNodeConnections::get())
			.filter_map(|i| parse_peer_id(&node(1_000 + i)))
			.collect::<Vec<_>>();
		NodeConnections::<T>::insert(
			&target,
			BoundedVec::try_from(connections).map_err(|_| BenchmarkError::Stop("too many"))?,
		);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node(0));

		assert!(!AllowedNodes::<T>::contains_key(&target));
		assert!(!NodeConnections::<T>::contains_key(&target));
		Ok(())
	}

	/// The owner replaces a full connection list with `c` new peers (each checked against the
	/// ones before it).
	#[benchmark]
	fn set_node_connections(
		c: Linear<0, { T::MaxNodeConnections::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		allow_nodes::<T>(1, &owner)?;
		let target = parse_peer_id(&node(0)).ok_or(BenchmarkError::Stop("bad peer id"))?;
		let old = (0..T::MaxNodeConnections::get())
			.filter_map(|i| parse_peer_id(&node(2_000 + i)))
			.collect::<Vec<_>>();
		NodeConnections::<T>::insert(
			&target,
			BoundedVec::try_from(old).map_err(|_| BenchmarkError::Stop("too many"))?,
		);
		let new: Vec<Vec<u8>> = (0..c).map(|i| node(1_000 + i)).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), node(0), new);

		assert_eq!(NodeConnections::<T>::get(&target).len() as u32, c);
		Ok(())
	}

	/// The consortium replaces a full list of auditor keys with `k` new ones (each checked
	/// against the ones before it).
	#[benchmark]
	fn set_auditor_keys(k: Linear<0, { T::MaxAuditors::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::ProtectedOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxAuditors::get();
		let old = (0..max).map(|i| [i as u8; 32]).collect::<Vec<AuditorKey>>();
		AuditorKeys::<T>::put(
			BoundedVec::try_from(old).map_err(|_| BenchmarkError::Stop("too many"))?,
		);
		let new = (0..k).map(|i| [0x80 | i as u8; 32]).collect::<Vec<AuditorKey>>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new);

		assert_eq!(AuditorKeys::<T>::get().len() as u32, k);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
