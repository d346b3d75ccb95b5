//! The read side: `IdentityProvider` and the helpers behind the runtime API.

use crate::{mock::*, AttestationStatus, Pallet};
use frame_support::assert_ok;
use loanchain_primitives::{IdentityProvider, SubjectKind};

type Provider = Pallet<Test>;

#[test]
fn every_account_of_a_subject_finds_the_same_identity() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ALICE, 1, SubjectKind::Person);
		attest(ALICE_2, 1, SubjectKind::Person);
		assert_eq!(<Provider as IdentityProvider<u64>>::identity_of(&ALICE), Some(0));
		assert_eq!(<Provider as IdentityProvider<u64>>::identity_of(&ALICE_2), Some(0));
		assert_eq!(<Provider as IdentityProvider<u64>>::identity_of(&NOBODY), None);
		assert_eq!(Provider::kind_of(0), Some(SubjectKind::Person));
		assert_eq!(Provider::kind_of(1), None);
		assert_eq!(Attestations::accounts_of(0), vec![ALICE, ALICE_2]);
		assert!(Attestations::accounts_of(1).is_empty());
	});
}

#[test]
fn status_and_validity() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(<Provider as IdentityProvider<u64>>::status_of(&ALICE), AttestationStatus::None);
		attest(ALICE, 1, SubjectKind::Person);
		attest(ALICE_2, 1, SubjectKind::Person);
		assert!(Provider::is_valid(&ALICE));
		assert!(Provider::is_identity_valid(0));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert!(!Provider::is_valid(&ALICE));
		assert!(Provider::is_identity_valid(0));
		System::set_block_number(EXPIRY);
		assert_eq!(Attestations::status_of(&ALICE), AttestationStatus::Revoked);
		assert_eq!(Attestations::status_of(&ALICE_2), AttestationStatus::Expired);
		assert!(!Provider::is_identity_valid(0));
		assert!(!Provider::is_identity_valid(9));
	});
}

#[test]
fn operators_resolve_to_their_company() {
	ExtBuilder::default().build_and_execute(|| {
		attest(ACME, 5, SubjectKind::Company);
		assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_eq!(<Provider as IdentityProvider<u64>>::company_of_operator(&OP_1), Some(0));
		assert_eq!(<Provider as IdentityProvider<u64>>::company_of_operator(&ACME), None);
		assert_eq!(Provider::kind_of(0), Some(SubjectKind::Company));
	});
}
