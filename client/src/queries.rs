//! Read-only queries anyone permitted can make: the node's `loans_*` JSON-RPC methods (borrower
//! summary, feedback due, proposals waiting, a loan's record) and the runtime APIs of the
//! attestations pallet (identities, attestation status, encryption keys).
//!
//! ```no_run
//! use loanchain_client::{queries, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let borrower = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y".parse().expect("an address");
//! for entry in queries::borrower_summary(&chain, &borrower).await? {
//!     println!("borrowing from block {} to block {}", entry.start, entry.end);
//! }
//! # Ok(())
//! # }
//! ```

use crate::{
	chain::Chain,
	error::Error,
	runtime::api::{self, runtime_types::loanchain_primitives::identity::AttestationStatus},
};
use serde::{Deserialize, Serialize};
use subxt::{rpcs::rpc_params, utils::AccountId32};

/// A loan or identity number on chain.
pub type Id = u64;

/// One entry of a borrower summary: only dates and the word "borrowing".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryEntry {
	/// The block in which the loan came into force.
	pub start: u32,
	/// The first block after its period.
	pub end: u32,
	/// The chain's time at `start`, in Unix milliseconds.
	pub started_at_ms: u64,
	/// Always `"borrowing"`.
	pub label: String,
}

/// One page of a borrower summary, as `loans_borrowerSummary` serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPage {
	/// The entries of this page.
	pub entries: Vec<SummaryEntry>,
	/// How many entries the whole summary has.
	pub total: u32,
	/// The `from` of the next page, if there is one.
	pub next: Option<u32>,
}

/// A loan's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
	/// The block in which it came into force.
	pub start: u32,
	/// The first block after it (feedback is due from here).
	pub end: u32,
	/// The chain's time at `start`, in Unix milliseconds.
	pub started_at_ms: u64,
}

/// A loan's state, as `loans_loan` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Status {
	/// Waiting for the lender's confirmation.
	Proposed,
	/// In force.
	Active,
	/// Its end passed; the lender's feedback is due.
	FeedbackDue,
	/// The lender reported an extension; waiting for the borrower.
	ExtensionProposed {
		/// The proposed new end.
		new_end: u32,
	},
	/// Performed normally (final).
	Performed,
	/// Breached (final).
	Breached,
	/// Withdrawn before confirmation, or timed out (final).
	Withdrawn,
	/// A state this client does not know (a newer runtime).
	#[serde(other)]
	Unknown,
}

impl Status {
	/// The state's name as `loans_loan` writes it (`feedbackDue`, ...).
	pub fn name(&self) -> &'static str {
		match self {
			Self::Proposed => "proposed",
			Self::Active => "active",
			Self::FeedbackDue => "feedbackDue",
			Self::ExtensionProposed { .. } => "extensionProposed",
			Self::Performed => "performed",
			Self::Breached => "breached",
			Self::Withdrawn => "withdrawn",
			Self::Unknown => "unknown",
		}
	}
}

/// The information level of a breached loan's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Level {
	/// Public.
	Public,
	/// Readable by the parties and the readers they grant.
	Encrypted,
	/// Sold for a fee.
	PaidQuery {
		/// The fee, in the smallest unit (a decimal string).
		fee: String,
	},
	/// A level this client does not know.
	#[serde(other)]
	Unknown,
}

/// One change in a loan's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
	/// The block of the change.
	pub at: u32,
	/// The account that made it; `None` for the chain itself and for an alias loan's lender.
	pub by: Option<String>,
	/// Who made it: `account`, `lender` (an alias loan's lender, through its ring proof or
	/// lender key) or `chain`.
	#[serde(default)]
	pub actor: String,
	/// The change (`{"kind": "confirmed", "start": .., "end": ..}`, ...).
	pub change: serde_json::Value,
}

impl HistoryEntry {
	/// The change's kind (`proposed`, `confirmed`, `feedbackDue`, ...).
	pub fn kind(&self) -> &str {
		self.change.get("kind").and_then(serde_json::Value::as_str).unwrap_or("unknown")
	}
}

/// A held proposal deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deposit {
	/// The account it is held from.
	pub depositor: String,
	/// The amount (a decimal string, smallest unit).
	pub amount: String,
}

