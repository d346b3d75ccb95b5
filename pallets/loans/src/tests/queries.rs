//! The read side: the borrower summary, the lender's lists, the loan record, `LoanRegistry`,
//! and the permanence of the history.

use super::*;
use crate::{
	mock::*, DisclosureLevel, LoanChange, LoanParties, LoanParty, LoanRegistry, LoanStatus,
	SummaryEntry, SummaryLabel, SummaryPage,
};
use codec::Encode;
use frame_support::{assert_ok, traits::Hooks};
use loanchain_primitives::AttestationStatus;

type Registry = crate::Pallet<Test>;

/// Three loans of Alice in force (two C2C from her two accounts, one corporate), plus a
/// proposal and a withdrawn proposal that must not show.
fn history_of_alice() -> Vec<LoanId> {
	let first = active_c2c();
	run_to_block(3);
	let second = NextLoanId::<Test>::get();
	assert_ok!(Loans::propose(
		RuntimeOrigin::signed(alice_2()),
		bob(),
		2 * DURATION,
		commitment(1),
		terms()
	));
	assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), second));
	run_to_block(5);
	let withdrawn = propose_c2c();
	assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), withdrawn));
	let third = active_corporate();
	propose_c2c();
	vec![first, second, third]
}

fn entry(start: u64, end: u64) -> SummaryEntry<u64> {
	SummaryEntry { start, end, started_at_ms: start * BLOCK_MS, label: SummaryLabel::Borrowing }
}

#[test]
fn summary_lists_every_loan_in_force_across_the_borrowers_accounts() {
	ExtBuilder::default().build_and_execute(|| {
		history_of_alice();
		let expected = SummaryPage {
			entries: vec![
				entry(1, 1 + DURATION),
				entry(3, 3 + 2 * DURATION),
				entry(5, 5 + DURATION),
			],
			total: 3,
			next: None,
		};
		assert_eq!(Loans::borrower_summary(alice(), 0, 0), expected);
		assert_eq!(Loans::borrower_summary(alice_2(), 0, 10), expected);
		// Anyone may ask; other identities have their own (empty) summaries.
		assert_eq!(Loans::borrower_summary(bob(), 0, 0).total, 0);
		assert_eq!(Loans::borrower_summary(nobody(), 0, 0), SummaryPage::default());
		// A revoked account still leads to its identity's history.
		set_status(&alice(), AttestationStatus::Revoked);
		assert_eq!(Loans::borrower_summary(alice(), 0, 0), expected);
	});
}

#[test]
fn summary_pages_are_complete() {
	ExtBuilder::default().build_and_execute(|| {
		history_of_alice();
		let all = Loans::borrower_summary(alice(), 0, 0).entries;
		let first = Loans::borrower_summary(alice(), 0, 2);
		assert_eq!(first.entries, all[..2].to_vec());
		assert_eq!((first.total, first.next), (3, Some(2)));
		let second = Loans::borrower_summary(alice(), 2, 2);
		assert_eq!(second.entries, all[2..].to_vec());
		assert_eq!((second.total, second.next), (3, None));
		let beyond = Loans::borrower_summary(alice(), 7, 2);
		assert!(beyond.entries.is_empty());
		assert_eq!((beyond.total, beyond.next), (3, None));
		// One at a time, following `next`, gives the whole summary.
		let mut collected = Vec::new();
		let mut from = Some(0);
		while let Some(at) = from {
			let page = Loans::borrower_summary(alice(), at, 1);
			collected.extend(page.entries);
			from = page.next;
		}
		assert_eq!(collected, all);
		// The page size is capped.
		assert_eq!(Loans::borrower_summary(alice(), 0, u32::MAX).entries.len(), 3);
	});
}

#[test]
fn summary_reveals_no_amounts_lenders_or_status() {
	ExtBuilder::default().build_and_execute(|| {
		let loans = history_of_alice();
		run_to_block(1 + DURATION);
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(bob()),
			loans[0],
			DisclosureLevel::PaidQuery { fee: 77 }
		));
		let page = Loans::borrower_summary(alice(), 0, 0);
		for entry in &page.entries {
			// Exhaustive: an entry has these fields and no others.
			let SummaryEntry { start, end, started_at_ms, label } = *entry;
			assert!(start < end);
			assert_eq!(started_at_ms, start * BLOCK_MS);
			assert_eq!(label, SummaryLabel::Borrowing);
			// Two block numbers, a time and the one-byte label.
			assert_eq!(entry.encode().len(), 8 + 8 + 8 + 1);
		}
		// Nothing of the lenders, the terms or the outcome is in the answer (identity numbers are
		// small integers, excluded by the exhaustive pattern above rather than by bytes).
		let encoded = page.encode();
		let contains = |needle: &[u8]| encoded.windows(needle.len()).any(|w| w == needle);
		for secret in [
			bob().encode(),
			op().encode(),
			commitment(1).encode(),
			commitment(2).encode(),
			terms(),
			77u128.encode(),
		] {
			assert!(!contains(&secret), "summary leaks {secret:?}");
		}
		// The breached loan reads the same as the others.
		assert_eq!(page.entries[0], entry(1, 1 + DURATION));
	});
}

