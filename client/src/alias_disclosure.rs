//! The lender's disclosures of alias loans (`docs/privacy.md`, sections 2 and 7): the reveal of
//! a loan breached with the public level, the delivery of a paid query, and grants of access
//! and their revocation, each a general transaction (no signer, no fee) signed by the loan's
//! lender key over [`lender_disclosure_payload`]. The chain records the reveal and the grants,
//! and pays the fee of a delivery, to the loan's payout account; no account of the lender
//! appears.
//!
//! ```no_run
//! use loanchain_client::{alias_disclosure, AccountKeypair, Chain};
//!
//! # async fn run(handle: [u8; 32]) -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let lender = AccountKeypair::from_suri("//Dave").expect("a dev key");
//! let encryption = lender.derived_encryption_keypair();
//! // Loan 7 was confirmed under the alias of the invitation with `handle`, and breached with
//! // a paid-query level; request 3 asks for its terms.
//! let delivered =
//!     alias_disclosure::lender_deliver(&chain, &lender, &encryption, 3, &handle, 2).await?;
//! println!("{} paid to the loan's payout account", delivered.fee);
//! # Ok(())
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	aliases::{check_lender_key, lender_key, LenderHandle},
	chain::{Chain, Included},
	disclosure::{self, Delivered, RequestId},
	error::Error,
	keys::EncryptionKeypair,
	loans,
	queries::{self, Id},
	runtime::api::{
		self,
		disclosure::events,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_disclosure::types::LenderDisclosure as ChainDisclosure,
		},
	},
};
pub use loanchain_primitives::{lender_disclosure_payload, LENDER_DISCLOSURE_TAG};
use subxt::{
	ext::codec::{self, Encode},
	utils::AccountId32,
};

/// A lender disclosure as the call carries it (the runtime's
/// `LenderDisclosure<AccountId, BoundedVec<u8, MaxTermsLen>, BoundedVec<u8, MaxPurposeLen>>`).
pub type LenderDisclosure = ChainDisclosure<AccountId32, BoundedVec<u8>, BoundedVec<u8>>;

