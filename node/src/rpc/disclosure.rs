//! The `disclosure_*` JSON-RPC methods: a borrower's inquiry log, the terms of loans made public,
//! the readers granted access to a loan, and paid queries. Each method calls the runtime API
//! `DisclosureApi` at the requested block (the best block by default) and answers in plain JSON:
//! accounts as SS58 strings, bytes as `0x` hex (public terms also as UTF-8 text when they are
//! valid UTF-8; purposes and reasons are sealed notes, `sealedPurpose` and `sealedReason`, which
//! only the borrower and the auditors open), block numbers and ids as numbers, balances as
//! decimal strings.

use std::sync::Arc;

use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use loanchain_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use pallet_disclosure_runtime_api::{
	DisclosureApi, Grant, InquiryInfo, InquiryOutcome, LoanId, RequestId, RequestInfo,
	RequestStatus, MAX_INQUIRY_PAGE,
};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

type Hash = <Block as BlockT>::Hash;

/// The disclosure methods, as served by the node.
#[rpc(server)]
pub trait DisclosureRpc {
	/// The inquiry log of the identity `account` belongs to, oldest first: who was given or
	/// asked for the details of its loans as borrower, when, why and with what outcome.
	#[method(name = "disclosure_inquiries")]
	fn inquiries(&self, account: AccountId, at: Option<Hash>) -> RpcResult<Vec<Value>>;

	/// A page of the same log: `{ total, first, entries }`, the `limit` entries (default and
	/// at most 100) just before entry `before` (numbered from 0; null for the most recent),
	/// oldest first, each with its `index`. Walk back with `before = first` until `first` is 0.
	#[method(name = "disclosure_inquiryPage")]
	fn inquiry_page(
		&self,
		account: AccountId,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// The plaintext terms and salt of loan `loan_id` if its lender made them public, else null.
	#[method(name = "disclosure_publicTerms")]
	fn public_terms(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// The readers granted access to loan `loan_id`, each with the capsule sealed to it.
	#[method(name = "disclosure_grants")]
	fn grants(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Vec<Value>>;

	/// The ids of the open paid queries that the identity `lender` acts for must deliver.
	#[method(name = "disclosure_requestsForLender")]
	fn requests_for_lender(&self, lender: AccountId, at: Option<Hash>)
		-> RpcResult<Vec<RequestId>>;

	/// Paid query `request_id` (its state, the delivered capsule, any complaint), or null.
	#[method(name = "disclosure_request")]
	fn request(&self, request_id: RequestId, at: Option<Hash>) -> RpcResult<Option<Value>>;
}

/// Serves [`DisclosureRpcServer`] from the client's runtime API.
pub struct Disclosure<C> {
	client: Arc<C>,
}

impl<C> Disclosure<C> {
	/// Serves the disclosure methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// The JSON-RPC error code of a failed runtime API call.
const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "the runtime API call failed", Some(error.to_string()))
}

impl<C> DisclosureRpcServer for Disclosure<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DisclosureApi<Block, AccountId, Balance, BlockNumber>,
{
	fn inquiries(&self, account: AccountId, at: Option<Hash>) -> RpcResult<Vec<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let log = self.client.runtime_api().inquiries(at, account).map_err(runtime_error)?;
		Ok(log.iter().map(inquiry_json).collect())
	}

	fn inquiry_page(
		&self,
		account: AccountId,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(MAX_INQUIRY_PAGE);
		let page = self
			.client
			.runtime_api()
			.inquiry_page(at, account, before, limit)
			.map_err(runtime_error)?;
		let entries: Vec<Value> = (page.first..)
			.zip(&page.entries)
			.map(|(index, inquiry)| {
				let mut entry = inquiry_json(inquiry);
				entry["index"] = json!(index);
				entry
			})
			.collect();
		Ok(json!({ "total": page.total, "first": page.first, "entries": entries }))
	}

	fn public_terms(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let terms = self.client.runtime_api().public_terms(at, loan_id).map_err(runtime_error)?;
		Ok(terms.map(|terms| {
			json!({
				"loanId": loan_id,
				"terms": hex(&terms.terms),
				"termsText": text(&terms.terms),
				"salt": hex(&terms.salt),
				"revealedBy": terms.revealed_by.to_string(),
				"revealedAt": terms.revealed_at,
			})
		}))
	}

	fn grants(&self, loan_id: LoanId, at: Option<Hash>) -> RpcResult<Vec<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let grants = self.client.runtime_api().grants(at, loan_id).map_err(runtime_error)?;
		Ok(grants.iter().map(|(reader, grant)| grant_json(reader, grant)).collect())
	}

