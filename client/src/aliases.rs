//! Alias loans (`docs/privacy.md`, sections 1 to 3): a loan whose lender the chain knows only by
//! a per-loan alias of a lender-ring member.
//!
//! - Lender: [`invite`] makes an [`Invitation`] for a new random handle (its alias is the
//!   lender's member secret's alias in the loan's context, [`lender_context`]); the borrower
//!   proposes to it; [`confirm_as_alias`] proves with a ring proof that the alias is the lender's
//!   and designates the loan's lender key and payout account; [`lender_act`] reports the outcome,
//!   signed by that lender key. Both are general transactions: no signer, no fee, nothing that
//!   names the lender's account.
//! - Borrower: [`propose_to_alias`] seals the terms to the borrower's key and the invitation's
//!   key and proposes to the invitation's alias.
//!
//! The loan's **lender key** is the lender's account key derived with the hard junction of the
//! handle (`//<handle>`), and its **payout account** with the hard junctions `payout` then the
//! handle ([`lender_key`], [`payout_account`]): both can be derived again from the account's
//! secret and the handle, and nobody can link them to the account without its secret.
//!
//! ```no_run
//! use loanchain_client::{aliases, loans, AccountKeypair, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let lender = AccountKeypair::from_suri("//Dave").expect("a dev key");
//! let borrower = AccountKeypair::from_suri("//Charlie").expect("a dev key");
//! let secret = lender.derived_member_secret(); // registered with `ring::register_key`
//!
//! // The lender invites; the borrower proposes to the invitation.
//! let invitation = aliases::invite(&chain, &secret, &lender.derived_encryption_keypair()).await?;
//! let terms = loans::canonical_terms(r#"{"amount": "2500.00", "currency": "EUR"}"#)?;
//! let proposal = aliases::propose_to_alias(&chain, &borrower, &invitation, 100, &terms).await?;
//!
//! // The lender confirms with a ring proof, and reports at the end with its lender key.
//! let confirmed =
//!     aliases::confirm_as_alias(&chain, &lender, &secret, proposal.loan_id, &invitation.handle)
//!         .await?;
//! chain.wait_for_block(confirmed.end).await?;
//! let outcome = loans::Outcome::Performed;
//! aliases::lender_act(&chain, &lender, proposal.loan_id, &invitation.handle, outcome).await?;
//! # Ok(())
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	chain::{Chain, Included},
	error::Error,
	invitations::{Invitation, INVITATION_VERSION},
	keys::EncryptionKeypair,
	lender_record,
	loans::{self, Disclosure, Outcome, Proposed},
	queries::{self, decode_hex, AliasLenderInfo, Id, LoanRecord, Status},
	ring::{self, MemberSecret, RingInfo},
	runtime::api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			loanchain_primitives::lender::LenderAction as ChainAction,
		},
	},
	sealing,
};
pub use loanchain_primitives::{
	confirm_message, lender_action_payload, lender_context, LenderHandle, CONFIRM_TAG,
	LENDER_ACTION_TAG, LENDER_CONTEXT_TAG,
};
use rand_core::{OsRng, RngCore};
use subxt::utils::{AccountId32, H256};
use subxt_signer::DeriveJunction;

/// The hard junction that, followed by the handle's, derives a loan's payout account.
pub const PAYOUT_JUNCTION: &str = "payout";

/// A lender action as the call carries it (the runtime's `LenderAction<BlockNumber, Balance>`).
pub type LenderAction = ChainAction<u32, u128>;

/// A lender action as its signed payload encodes it ([`lender_action_payload`]).
pub type PayloadAction = loanchain_primitives::LenderAction<u32, u128>;

/// A new random handle, from the operating system's randomness.
pub fn new_handle() -> LenderHandle {
	let mut handle = [0u8; 32];
	OsRng.fill_bytes(&mut handle);
	handle
}

