//! The loan record's building blocks: checks of call arguments, history entries, loan numbers,
//! the deadline queue's inserts, deposits, and a record's start.

use crate::{pallet::*, types::*, LOG_TARGET};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, UnixTime},
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{CheckedAdd, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Fails with [`Error::InvalidPeriod`] unless `0 < duration <= MaxLoanPeriod`.
	pub(crate) fn ensure_duration(duration: BlockNumberFor<T>) -> DispatchResult {
		ensure!(
			!duration.is_zero() && duration <= T::MaxLoanPeriod::get(),
			Error::<T>::InvalidPeriod
		);
		Ok(())
	}

	/// Bounds the sealed terms.
	pub(crate) fn bound_terms(sealed_terms: Vec<u8>) -> Result<SealedTermsOf<T>, DispatchError> {
		SealedTermsOf::<T>::try_from(sealed_terms).map_err(|_| Error::<T>::TermsTooLarge.into())
	}

	/// Appends a history entry by `by` now.
	pub(crate) fn record(
		loan: &mut LoanOf<T>,
		by: ActorOf<T>,
		change: LoanChange<BlockNumberFor<T>, BalanceOf<T>>,
	) -> DispatchResult {
		let at = frame_system::Pallet::<T>::block_number();
		loan.history
			.try_push(HistoryEntry { at, by, change })
			.map_err(|_| Error::<T>::HistoryFull.into())
	}

	/// Appends a history entry of the chain itself. The room for it is reserved by the
	/// calls (see [`HISTORY_RESERVED_ACTIVE`]); should it ever be missing, the state change
	/// still happens and the event still records it.
	pub(crate) fn record_by_chain(
		loan: &mut LoanOf<T>,
		change: LoanChange<BlockNumberFor<T>, BalanceOf<T>>,
	) {
		if Self::record(loan, Actor::Chain, change).is_err() {
			log::warn!(target: LOG_TARGET, "history full: a chain entry was not recorded");
		}
	}

	/// The next loan number, and the one after it.
	pub(crate) fn next_loan_id() -> Result<(LoanId, LoanId), DispatchError> {
		let id = NextLoanId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::LoanIdOverflow)?;
		Ok((id, next))
	}

	/// The chain's time now, in Unix milliseconds.
	pub(crate) fn now_ms() -> u64 {
		u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
	}

	/// Queues a look at `loan_id` at block `at` (always after the current block).
	pub(crate) fn schedule(at: BlockNumberFor<T>, loan_id: LoanId) {
		if NextDeadlineBlock::<T>::get().is_none() {
			NextDeadlineBlock::<T>::put(frame_system::Pallet::<T>::block_number());
		}
		Deadlines::<T>::insert(at, loan_id, ());
	}

	/// Returns a proposal's deposit to its payer.
	pub(crate) fn release_deposit(loan: &mut LoanOf<T>) -> DispatchResult {
		if let Some(deposit) = loan.deposit.take() {
			T::Currency::release(
				&HoldReason::ProposalDeposit.into(),
				&deposit.depositor,
				deposit.amount,
				Precision::BestEffort,
			)?;
		}
		Ok(())
	}

	/// A fresh record in state `Proposed`, with an empty history.
	pub(crate) fn new_record(
		borrower: IdentityId,
		lender: LoanLender<T::AccountId>,
		borrower_account: T::AccountId,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: SealedTermsOf<T>,
	) -> LoanOf<T> {
		Loan {
			borrower,
			lender,
			borrower_account,
			duration,
			period: None,
			commitment,
			sealed_terms,
			status: LoanStatus::Proposed,
			disclosure: None,
			renews: None,
			renewed_by: None,
			report_by: None,
			unreported: false,
			deposit: None,
			history: Default::default(),
		}
	}

	/// Puts `loan` in force from now, confirmed by `by` (a named lender's account is kept as
	/// the one that confirmed), and queues its end.
	pub(crate) fn start(
		loan_id: LoanId,
		loan: &mut LoanOf<T>,
		by: ActorOf<T>,
	) -> Result<(BlockNumberFor<T>, BlockNumberFor<T>), DispatchError> {
		let start = frame_system::Pallet::<T>::block_number();
		let end = start.checked_add(&loan.duration).ok_or(Error::<T>::InvalidPeriod)?;
		Self::record(loan, by.clone(), LoanChange::Confirmed { start, end })?;
		loan.status = LoanStatus::Active;
		loan.period = Some(LoanPeriod { start, end, started_at_ms: Self::now_ms() });
		if let (LoanLender::Named { account, .. }, Actor::Account(who)) = (&mut loan.lender, by) {
			*account = Some(who);
		}
		Self::schedule(end, loan_id);
		Ok((start, end))
	}

	/// Holds the proposal deposit from `depositor` (none for a registration to an alias, which
	/// no account makes), queues the proposal's timeout and stores
	/// the new proposal `loan` as `loan_id` (`next` is the id after it) with its indices: the
	/// borrower's list `loans` (already holding `loan_id`), and a named lender's proposals or
	/// the alias's claim.
	pub(crate) fn store_proposal(
		loan_id: LoanId,
		next: LoanId,
		mut loan: LoanOf<T>,
		loans: BoundedVec<LoanId, T::MaxLoansPerIdentity>,
		depositor: Option<&T::AccountId>,
	) -> DispatchResult {
		if let Some(depositor) = depositor {
			let amount = T::ProposalDeposit::get();
			T::Currency::hold(&HoldReason::ProposalDeposit.into(), depositor, amount)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			loan.deposit = Some(LoanDeposit { depositor: depositor.clone(), amount });
		}
		Self::schedule_proposal_timeout(loan_id, &mut loan);

		NextLoanId::<T>::put(next);
		LoansOf::<T>::insert(loan.borrower, loans);
		match &loan.lender {
			LoanLender::Named { identity, .. } => ProposalsTo::<T>::insert(identity, loan_id, ()),
			LoanLender::Alias(lender) => AliasLoans::<T>::insert(lender.alias, loan_id),
		}
		Loans::<T>::insert(loan_id, loan);
		Ok(())
	}

	/// Sets the timeout of a new proposal `loan` and queues it.
	pub(crate) fn schedule_proposal_timeout(loan_id: LoanId, loan: &mut LoanOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		let expires_at = now.saturating_add(T::ProposalTimeout::get());
		loan.report_by = Some(expires_at);
		Self::schedule(expires_at, loan_id);
	}

	/// Takes a proposal out of its lender's list, or gives its alias back (it was withdrawn or
	/// timed out).
	pub(crate) fn unlist_proposal(loan_id: LoanId, loan: &LoanOf<T>) {
		match &loan.lender {
			LoanLender::Named { identity, .. } => ProposalsTo::<T>::remove(identity, loan_id),
			LoanLender::Alias(lender) => AliasLoans::<T>::remove(lender.alias),
		}
	}

	/// The chain's genesis hash, which binds consents, ring proofs and lender actions to this
	/// chain.
	pub(crate) fn genesis() -> [u8; 32] {
		loanchain_primitives::hash_bytes(&frame_system::BlockHash::<T>::get(
			BlockNumberFor::<T>::zero(),
		))
	}

	/// Takes a proposal's timeout out of `loan` and the queue (it was confirmed or
	/// withdrawn).
	pub(crate) fn unschedule_proposal_timeout(loan_id: LoanId, loan: &mut LoanOf<T>) {
		if let Some(at) = loan.report_by.take() {
			Deadlines::<T>::remove(at, loan_id);
		}
	}
}
