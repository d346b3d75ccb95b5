//! Benchmarks of `pallet_lender_ring`, each in its worst case: the longest key lists, the most
//! revisions to drop, a rebuild's last step, and a proof check against a real ring (a proof
//! made natively, `benchmark_fixture.rs`).

use super::*;
use crate::{benchmark_fixture, building};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use loanchain_primitives::SubjectKind;
use sp_runtime::traits::Saturating;

/// An attested, funded person and its identity.
fn lender<T: Config>(n: u32) -> Result<(T::AccountId, IdentityId), BenchmarkError> {
	let who: T::AccountId = account("lender", n, 0);
	let identity = T::Identities::attest_for_benchmark(&who, SubjectKind::Person)
		.ok_or(BenchmarkError::Stop("no identities to benchmark with"))?;
	let amount = T::KeyDeposit::get()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(100u32.into());
	T::Currency::set_balance(&who, amount);
	Ok((who, identity))
}

/// Ring 0 holding `len` copies of a valid key, committed whole (its set is left empty: the
/// cost of a push does not depend on what the set holds), with every kept revision present.
fn fill_ring<T: Config>(len: u32) {
	let filler = benchmark_fixture::fixture().members[1];
	RingMembers::<T>::insert(0, RingKeys::truncate_from(alloc::vec![filler; len as usize]));
	let kept = T::KeptRevisions::get();
	for revision in 0..kept {
		Roots::<T>::insert(
			0,
			revision,
			RingRoot {
				commitment: BoundedVec::truncate_from(alloc::vec![0; COMMITMENT_LEN as usize]),
				members: len,
				at: 0u32.into(),
			},
		);
	}
	Rings::<T>::insert(
		0,
		RingState {
			revision: Some(kept.saturating_sub(1)),
			set: building::empty_set(),
			rebuild: None,
		},
	);
}

/// A member record for `identity` whose key is the last of a full ring 0, with a pending
/// rebuild that already passed it and every other position leaving (the longest searches).
fn member_at_end_of_full_ring<T: Config>(
	who: &T::AccountId,
	identity: IdentityId,
) -> Result<(), BenchmarkError> {
	let key = benchmark_fixture::fixture().members[0];
	fill_ring::<T>(MAX_RING_SIZE.saturating_sub(1));
	RingMembers::<T>::mutate(0, |keys| keys.try_push(key)).map_err(|_| "ring full")?;
	let deposit = T::KeyDeposit::get();
	T::Currency::hold(&HoldReason::KeyDeposit.into(), who, deposit)?;
	MemberOf::<T>::insert(identity, MemberRecord { key, ring: 0, depositor: who.clone(), deposit });
	KeyOwner::<T>::insert(key, identity);
	let leaving = (0..MAX_RING_SIZE.saturating_sub(2)).collect::<Vec<_>>();
	Rings::<T>::mutate(0, |state| {
		if let Some(state) = state {
			state.rebuild = Some(Rebuild {
				removed: BoundedVec::truncate_from(leaving),
				next: MAX_RING_SIZE,
				set: building::empty_set(),
			});
		}
	});
	RebuildQueue::<T>::put(BoundedVec::truncate_from(alloc::vec![0]));
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A key joining a ring one short of full: the longest list, a push, a new revision and
	/// the oldest kept one dropped.
	#[benchmark]
	fn register_key() -> Result<(), BenchmarkError> {
		let (who, identity) = lender::<T>(0)?;
		fill_ring::<T>(MAX_RING_SIZE.saturating_sub(1));
		let key = benchmark_fixture::fixture().members[0];

		#[extrinsic_call]
		_(RawOrigin::Signed(who), identity, key);

		assert_eq!(MemberOf::<T>::get(identity).map(|r| r.ring), Some(0));
		assert_eq!(RingMembers::<T>::get(0).len() as u32, MAX_RING_SIZE);
		Ok(())
	}

	/// The last key of a full ring leaving, every other position already leaving, and the
	/// rebuild restarted.
	#[benchmark]
	fn remove_key() -> Result<(), BenchmarkError> {
		let (who, identity) = lender::<T>(0)?;
		member_at_end_of_full_ring::<T>(&who, identity)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), identity);

		assert!(MemberOf::<T>::get(identity).is_none());
		Ok(())
	}

	/// As `remove_key`, for an identity no longer attested, by someone else.
	#[benchmark]
	fn prune_key() -> Result<(), BenchmarkError> {
		let (who, _) = lender::<T>(0)?;
		// An identity number nobody holds: no valid account.
		let identity = IdentityId::MAX;
		member_at_end_of_full_ring::<T>(&who, identity)?;
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), identity);

		assert!(MemberOf::<T>::get(identity).is_none());
		Ok(())
	}

	/// The last step of the rebuild of a full ring, pushing `n` keys, then the revisions
	/// dropped, the new one made and the list rewritten.
	#[benchmark]
	fn rebuild_step(n: Linear<1, { T::RebuildStep::get() }>) -> Result<(), BenchmarkError> {
		fill_ring::<T>(MAX_RING_SIZE);
		// Position 0 leaves; the rebuild is `n` keys short of the end.
		Rings::<T>::mutate(0, |state| {
			if let Some(state) = state {
				state.rebuild = Some(Rebuild {
					removed: BoundedVec::truncate_from(alloc::vec![0]),
					next: MAX_RING_SIZE.saturating_sub(n),
					set: building::empty_set(),
				});
			}
		});
		RebuildQueue::<T>::put(BoundedVec::truncate_from(alloc::vec![0]));

		#[block]
		{
			Pallet::<T>::rebuild_step();
		}

		assert!(RebuildQueue::<T>::get().is_empty());
		assert_eq!(RingMembers::<T>::get(0).len() as u32, MAX_RING_SIZE - 1);
		Ok(())
	}

	/// A block with no rebuild pending.
	#[benchmark]
	fn rebuild_idle() {
		#[block]
		{
			Pallet::<T>::rebuild_step();
		}
	}

	/// One ring proof checked against a real ring's commitment.
	#[benchmark]
	fn validate() -> Result<(), BenchmarkError> {
		let fixture = benchmark_fixture::fixture();
		for (n, key) in fixture.members.iter().enumerate() {
			let (who, identity) = lender::<T>(n as u32)?;
			Pallet::<T>::do_register_key(who, identity, *key)?;
		}
		let revision = (fixture.members.len() as u32).saturating_sub(1);
		let result;

		#[block]
		{
			result = Pallet::<T>::do_validate(
				0,
				revision,
				fixture.context,
				fixture.message,
				fixture.proof,
			);
		}

		assert!(result.is_ok(), "the fixture proof verifies: {result:?}");
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
