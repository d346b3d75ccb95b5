//! The pallet's invariants, checked after every unit test and by `try-runtime`.

use crate::{building, pallet::*};
use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks that keys, owners, rings, revisions and the rebuild queue agree:
	/// - every registered key is in its ring's list exactly once outside the positions leaving;
	/// - every position of a list is either leaving or holds a registered key of that ring;
	/// - a ring without a rebuild commits to its whole list (its latest root's size), and its set
	///   is that list's;
	/// - a ring keeps at most `KeptRevisions` revisions, the latest among them;
	/// - the rebuild queue holds exactly the rings with a rebuild, each once.
	pub(crate) fn do_try_state() -> Result<(), TryRuntimeError> {
		for (identity, record) in MemberOf::<T>::iter() {
			ensure!(KeyOwner::<T>::get(record.key) == Some(identity), "key owner mismatch");
		}
		for (key, identity) in KeyOwner::<T>::iter() {
			ensure!(
				MemberOf::<T>::get(identity).map(|r| r.key) == Some(key),
				"owner without its member record"
			);
		}
		let mut rebuilding = BTreeSet::new();
		for (ring, state) in Rings::<T>::iter() {
			let keys = RingMembers::<T>::get(ring);
			let leaving = state.rebuild.as_ref().map(|r| r.removed.to_vec()).unwrap_or_default();
			let mut seen = BTreeSet::new();
			for (p, key) in keys.iter().enumerate() {
				if leaving.binary_search(&(p as u32)).is_ok() {
					continue;
				}
				let owner = KeyOwner::<T>::get(key).ok_or("a ring holds an unregistered key")?;
				ensure!(
					MemberOf::<T>::get(owner).map(|r| r.ring) == Some(ring),
					"a key is listed in another ring than its record's"
				);
				ensure!(seen.insert(*key), "a key is listed twice");
			}
			let revisions = Roots::<T>::iter_key_prefix(ring).collect::<Vec<_>>();
			ensure!(
				revisions.len() as u32 <= T::KeptRevisions::get(),
				"more revisions kept than KeptRevisions"
			);
			let committed = match state.revision {
				Some(revision) => {
					Roots::<T>::get(ring, revision).ok_or("latest revision not kept")?.members
				},
				None => 0,
			};
			match &state.rebuild {
				None => {
					ensure!(committed as usize == keys.len(), "ring not committed whole");
					let mut set = building::decode_set::<T>(&building::empty_set())
						.map_err(|_| "empty set")?;
					building::push::<T>(&mut set, keys.iter().copied()).map_err(|_| "push")?;
					ensure!(building::encode_set(&set) == state.set, "ring set is not its list's");
				},
				Some(rebuild) => {
					ensure!(rebuild.next as usize <= keys.len(), "rebuild past the list");
					ensure!(
						rebuild.removed.iter().all(|p| (*p as usize) < keys.len()),
						"a leaving position past the list"
					);
					rebuilding.insert(ring);
				},
			}
		}
		let queue = RebuildQueue::<T>::get();
		ensure!(
			queue.iter().copied().collect::<BTreeSet<_>>() == rebuilding
				&& queue.len() == rebuilding.len(),
			"rebuild queue differs from the rings being rebuilt"
		);
		Ok(())
	}
}