/// The alias of `secret` for the loan with `handle` on the chain with `genesis_hash`: its alias
/// in [`lender_context`].
pub fn alias_of(
	secret: &MemberSecret,
	genesis_hash: &[u8; 32],
	handle: &LenderHandle,
) -> Result<[u8; 32], Error> {
	secret
		.alias(&lender_context(genesis_hash, handle))
		.map_err(|error| Error::Invalid(error.to_string()))
}

/// The loan's lender key: `account` derived with the hard junction of `handle`. It signs the
/// lender's actions on the loan with `handle`, and nothing else.
pub fn lender_key(account: &AccountKeypair, handle: &LenderHandle) -> AccountKeypair {
	account.derive([DeriveJunction::hard(*handle)])
}

/// The loan's payout account: `account` derived with the hard junctions `payout` then `handle`.
/// It receives what the loan pays its lender.
pub fn payout_account(account: &AccountKeypair, handle: &LenderHandle) -> AccountKeypair {
	account.derive([DeriveJunction::hard(PAYOUT_JUNCTION), DeriveJunction::hard(*handle)])
}

/// The call's action for `outcome`.
pub fn action_of(outcome: Outcome) -> LenderAction {
	match outcome {
		Outcome::Performed => LenderAction::ReportPerformed,
		Outcome::ExtendTo(new_end) => LenderAction::ProposeExtension { new_end },
		Outcome::Breached(level) => LenderAction::ReportBreach { level: level.chain_level() },
	}
}

/// The signed payload's action for `outcome` (the same value as [`action_of`], in the
/// primitives' type, which encodes it as the runtime does).
pub fn payload_action(outcome: Outcome) -> PayloadAction {
	use loanchain_primitives::DisclosureLevel as Level;
	match outcome {
		Outcome::Performed => PayloadAction::ReportPerformed,
		Outcome::ExtendTo(new_end) => PayloadAction::ProposeExtension { new_end },
		Outcome::Breached(level) => PayloadAction::ReportBreach {
			level: match level {
				Disclosure::Public => Level::Public,
				Disclosure::Encrypted => Level::Encrypted,
				Disclosure::PaidQuery { fee } => Level::PaidQuery { fee },
			},
		},
	}
}

/// The ring that holds `secret`'s member key, checked against its keys on this machine; an
/// error that says what to do when no ring holds it.
pub async fn member_ring(chain: &Chain, secret: &MemberSecret) -> Result<RingInfo, Error> {
	let key = secret.member_key();
	let info = ring::ring_of_key(chain, &key).await?.ok_or_else(|| {
		Error::NotFound(format!(
			"the member key 0x{} is in no ring of this chain: register it first (`loanctl lender \
			 ring register --as NAME`, with the same --seed if you use one)",
			hex::encode(key)
		))
	})?;
	info.check().map_err(|error| Error::Invalid(error.to_string()))?;
	Ok(info)
}

/// Lender: an invitation for a new loan under a fresh alias of `secret` (whose member key must
/// be in a ring of the chain), with `encryption`'s public key for the borrower to seal the terms
/// to. Keep the handle: confirming and acting on the loan need it.
pub async fn invite(
	chain: &Chain,
	secret: &MemberSecret,
	encryption: &EncryptionKeypair,
) -> Result<Invitation, Error> {
	member_ring(chain, secret).await?;
	let genesis_hash = chain.genesis_hash();
	let handle = new_handle();
	Ok(Invitation {
		version: INVITATION_VERSION,
		genesis_hash,
		handle,
		alias: alias_of(secret, &genesis_hash, &handle)?,
		encryption_key: encryption.public(),
	})
}

