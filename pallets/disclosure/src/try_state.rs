//! The pallet's invariants, checked after every unit test and by `try-runtime`.

use crate::{pallet::*, types::*};
use frame_support::{ensure, traits::Get};
use loanchain_primitives::{IdentityId, LoanRegistry};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the escrow and the deposits held from each account
	/// equal the fees and deposits of its open requests and the deposits of its grants; an
	/// open request is listed (for its loan, its lender, the deadline queue) and a closed
	/// one is not, and a cancelling one is queued at its notice's end; only a delivered
	/// request has a complaint; no request is logged as closed twice (delivered and
	/// refunded, say) and every closed one is logged; the grant and request counts match;
	/// public terms match their loan's commitment; the inquiry logs have every entry they
	/// counted.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
		use frame_support::traits::fungible::InspectHold;

		let cursor = NextDeadlineBlock::<T>::get();
		for (at, request_id, ()) in Deadlines::<T>::iter() {
			let cursor = cursor.ok_or("deadlines queued without a cursor")?;
			ensure!(at >= cursor, "deadline queued behind the cursor");
			let request = Requests::<T>::get(request_id).ok_or("queued request missing")?;
			let queued_at = Self::cutoff(&request).ok_or("closed request still queued")?;
			ensure!(queued_at == at, "request queued at another block");
		}

		// Per account: the fees, request deposits and grant deposits that must be held.
		type Owed<Balance> = (Balance, Balance, Balance);
		let mut owed: BTreeMap<T::AccountId, Owed<BalanceOf<T>>> = BTreeMap::new();
		let mut open_per_loan: BTreeMap<LoanId, u32> = BTreeMap::new();
		let mut closed_requests = BTreeMap::new();
		let next = NextRequestId::<T>::get();
		for (request_id, request) in Requests::<T>::iter() {
			ensure!(request_id < next, "request id not below NextRequestId");
			let open = request.status.is_pending();
			if !open {
				closed_requests.insert(request_id, request.borrower);
			}
			ensure!(
				(OpenRequests::<T>::get(request.loan_id, &request.requester) == Some(request_id))
					== open,
				"open-request index disagrees with the request"
			);
			ensure!(
				request.lender.is_none_or(|lender| {
					RequestsTo::<T>::contains_key(lender, request_id) == open
				}),
				"lender's list disagrees with the request"
			);
			if let Some(at) = Self::cutoff(&request) {
				ensure!(
					Deadlines::<T>::contains_key(at, request_id),
					"pending request missing from the deadline queue"
				);
			}
			if let RequestStatus::Cancelling { until, .. } = request.status {
				ensure!(until <= request.deadline, "cancellation notice beyond the deadline");
			}
			ensure!(
				request.complaint.is_none()
					|| matches!(request.status, RequestStatus::Delivered { .. }),
				"complaint about a request that was not delivered"
			);
			if open {
				let entry = owed.entry(request.requester.clone()).or_default();
				entry.0 = entry.0.saturating_add(request.fee);
				entry.1 = entry.1.saturating_add(request.deposit);
				let count = open_per_loan.entry(request.loan_id).or_default();
				*count = count.saturating_add(1);
			}
		}
		for (loan_id, _, request_id) in OpenRequests::<T>::iter() {
			let request = Requests::<T>::get(request_id).ok_or("open request missing")?;
			ensure!(request.loan_id == loan_id, "open request under the wrong loan");
		}
		for (loan_id, count) in OpenRequestCount::<T>::iter() {
			ensure!(
				open_per_loan.get(&loan_id).copied().unwrap_or(0) == count,
				"OpenRequestCount differs from the open requests"
			);
			ensure!(count <= T::MaxOpenRequestsPerLoan::get(), "too many open requests");
		}
		for (loan_id, count) in open_per_loan {
			ensure!(OpenRequestCount::<T>::get(loan_id) == count, "open requests not counted");
		}

		let mut grants_per_loan: BTreeMap<LoanId, u32> = BTreeMap::new();
		for (loan_id, _, grant) in Grants::<T>::iter() {
			let entry = owed.entry(grant.granted_by.clone()).or_default();
			entry.2 = entry.2.saturating_add(grant.deposit);
			let count = grants_per_loan.entry(loan_id).or_default();
			*count = count.saturating_add(1);
		}
		for (loan_id, count) in GrantCount::<T>::iter() {
			ensure!(
				grants_per_loan.get(&loan_id).copied().unwrap_or(0) == count,
				"GrantCount differs from the grants"
			);
			ensure!(count <= T::MaxGrantsPerLoan::get(), "too many grants");
		}
		for (loan_id, count) in grants_per_loan {
			ensure!(GrantCount::<T>::get(loan_id) == count, "grants not counted");
		}
		for (_, nonce) in LenderGrantNonce::<T>::iter() {
			ensure!(nonce <= T::MaxLenderGrantActions::get(), "too many lender grant actions");
		}

		for (who, (fees, request_deposits, grant_deposits)) in owed {
			let held = |reason: HoldReason| T::Currency::balance_on_hold(&reason.into(), &who);
			ensure!(held(HoldReason::QueryFee) == fees, "escrow differs from open fees");
			ensure!(
				held(HoldReason::RequestDeposit) == request_deposits,
				"request deposits held differ from open requests"
			);
			ensure!(
				held(HoldReason::GrantDeposit) == grant_deposits,
				"grant deposits held differ from grants"
			);
		}

		for (loan_id, public) in PublicTerms::<T>::iter() {
			let commitment = T::Loans::commitment(loan_id).ok_or("public terms of no loan")?;
			ensure!(
				terms_commitment(&public.terms, &public.salt) == commitment,
				"public terms do not match the commitment"
			);
		}

		let mut closed = BTreeSet::new();
		let mut entries: BTreeMap<IdentityId, u64> = BTreeMap::new();
		for (identity, index, entry) in Inquiries::<T>::iter() {
			ensure!(
				u64::from(index) < InquiryCount::<T>::get(identity),
				"inquiry entry beyond the log's count"
			);
			let count = entries.entry(identity).or_default();
			*count = count.saturating_add(1);
			let request_id = match entry.outcome {
				InquiryOutcome::Delivered { request_id }
				| InquiryOutcome::Refunded { request_id }
				| InquiryOutcome::Cancelled { request_id } => request_id,
				InquiryOutcome::Published | InquiryOutcome::Granted { .. } => continue,
			};
			ensure!(closed.insert(request_id), "a request logged as closed twice");
			let request = Requests::<T>::get(request_id).ok_or("logged request missing")?;
			let matches = matches!(
				(entry.outcome, request.status),
				(InquiryOutcome::Delivered { .. }, RequestStatus::Delivered { .. })
					| (InquiryOutcome::Refunded { .. }, RequestStatus::Refunded { .. })
					| (InquiryOutcome::Cancelled { .. }, RequestStatus::Cancelled { .. })
			);
			ensure!(matches, "logged outcome differs from the request's state");
			ensure!(request.borrower == identity, "request logged for another borrower");
		}
		// Every closed request is in its borrower's log (exactly once, by the check above),
		// unless that log was full (u32::MAX entries) when it closed.
		for (request_id, borrower) in closed_requests {
			ensure!(
				closed.contains(&request_id)
					|| InquiryCount::<T>::get(borrower) >= u64::from(u32::MAX),
				"a closed request is missing from its borrower's inquiry log"
			);
		}
		// Append-only: entries `0..count` all exist (they were in range, and are as many).
		for (identity, count) in InquiryCount::<T>::iter() {
			ensure!(
				entries.get(&identity).copied().unwrap_or(0) == count,
				"an inquiry log has a gap: an entry was removed"
			);
		}
		Ok(())
	}
}
