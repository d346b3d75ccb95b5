//! The lender's disclosures of alias loans (`docs/privacy.md`, sections 2 and 7): the reveal of
//! a loan breached with the public level and the delivery of a paid query, each a general
//! transaction (no signer, no fee) signed by the loan's lender key over
//! [`lender_disclosure_payload`]. The chain records the reveal, and pays the fee of a delivery,
//! to the loan's payout account; no account of the lender appears.
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
use subxt::ext::codec::{self, Encode};

/// A lender disclosure as the call carries it (the runtime's
/// `LenderDisclosure<BoundedVec<u8, MaxTermsLen>>`).
pub type LenderDisclosure = ChainDisclosure<BoundedVec<u8>>;

/// A lender disclosure as its signed payload encodes it: the SCALE encoding of the runtime's
/// `LenderDisclosure` (variant 0 `Reveal` with the terms, length-prefixed, and the salt;
/// variant 1 `Deliver` with the request id and the 112-byte capsule).
#[derive(Encode)]
#[codec(crate = codec)]
enum PayloadDisclosure<'a> {
	Reveal { terms: &'a [u8], salt: &'a [u8; 32] },
	Deliver { request_id: u64, capsule: &'a [u8; 112] },
}

impl<'a> PayloadDisclosure<'a> {
	fn of(disclosure: &'a LenderDisclosure) -> Self {
		match disclosure {
			LenderDisclosure::Reveal { terms, salt } => Self::Reveal { terms: &terms.0, salt },
			LenderDisclosure::Deliver { request_id, capsule } => {
				Self::Deliver { request_id: *request_id, capsule }
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
	}
}