/// Borrower: propose a loan of `duration` blocks (from the lender's confirmation) with `terms` to
/// the alias of `invitation`. The terms are committed to and sealed to the borrower's registered
/// encryption key and the invitation's key here; the chain sees the alias, the commitment and
/// the ciphertext, never the lender. Holds the proposal deposit until the lender confirms or a
/// party withdraws.
pub async fn propose_to_alias(
	chain: &Chain,
	borrower: &AccountKeypair,
	invitation: &Invitation,
	duration: u32,
	terms: &[u8],
) -> Result<Proposed, Error> {
	let genesis_hash = chain.genesis_hash();
	if invitation.genesis_hash != genesis_hash {
		return Err(Error::Invalid(
			"the invitation is for another chain (its genesis hash differs): check --url, or ask \
			 the lender for an invitation on this chain"
				.into(),
		));
	}
	let mut recipients = loans::recipient_keys(chain, &[&borrower.account_id()]).await?;
	recipients.push(invitation.encryption_key);
	let sealed = sealing::commit_and_seal(terms, &genesis_hash, &recipients)?;
	let call = api::transactions().loans().propose_to_alias(
		invitation.alias,
		duration,
		H256(sealed.commitment),
		sealed.envelope,
	);
	let included = chain.submit(&call, borrower).await?;
	let event: api::loans::events::LoanProposedToAlias =
		included.event("Loans.LoanProposedToAlias")?;
	Ok(Proposed {
		loan_id: event.loan_id,
		commitment: sealed.commitment,
		salt: sealed.salt,
		included,
	})
}

/// An alias loan's lender as the chain serves it, or an error saying the loan is named.
pub fn alias_lender(loan: &LoanRecord) -> Result<&AliasLenderInfo, Error> {
	loan.alias.as_ref().ok_or_else(|| {
		Error::Invalid(format!(
			"loan {}'s lender is named, not an alias: its lender acts with its own account",
			loan.id
		))
	})
}

/// The 32 bytes of `0x` hex `text`, read from the chain's answer about `what`.
fn bytes32(text: &str, what: &str) -> Result<[u8; 32], Error> {
	decode_hex(text)?
		.try_into()
		.map_err(|_| Error::node("reading loans_loan", format!("the {what} is not 32 bytes")))
}

/// A confirmation by the alias's holder: the loan is in force, and the lender key and payout
/// account it designated act for the lender.
#[derive(Debug)]
pub struct AliasConfirmed {
	/// The first block of the period.
	pub start: u32,
	/// The first block after it: the lender's feedback is due then.
	pub end: u32,
	/// The loan's alias.
	pub alias: [u8; 32],
	/// The ring the proof was made against.
	pub ring: u32,
	/// The ring's revision the proof was made against.
	pub revision: u32,
	/// How many members that revision has (the crowd the lender hides in).
	pub members: u32,
	/// The loan's lender key (public).
	pub lender_key: [u8; 32],
	/// The loan's payout account.
	pub payout: AccountId32,
	/// The transaction (a general one: no signer).
	pub included: Included,
}

/// Lender: confirm alias proposal `loan_id`, whose alias is `secret`'s for `handle`. The ring
/// proof is made here against the latest revision of the ring holding `secret`'s key (checked
/// against its keys first), over the loan, the lender key and the payout account derived from
/// `account` ([`lender_key`], [`payout_account`]); it is checked here before it is sent as a
/// general transaction, which names no account.
pub async fn confirm_as_alias(
	chain: &Chain,
	account: &AccountKeypair,
	secret: &MemberSecret,
	loan_id: Id,
	handle: &LenderHandle,
) -> Result<AliasConfirmed, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let lender = alias_lender(&loan)?;
	if lender.key.is_some() || loan.status != Status::Proposed {
		return Err(Error::Invalid(format!(
			"loan {loan_id} is {}, not a proposal waiting for confirmation",
			loan.status.name()
		)));
	}
	let genesis_hash = chain.genesis_hash();
	let alias = alias_of(secret, &genesis_hash, handle)?;
	if alias != lender.alias_bytes()? {
		return Err(Error::Invalid(format!(
			"loan {loan_id} was proposed to another alias than this member secret's for this \
			 handle: confirm with the member secret the invitation was made with (the same \
			 account, or the same --seed)"
		)));
	}
	let key = lender_key(account, handle).account_id().0;
	let payout = payout_account(account, handle).account_id();
	let (identity, operator) =
		lender_record::lending_identity(chain, &account.account_id()).await?;
	let record =
		lender_record::signed_record(account, &genesis_hash, loan_id, &alias, identity, operator);
	let recipients = lender_record::recipients(chain, &loan.borrower_account).await?;
	let sealed_lender = lender_record::seal(&record, &recipients)?;
	let message = confirm_message(&genesis_hash, loan_id, &key, &payout, &sealed_lender);
	let proved = prove(chain, secret, handle, &alias, &message).await?;
	let call = api::transactions().loans().confirm_as_alias(
		loan_id,
		*handle,
		proved.ring,
		proved.revision,
		key,
		payout,
		BoundedVec(proved.proof),
		BoundedVec(sealed_lender),
	);
	let included = chain.submit_general(&call).await?;
	let event: api::loans::events::LoanConfirmedByAlias =
		included.event("Loans.LoanConfirmedByAlias")?;
	Ok(AliasConfirmed {
		start: event.start,
		end: event.end,
		alias,
		ring: proved.ring,
		revision: proved.revision,
		members: proved.members,
		lender_key: key,
		payout,
		included,
	})
}