/// The lender of an alias loan, as `loans_loan` serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AliasLenderInfo {
	/// The alias (`0x` hex, 32 bytes).
	pub alias: String,
	/// The per-loan lender key (`0x` hex), once confirmed.
	pub key: Option<String>,
	/// The payout account, once confirmed.
	pub payout: Option<String>,
	/// The nonce the next lender action signs.
	pub nonce: u32,
}

impl AliasLenderInfo {
	/// The alias as 32 bytes.
	pub fn alias_bytes(&self) -> Result<[u8; 32], Error> {
		decode_hex(&self.alias)?
			.try_into()
			.map_err(|_| Error::node("reading loans_loan", "the alias is not 32 bytes"))
	}
}

/// Everything the chain holds about a loan, as `loans_loan` serves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoanRecord {
	/// The loan's number.
	pub id: Id,
	/// The borrower's identity.
	pub borrower: Id,
	/// The named lender's identity; `None` when the lender is a per-loan alias.
	pub lender: Option<Id>,
	/// The alias lender, when the lender is one.
	#[serde(default)]
	pub alias: Option<AliasLenderInfo>,
	/// The borrower's account that proposed or consented.
	pub borrower_account: String,
	/// The account that confirmed for the lender, once confirmed.
	pub lender_account: Option<String>,
	/// The company that registered the loan (corporate flow).
	pub company: Option<Id>,
	/// The period's length in blocks.
	pub duration: u32,
	/// The period, once in force.
	pub period: Option<Period>,
	/// The commitment to the terms (`0x` hex).
	pub commitment: String,
	/// The sealed terms (`0x` hex).
	pub sealed_terms: String,
	/// The state.
	pub status: Status,
	/// The information level chosen at a breach.
	pub disclosure: Option<Level>,
	/// The loan this one renews.
	pub renews: Option<Id>,
	/// The loan that renewed this one.
	pub renewed_by: Option<Id>,
	/// The deadline of the answer the loan waits for.
	pub report_by: Option<u32>,
	/// Whether the lender let the feedback grace period pass.
	pub unreported: bool,
	/// The proposal deposit still held.
	pub deposit: Option<Deposit>,
	/// Every change, oldest first.
	pub history: Vec<HistoryEntry>,
}

impl LoanRecord {
	/// The commitment as bytes.
	pub fn commitment_bytes(&self) -> Result<[u8; 32], Error> {
		let bytes = decode_hex(&self.commitment)?;
		bytes
			.try_into()
			.map_err(|_| Error::Invalid("the loan's commitment is not 32 bytes".into()))
	}

	/// The sealed terms as bytes.
	pub fn sealed_terms_bytes(&self) -> Result<Vec<u8>, Error> {
		decode_hex(&self.sealed_terms)
	}
}

/// Bytes from `0x`-prefixed (or bare) hex.
pub fn decode_hex(text: &str) -> Result<Vec<u8>, Error> {
	hex::decode(text.trim().trim_start_matches("0x"))
		.map_err(|error| Error::Invalid(format!("not hex: {error}")))
}

/// One page of `account`'s borrower summary (`loans_borrowerSummary`), from entry `from`, at
/// most `limit` entries (the node caps it at 100).
pub async fn borrower_summary_page(
	chain: &Chain,
	account: &AccountId32,
	from: u32,
	limit: Option<u32>,
) -> Result<SummaryPage, Error> {
	chain
		.request(
			"loans_borrowerSummary",
			rpc_params![account.to_string(), Option::<String>::None, from, limit],
		)
		.await
}

/// `account`'s whole borrower summary: for every loan its identity borrowed that came into
/// force, only its dates and the word "borrowing".
pub async fn borrower_summary(
	chain: &Chain,
	account: &AccountId32,
) -> Result<Vec<SummaryEntry>, Error> {
	let mut entries = Vec::new();
	let mut from = Some(0);
	while let Some(start) = from {
		let page = borrower_summary_page(chain, account, start, None).await?;
		entries.extend(page.entries);
		from = page.next;
	}
	Ok(entries)
}

/// The loans waiting for the feedback of the identity `lender` acts for (`loans_feedbackDue`).
pub async fn feedback_due(chain: &Chain, lender: &AccountId32) -> Result<Vec<Id>, Error> {
	chain.request("loans_feedbackDue", rpc_params![lender.to_string()]).await
}

/// The proposals waiting for the confirmation of the identity `lender` acts for
/// (`loans_proposalsTo`).
pub async fn proposals_to(chain: &Chain, lender: &AccountId32) -> Result<Vec<Id>, Error> {
	chain.request("loans_proposalsTo", rpc_params![lender.to_string()]).await
}

