//! The runtime API's answers: the current ring, a ring as a prover needs it, an identity's key.

use crate::{building, pallet::*};
use alloc::vec::Vec;
use frame_support::traits::Get;
use loanchain_primitives::{IdentityId, MemberView, RingIndex, RingView};

impl<T: Config> Pallet<T> {
	/// The ring new member keys join now.
	pub fn current_ring() -> RingIndex {
		CurrentRing::<T>::get()
	}

	/// Ring `ring` as a prover needs it; `None` if no key ever joined it.
	pub fn ring_view(ring: RingIndex) -> Option<RingView> {
		let state = Rings::<T>::get(ring)?;
		let latest = Self::latest_root(ring);
		let mut revisions = Roots::<T>::iter_key_prefix(ring).collect::<Vec<_>>();
		revisions.sort_unstable();
		Some(RingView {
			members: RingMembers::<T>::get(ring).into_inner(),
			revision: state.revision,
			committed: latest.as_ref().map_or(0, |(_, r)| r.members),
			commitment: latest.as_ref().map(|(_, r)| r.commitment.to_vec()).unwrap_or_default(),
			revisions,
			usable: latest.is_some_and(|(_, r)| r.members >= T::MinRingSize::get()),
			rebuilding: state.rebuild.is_some(),
		})
	}

	/// Where `identity`'s member key is, if it registered one.
	pub fn member_view(identity: IdentityId) -> Option<MemberView> {
		let record = MemberOf::<T>::get(identity)?;
		let leaving = Rings::<T>::get(record.ring)
			.and_then(|s| s.rebuild)
			.map(|r| r.removed.into_inner())
			.unwrap_or_default();
		let position =
			building::live_position(&RingMembers::<T>::get(record.ring), &record.key, &leaving)?;
		Some(MemberView { key: record.key, ring: record.ring, position })
	}
}