/// A ring proof of [`prove`]: by `secret`, that the alias is an attested lender's.
#[derive(Debug)]
pub struct RingProved {
	/// The ring the proof was made against.
	pub ring: u32,
	/// The ring's revision the proof was made against.
	pub revision: u32,
	/// How many members that revision has (the crowd the lender hides in).
	pub members: u32,
	/// The proof.
	pub proof: Vec<u8>,
}

/// A ring proof by `secret` over `message` in the context of `handle`, made against the latest
/// revision of the ring holding `secret`'s key (checked against its keys first) and checked
/// here to show `alias`: what a confirmation and a renewal under an alias carry. An error says
/// what to do when the ring is too small yet or the key joined after its latest revision.
pub async fn prove(
	chain: &Chain,
	secret: &MemberSecret,
	handle: &LenderHandle,
	alias: &[u8; 32],
	message: &[u8],
) -> Result<RingProved, Error> {
	let info = member_ring(chain, secret).await?;
	let revision = info.revision.filter(|_| info.usable).ok_or_else(|| {
		Error::NotFound(format!(
			"ring {} has too few members for proofs yet ({} keys): wait until more lenders \
			 register theirs",
			info.ring,
			info.members.len()
		))
	})?;
	let members = info.committed_members();
	if !members.contains(&secret.member_key()) {
		return Err(Error::NotFound(format!(
			"your member key joined ring {} after its latest revision: try again in a block",
			info.ring
		)));
	}
	let context = lender_context(&chain.genesis_hash(), handle);
	let invalid = |error: ring::RingError| Error::Invalid(error.to_string());
	let proof = secret.prove(members, &context, message).map_err(invalid)?;
	if ring::verify(&info.commitment, &proof.bytes, &context, message).map_err(invalid)? != *alias {
		return Err(Error::Invalid("the ring proof shows another alias than the loan's".into()));
	}
	Ok(RingProved { ring: info.ring, revision, members: info.committed, proof: proof.bytes })
}

/// The alias lender of confirmed alias loan `loan`, checked to hold the lender key that
/// `account` derives for `handle`: an error that says what to do when the loan is named, not
/// confirmed yet, or another account's.
pub fn check_lender_key<'a>(
	loan: &'a LoanRecord,
	account: &AccountKeypair,
	handle: &LenderHandle,
) -> Result<&'a AliasLenderInfo, Error> {
	let lender = alias_lender(loan)?;
	let chain_key = lender.key.as_deref().ok_or_else(|| {
		Error::Invalid(format!(
			"loan {} is not confirmed yet: confirm it first (`loanctl lender confirm`)",
			loan.id
		))
	})?;
	if bytes32(chain_key, "lender key")? != lender_key(account, handle).account_id().0 {
		return Err(Error::Invalid(format!(
			"loan {}'s lender key is not this account's for this handle: act with the account \
			 that confirmed the loan",
			loan.id
		)));
	}
	Ok(lender)
}

