//! The auditors' keys ([`AuditorKeys`]): the consortium replaces the list as a whole.

use crate::{pallet::*, AuditorKey};
use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{pallet_prelude::*, BoundedVec};

impl<T: Config> Pallet<T> {
	/// `keys` as [`AuditorKeys`] holds them, or why they cannot be: more than
	/// [`Config::MaxAuditors`], or one listed twice.
	pub(crate) fn checked_auditor_keys(
		keys: Vec<AuditorKey>,
	) -> Result<BoundedVec<AuditorKey, T::MaxAuditors>, Error<T>> {
		let keys = BoundedVec::<AuditorKey, T::MaxAuditors>::try_from(keys)
			.map_err(|_| Error::<T>::TooManyAuditorKeys)?;
		let mut seen = BTreeSet::new();
		ensure!(keys.iter().all(|key| seen.insert(*key)), Error::<T>::DuplicateAuditorKey);
		Ok(keys)
	}

	/// Replaces [`AuditorKeys`] with `keys`, checked.
	pub(crate) fn do_set_auditor_keys(keys: Vec<AuditorKey>) -> DispatchResult {
		let keys = Self::checked_auditor_keys(keys)?;
		AuditorKeys::<T>::put(&keys);
		Self::deposit_event(Event::AuditorKeysSet { keys });
		Ok(())
	}
}