#[test]
fn lenders_list_their_proposals_and_feedback_due_loans() {
	ExtBuilder::default().build_and_execute(|| {
		let loans = history_of_alice();
		assert_eq!(Loans::proposals_to(bob()), vec![loans[2] + 1]);
		assert!(Loans::proposals_to(op()).is_empty());
		assert!(Loans::proposals_to(nobody()).is_empty());
		run_to_block(1 + DURATION);
		assert_eq!(Loans::feedback_due(bob()), vec![loans[0]]);
		run_to_block(5 + DURATION);
		assert_eq!(Loans::feedback_due(bob()), vec![loans[0]]);
		assert_eq!(Loans::feedback_due(op()), vec![loans[2]]);
		assert_eq!(Loans::feedback_due(acme()), vec![loans[2]]);
		run_to_block(3 + 2 * DURATION);
		assert_eq!(Loans::feedback_due(bob()), vec![loans[0], loans[1]]);
		assert!(Loans::feedback_due(alice()).is_empty());
		assert!(Loans::feedback_due(nobody()).is_empty());
	});
}

#[test]
fn loan_query_returns_what_the_chain_holds() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_corporate();
		let info = Loans::loan(loan_id).expect("loan exists");
		let stored = record(loan_id);
		assert_eq!(info.sealed_terms, terms());
		assert_eq!(info.history, stored.history.to_vec());
		assert_eq!(info.status, LoanStatus::Active);
		assert_eq!(
			info.lender,
			LoanLender::Named { identity: ACME_ID, account: Some(op()), company: Some(ACME_ID) }
		);
		// The API type and the stored type encode alike.
		assert_eq!(info.encode(), stored.encode());
		assert_eq!(Loans::loan(loan_id + 1), None);
	});
}

#[test]
fn loan_registry_answers_the_disclosure_pallet() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_corporate();
		assert_eq!(
			Registry::parties(loan_id),
			Some(LoanParties { borrower: ALICE_ID, lender: Some(ACME_ID) })
		);
		assert_eq!(Registry::commitment(loan_id), Some(commitment(2)));
		assert_eq!(Registry::disclosure_level(loan_id), None);
		assert!(Registry::acts_for(loan_id, LoanParty::Borrower, &alice()));
		assert!(Registry::acts_for(loan_id, LoanParty::Borrower, &alice_2()));
		assert!(Registry::acts_for(loan_id, LoanParty::Lender, &op()));
		assert!(Registry::acts_for(loan_id, LoanParty::Lender, &acme()));
		assert!(!Registry::acts_for(loan_id, LoanParty::Lender, &alice()));
		assert!(!Registry::acts_for(loan_id, LoanParty::Borrower, &op()));
		assert!(!Registry::acts_for(loan_id, LoanParty::Borrower, &dave()));
		set_status(&alice(), AttestationStatus::Revoked);
		assert!(!Registry::acts_for(loan_id, LoanParty::Borrower, &alice()));

		run_to_block(1 + DURATION);
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(op()),
			loan_id,
			DisclosureLevel::Public
		));
		assert_eq!(Registry::disclosure_level(loan_id), Some(DisclosureLevel::Public));

		assert_eq!(Registry::parties(99), None);
		assert_eq!(Registry::commitment(99), None);
		assert_eq!(Registry::disclosure_level(99), None);
		assert!(!Registry::acts_for(99, LoanParty::Borrower, &alice_2()));
		assert_eq!(<() as LoanRegistry<AccountId, u64>>::parties(loan_id), None);
	});
}

#[test]
fn history_keeps_every_fact_of_a_loan() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		run_to_block(2);
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), loan_id));
		run_to_block(2 + DURATION + GRACE);
		let first_end = 2 + DURATION;
		let now = System::block_number();
		assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, now + 3));
		assert_ok!(Loans::confirm_extension(RuntimeOrigin::signed(alice_2()), loan_id));
		run_to_block(now + 3);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		let history: Vec<_> = record(loan_id)
			.history
			.into_iter()
			.map(|entry| (entry.at, entry.by, entry.change))
			.collect();
		assert_eq!(
			history,
			vec![
				(1, Actor::Account(alice()), LoanChange::Proposed { duration: DURATION }),
				(2, Actor::Account(bob()), LoanChange::Confirmed { start: 2, end: first_end }),
				(first_end, Actor::Chain, LoanChange::FeedbackDue { end: first_end }),
				(first_end + GRACE, Actor::Chain, LoanChange::Unreported),
				(now, Actor::Account(bob()), LoanChange::ExtensionProposed { new_end: now + 3 }),
				(
					now,
					Actor::Account(alice_2()),
					LoanChange::ExtensionConfirmed { previous_end: first_end, new_end: now + 3 }
				),
				(now + 3, Actor::Chain, LoanChange::FeedbackDue { end: now + 3 }),
				(
					now + 3,
					Actor::Account(bob()),
					LoanChange::Performed { early: false, renewed_by: None }
				),
			]
		);
		// The unreported flag of the first round stays.
		assert!(record(loan_id).unreported);
	});
}

#[test]
fn integrity_test_accepts_the_mock() {
	ExtBuilder::default().build_and_execute(|| {
		Loans::integrity_test();
	});
}
