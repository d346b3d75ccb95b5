//! The check of a ring proof against a kept revision of a ring (what
//! [`loanchain_primitives::LenderRing::validate`] does).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::traits::Get;
use loanchain_primitives::{Alias, RingIndex, RingProofError, RingRevision};
use verifiable::{DecodeUnchecked, GenerateVerifiable};

impl<T: Config> Pallet<T> {
	/// Checks `proof` against revision `revision` of `ring` for `context` and `message`.
	pub(crate) fn do_validate(
		ring: RingIndex,
		revision: RingRevision,
		context: &[u8],
		message: &[u8],
		proof: &[u8],
	) -> Result<Alias, RingProofError> {
		if !Rings::<T>::contains_key(ring) {
			return Err(RingProofError::UnknownRing);
		}
		let root = Roots::<T>::get(ring, revision).ok_or(RingProofError::UnknownRevision)?;
		if root.members < T::MinRingSize::get() {
			return Err(RingProofError::RingTooSmall);
		}
		let proof =
			Proof::try_from(Vec::from(proof)).map_err(|_| RingProofError::MalformedProof)?;
		// The pallet wrote the commitment, so the curve checks of the checked decode buy nothing.
		let members =
			MembersCommitment::decode_unchecked(&mut &root.commitment[..]).map_err(|_| {
				log::error!(target: crate::LOG_TARGET, "stored commitment of ring {ring} does not decode");
				RingProofError::UnknownRevision
			})?;
		Verifier::validate(DOMAIN, &proof, &members, context, message).map_err(|e| match e {
			verifiable::Error::DecodeError => RingProofError::MalformedProof,
			_ => RingProofError::InvalidProof,
		})
	}
}