/// The loan proposed to `alias`, if any (`Loans.AliasLoans`): how a lender finds the loans of
/// its invitations.
pub async fn loan_of_alias(chain: &Chain, alias: &[u8; 32]) -> Result<Option<Id>, Error> {
	let at = chain.best_block().await?;
	let value = at
		.storage()
		.try_fetch(api::storage().loans().alias_loans(), (*alias,))
		.await
		.map_err(|error| Error::node("reading Loans.AliasLoans", error))?;
	value
		.map(|value| {
			value.decode().map_err(|error| Error::node("decoding Loans.AliasLoans", error))
		})
		.transpose()
}

/// The signature of `outcome` by the lender of alias loan `loan_id` (its lender key derived from
/// `account` and `handle`) with the loan's current action `nonce`, as `Loans.lender_act` takes
/// it.
pub fn signed_action(
	genesis_hash: &[u8; 32],
	account: &AccountKeypair,
	handle: &LenderHandle,
	loan_id: Id,
	nonce: u32,
	outcome: Outcome,
) -> [u8; 64] {
	let payload = lender_action_payload(genesis_hash, loan_id, nonce, &payload_action(outcome));
	lender_key(account, handle).sign(&payload)
}

/// Lender: report `outcome` for confirmed alias loan `loan_id`, once its end passed: signed by
/// the loan's lender key (derived from `account` and `handle`) with the loan's current action
/// nonce, and sent as a general transaction, which names no account.
pub async fn lender_act(
	chain: &Chain,
	account: &AccountKeypair,
	loan_id: Id,
	handle: &LenderHandle,
	outcome: Outcome,
) -> Result<Included, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let lender = check_lender_key(&loan, account, handle)?;
	let signature =
		signed_action(&chain.genesis_hash(), account, handle, loan_id, lender.nonce, outcome);
	let call = api::transactions().loans().lender_act(
		loan_id,
		lender.nonce,
		action_of(outcome),
		signature,
	);
	let included = chain.submit_general(&call).await?;
	match outcome {
		Outcome::Performed => {
			included.event::<api::loans::events::LoanPerformed>("Loans.LoanPerformed")?;
		},
		Outcome::ExtendTo(_) => {
			included.event::<api::loans::events::ExtensionProposed>("Loans.ExtensionProposed")?;
		},
		Outcome::Breached(_) => {
			included.event::<api::loans::events::LoanBreached>("Loans.LoanBreached")?;
		},
	}
	Ok(included)
}

#[cfg(test)]
mod tests {
	use super::*;
	use subxt::ext::codec::Encode;

	fn dave() -> AccountKeypair {
		AccountKeypair::from_suri("//Dave").expect("a dev key")
	}

	#[test]
	fn the_lender_key_and_payout_derive_from_the_account_and_handle_alone() {
		let account = dave();
		let key = lender_key(&account, &[1; 32]).account_id();
		assert_eq!(key, lender_key(&dave(), &[1; 32]).account_id(), "deterministic");
		assert_ne!(key, lender_key(&account, &[2; 32]).account_id(), "one per handle");
		assert_ne!(key, account.account_id());
		let payout = payout_account(&account, &[1; 32]).account_id();
		assert_ne!(payout, key);
		assert_ne!(payout, payout_account(&account, &[2; 32]).account_id());
		// The documented paths: `//<handle>` and `//payout//<handle>`.
		let signer = subxt_signer::sr25519::dev::dave();
		assert_eq!(signer.derive([DeriveJunction::hard([1u8; 32])]).public_key().0, key.0);
		let path = [DeriveJunction::hard("payout"), DeriveJunction::hard([1u8; 32])];
		assert_eq!(signer.derive(path).public_key().0, payout.0);
	}

