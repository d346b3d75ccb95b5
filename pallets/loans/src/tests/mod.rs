//! Unit tests, one file per call family. Every test ends with `do_try_state` (through
//! `ExtBuilder::build_and_execute`).

mod alias_renewal;
mod aliases;
mod consent;
mod corporate;
mod expiry;
mod extension;
mod feedback;
mod proposals;
mod queries;
mod timeout;

pub use crate::{mock::*, Actor, HoldReason, LoanId, LoanLender, LoanOf, NextLoanId};
use frame_support::{assert_ok, traits::fungible::InspectHold};

/// The loan period the tests use, in blocks.
pub const DURATION: u64 = 10;

/// The amount held from `who` for proposals.
pub fn held(who: &AccountId) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::from(HoldReason::ProposalDeposit), who)
}

/// The stored record of `loan_id`.
pub fn record(loan_id: LoanId) -> LoanOf<Test> {
	crate::Loans::<Test>::get(loan_id).expect("loan exists")
}

/// Alice proposes a loan of [`DURATION`] blocks to Bob; returns its number.
pub fn propose_c2c() -> LoanId {
	let loan_id = NextLoanId::<Test>::get();
	assert_ok!(Loans::propose(
		RuntimeOrigin::signed(alice()),
		bob(),
		DURATION,
		commitment(1),
		terms()
	));
	loan_id
}

/// A C2C loan of [`DURATION`] blocks, confirmed by Bob now; returns its number.
pub fn active_c2c() -> LoanId {
	let loan_id = propose_c2c();
	assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), loan_id));
	loan_id
}

/// ACME's operator registers a loan of [`DURATION`] blocks in Alice's name; returns its number.
pub fn register_corporate() -> LoanId {
	let loan_id = NextLoanId::<Test>::get();
	let signature =
		consent(sp_keyring::Sr25519Keyring::Alice, ACME_ID, commitment(2), DURATION, None);
	assert_ok!(Loans::register_for_borrower(
		RuntimeOrigin::signed(op()),
		alice(),
		DURATION,
		commitment(2),
		terms(),
		signature,
	));
	loan_id
}

/// A corporate loan of [`DURATION`] blocks, confirmed by ACME's operator now.
pub fn active_corporate() -> LoanId {
	let loan_id = register_corporate();
	assert_ok!(Loans::confirm(RuntimeOrigin::signed(op()), loan_id));
	loan_id
}

/// A C2C loan whose end has passed and been processed (feedback due).
pub fn due_c2c() -> LoanId {
	let loan_id = active_c2c();
	run_to_block(System::block_number() + DURATION);
	loan_id
}
