//! The corporate flow: a company registers a loan in a borrower's name with the borrower's
//! consent, and renews it.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use loanchain_primitives::IdentityProvider;
use sp_runtime::traits::{One, Saturating};

/// The terms of a corporate registration as its call gives them.
struct Terms<T: Config> {
	duration: BlockNumberFor<T>,
	commitment: Commitment,
	sealed_terms: Vec<u8>,
}

/// A checked corporate registration, not yet stored: the new loan's number and the one after
/// it, its record, the borrower's list with it, and the consent's nonce.
struct Consented<T: Config> {
	loan_id: LoanId,
	next: LoanId,
	loan: LoanOf<T>,
	loans: BoundedVec<LoanId, T::MaxLoansPerIdentity>,
	nonce: u64,
}

impl<T: Config> Pallet<T> {
	/// Whether loan `old` may be renewed now with the consent of `borrower_account`: it is in
	/// force or feedback-due and not yet reported ([`Error::AlreadyReported`] once it is), and
	/// the account is validly attested to its borrower.
	pub(crate) fn ensure_renewable(
		old: &LoanOf<T>,
		borrower_account: &T::AccountId,
	) -> DispatchResult {
		match (old.status, old.period) {
			(LoanStatus::Active | LoanStatus::FeedbackDue, Some(_)) => {},
			(
				LoanStatus::ExtensionProposed { .. } | LoanStatus::Performed | LoanStatus::Breached,
				_,
			) => return Err(Error::<T>::AlreadyReported.into()),
			_ => return Err(Error::<T>::WrongState.into()),
		}
		ensure!(
			T::Identities::identity_of(borrower_account) == Some(old.borrower),
			Error::<T>::NotBorrower
		);
		ensure!(T::Identities::is_valid(borrower_account), Error::<T>::BorrowerNotAttested);
		Ok(())
	}

	/// Reports renewable loan `old` performed by `by`, renewed by loan `loan_id`; returns
	/// whether that came before its end. Renewed early, the old loan ends now (at the earliest
	/// one block after its own start), so the two loans do not overlap; its original end stays
	/// in the history (`Confirmed`).
	pub(crate) fn close_renewed(
		old: &mut LoanOf<T>,
		loan_id: LoanId,
		by: ActorOf<T>,
	) -> Result<bool, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let early = old.period.is_some_and(|period| now < period.end);
		Self::record(old, by, LoanChange::Performed { early, renewed_by: Some(loan_id) })?;
		old.status = LoanStatus::Performed;
		old.renewed_by = Some(loan_id);
		old.report_by = None;
		if early {
			old.period = old.period.map(|mut period| {
				period.end = now.max(period.start.saturating_add(One::one()));
				period
			});
		}
		Ok(early)
	}

	/// What a registration and a renewal by `who` for `company` share, once the borrower's
	/// account (of identity `borrower`) is known to be validly attested: the period and the
	/// terms' size are allowed, the borrower's consent holds (for a renewal of `renews`), the borrower's
	/// list has room; then the new record, its registration in the history.
	fn consented(
		who: &T::AccountId,
		company: IdentityId,
		borrower: IdentityId,
		borrower_account: &T::AccountId,
		terms: Terms<T>,
		consent: &T::Signature,
		renews: Option<LoanId>,
	) -> Result<Consented<T>, DispatchError> {
		let Terms { duration, commitment, sealed_terms } = terms;
		Self::ensure_duration(duration)?;
		let sealed_terms = Self::bound_terms(sealed_terms)?;
		let nonce = Self::verify_consent(
			company,
			borrower_account,
			&commitment,
			duration,
			renews,
			consent,
		)?;
		let (loan_id, next) = Self::next_loan_id()?;
		let mut loans = LoansOf::<T>::get(borrower);
		loans.try_push(loan_id).map_err(|_| Error::<T>::TooManyLoans)?;
		let mut loan = Self::new_record(
			borrower,
			LoanLender::Named { identity: company, account: None, company: Some(company) },
			borrower_account.clone(),
			duration,
			commitment,
			sealed_terms,
		);
		Self::record(
			&mut loan,
			Actor::Account(who.clone()),
			LoanChange::Registered { company, duration, nonce },
		)?;
		Ok(Consented { loan_id, next, loan, loans, nonce })
	}

	/// Corporate registration by `who` in the name of `borrower_account`.
	pub(crate) fn do_register_for_borrower(
		who: T::AccountId,
		borrower_account: T::AccountId,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
		consent: T::Signature,
	) -> DispatchResult {
		let company = Self::acting_company(&who)?;
		let borrower =
			T::Identities::identity_of(&borrower_account).ok_or(Error::<T>::BorrowerNotAttested)?;
		ensure!(T::Identities::is_valid(&borrower_account), Error::<T>::BorrowerNotAttested);
		ensure!(borrower != company, Error::<T>::LenderIsBorrower);
		let Consented { loan_id, next, loan, loans, nonce } = Self::consented(
			&who,
			company,
			borrower,
			&borrower_account,
			Terms { duration, commitment, sealed_terms },
			&consent,
			None,
		)?;
		Self::bump_nonce(&borrower_account, nonce)?;
		Self::store_proposal(loan_id, next, loan, loans, Some(&who))?;
		Self::deposit_event(Event::LoanRegistered {
			loan_id,
			company,
			borrower,
			borrower_account,
			operator: who,
			duration,
			nonce,
		});
		Ok(())
	}

	/// Corporate renewal of `previous` by `who`.
	pub(crate) fn do_renew(
		who: T::AccountId,
		previous: LoanId,
		borrower_account: T::AccountId,
		duration: BlockNumberFor<T>,
		commitment: Commitment,
		sealed_terms: Vec<u8>,
		consent: T::Signature,
	) -> DispatchResult {
		let company = Self::acting_company(&who)?;
		let mut old = Loans::<T>::get(previous).ok_or(Error::<T>::NotFound)?;
		ensure!(old.lender.identity() == Some(company), Error::<T>::NotLender);
		Self::ensure_renewable(&old, &borrower_account)?;
		let Consented { loan_id, next, mut loan, loans, nonce } = Self::consented(
			&who,
			company,
			old.borrower,
			&borrower_account,
			Terms { duration, commitment, sealed_terms },
			&consent,
			Some(previous),
		)?;
		loan.renews = Some(previous);
		let early = Self::close_renewed(&mut old, loan_id, Actor::Account(who.clone()))?;

		let (start, end) = Self::start(loan_id, &mut loan, Actor::Account(who.clone()))?;
		Self::bump_nonce(&borrower_account, nonce)?;

		NextLoanId::<T>::put(next);
		LoansOf::<T>::insert(old.borrower, loans);
		FeedbackDueOf::<T>::remove(company, previous);
		let borrower = old.borrower;
		Loans::<T>::insert(previous, old);
		Loans::<T>::insert(loan_id, loan);
		Self::deposit_event(Event::LoanPerformed {
			loan_id: previous,
			by: Some(who.clone()),
			early,
		});
		Self::deposit_event(Event::LoanRenewed {
			previous,
			loan_id,
			borrower,
			borrower_account,
			company,
			operator: who,
			start,
			end,
			nonce,
		});
		Ok(())
	}
}