	#[test]
	fn handles_are_random_and_aliases_are_the_secrets_own_per_handle() {
		assert_ne!(new_handle(), new_handle());
		let secret = MemberSecret::from_seed([5; 32]);
		let genesis = [7; 32];
		let alias = alias_of(&secret, &genesis, &[1; 32]).expect("alias");
		assert_eq!(alias, alias_of(&secret, &genesis, &[1; 32]).expect("alias"));
		assert_eq!(alias, secret.alias(&lender_context(&genesis, &[1; 32])).expect("alias"));
		assert_ne!(alias, alias_of(&secret, &genesis, &[2; 32]).expect("alias"));
		assert_ne!(alias, alias_of(&secret, &[8; 32], &[1; 32]).expect("alias"));
		let other = MemberSecret::from_seed([6; 32]);
		assert_ne!(alias, alias_of(&other, &genesis, &[1; 32]).expect("alias"));
	}

	#[test]
	fn payload_actions_encode_as_the_documented_variants() {
		let cases: [(Outcome, &str); 4] = [
			(Outcome::Performed, "00"),
			(Outcome::ExtendTo(300), "012c010000"),
			(Outcome::Breached(Disclosure::Encrypted), "0201"),
			(
				Outcome::Breached(Disclosure::PaidQuery { fee: 5 }),
				"020205000000000000000000000000000000",
			),
		];
		for (outcome, expected) in cases {
			assert_eq!(hex::encode(payload_action(outcome).encode()), expected, "{outcome:?}");
		}
	}

	#[test]
	fn payloads_have_the_documented_layout() {
		let genesis = [7u8; 32];
		// The confirmation message: tag, genesis, loan id (u64 LE), lender key, payout, and the
		// blake2b-256 of the sealed lender record.
		let message = confirm_message(&genesis, 5, &[1; 32], &AccountId32([2; 32]), b"sealed");
		let mut expected = b"loanchain:confirm:v2".to_vec();
		expected.extend_from_slice(&genesis);
		expected.extend_from_slice(&5u64.to_le_bytes());
		expected.extend_from_slice(&[1; 32]);
		expected.extend_from_slice(&[2; 32]);
		expected.extend_from_slice(&sp_crypto_hashing::blake2_256(b"sealed"));
		assert_eq!(message, expected);

		// A lender action: tag, genesis, loan id (u64 LE), nonce (u32 LE), the action.
		let action = payload_action(Outcome::ExtendTo(300));
		let payload = lender_action_payload(&genesis, 5, 2, &action);
		let mut expected = b"loanchain:lender-action:v1".to_vec();
		expected.extend_from_slice(&genesis);
		expected.extend_from_slice(&5u64.to_le_bytes());
		expected.extend_from_slice(&2u32.to_le_bytes());
		expected.push(1);
		expected.extend_from_slice(&300u32.to_le_bytes());
		assert_eq!(payload, expected);

		// The context: blake2b-256 of the tag, genesis and handle.
		let mut raw = b"loanchain:lender:v1".to_vec();
		raw.extend_from_slice(&genesis);
		raw.extend_from_slice(&[9; 32]);
		assert_eq!(lender_context(&genesis, &[9; 32]), sp_crypto_hashing::blake2_256(&raw));
	}

	#[test]
	fn a_signed_action_verifies_against_the_lender_key_only() {
		let account = dave();
		let signature = signed_action(&[7; 32], &account, &[1; 32], 5, 0, Outcome::Performed);
		let action = payload_action(Outcome::Performed);
		let payload = lender_action_payload(&[7; 32], 5, 0, &action);
		let key = lender_key(&account, &[1; 32]).account_id();
		assert!(crate::account::verify(&key, &payload, &signature));
		assert!(!crate::account::verify(&account.account_id(), &payload, &signature));
		let next = lender_action_payload(&[7; 32], 5, 1, &action);
		assert!(!crate::account::verify(&key, &next, &signature), "the nonce is signed");
	}
}
