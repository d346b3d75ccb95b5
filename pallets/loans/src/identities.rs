//! Who acts for an identity: an account of it with a valid attestation, or an operator of the
//! company while the company is valid.

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;
use loanchain_primitives::{IdentityProvider, SubjectKind};

impl<T: Config> Pallet<T> {
	/// The identity `account` speaks for, whatever its state: its own, or its company's if
	/// it is an operator.
	pub fn identity_for(account: &T::AccountId) -> Option<IdentityId> {
		T::Identities::identity_of(account).or_else(|| T::Identities::company_of_operator(account))
	}

	/// Whether `account` acts for `identity` now: its own identity with a valid attestation,
	/// or an operator of that company while the company is valid.
	pub fn acts_for_identity(account: &T::AccountId, identity: IdentityId) -> bool {
		T::Identities::acts_for(account, identity)
	}

	/// The identity `who` acts for now, or [`Error::NotAttested`].
	pub(crate) fn acting_identity(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		let identity = Self::identity_for(who).ok_or(Error::<T>::NotAttested)?;
		ensure!(Self::acts_for_identity(who, identity), Error::<T>::NotAttested);
		Ok(identity)
	}

	/// Ok if `who` acts for `identity` now; [`Error::NotAttested`] if it belongs to it but
	/// is not valid; `otherwise` if it has nothing to do with it.
	pub(crate) fn ensure_acts_for(
		who: &T::AccountId,
		identity: IdentityId,
		otherwise: Error<T>,
	) -> DispatchResult {
		ensure!(Self::identity_for(who) == Some(identity), otherwise);
		ensure!(Self::acts_for_identity(who, identity), Error::<T>::NotAttested);
		Ok(())
	}

	/// The company `who` acts for now: as its operator, or as an attested account of a
	/// company identity.
	pub(crate) fn acting_company(who: &T::AccountId) -> Result<IdentityId, DispatchError> {
		if let Some(company) = T::Identities::company_of_operator(who) {
			ensure!(T::Identities::is_identity_valid(company), Error::<T>::LenderNotAttested);
			return Ok(company);
		}
		let identity = T::Identities::identity_of(who).ok_or(Error::<T>::NotCompany)?;
		ensure!(
			T::Identities::kind_of(identity) == Some(SubjectKind::Company),
			Error::<T>::NotCompany
		);
		ensure!(T::Identities::is_valid(who), Error::<T>::NotAttested);
		Ok(identity)
	}
}