/// A lender disclosure as its signed payload encodes it: the SCALE encoding of the runtime's
/// `LenderDisclosure` (variant 0 `Reveal` with the terms, length-prefixed, and the salt;
/// variant 1 `Deliver` with the request id and the 112-byte capsule; variant 2 `Grant` with
/// the reader's account, the capsule, the purpose, length-prefixed, and the grant nonce;
/// variant 3 `RevokeGrant` with the reader's account and the grant nonce).
#[derive(Encode)]
#[codec(crate = codec)]
enum PayloadDisclosure<'a> {
	Reveal { terms: &'a [u8], salt: &'a [u8; 32] },
	Deliver { request_id: u64, capsule: &'a [u8; 112] },
	Grant { reader: &'a [u8; 32], capsule: &'a [u8; 112], purpose: &'a [u8], nonce: u32 },
	RevokeGrant { reader: &'a [u8; 32], nonce: u32 },
}

impl<'a> PayloadDisclosure<'a> {
	fn of(disclosure: &'a LenderDisclosure) -> Self {
		match disclosure {
			LenderDisclosure::Reveal { terms, salt } => Self::Reveal { terms: &terms.0, salt },
			LenderDisclosure::Deliver { request_id, capsule } => {
				Self::Deliver { request_id: *request_id, capsule }
			},
			LenderDisclosure::Grant { reader, capsule, purpose, nonce } => {
				Self::Grant { reader: &reader.0, capsule, purpose: &purpose.0, nonce: *nonce }
			},
			LenderDisclosure::RevokeGrant { reader, nonce } => {
				Self::RevokeGrant { reader: &reader.0, nonce: *nonce }
			},
		}
	}
}

/// The payload the loan's lender key signs for `disclosure` of alias loan `loan_id`
/// ([`lender_disclosure_payload`]).
pub fn disclosure_payload(
	genesis_hash: &[u8; 32],
	loan_id: Id,
	disclosure: &LenderDisclosure,
) -> Vec<u8> {
	lender_disclosure_payload(genesis_hash, loan_id, &PayloadDisclosure::of(disclosure))
}

/// The signature of `disclosure` of alias loan `loan_id` by its lender key (derived from
/// `account` and `handle`), as `Disclosure.lender_disclose` takes it.
pub fn signed_disclosure(
	genesis_hash: &[u8; 32],
	account: &AccountKeypair,
	handle: &LenderHandle,
	loan_id: Id,
	disclosure: &LenderDisclosure,
) -> [u8; 64] {
	lender_key(account, handle).sign(&disclosure_payload(genesis_hash, loan_id, disclosure))
}

/// Signs `disclosure` with the loan's lender key and sends it as a general transaction.
async fn disclose(
	chain: &Chain,
	account: &AccountKeypair,
	handle: &LenderHandle,
	loan_id: Id,
	disclosure: LenderDisclosure,
) -> Result<Included, Error> {
	let signature = signed_disclosure(&chain.genesis_hash(), account, handle, loan_id, &disclosure);
	let call = api::transactions().disclosure().lender_disclose(loan_id, disclosure, signature);
	chain.submit_general(&call).await
}

/// Lender of alias loan `loan_id` (confirmed under the invitation with `handle`, by `account`),
/// for a loan breached with the public level: open the loan's envelope with `encryption` and
/// publish the terms and salt, which the chain checks against the commitment.
pub async fn lender_reveal(
	chain: &Chain,
	account: &AccountKeypair,
	encryption: &EncryptionKeypair,
	loan_id: Id,
	handle: &LenderHandle,
) -> Result<Included, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	check_lender_key(&loan, account, handle)?;
	let opened = loans::open_record_terms(&chain.genesis_hash(), encryption, &loan)?;
	let reveal =
		LenderDisclosure::Reveal { terms: BoundedVec(opened.terms.to_vec()), salt: *opened.salt };
	let included = disclose(chain, account, handle, loan_id, reveal).await?;
	included.event::<events::TermsRevealed>("Disclosure.TermsRevealed")?;
	Ok(included)
}

/// Lender of the alias loan of paid query `request_id` (confirmed under the invitation with
/// `handle`, by `account`): deliver it, open or within its cancellation notice, with the checks
/// and the margin of [`disclosure::deliver`]. The fee goes to the loan's payout account.
pub async fn lender_deliver(
	chain: &Chain,
	account: &AccountKeypair,
	encryption: &EncryptionKeypair,
	request_id: RequestId,
	handle: &LenderHandle,
	margin: u32,
) -> Result<Delivered, Error> {
	let prepared = disclosure::prepare_delivery(chain, encryption, request_id, margin).await?;
	check_lender_key(&prepared.loan, account, handle)?;
	let delivery = LenderDisclosure::Deliver { request_id, capsule: prepared.capsule };
	let included = disclose(chain, account, handle, prepared.loan.id, delivery).await?;
	disclosure::delivered(included)
}

/// The grant nonce of alias loan `loan_id` (`Disclosure.LenderGrantNonce`): the nonce its
/// lender's next grant or revocation signs.
pub async fn grant_nonce(chain: &Chain, loan_id: Id) -> Result<u32, Error> {
	let at = chain.best_block().await?;
	let value = at
		.storage()
		.try_fetch(api::storage().disclosure().lender_grant_nonce(), (loan_id,))
		.await
		.map_err(|error| Error::node("reading Disclosure.LenderGrantNonce", error))?;
	value
		.map(|value| {
			value
				.decode()
				.map_err(|error| Error::node("decoding Disclosure.LenderGrantNonce", error))
		})
		.transpose()
		.map(Option::unwrap_or_default)
}

/// Lender of alias loan `loan_id` (confirmed under the invitation with `handle`, by `account`):
/// grant `reader` access to its terms, stating `purpose` (sealed here to the auditors and the
/// borrower, who sees it in its inquiry log). The loan's data key is opened with `encryption` and sealed to the reader's registered
/// key; the grant is recorded as the payout account's, with no deposit or fee.
pub async fn lender_grant(
	chain: &Chain,
	account: &AccountKeypair,
	encryption: &EncryptionKeypair,
	loan_id: Id,
	handle: &LenderHandle,
	reader: &AccountId32,
	purpose: &str,
) -> Result<Included, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	check_lender_key(&loan, account, handle)?;
	let capsule = disclosure::grant_capsule(chain, encryption, &loan, reader).await?;
	let grant = LenderDisclosure::Grant {
		reader: *reader,
		capsule,
		purpose: BoundedVec(
			crate::notes::seal(chain, &loan, crate::notes::NoteKind::GrantPurpose, purpose).await?,
		),
		nonce: grant_nonce(chain, loan_id).await?,
	};
	let included = disclose(chain, account, handle, loan_id, grant).await?;
	included.event::<events::AccessGranted>("Disclosure.AccessGranted")?;
	Ok(included)
}

