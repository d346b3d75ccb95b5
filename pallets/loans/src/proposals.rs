//! C2C proposals: the borrower proposes (to a named lender here, to an alias in `aliases.rs`),
//! the named lender confirms, either party withdraws.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use loanchain_primitives::IdentityProvider;

impl<T: Config> Pallet<T> {
	/// C2C proposal by `who` for its identity, to the identity of `lender_account`.
	pub(crate) fn do_propose(
		who: T::AccountId,
		lender_account: T::AccountId,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
	) -> DispatchResult {
		let borrower = Self::acting_identity(&who)?;
		let lender = Self::identity_for(&lender_account).ok_or(Error::<T>::UnknownLender)?;
		ensure!(lender != borrower, Error::<T>::LenderIsBorrower);
		ensure!(T::Identities::is_identity_valid(lender), Error::<T>::LenderNotAttested);
		let named = LoanLender::Named { identity: lender, account: None, company: None };
		let loan_id =
			Self::open_proposal(&who, borrower, named, duration, commitment, sealed_terms, true)?;
		Self::deposit_event(Event::LoanProposed {
			loan_id,
			borrower,
			lender,
			proposer: who,
			duration,
		});
		Ok(())
	}

	/// Checks and stores a proposal by `who` (the borrower's account) for `borrower` to
	/// `lender`: the period, the terms' size, the borrower's room for another loan, and, when
	/// `deposit`, the deposit held from `who` (a registration to an alias, authorized by the
	/// borrower's consent alone, holds none). Returns the new loan's number.
	pub(crate) fn open_proposal(
		who: &T::AccountId,
		borrower: IdentityId,
		lender: LoanLender<T::AccountId>,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
		deposit: bool,
	) -> Result<LoanId, DispatchError> {
		Self::ensure_duration(duration)?;
		let sealed_terms = Self::bound_terms(sealed_terms)?;
		let (loan_id, next) = Self::next_loan_id()?;
		let mut loans = LoansOf::<T>::get(borrower);
		loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;
		let mut loan =
			Self::new_record(borrower, lender, who.clone(), duration, commitment, sealed_terms);
		Self::record(&mut loan, Actor::Account(who.clone()), LoanChange::Proposed { duration })?;
		Self::store_proposal(loan_id, next, loan, loans, deposit.then_some(who))?;
		Ok(loan_id)
	}

	/// Whether proposal `loan` may be confirmed now: still proposed, not timed out (the queue
	/// may not have withdrawn it yet), and its borrower still validly attested.
	pub(crate) fn ensure_confirmable(loan: &LoanOf<T>) -> DispatchResult {
		ensure!(loan.status == LoanStatus::Proposed, Error::<T>::WrongState);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(loan.report_by.is_none_or(|by| now < by), Error::<T>::WrongState);
		ensure!(T::Identities::is_identity_valid(loan.borrower), Error::<T>::BorrowerNotAttested);
		Ok(())
	}

	/// Confirmation of proposal `loan_id` by `who` for the named lender.
	pub(crate) fn do_confirm(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
		let mut loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		let lender = Self::named_lender(&loan)?;
		Self::ensure_acts_for(&who, lender, Error::<T>::NotLender)?;
		Self::ensure_confirmable(&loan)?;
		Self::unschedule_proposal_timeout(loan_id, &mut loan);
		let (start, end) = Self::start(loan_id, &mut loan, Actor::Account(who.clone()))?;
		Self::release_deposit(&mut loan)?;
		ProposalsTo::<T>::remove(lender, loan_id);
		Loans::<T>::insert(loan_id, loan);
		Self::deposit_event(Event::LoanConfirmed { loan_id, lender, by: who, start, end });
		Ok(())
	}

	/// Withdrawal of proposal `loan_id` by `who`: the depositor, the borrower, or a named
	/// lender (an alias lender that does not want the loan lets it time out).
	pub(crate) fn do_withdraw(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
		let mut loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		let is_depositor = loan.deposit.as_ref().is_some_and(|deposit| deposit.depositor == who);
		let acts_for_lender = loan
			.lender
			.identity()
			.is_some_and(|lender| Self::acts_for_identity(&who, lender));
		ensure!(
			is_depositor || Self::acts_for_identity(&who, loan.borrower) || acts_for_lender,
			Error::<T>::NotParty
		);
		ensure!(loan.status == LoanStatus::Proposed, Error::<T>::WrongState);
		Self::record(&mut loan, Actor::Account(who.clone()), LoanChange::Withdrawn)?;
		Self::release_deposit(&mut loan)?;
		Self::unschedule_proposal_timeout(loan_id, &mut loan);
		loan.status = LoanStatus::Withdrawn;
		LoansOf::<T>::mutate(loan.borrower, |loans| loans.retain(|id| *id != loan_id));
		Self::unlist_proposal(loan_id, &loan);
		Loans::<T>::insert(loan_id, loan);
		Self::deposit_event(Event::LoanWithdrawn { loan_id, by: who });
		Ok(())
	}
}
