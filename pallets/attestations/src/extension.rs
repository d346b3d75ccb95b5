//! [`CheckPermission`]: the transaction extension that makes loanchain permissioned.
//!
//! A signed transaction is valid only if its signer is validly attested (not expired, not
//! revoked), an attestor, a consortium member, or an operator of a company whose identity is
//! valid (at least one of its accounts validly attested). Others are refused in
//! `validate`, so the transaction pool drops them without charging a fee, and a block that
//! includes one anyway is invalid. Unsigned transactions and inherents pass through untouched.
//!
//! A permitted signer may still be refused a call for a role outside this pallet
//! ([`Config::CallGuard`]; in the runtime: a validator purging its session keys).
//!
//! Refusals are `InvalidTransaction::Custom(code)` with the codes of [`PermissionDenied`].

use crate::{Config, Pallet, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait, DefaultNoBound};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	Weight,
};

/// Why [`CheckPermission`] refused a transaction; the discriminant is the code carried by
/// `InvalidTransaction::Custom`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum PermissionDenied {
	/// The signer was never attested and is not an attestor, consortium member or operator.
	UnknownAccount = 40,
	/// The signer's attestation has expired (and it has no other role).
	AttestationExpired = 41,
	/// The signer's attestation has been revoked (and it has no other role).
	AttestationRevoked = 42,
	/// The signer is an operator of a company whose identity has no valid attestation any more
	/// (and it has no other role).
	CompanyNotValid = 43,
	/// The signer is a validator and the call would purge its session keys (directly or inside
	/// a batch), which takes it out of block production and finality: the consortium removes
	/// it from the set first (`consortium.removeValidator`), or it rotates them with
	/// `session.setKeys`.
	ValidatorKeysNeeded = 44,
}

/// Calls the runtime refuses to a signer for a role outside this pallet, checked by
/// [`CheckPermission`] after the signer's permission ([`Config::CallGuard`]).
pub trait CallGuard<AccountId, Call> {
	/// Why `who` may not make `call`, if it may not.
	fn refuse(who: &AccountId, call: &Call) -> Option<PermissionDenied>;

	/// The most weight [`CallGuard::refuse`] takes for `call`.
	fn weight(call: &Call) -> Weight;
}

/// Refuses nothing.
impl<AccountId, Call> CallGuard<AccountId, Call> for () {
	fn refuse(_who: &AccountId, _call: &Call) -> Option<PermissionDenied> {
		None
	}

	fn weight(_call: &Call) -> Weight {
		Weight::zero()
	}
}

impl PermissionDenied {
	/// The `InvalidTransaction::Custom` code of this refusal.
	pub const fn code(self) -> u8 {
		self as u8
	}
}

impl From<PermissionDenied> for InvalidTransaction {
	fn from(denied: PermissionDenied) -> Self {
		InvalidTransaction::Custom(denied.code())
	}
}

impl From<PermissionDenied> for TransactionValidityError {
	fn from(denied: PermissionDenied) -> Self {
		TransactionValidityError::Invalid(denied.into())
	}
}

/// Refuses signed transactions from accounts that may not use the chain (see the module docs).
/// Put it in the runtime's `TxExtension` tuple after `CheckNonZeroSender`.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckPermission<T>(PhantomData<T>);

impl<T: Config + Send + Sync> CheckPermission<T> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckPermission<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckPermission")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckPermission<T> {
	const IDENTIFIER: &'static str = "CheckPermission";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_permission().saturating_add(T::CallGuard::weight(call))
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			Pallet::<T>::check_permission(who).map_err(TransactionValidityError::from)?;
			if let Some(denied) = T::CallGuard::refuse(who, call) {
				return Err(denied.into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(T::RuntimeCall; prepare);
}