/// Everything the chain holds about loan `loan_id` (`loans_loan`), as JSON exactly as the node
/// sends it.
pub async fn loan_json(chain: &Chain, loan_id: Id) -> Result<serde_json::Value, Error> {
	let loan: serde_json::Value = chain.request("loans_loan", rpc_params![loan_id]).await?;
	if loan.is_null() {
		return Err(Error::NotFound(format!("there is no loan {loan_id}")));
	}
	Ok(loan)
}

/// Everything the chain holds about loan `loan_id` (`loans_loan`).
pub async fn loan(chain: &Chain, loan_id: Id) -> Result<LoanRecord, Error> {
	serde_json::from_value(loan_json(chain, loan_id).await?)
		.map_err(|error| Error::node("reading loans_loan", error))
}

/// The identity `account` speaks for: its own (an attested account) or its company's (an
/// operator); `None` for an unknown account.
pub async fn identity_for(chain: &Chain, account: &AccountId32) -> Result<Option<Id>, Error> {
	let at = chain.best_block().await?;
	let apis = api::runtime_apis().attestations_api();
	let own = at
		.runtime_apis()
		.call(apis.identity_of(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.identity_of", error))?;
	if own.is_some() {
		return Ok(own);
	}
	at.runtime_apis()
		.call(apis.company_of_operator(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.company_of_operator", error))
}

/// The company identity `account` is an operator of, if any.
pub async fn company_of_operator(
	chain: &Chain,
	account: &AccountId32,
) -> Result<Option<Id>, Error> {
	company_of_operator_at(chain, account, None).await
}

/// The company identity `account` was an operator of at block `at` (the best block if `None`).
pub async fn company_of_operator_at(
	chain: &Chain,
	account: &AccountId32,
	at: Option<u32>,
) -> Result<Option<Id>, Error> {
	block_at(chain, at)
		.await?
		.runtime_apis()
		.call(api::runtime_apis().attestations_api().company_of_operator(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.company_of_operator", error))
}

/// The identity `account` itself was attested to at block `at` (the best block if `None`),
/// whatever the attestation's state.
pub async fn own_identity_at(
	chain: &Chain,
	account: &AccountId32,
	at: Option<u32>,
) -> Result<Option<Id>, Error> {
	block_at(chain, at)
		.await?
		.runtime_apis()
		.call(api::runtime_apis().attestations_api().identity_of(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.identity_of", error))
}

/// Block `number`, or the best block.
async fn block_at(chain: &Chain, number: Option<u32>) -> Result<crate::chain::AtBlock, Error> {
	match number {
		Some(number) => chain.block(number).await,
		None => chain.best_block().await,
	}
}

/// The state of `account`'s attestation: `valid`, `expired`, `revoked` or `none`.
pub async fn attestation_status(
	chain: &Chain,
	account: &AccountId32,
) -> Result<&'static str, Error> {
	let at = chain.best_block().await?;
	let status = at
		.runtime_apis()
		.call(api::runtime_apis().attestations_api().attestation_status(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.attestation_status", error))?;
	Ok(match status {
		AttestationStatus::None => "none",
		AttestationStatus::Valid => "valid",
		AttestationStatus::Expired => "expired",
		AttestationStatus::Revoked => "revoked",
	})
}

/// The X25519 public key `account` registered for sealing loan terms to it
/// (`AttestationsApi::encryption_key`), if any.
pub async fn encryption_key(
	chain: &Chain,
	account: &AccountId32,
) -> Result<Option<[u8; 32]>, Error> {
	let at = chain.best_block().await?;
	at.runtime_apis()
		.call(api::runtime_apis().attestations_api().encryption_key(*account))
		.await
		.map_err(|error| Error::node("calling AttestationsApi.encryption_key", error))
}

/// The free balance of `account`, in the smallest unit of the fee token.
pub async fn free_balance(chain: &Chain, account: &AccountId32) -> Result<u128, Error> {
	let at = chain.best_block().await?;
	let info = at
		.storage()
		.try_fetch(api::storage().system().account(), (*account,))
		.await
		.map_err(|error| Error::node("reading System.Account", error))?;
	match info {
		None => Ok(0),
		Some(value) => Ok(value
			.decode()
			.map_err(|error| Error::node("decoding System.Account", error))?
			.data
			.free),
	}
}
