//! [`LevelPolicy`]: the disclosure rules of loanchain's three information levels, as a
//! [`DisclosurePolicy`] the pallet consults.

use crate::{BalanceOf, Config, Pallet};
use core::marker::PhantomData;
use loanchain_primitives::{
	DisclosureDenied, DisclosureLevel, DisclosurePolicy, IdentityProvider, LoanId, LoanParty,
	LoanRegistry,
};

/// The rules of the information levels the lender chooses when it reports a breach:
///
/// | action | who | when |
/// |---|---|---|
/// | reveal | an account acting for the lender | the level is `Public` |
/// | grant (and revoke) | an account acting for the borrower or the lender | any loan, any level |
/// | request | an attested account, or an operator of a valid company, acting for neither party (an alias loan's lender cannot be told apart) | the level is `PaidQuery { fee }`; the price is `fee` |
/// | deliver | an account acting for the lender (its own account, or its company's operator) | any loan with an open request |
///
/// An alias loan's lender reveals and delivers with its lender key instead
/// (`Pallet::lender_disclose`): no account acts for it, so the account rules refuse.
///
/// "Acting for" a party is [`LoanRegistry::acts_for`]: an account of that identity with a valid
/// attestation, or an operator of that company while the company is valid.
pub struct LevelPolicy<T>(PhantomData<T>);

impl<T: Config> LevelPolicy<T> {
	/// `UnknownLoan` unless the loan exists.
	fn ensure_exists(loan_id: LoanId) -> Result<(), DisclosureDenied> {
		T::Loans::parties(loan_id).map(|_| ()).ok_or(DisclosureDenied::UnknownLoan)
	}

	/// `NotLender` unless `who` acts for the loan's lender.
	fn ensure_lender(loan_id: LoanId, who: &T::AccountId) -> Result<(), DisclosureDenied> {
		Self::ensure_exists(loan_id)?;
		if T::Loans::acts_for(loan_id, LoanParty::Lender, who) {
			Ok(())
		} else {
			Err(DisclosureDenied::NotLender)
		}
	}

	/// Whether `who` may act now: a valid attestation of its own, or an operator of a company
	/// whose identity is valid.
	fn is_attested(who: &T::AccountId) -> bool {
		T::Identities::is_valid(who)
			|| T::Identities::company_of_operator(who).is_some_and(T::Identities::is_identity_valid)
	}
}

impl<T: Config> DisclosurePolicy<T::AccountId, BalanceOf<T>> for LevelPolicy<T> {
	fn may_reveal(loan_id: LoanId, who: &T::AccountId) -> Result<(), DisclosureDenied> {
		Self::ensure_lender(loan_id, who)?;
		match T::Loans::disclosure_level(loan_id) {
			Some(DisclosureLevel::Public) => Ok(()),
			_ => Err(DisclosureDenied::WrongLevel),
		}
	}

	fn may_grant(
		loan_id: LoanId,
		who: &T::AccountId,
		_reader: &T::AccountId,
	) -> Result<(), DisclosureDenied> {
		Self::ensure_exists(loan_id)?;
		if T::Loans::acts_for(loan_id, LoanParty::Borrower, who)
			|| T::Loans::acts_for(loan_id, LoanParty::Lender, who)
		{
			Ok(())
		} else {
			Err(DisclosureDenied::NotParty)
		}
	}

	fn may_request(loan_id: LoanId, who: &T::AccountId) -> Result<BalanceOf<T>, DisclosureDenied> {
		let parties = T::Loans::parties(loan_id).ok_or(DisclosureDenied::UnknownLoan)?;
		let DisclosureLevel::PaidQuery { fee } =
			T::Loans::disclosure_level(loan_id).ok_or(DisclosureDenied::WrongLevel)?
		else {
			return Err(DisclosureDenied::WrongLevel);
		};
		// An alias loan's lender is named nowhere, so the chain cannot tell it from other
		// requesters; a lender asking for its own loan pays its own payout account.
		let identity = Pallet::<T>::identity_for(who);
		if identity == Some(parties.borrower) || (identity.is_some() && identity == parties.lender)
		{
			return Err(DisclosureDenied::IsParty);
		}
		if !Self::is_attested(who) {
			return Err(DisclosureDenied::NotAttested);
		}
		Ok(fee)
	}

	fn may_deliver(loan_id: LoanId, who: &T::AccountId) -> Result<(), DisclosureDenied> {
		Self::ensure_lender(loan_id, who)
	}
}