/// Lender of alias loan `loan_id` (confirmed under the invitation with `handle`, by `account`):
/// remove `reader`'s grant; a deposit a party paid for it goes back to that party.
pub async fn lender_revoke_grant(
	chain: &Chain,
	account: &AccountKeypair,
	loan_id: Id,
	handle: &LenderHandle,
	reader: &AccountId32,
) -> Result<Included, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	check_lender_key(&loan, account, handle)?;
	let revoke = LenderDisclosure::RevokeGrant {
		reader: *reader,
		nonce: grant_nonce(chain, loan_id).await?,
	};
	let included = disclose(chain, account, handle, loan_id, revoke).await?;
	included.event::<events::GrantRevoked>("Disclosure.GrantRevoked")?;
	Ok(included)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_payload_is_the_tag_genesis_loan_and_disclosure_and_only_the_lender_key_signs_it() {
		let account = AccountKeypair::from_suri("//Dave").expect("a dev key");
		let handle = [1u8; 32];
		let disclosure = LenderDisclosure::Deliver { request_id: 3, capsule: [9; 112] };
		let payload = disclosure_payload(&[7; 32], 5, &disclosure);
		// Tag, genesis, loan id (u64 LE), the variant (1: Deliver), request id (u64 LE), capsule.
		let mut expected = LENDER_DISCLOSURE_TAG.to_vec();
		expected.extend_from_slice(&[7; 32]);
		expected.extend_from_slice(&5u64.to_le_bytes());
		expected.push(1);
		expected.extend_from_slice(&3u64.to_le_bytes());
		expected.extend_from_slice(&[9; 112]);
		assert_eq!(payload, expected);

		let signature = signed_disclosure(&[7; 32], &account, &handle, 5, &disclosure);
		let key = lender_key(&account, &handle).account_id();
		assert!(crate::account::verify(&key, &payload, &signature));
		assert!(!crate::account::verify(&account.account_id(), &payload, &signature));
		let other_loan = disclosure_payload(&[7; 32], 6, &disclosure);
		assert!(!crate::account::verify(&key, &other_loan, &signature), "the loan is signed");

		// A reveal: variant 0, the terms with their compact length, then the salt.
		let reveal = LenderDisclosure::Reveal { terms: BoundedVec(b"{}".to_vec()), salt: [4; 32] };
		let payload = disclosure_payload(&[7; 32], 5, &reveal);
		let tail = &payload[LENDER_DISCLOSURE_TAG.len() + 32 + 8..];
		assert_eq!(&tail[..4], &[0, 8, b'{', b'}']);
		assert_eq!(&tail[4..], &[4; 32]);

		// A grant: variant 2, the reader, the capsule, the purpose with its length, the nonce.
		let grant = LenderDisclosure::Grant {
			reader: AccountId32([5; 32]),
			capsule: [9; 112],
			purpose: BoundedVec(b"kyc".to_vec()),
			nonce: 3,
		};
		let payload = disclosure_payload(&[7; 32], 5, &grant);
		let tail = &payload[LENDER_DISCLOSURE_TAG.len() + 32 + 8..];
		assert_eq!(tail[0], 2);
		assert_eq!(&tail[1..33], &[5; 32]);
		assert_eq!(&tail[33..145], &[9; 112]);
		assert_eq!(&tail[145..149], &[12, b'k', b'y', b'c']);
		assert_eq!(&tail[149..], &3u32.to_le_bytes());
		// A revocation: variant 3, the reader, the nonce.
		let revoke = LenderDisclosure::RevokeGrant { reader: AccountId32([5; 32]), nonce: 4 };
		let payload = disclosure_payload(&[7; 32], 5, &revoke);
		let tail = &payload[LENDER_DISCLOSURE_TAG.len() + 32 + 8..];
		assert_eq!(tail[0], 3);
		assert_eq!(&tail[1..33], &[5; 32]);
		assert_eq!(&tail[33..], &4u32.to_le_bytes());
	}
}
