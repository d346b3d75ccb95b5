//! Ring commitments: pushing keys into a ring's commitment with the compiled-in chunks, new
//! revisions, and the rebuild of a ring a key left (in `on_initialize`).

use crate::{pallet::*, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use loanchain_primitives::{MemberKey, RingIndex, RingRevision};
use verifiable::{DecodeUnchecked, GenerateVerifiable};

/// The chunks `range` of the compiled-in setup, for `push_members`.
pub(crate) fn chunk_lookup(range: core::ops::Range<usize>) -> Result<Vec<StaticChunk>, ()> {
	let start = range.start.checked_mul(CHUNK_LEN).ok_or(())?;
	let end = range.end.checked_mul(CHUNK_LEN).ok_or(())?;
	let mut bytes = CHUNKS.get(start..end).ok_or(())?;
	// The chunks are compiled in and checked against the crate's by a test, so the curve checks
	// of the checked decode (0.8 ms per chunk in wasm) would buy nothing.
	(0..range.len())
		.map(|_| StaticChunk::decode_unchecked(&mut bytes).map_err(|_| ()))
		.collect()
}

/// The position of `key` in a ring's `keys` among the positions not `leaving` (ascending): a key
/// that left and was registered again is in the list twice until the rebuild.
pub(crate) fn live_position(keys: &[MemberKey], key: &MemberKey, leaving: &[u32]) -> Option<u32> {
	keys.iter()
		.enumerate()
		.position(|(p, k)| k == key && leaving.binary_search(&(p as u32)).is_err())
		.map(|p| p as u32)
}

/// An empty ring's commitment under construction.
pub(crate) fn empty_set() -> MembersSetBytes {
	encode_set(&Verifier::start_members(DOMAIN))
}

/// The stored encoding of a commitment under construction.
pub(crate) fn encode_set(set: &MembersSet) -> MembersSetBytes {
	// The encoding has a fixed size of `MEMBERS_SET_LEN`, so this never truncates.
	BoundedVec::truncate_from(set.encode())
}

/// Decodes a commitment under construction the pallet stored (unchecked: the pallet wrote it).
pub(crate) fn decode_set<T: Config>(bytes: &[u8]) -> Result<MembersSet, Error<T>> {
	MembersSet::decode_unchecked(&mut &bytes[..]).map_err(|_| Error::<T>::RingCorrupt)
}

/// Pushes `keys` into `set`.
pub(crate) fn push<T: Config>(
	set: &mut MembersSet,
	keys: impl Iterator<Item = MemberKey>,
) -> Result<(), Error<T>> {
	Verifier::push_members(set, keys, chunk_lookup).map_err(|e| {
		log::error!(target: crate::LOG_TARGET, "push_members failed: {e:?}");
		Error::<T>::RingCorrupt
	})
}

/// The finished commitment of `set`.
pub(crate) fn commitment_of(set: &MembersSet) -> CommitmentBytes {
	// A `MembersCommitment` encodes to exactly `COMMITMENT_LEN` bytes.
	BoundedVec::truncate_from(Verifier::finish_members(set.clone()).encode())
}

impl<T: Config> Pallet<T> {
	/// Records `set` (committing to `members` keys) as the next revision of `ring`, and drops
	/// the revisions before the kept ones. Returns the new revision.
	pub(crate) fn new_revision(
		ring: RingIndex,
		state: &mut RingState,
		set: &MembersSet,
		members: u32,
	) -> RingRevision {
		let revision = state.revision.map_or(0, |r| r.saturating_add(1));
		Roots::<T>::insert(
			ring,
			revision,
			RingRoot {
				commitment: commitment_of(set),
				members,
				at: frame_system::Pallet::<T>::block_number(),
			},
		);
		if let Some(old) = revision.checked_sub(T::KeptRevisions::get()) {
			Roots::<T>::remove(ring, old);
		}
		state.revision = Some(revision);
		state.set = encode_set(set);
		Self::deposit_event(Event::RingRevised { ring, revision, members });
		revision
	}

	/// One block's share of the oldest pending rebuild: pushes up to [`Config::RebuildStep`]
	/// kept keys and, when the ring's list is passed, makes the rebuilt commitment the ring's
	/// next revision, drops the older ones (they held the keys that left) and rewrites the key
	/// list without them. Returns the weight used.
	pub(crate) fn rebuild_step() -> Weight {
		let Some(&ring) = RebuildQueue::<T>::get().first() else {
			return T::WeightInfo::rebuild_idle();
		};
		match Self::try_rebuild_step(ring) {
			Ok(pushed) => T::WeightInfo::rebuild_step(pushed),
			Err(e) => {
				// Never reached with storage this pallet wrote; drop the rebuild rather than
				// retry it for ever (the ring keeps its latest revision).
				log::error!(target: crate::LOG_TARGET, "rebuild of ring {ring} failed: {e:?}");
				RebuildQueue::<T>::mutate(|q| q.retain(|r| *r != ring));
				Rings::<T>::mutate(ring, |s| {
					if let Some(s) = s {
						s.rebuild = None;
					}
				});
				T::WeightInfo::rebuild_step(T::RebuildStep::get())
			},
		}
	}

	/// [`Self::rebuild_step`] for `ring`; the number of keys pushed.
	fn try_rebuild_step(ring: RingIndex) -> Result<u32, Error<T>> {
		let mut state = Rings::<T>::get(ring).ok_or(Error::<T>::RingCorrupt)?;
		let mut rebuild = state.rebuild.take().ok_or(Error::<T>::RingCorrupt)?;
		let keys = RingMembers::<T>::get(ring);
		let total = keys.len() as u32;
		let end = rebuild.next.saturating_add(T::RebuildStep::get()).min(total);
		let mut set = decode_set::<T>(&rebuild.set)?;
		let kept = (rebuild.next..end)
			.filter(|p| rebuild.removed.binary_search(p).is_err())
			.filter_map(|p| keys.get(p as usize).copied())
			.collect::<Vec<_>>();
		let pushed = kept.len() as u32;
		push::<T>(&mut set, kept.into_iter())?;
		rebuild.next = end;
		if end < total {
			rebuild.set = encode_set(&set);
			state.rebuild = Some(rebuild);
			Rings::<T>::insert(ring, state);
			return Ok(pushed);
		}
		// Done: the list without the keys that left, one revision, the older ones dropped.
		let remaining = keys
			.iter()
			.enumerate()
			.filter(|(p, _)| rebuild.removed.binary_search(&(*p as u32)).is_err())
			.map(|(_, k)| *k)
			.collect::<Vec<_>>();
		let members = remaining.len() as u32;
		let _ = Roots::<T>::clear_prefix(ring, T::KeptRevisions::get().saturating_add(1), None);
		Self::new_revision(ring, &mut state, &set, members);
		RingMembers::<T>::insert(ring, RingKeys::truncate_from(remaining));
		Rings::<T>::insert(ring, state);
		RebuildQueue::<T>::mutate(|q| q.retain(|r| *r != ring));
		Ok(pushed)
	}

	/// The revision a ring's root was made at, for queries (the latest, if any).
	pub(crate) fn latest_root(
		ring: RingIndex,
	) -> Option<(RingRevision, RingRoot<BlockNumberFor<T>>)> {
		let revision = Rings::<T>::get(ring)?.revision?;
		Roots::<T>::get(ring, revision).map(|root| (revision, root))
	}
}
