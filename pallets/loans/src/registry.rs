//! The loans pallet as the disclosure pallet sees it ([`LoanRegistry`]): parties, commitment,
//! disclosure level, who acts for a party.

use crate::{pallet::*, types::*};
use frame_system::pallet_prelude::*;
use loanchain_primitives::{IdentityProvider, LoanRegistry, SubjectKind};
use sp_runtime::traits::{One, Saturating};

impl<T: Config> LoanRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn parties(loan_id: LoanId) -> Option<LoanParties> {
		Loans::<T>::get(loan_id)
			.map(|loan| LoanParties { borrower: loan.borrower, lender: loan.lender.identity() })
	}

	fn commitment(loan_id: LoanId) -> Option<Commitment> {
		Loans::<T>::get(loan_id).map(|loan| loan.commitment)
	}

	fn disclosure_level(loan_id: LoanId) -> Option<DisclosureLevelOf<T>> {
		Loans::<T>::get(loan_id).and_then(|loan| loan.disclosure)
	}

	fn acts_for(loan_id: LoanId, party: LoanParty, account: &T::AccountId) -> bool {
		Loans::<T>::get(loan_id).is_some_and(|loan| {
			let identity = match party {
				LoanParty::Borrower => Some(loan.borrower),
				LoanParty::Lender => loan.lender.identity(),
			};
			identity.is_some_and(|identity| Self::acts_for_identity(account, identity))
		})
	}

	fn alias_lender(loan_id: LoanId) -> Option<(LenderKey, T::AccountId)> {
		let loan = Loans::<T>::get(loan_id)?;
		let lender = loan.lender.alias()?;
		Some((lender.key?, lender.payout.clone()?))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn breached_for_benchmark(
		borrower: &T::AccountId,
		lender: &T::AccountId,
		commitment: Commitment,
		level: DisclosureLevelOf<T>,
	) -> Option<LoanId> {
		let lender_id = Self::identity_for(lender)
			.or_else(|| T::Identities::attest_for_benchmark(lender, SubjectKind::Person))?;
		let named =
			LoanLender::Named { identity: lender_id, account: Some(lender.clone()), company: None };
		Self::breached_loan_for_benchmark(borrower, named, lender, commitment, level)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn alias_breached_for_benchmark(
		borrower: &T::AccountId,
		key: LenderKey,
		payout: &T::AccountId,
		commitment: Commitment,
		level: DisclosureLevelOf<T>,
	) -> Option<LoanId> {
		let alias = LoanLender::Alias(AliasLender {
			alias: sp_io::hashing::blake2_256(&key),
			key: Some(key),
			payout: Some(payout.clone()),
			nonce: 0,
		});
		Self::breached_loan_for_benchmark(borrower, alias, payout, commitment, level)
	}
}

impl<T: Config> Pallet<T> {
	/// Benchmarks of other pallets: a breached loan of `borrower` lent by `lender` (its
	/// reports recorded as by `reporter`), with `commitment` and `level`.
	#[cfg(feature = "runtime-benchmarks")]
	fn breached_loan_for_benchmark(
		borrower: &T::AccountId,
		lender: LoanLender<T::AccountId>,
		reporter: &T::AccountId,
		commitment: Commitment,
		level: DisclosureLevelOf<T>,
	) -> Option<LoanId> {
		let borrower_id = Self::identity_for(borrower)
			.or_else(|| T::Identities::attest_for_benchmark(borrower, SubjectKind::Person))?;
		let (loan_id, next) = Self::next_loan_id().ok()?;
		let mut loans = LoansOf::<T>::get(borrower_id);
		loans.try_push(loan_id).ok()?;
		let now = frame_system::Pallet::<T>::block_number();
		let one: BlockNumberFor<T> = One::one();
		let mut loan = Self::new_record(
			borrower_id,
			lender,
			borrower.clone(),
			one,
			commitment,
			Default::default(),
		);
		loan.period =
			Some(LoanPeriod { start: now, end: now.saturating_add(one), started_at_ms: 0 });
		loan.status = LoanStatus::Breached;
		loan.disclosure = Some(level);
		Self::record(
			&mut loan,
			Actor::Account(borrower.clone()),
			LoanChange::Proposed { duration: one },
		)
		.ok()?;
		Self::record(&mut loan, Actor::Account(reporter.clone()), LoanChange::Breached { level })
			.ok()?;
		NextLoanId::<T>::put(next);
		LoansOf::<T>::insert(borrower_id, loans);
		Loans::<T>::insert(loan_id, loan);
		Some(loan_id)
	}
}
