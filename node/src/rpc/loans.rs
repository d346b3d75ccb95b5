//! The `loans_*` JSON-RPC methods: the borrower summary, a lender's feedback-due list and what the
//! chain holds about one loan. Each method calls the runtime API `LoansApi` at the requested
//! block (the best block by default) and answers in plain JSON: accounts as SS58 strings, hashes
//! and sealed terms as `0x` hex, block numbers and ids as numbers, balances as decimal strings
//! (they exceed JavaScript's safe integers).

use std::sync::Arc;

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use loanchain_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use pallet_loans_runtime_api::{
	Actor, DisclosureLevel, HistoryEntry, LoanChange, LoanId, LoanInfo, LoanLender, LoanStatus,
	LoansApi, MAX_SUMMARY_PAGE,
};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

type Hash = <Block as BlockT>::Hash;

/// The loans methods, as served by the node.
#[rpc(server)]
pub trait LoansRpc {
	/// The borrowing summary of the identity `account` belongs to: for each loan it borrowed
	/// (with any of its accounts), only the start and end blocks, the start time (Unix ms) and
	/// the word "borrowing". Paged: `from` is the index of the first entry (default 0), `limit`
	/// the page size (default and maximum: 100); `next` is the `from` of the next page, or null.
	#[method(name = "loans_borrowerSummary")]
	fn borrower_summary(
		&self,
		account: AccountId,
		at: Option<Hash>,
		from: Option<u32>,
		limit: Option<u32>,
	) -> RpcResult<Value>;

	/// The ids of the loans waiting for feedback from the identity `lender` acts for (its own
	/// loans, or its company's for an operator account).
	#[method(name = "loans_feedbackDue")]
	fn feedback_due(&self, lender: AccountId, at: Option<Hash>) -> RpcResult<Vec<LoanId>>;

	/// The ids of the loan proposals waiting for the confirmation of the identity `lender` acts
	/// for.
	#[method(name = "loans_proposalsTo")]
	fn proposals_to(&self, lender: AccountId, at: Option<Hash>) -> RpcResult<Vec<LoanId>>;

	/// Everything the chain holds about loan `loan_id` (sealed terms as bytes, the full
	/// history), or null if there is no such loan.
	#[method(name = "loans_loan")]
	fn loan(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Option<Value>>;
}

/// Serves [`LoansRpcServer`] from the client's runtime API.
pub struct Loans<C> {
	client: Arc<C>,
}

impl<C> Loans<C> {
	/// Serves the loans methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// The JSON-RPC error code of a failed runtime API call.
const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "the runtime API call failed", Some(error.to_string()))
}

impl<C> LoansRpcServer for Loans<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: LoansApi<Block, AccountId, Balance, BlockNumber>,
{
	fn borrower_summary(
		&self,
		account: AccountId,
		at: Option<Hash>,
		from: Option<u32>,
		limit: Option<u32>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(MAX_SUMMARY_PAGE).min(MAX_SUMMARY_PAGE);
		let page = self
			.client
			.runtime_api()
			.borrower_summary(at, account, from.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		let entries: Vec<Value> = page
			.entries
			.iter()
			.map(|entry| {
				json!({
					"start": entry.start,
					"end": entry.end,
					"startedAtMs": entry.started_at_ms,
					"label": "borrowing",
				})
			})
			.collect();
		Ok(json!({ "entries": entries, "total": page.total, "next": page.next }))
	}

	fn feedback_due(&self, lender: AccountId, at: Option<Hash>) -> RpcResult<Vec<LoanId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().feedback_due(at, lender).map_err(runtime_error)
	}

	fn proposals_to(&self, lender: AccountId, at: Option<Hash>) -> RpcResult<Vec<LoanId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().proposals_to(at, lender).map_err(runtime_error)
	}

	fn loan(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let loan = self.client.runtime_api().loan(at, loan_id).map_err(runtime_error)?;
		Ok(loan.map(|loan| loan_json(loan_id, &loan)))
	}
}

fn hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

fn level_json(level: &DisclosureLevel<Balance>) -> Value {
	match level {
		DisclosureLevel::Public => json!({ "kind": "public" }),
		DisclosureLevel::Encrypted => json!({ "kind": "encrypted" }),
		DisclosureLevel::PaidQuery { fee } => {
			json!({ "kind": "paidQuery", "fee": fee.to_string() })
		},
	}
}