	fn requests_for_lender(
		&self,
		lender: AccountId,
		at: Option<Hash>,
	) -> RpcResult<Vec<RequestId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().requests_for_lender(at, lender).map_err(runtime_error)
	}

	fn request(&self, request_id: RequestId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let request = self.client.runtime_api().request(at, request_id).map_err(runtime_error)?;
		Ok(request.map(|request| request_json(request_id, &request)))
	}
}

fn hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

/// `bytes` as text if they are valid UTF-8, else null.
fn text(bytes: &[u8]) -> Value {
	std::str::from_utf8(bytes).map_or(Value::Null, |text| Value::String(text.to_owned()))
}

fn outcome_json(outcome: &InquiryOutcome<AccountId>) -> Value {
	match outcome {
		InquiryOutcome::Published => json!({ "kind": "published" }),
		InquiryOutcome::Granted { by } => json!({ "kind": "granted", "by": by.to_string() }),
		InquiryOutcome::Delivered { request_id } => {
			json!({ "kind": "delivered", "requestId": request_id })
		},
		InquiryOutcome::Refunded { request_id } => {
			json!({ "kind": "refunded", "requestId": request_id })
		},
		InquiryOutcome::Cancelled { request_id } => {
			json!({ "kind": "cancelled", "requestId": request_id })
		},
	}
}

fn inquiry_json(inquiry: &InquiryInfo<AccountId, BlockNumber>) -> Value {
	json!({
		"loanId": inquiry.loan_id,
		"reader": inquiry.reader.to_string(),
		"readerIdentity": inquiry.reader_identity,
		"at": inquiry.at,
		"sealedPurpose": hex(&inquiry.purpose),
		"outcome": outcome_json(&inquiry.outcome),
	})
}

fn grant_json(reader: &AccountId, grant: &Grant<AccountId, Balance, BlockNumber>) -> Value {
	json!({
		"reader": reader.to_string(),
		"capsule": hex(&grant.capsule),
		"grantedBy": grant.granted_by.to_string(),
		"deposit": grant.deposit.to_string(),
		"grantedAt": grant.granted_at,
	})
}

fn status_json(status: &RequestStatus<AccountId, BlockNumber>) -> Value {
	match status {
		RequestStatus::Open => json!({ "kind": "open" }),
		RequestStatus::Delivered { by, at, capsule } => json!({
			"kind": "delivered", "by": by.to_string(), "at": at, "capsule": hex(capsule),
		}),
		RequestStatus::Refunded { at, by } => json!({
			"kind": "refunded", "at": at, "by": by.as_ref().map(ToString::to_string),
		}),
		RequestStatus::Cancelling { at, until } => {
			json!({ "kind": "cancelling", "at": at, "until": until })
		},
		RequestStatus::Cancelled { at } => json!({ "kind": "cancelled", "at": at }),
	}
}

fn request_json(
	request_id: RequestId,
	request: &RequestInfo<AccountId, Balance, BlockNumber>,
) -> Value {
	json!({
		"id": request_id,
		"loanId": request.loan_id,
		"borrower": request.borrower,
		"lender": request.lender,
		"requester": request.requester.to_string(),
		"requesterKey": hex(&request.requester_key),
		"fee": request.fee.to_string(),
		"deposit": request.deposit.to_string(),
		"sealedPurpose": hex(&request.purpose),
		"requestedAt": request.requested_at,
		"deadline": request.deadline,
		"status": status_json(&request.status),
		"complaint": request.complaint.as_ref().map(|complaint| json!({
			"at": complaint.at,
			"sealedReason": hex(&complaint.reason),
		})),
	})
}
