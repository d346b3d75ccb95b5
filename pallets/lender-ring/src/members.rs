//! Member keys: registration, removal by the identity, pruning of identities that lost their
//! attestation.

use crate::{building, pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use loanchain_primitives::{IdentityId, IdentityProvider, MemberKey};
use verifiable::GenerateVerifiable;

impl<T: Config> Pallet<T> {
	/// [`Pallet::register_key`]: every check first, then the deposit, then the writes.
	pub(crate) fn do_register_key(
		who: T::AccountId,
		identity: IdentityId,
		key: MemberKey,
	) -> DispatchResult {
		ensure!(T::Identities::acts_for(&who, identity), Error::<T>::NotAuthorized);
		ensure!(!MemberOf::<T>::contains_key(identity), Error::<T>::AlreadyRegistered);
		ensure!(!KeyOwner::<T>::contains_key(key), Error::<T>::KeyInUse);
		ensure!(Verifier::is_member_valid(&key), Error::<T>::InvalidKey);

		let mut ring = CurrentRing::<T>::get();
		let mut keys = RingMembers::<T>::get(ring);
		if keys.len() as u32 >= MAX_RING_SIZE {
			ring = ring.checked_add(1).ok_or(Error::<T>::RingsFull)?;
			keys = RingKeys::default();
		}
		ensure!(ring < T::MaxRings::get(), Error::<T>::RingsFull);
		let mut state = Rings::<T>::get(ring).unwrap_or_else(|| RingState {
			revision: None,
			set: building::empty_set(),
			rebuild: None,
		});
		let set = match state.rebuild {
			// A rebuild picks the key up when it reaches the end of the list.
			Some(_) => None,
			None => {
				let mut set = building::decode_set::<T>(&state.set)?;
				building::push::<T>(&mut set, core::iter::once(key))?;
				Some(set)
			},
		};
		keys.try_push(key).map_err(|_| Error::<T>::RingCorrupt)?;

		let deposit = T::KeyDeposit::get();
		T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, deposit)?;

		let members = keys.len() as u32;
		RingMembers::<T>::insert(ring, keys);
		CurrentRing::<T>::put(ring);
		KeyOwner::<T>::insert(key, identity);
		MemberOf::<T>::insert(identity, MemberRecord { key, ring, depositor: who, deposit });
		Self::deposit_event(Event::MemberKeyRegistered { identity, ring });
		if let Some(set) = set {
			Self::new_revision(ring, &mut state, &set, members);
		}
		Rings::<T>::insert(ring, state);
		Ok(())
	}

	/// Takes `identity`'s key out of its ring (which is queued for a rebuild, or restarts its
	/// rebuild if that has passed the key) and returns the deposit.
	pub(crate) fn do_remove_key(identity: IdentityId, pruned: bool) -> DispatchResult {
		let record = MemberOf::<T>::get(identity).ok_or(Error::<T>::NoKey)?;
		let ring = record.ring;
		let keys = RingMembers::<T>::get(ring);
		let mut state = Rings::<T>::get(ring).ok_or(Error::<T>::RingCorrupt)?;
		let mut rebuild = state.rebuild.take().unwrap_or_else(|| Rebuild {
			removed: Default::default(),
			next: 0,
			set: building::empty_set(),
		});
		let position = building::live_position(&keys, &record.key, &rebuild.removed)
			.ok_or(Error::<T>::RingCorrupt)?;
		if position < rebuild.next {
			// The rebuild already pushed this key: start it again.
			rebuild.next = 0;
			rebuild.set = building::empty_set();
		}
		let at = rebuild.removed.binary_search(&position).unwrap_or_else(|at| at);
		rebuild.removed.try_insert(at, position).map_err(|_| Error::<T>::RingCorrupt)?;
		let mut queue = RebuildQueue::<T>::get();
		if !queue.contains(&ring) {
			queue.try_push(ring).map_err(|_| Error::<T>::TooManyRebuilds)?;
		}

		T::Currency::release(
			&HoldReason::KeyDeposit.into(),
			&record.depositor,
			record.deposit,
			Precision::BestEffort,
		)?;

		state.rebuild = Some(rebuild);
		Rings::<T>::insert(ring, state);
		RebuildQueue::<T>::put(queue);
		MemberOf::<T>::remove(identity);
		KeyOwner::<T>::remove(record.key);
		Self::deposit_event(Event::MemberKeyRemoved { identity, ring, pruned });
		Ok(())
	}
}