fn status_json(status: &LoanStatus<BlockNumber>) -> Value {
	match status {
		LoanStatus::Proposed => json!({ "kind": "proposed" }),
		LoanStatus::Active => json!({ "kind": "active" }),
		LoanStatus::FeedbackDue => json!({ "kind": "feedbackDue" }),
		LoanStatus::ExtensionProposed { new_end } => {
			json!({ "kind": "extensionProposed", "newEnd": new_end })
		},
		LoanStatus::Performed => json!({ "kind": "performed" }),
		LoanStatus::Breached => json!({ "kind": "breached" }),
		LoanStatus::Withdrawn => json!({ "kind": "withdrawn" }),
	}
}

fn change_json(change: &LoanChange<BlockNumber, Balance>) -> Value {
	match change {
		LoanChange::Proposed { duration } => json!({ "kind": "proposed", "duration": duration }),
		LoanChange::Registered { company, duration, nonce } => json!({
			"kind": "registered", "company": company, "duration": duration, "nonce": nonce,
		}),
		LoanChange::Confirmed { start, end } => {
			json!({ "kind": "confirmed", "start": start, "end": end })
		},
		LoanChange::Withdrawn => json!({ "kind": "withdrawn" }),
		LoanChange::FeedbackDue { end } => json!({ "kind": "feedbackDue", "end": end }),
		LoanChange::Unreported => json!({ "kind": "unreported" }),
		LoanChange::Performed { early, renewed_by } => {
			json!({ "kind": "performed", "early": early, "renewedBy": renewed_by })
		},
		LoanChange::ExtensionProposed { new_end } => {
			json!({ "kind": "extensionProposed", "newEnd": new_end })
		},
		LoanChange::ExtensionConfirmed { previous_end, new_end } => json!({
			"kind": "extensionConfirmed", "previousEnd": previous_end, "newEnd": new_end,
		}),
		LoanChange::ExtensionDeclined => json!({ "kind": "extensionDeclined" }),
		LoanChange::Breached { level } => json!({ "kind": "breached", "level": level_json(level) }),
		LoanChange::Expired => json!({ "kind": "expired" }),
	}
}

fn history_json(entry: &HistoryEntry<AccountId, BlockNumber, Balance>) -> Value {
	json!({
		"at": entry.at,
		"by": entry.by.account().map(ToString::to_string),
		"actor": match entry.by {
			Actor::Account(_) => "account",
			Actor::Lender => "lender",
			Actor::Chain => "chain",
		},
		"change": change_json(&entry.change),
	})
}

/// A named lender: its identity, the account that confirmed and the company (as before
/// aliases); an alias lender: `null` for all three, and `alias` with its alias, lender key,
/// payout account and action nonce.
fn loan_json(loan_id: LoanId, loan: &LoanInfo<AccountId, Balance, BlockNumber>) -> Value {
	let (lender, lender_account, company, alias) = match &loan.lender {
		LoanLender::Named { identity, account, company } => {
			(Some(*identity), account.as_ref().map(ToString::to_string), *company, Value::Null)
		},
		LoanLender::Alias(alias) => (
			None,
			None,
			None,
			json!({
				"alias": hex(&alias.alias),
				"key": alias.key.as_ref().map(|key| hex(key)),
				"payout": alias.payout.as_ref().map(ToString::to_string),
				"nonce": alias.nonce,
			}),
		),
	};
	json!({
		"id": loan_id,
		"borrower": loan.borrower,
		"lender": lender,
		"alias": alias,
		"borrowerAccount": loan.borrower_account.to_string(),
		"lenderAccount": lender_account,
		"company": company,
		"duration": loan.duration,
		"period": loan.period.map(|p| json!({
			"start": p.start, "end": p.end, "startedAtMs": p.started_at_ms,
		})),
		"commitment": hex(loan.commitment.as_bytes()),
		"sealedTerms": hex(&loan.sealed_terms),
		"status": status_json(&loan.status),
		"disclosure": loan.disclosure.as_ref().map(level_json),
		"renews": loan.renews,
		"renewedBy": loan.renewed_by,
		"reportBy": loan.report_by,
		"unreported": loan.unreported,
		"deposit": loan.deposit.as_ref().map(|d| json!({
			"depositor": d.depositor.to_string(), "amount": d.amount.to_string(),
		})),
		"history": loan.history.iter().map(history_json).collect::<Vec<_>>(),
	})
}
