//! Tiered disclosure of a breached loan's terms (`pallet-disclosure`), from the client's side:
//! every capsule is sealed here, to the reader's encryption key registered on chain, so the
//! chain never sees a data key or plaintext terms unless the lender made them public.
//!
//! - **Public**: the lender [`reveal`]s the terms and salt (opened from its own envelope); the
//!   chain checks them against the commitment, and anyone reads them with [`public_terms`].
//! - **Encrypted**: a party [`grant`]s a named reader access (a capsule of the loan's data key
//!   sealed to the reader), lists the readers with [`grants`], and can [`revoke_grant`].
//! - **Paid query**: an attested account [`request`]s the terms, the fee held in escrow; the
//!   lender (or its company's operator) [`deliver`]s a capsule and receives the fee, or a
//!   [`QueryServer`] does it as requests arrive; the requester can [`cancel`] before delivery,
//!   anyone can [`refund`] after the deadline, and the requester can [`complain`] if the
//!   delivered key does not open terms matching the commitment.
//! - **Reading**: [`open_terms_as`] opens a loan's terms by whatever access the reader has
//!   (its own sealed key in the envelope, a grant, or a delivered paid query) and checks them
//!   against the commitment; a borrower lists who looked at its record with [`inquiries`].
//!
//! A lender's system serving paid queries as they arrive:
//!
//! ```no_run
//! use loanchain_client::{disclosure::QueryServer, AccountKeypair, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let lender = AccountKeypair::from_suri("//Dave").expect("a dev key");
//! let encryption = lender.derived_encryption_keypair();
//! let mut server = QueryServer::new(lender, encryption);
//! loop {
//!     for served in server.serve_pending(&chain).await? {
//!         match served.result {
//!             Ok(delivered) => println!("request {} paid {}", served.request_id, delivered.fee),
//!             Err(error) => eprintln!("request {} not delivered: {error}", served.request_id),
//!         }
//!     }
//!     tokio::time::sleep(std::time::Duration::from_secs(2)).await;
//! }
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	aliases::LenderHandle,
	chain::{Chain, Included},
	error::Error,
	keys::EncryptionKeypair,
	notes::{self, NoteKind},
	queries::{self, decode_hex, Id},
	runtime::api::{self, disclosure::events},
	sealing::{self, OpenedTerms},
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use subxt::{rpcs::rpc_params, utils::AccountId32};
use zeroize::Zeroizing;

/// A paid query's number on chain.
pub type RequestId = u64;

/// A loan's terms as its lender made them public (`disclosure_publicTerms`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicTerms {
	/// The loan.
	pub loan_id: Id,
	/// The terms (`0x` hex).
	pub terms: String,
	/// The terms as text, when they are UTF-8.
	pub terms_text: Option<String>,
	/// The salt of the commitment (`0x` hex).
	pub salt: String,
	/// The account that revealed them for the lender.
	pub revealed_by: String,
	/// The block in which they were revealed.
	pub revealed_at: u32,
}

/// A reader's grant of access to a loan (`disclosure_grants`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantInfo {
	/// The reader (SS58).
	pub reader: String,
	/// The loan's data key sealed to the reader's encryption key (`0x` hex, 112 bytes).
	pub capsule: String,
	/// The account that granted it and paid the deposit.
	pub granted_by: String,
	/// The deposit held (smallest unit, decimal).
	pub deposit: String,
	/// The block of the grant.
	pub granted_at: u32,
}

/// The state of a paid query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum RequestStatus {
	/// Waiting for the lender's delivery; the fee is held in escrow.
	Open,
	/// Delivered: the fee went to `by`.
	Delivered {
		/// The account that delivered (and received the fee).
		by: String,
		/// The block of the delivery.
		at: u32,
		/// The loan's data key sealed to the requester (`0x` hex).
		capsule: String,
	},
	/// Refunded after the deadline.
	Refunded {
		/// The block of the refund.
		at: u32,
		/// The account that asked for it, or `None` for the chain.
		by: Option<String>,
	},
	/// Cancelled by the requester: the lender may still deliver (and is paid) until `until`,
	/// then the chain refunds the requester.
	Cancelling {
		/// The block of the cancellation.
		at: u32,
		/// The first block at which the lender can no longer deliver.
		until: u32,
	},
	/// Cancelled by the requester, and refunded once the notice passed.
	Cancelled {
		/// The block the cancellation took effect.
		at: u32,
	},
	/// A state this client does not know (a newer runtime).
	#[serde(other)]
	Unknown,
}

impl RequestStatus {
	/// The state's name as JSON writes it (`open`, `delivered`, ...).
	pub fn name(&self) -> &'static str {
		match self {
			Self::Open => "open",
			Self::Delivered { .. } => "delivered",
			Self::Refunded { .. } => "refunded",
			Self::Cancelling { .. } => "cancelling",
			Self::Cancelled { .. } => "cancelled",
			Self::Unknown => "unknown",
		}
	}
}

/// A requester's complaint about a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
	/// The block of the complaint.
	pub at: u32,
	/// The reason, sealed to the auditors and the borrower (`0x` hex).
	pub sealed_reason: String,
	/// The reason's text, once opened here with [`RequestRecord::open`] (the chain never
	/// serves it).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub reason: Option<String>,
}

/// A paid query (`disclosure_request`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
	/// The request's number.
	pub id: RequestId,
	/// The loan.
	pub loan_id: Id,
	/// The borrower's identity.
	pub borrower: Id,
	/// The lender's identity, which must deliver; `None` for an alias loan (its lender key
	/// delivers, and no identity is named).
	pub lender: Option<Id>,
	/// The requesting account (SS58).
	pub requester: String,
	/// The requester's X25519 encryption key when it asked (`0x` hex): the delivery is sealed
	/// to it.
	pub requester_key: String,
	/// The fee held in escrow (smallest unit, decimal).
	pub fee: String,
	/// The requester's deposit (smallest unit, decimal).
	pub deposit: String,
	/// The stated purpose, sealed to the auditors and the borrower (`0x` hex).
	pub sealed_purpose: String,
	/// The purpose's text, once opened here with [`RequestRecord::open`] (the chain never
	/// serves it).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub purpose: Option<String>,
	/// The block of the request.
	pub requested_at: u32,
	/// The first block at which the lender can no longer deliver.
	pub deadline: u32,
	/// The state.
	pub status: RequestStatus,
	/// The requester's complaint, if any.
	pub complaint: Option<Complaint>,
}

impl RequestRecord {
	/// Opens the sealed purpose and complaint reason with `keypair` (the borrower's or an
	/// auditor's) into [`RequestRecord::purpose`] and [`Complaint::reason`]; a note that does
	/// not open with it stays sealed.
	pub fn open(&mut self, keypair: &EncryptionKeypair, genesis: &[u8; 32]) {
		self.purpose = open_hex(
			keypair,
			genesis,
			self.loan_id,
			NoteKind::RequestPurpose,
			&self.sealed_purpose,
		);
		if let Some(complaint) = &mut self.complaint {
			complaint.reason = open_hex(
				keypair,
				genesis,
				self.loan_id,
				NoteKind::ComplaintReason,
				&complaint.sealed_reason,
			);
		}
	}

	/// The fee in the smallest unit.
	pub fn fee_amount(&self) -> Result<u128, Error> {
		self.fee
			.parse()
			.map_err(|_| Error::node("reading a request", "the fee is not a number"))
	}
}

/// What an inquiry into a borrower's record came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum InquiryOutcome {
	/// The lender made the terms public.
	Published,
	/// A party granted the reader access.
	Granted {
		/// The granting account.
		by: String,
	},
	/// A paid query was delivered.
	Delivered {
		/// The request.
		request_id: RequestId,
	},
	/// A paid query was refunded (not delivered by its deadline).
	Refunded {
		/// The request.
		request_id: RequestId,
	},
	/// A paid query was cancelled by the requester.
	Cancelled {
		/// The request.
		request_id: RequestId,
	},
	/// An outcome this client does not know.
	#[serde(other)]
	Unknown,
}

/// One entry of a borrower's inquiry log (`disclosure_inquiries`, `disclosure_inquiryPage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inquiry {
	/// The entry's number in the log, from 0 (served by `disclosure_inquiryPage`; `None` from
	/// `disclosure_inquiries`).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub index: Option<u64>,
	/// The loan.
	pub loan_id: Id,
	/// The account that was given or asked for the terms (SS58).
	pub reader: String,
	/// The reader's identity, if it has one.
	pub reader_identity: Option<Id>,
	/// The block.
	pub at: u32,
	/// The stated purpose, sealed to the auditors and the borrower (`0x` hex; empty for a
	/// publication).
	pub sealed_purpose: String,
	/// The purpose's text, once opened here with [`Inquiry::open`] (the chain never serves it).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub purpose: Option<String>,
	/// What came of it.
	pub outcome: InquiryOutcome,
}

impl Inquiry {
	/// The kind of the entry's sealed note: a grant's purpose or a paid query's; `None` for a
	/// publication, which has none.
	pub fn note_kind(&self) -> Option<NoteKind> {
		match self.outcome {
			InquiryOutcome::Granted { .. } => Some(NoteKind::GrantPurpose),
			InquiryOutcome::Delivered { .. }
			| InquiryOutcome::Refunded { .. }
			| InquiryOutcome::Cancelled { .. } => Some(NoteKind::RequestPurpose),
			InquiryOutcome::Published | InquiryOutcome::Unknown => None,
		}
	}

	/// Opens the sealed purpose with `keypair` (the borrower's or an auditor's) into
	/// [`Inquiry::purpose`]; a note that does not open with it stays sealed.
	pub fn open(&mut self, keypair: &EncryptionKeypair, genesis: &[u8; 32]) {
		if let Some(kind) = self.note_kind() {
			self.purpose = open_hex(keypair, genesis, self.loan_id, kind, &self.sealed_purpose);
		}
	}
}

/// The text of the sealed note `sealed` (`0x` hex), if it opens with `keypair`.
fn open_hex(
	keypair: &EncryptionKeypair,
	genesis: &[u8; 32],
	loan_id: Id,
	kind: NoteKind,
	sealed: &str,
) -> Option<String> {
	let bytes = decode_hex(sealed).ok()?;
	notes::open_note(keypair, genesis, loan_id, kind, &bytes).ok()
}

/// A page of a borrower's inquiry log (`disclosure_inquiryPage`): entries `first` onwards of a
/// log of `total`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPage {
	/// How many entries the whole log has.
	pub total: u64,
	/// The number of the page's first entry (walk back with `before = first` until it is 0).
	pub first: u64,
	/// The entries, oldest first, each with its `index`.
	pub entries: Vec<Inquiry>,
}

/// The most entries one page of an inquiry log holds.
pub const MAX_INQUIRY_PAGE: u32 = 100;

/// Lender (or its company's operator), for a loan breached with the public level: open the
/// loan's envelope with `encryption` and submit the terms and salt, which the chain checks
/// against the commitment. From then on anyone can read them.
pub async fn reveal(
	chain: &Chain,
	lender: &AccountKeypair,
	encryption: &EncryptionKeypair,
	loan_id: Id,
) -> Result<Included, Error> {
	let opened = crate::loans::open_loan_terms(chain, encryption, loan_id).await?;
	reveal_terms(chain, lender, loan_id, &opened.terms, &opened.salt).await
}

/// [`reveal`] with terms and salt the lender kept itself.
pub async fn reveal_terms(
	chain: &Chain,
	lender: &AccountKeypair,
	loan_id: Id,
	terms: &[u8],
	salt: &sealing::Salt,
) -> Result<Included, Error> {
	let call = api::transactions().disclosure().reveal(loan_id, terms.to_vec(), *salt);
	let included = chain.submit(&call, lender).await?;
	included.event::<events::TermsRevealed>("Disclosure.TermsRevealed")?;
	Ok(included)
}

/// The public terms of loan `loan_id`, if its lender made them public, checked here against the
/// loan's commitment (the chain checked them too when they were revealed).
pub async fn public_terms(chain: &Chain, loan_id: Id) -> Result<Option<PublicTerms>, Error> {
	let Some(terms) = fetch_public_terms(chain, loan_id).await? else { return Ok(None) };
	let loan = queries::loan(chain, loan_id).await?;
	open_public(&terms, &loan.commitment_bytes()?)?;
	Ok(Some(terms))
}

/// `disclosure_publicTerms` as the node answers it, unchecked.
async fn fetch_public_terms(chain: &Chain, loan_id: Id) -> Result<Option<PublicTerms>, Error> {
	chain.request("disclosure_publicTerms", rpc_params![loan_id]).await
}

/// The terms and salt of `public`, checked against the loan's `commitment`.
fn open_public(
	public: &PublicTerms,
	commitment: &sealing::Commitment,
) -> Result<OpenedTerms, Error> {
	let salt: sealing::Salt = decode_hex(&public.salt)?
		.try_into()
		.map_err(|_| Error::node("reading the public terms", "the salt is not 32 bytes"))?;
	let terms = decode_hex(&public.terms)?;
	if sealing::commitment(&terms, &salt) != *commitment {
		return Err(Error::Sealing(sealing::Error::CommitmentMismatch));
	}
	Ok(OpenedTerms { salt: Zeroizing::new(salt), terms: Zeroizing::new(terms) })
}

/// The registered encryption key of `reader`, or an error that says how to register one.
async fn reader_key(chain: &Chain, reader: &AccountId32) -> Result<[u8; 32], Error> {
	let keys = crate::loans::recipient_keys(chain, &[reader]).await?;
	keys.first()
		.copied()
		.ok_or_else(|| Error::node("reading an encryption key", "no answer"))
}

/// The capsule of a grant of `loan` to `reader`: the loan's data key, opened with
/// `encryption` (a key the terms were sealed to), sealed to the reader's registered key.
pub(crate) async fn grant_capsule(
	chain: &Chain,
	encryption: &EncryptionKeypair,
	loan: &queries::LoanRecord,
	reader: &AccountId32,
) -> Result<[u8; 112], Error> {
	let data_key = sealing::open_data_key(encryption, &loan.sealed_terms_bytes()?)?;
	Ok(sealing::seal_capsule(&reader_key(chain, reader).await?, &data_key)?)
}

/// Borrower or lender (or the company's operator): grant `reader` access to loan `loan_id`'s
/// terms, stating `purpose` (sealed here to the auditors and the borrower, who sees it in its
/// inquiry log). The loan's data key is
/// opened with `encryption` (the granter's key the terms were sealed to) and sealed to the
/// reader's registered key; the chain holds a deposit until the grant is revoked.
pub async fn grant(
	chain: &Chain,
	granter: &AccountKeypair,
	encryption: &EncryptionKeypair,
	loan_id: Id,
	reader: &AccountId32,
	purpose: &str,
) -> Result<Included, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let capsule = grant_capsule(chain, encryption, &loan, reader).await?;
	let purpose = notes::seal(chain, &loan, NoteKind::GrantPurpose, purpose).await?;
	let call = api::transactions()
		.disclosure()
		.grant(loan_id, *reader, capsule.to_vec(), purpose);
	let included = chain.submit(&call, granter).await?;
	included.event::<events::AccessGranted>("Disclosure.AccessGranted")?;
	Ok(included)
}

/// The granter, the reader, or a party: remove `reader`'s grant for loan `loan_id`; the deposit
/// goes back to whoever paid it.
pub async fn revoke_grant(
	chain: &Chain,
	who: &AccountKeypair,
	loan_id: Id,
	reader: &AccountId32,
) -> Result<Included, Error> {
	let call = api::transactions().disclosure().revoke_grant(loan_id, *reader);
	let included = chain.submit(&call, who).await?;
	included.event::<events::GrantRevoked>("Disclosure.GrantRevoked")?;
	Ok(included)
}

/// The readers granted access to loan `loan_id`.
pub async fn grants(chain: &Chain, loan_id: Id) -> Result<Vec<GrantInfo>, Error> {
	chain.request("disclosure_grants", rpc_params![loan_id]).await
}

/// A paid query the chain accepted.
#[derive(Debug)]
pub struct Requested {
	/// The request's number.
	pub request_id: RequestId,
	/// The fee held in escrow (the lender's price).
	pub fee: u128,
	/// The first block at which the lender can no longer deliver (the refund follows).
	pub deadline: u32,
	/// The transaction.
	pub included: Included,
}

/// An attested account (or a company's operator) that is no party: request the terms of loan
/// `loan_id`, whose lender chose a paid query, accepting a fee of up to `max_fee` and stating
/// `purpose` (sealed here to the auditors and the borrower). The chain holds the lender's price
/// and a deposit until delivery, cancellation or refund. The requester needs a registered encryption key, to which the lender seals the key.
pub async fn request(
	chain: &Chain,
	requester: &AccountKeypair,
	loan_id: Id,
	max_fee: u128,
	purpose: &str,
) -> Result<Requested, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let purpose = notes::seal(chain, &loan, NoteKind::RequestPurpose, purpose).await?;
	let call = api::transactions().disclosure().request(loan_id, max_fee, purpose);
	let included = chain.submit(&call, requester).await?;
	let event: events::QueryRequested = included.event("Disclosure.QueryRequested")?;
	Ok(Requested {
		request_id: event.request_id,
		fee: event.fee,
		deadline: event.deadline,
		included,
	})
}

/// A cancellation: the lender may still deliver (and is paid) until `until`; from then on the
/// chain refunds the fee and the deposit.
#[derive(Debug)]
pub struct Cancellation {
	/// The first block at which the lender can no longer deliver.
	pub until: u32,
	/// The transaction.
	pub included: Included,
}

/// Requester: cancel open request `request_id`. The fee and the deposit come back when the
/// chain's notice has passed without a delivery (a delivery within it is paid).
pub async fn cancel(
	chain: &Chain,
	requester: &AccountKeypair,
	request_id: RequestId,
) -> Result<Cancellation, Error> {
	let included = chain
		.submit(&api::transactions().disclosure().cancel(request_id), requester)
		.await?;
	let event: events::CancellationRequested =
		included.event("Disclosure.CancellationRequested")?;
	Ok(Cancellation { until: event.until, included })
}

/// Anyone: refund open request `request_id` once its deadline has passed (the chain also does
/// it by itself), or a cancelled one once its notice has passed; the fee and the deposit go back
/// to the requester.
pub async fn refund(
	chain: &Chain,
	who: &AccountKeypair,
	request_id: RequestId,
) -> Result<Included, Error> {
	let included = chain.submit(&api::transactions().disclosure().refund(request_id), who).await?;
	// A cancelled request is refunded as its cancellation completing.
	if included.events_of::<events::QueryCancelled>()?.is_empty() {
		included.event::<events::QueryRefunded>("Disclosure.QueryRefunded")?;
	}
	Ok(included)
}

/// Requester: record a complaint about delivered request `request_id` (its key does not open
/// terms matching the commitment), with `reason` (sealed here to the auditors and the
/// borrower). It stays on the request's record.
pub async fn complain(
	chain: &Chain,
	requester: &AccountKeypair,
	request_id: RequestId,
	reason: &str,
) -> Result<Included, Error> {
	let request = request_info(chain, request_id)
		.await?
		.ok_or_else(|| Error::NotFound(format!("there is no paid query {request_id}")))?;
	let loan = queries::loan(chain, request.loan_id).await?;
	let reason = notes::seal(chain, &loan, NoteKind::ComplaintReason, reason).await?;
	let call = api::transactions().disclosure().complain(request_id, reason);
	let included = chain.submit(&call, requester).await?;
	included.event::<events::ComplaintRaised>("Disclosure.ComplaintRaised")?;
	Ok(included)
}

/// A delivered paid query.
#[derive(Debug)]
pub struct Delivered {
	/// The loan.
	pub loan_id: Id,
	/// The requester (SS58).
	pub requester: String,
	/// The fee paid to the delivering account.
	pub fee: u128,
	/// The transaction.
	pub included: Included,
}

/// Blocks of slack [`deliver`] and [`QueryServer`] keep before a paid query's cutoff (its
/// deadline, or the end of its cancellation notice): they deliver only if the next block, plus
/// this many, still comes before it. A delivery submitted later might be included at or after
/// the cutoff and refused, with the key already in the pool.
pub const DEFAULT_DELIVERY_MARGIN: u32 = 2;

/// A delivery made ready on this machine: the request's loan, and the loan's data key sealed
/// to the key the request keeps. Nothing was sent yet.
#[derive(Debug)]
pub(crate) struct PreparedDelivery {
	/// The request's loan.
	pub loan: queries::LoanRecord,
	/// The data key sealed to the requester.
	pub capsule: sealing::Capsule,
}

/// Everything a delivery of `request_id` checks and seals before it is sent: the request is
/// open (or within its cancellation notice) and the next block, plus `margin`, comes before its
/// cutoff; the loan's data key (opened with `encryption`) is sealed to the requester's key.
pub(crate) async fn prepare_delivery(
	chain: &Chain,
	encryption: &EncryptionKeypair,
	request_id: RequestId,
	margin: u32,
) -> Result<PreparedDelivery, Error> {
	let request = request_info(chain, request_id)
		.await?
		.ok_or_else(|| Error::NotFound(format!("there is no paid query {request_id}")))?;
	let cutoff = match request.status {
		RequestStatus::Open => request.deadline,
		RequestStatus::Cancelling { until, .. } => until,
		_ => {
			return Err(Error::Invalid(format!(
				"paid query {request_id} is {} already; only an open request (or one within \
				 its cancellation notice) can be delivered",
				request.status.name()
			)))
		},
	};
	// The delivery lands in the next block at the earliest, which must come before the cutoff
	// with `margin` blocks to spare.
	let best = chain.best_number().await?;
	if best.saturating_add(1).saturating_add(margin) >= cutoff {
		return Err(Error::Invalid(format!(
			"paid query {request_id} can be delivered until block {cutoff} and the chain is at \
			 block {best}: within the margin of {margin} blocks a delivery might land too late, \
			 with the key already sent; nothing was sent"
		)));
	}
	let requester_key: [u8; 32] = decode_hex(&request.requester_key)?
		.try_into()
		.map_err(|_| Error::node("reading a request", "the requester's key is not 32 bytes"))?;
	let loan = queries::loan(chain, request.loan_id).await?;
	let data_key = sealing::open_data_key(encryption, &loan.sealed_terms_bytes()?)?;
	let capsule = sealing::seal_capsule(&requester_key, &data_key)?;
	Ok(PreparedDelivery { loan, capsule })
}

/// The delivery the chain recorded in `included`.
pub(crate) fn delivered(included: Included) -> Result<Delivered, Error> {
	let event: events::QueryDelivered = included.event("Disclosure.QueryDelivered")?;
	Ok(Delivered {
		loan_id: event.loan_id,
		requester: event.requester.to_string(),
		fee: event.fee,
		included,
	})
}

/// Lender (or its company's operator): deliver request `request_id`, open or within its
/// cancellation notice. The loan's data key is opened with `encryption` and sealed to the key
/// the requester had registered when it asked (kept in the request); the fee is paid from
/// escrow to `lender`. Refused here, before anything is sealed or sent, when the best block is
/// within `margin` blocks of the request's cutoff. An alias loan's lender delivers with
/// [`crate::alias_disclosure::lender_deliver`] instead.
pub async fn deliver(
	chain: &Chain,
	lender: &AccountKeypair,
	encryption: &EncryptionKeypair,
	request_id: RequestId,
	margin: u32,
) -> Result<Delivered, Error> {
	let prepared = prepare_delivery(chain, encryption, request_id, margin).await?;
	if prepared.loan.alias.is_some() {
		return Err(Error::Invalid(format!(
			"paid query {request_id} is of alias loan {}: its lender delivers with the loan's \
			 lender key (`loanctl disclosure deliver --as` the account that made the invitation)",
			prepared.loan.id
		)));
	}
	let call = api::transactions().disclosure().deliver(request_id, prepared.capsule.to_vec());
	delivered(chain.submit(&call, lender).await?)
}

/// The open paid queries that the identity `lender` acts for must deliver, oldest first.
pub async fn pending_requests(
	chain: &Chain,
	lender: &AccountId32,
) -> Result<Vec<RequestId>, Error> {
	chain
		.request("disclosure_requestsForLender", rpc_params![lender.to_string()])
		.await
}

/// The pending paid queries of loan `loan_id` (open, or within their cancellation notice), in
/// order: read from the chain's per-loan index, so an alias loan's lender finds the requests it
/// must deliver without any list naming it.
pub async fn open_requests_of_loan(chain: &Chain, loan_id: Id) -> Result<Vec<RequestId>, Error> {
	let at = chain.best_block().await?;
	let reading = "reading Disclosure.OpenRequests";
	let mut entries = at
		.storage()
		.iter(api::storage().disclosure().open_requests(), (loan_id,))
		.await
		.map_err(|error| Error::node(reading, error))?;
	let mut requests = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry = entry.map_err(|error| Error::node(reading, error))?;
		requests.push(entry.value().decode().map_err(|error| Error::node(reading, error))?);
	}
	requests.sort_unstable();
	Ok(requests)
}

/// Paid query `request_id`, if it exists.
pub async fn request_info(
	chain: &Chain,
	request_id: RequestId,
) -> Result<Option<RequestRecord>, Error> {
	chain.request("disclosure_request", rpc_params![request_id]).await
}

/// The inquiry log of the identity `account` belongs to, oldest first: who was given or asked
/// for the terms of its loans as borrower, when, why and with what outcome; its most recent
/// [`MAX_INQUIRY_PAGE`] entries ([`inquiry_page`] reads the rest).
pub async fn inquiries(chain: &Chain, account: &AccountId32) -> Result<Vec<Inquiry>, Error> {
	chain.request("disclosure_inquiries", rpc_params![account.to_string()]).await
}

/// A page of the same log: the `limit` entries (at most [`MAX_INQUIRY_PAGE`]) just before
/// entry `before` (`None`: the most recent ones), oldest first, with the log's length.
pub async fn inquiry_page(
	chain: &Chain,
	account: &AccountId32,
	before: Option<u64>,
	limit: u32,
) -> Result<InquiryPage, Error> {
	chain
		.request("disclosure_inquiryPage", rpc_params![account.to_string(), before, limit])
		.await
}

/// How a reader could open a loan's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Access {
	/// The terms were sealed to the reader's key (a party of the loan).
	Envelope,
	/// A party granted the reader access.
	Grant,
	/// The reader's paid query was delivered.
	PaidQuery {
		/// The request.
		request_id: RequestId,
	},
	/// The lender made the terms public.
	Public,
}

/// Opens loan `loan_id`'s terms for the account `reader` with its encryption key, by whatever
/// access it has: its own sealed key in the envelope, a grant, its delivered paid query
/// `request_id` (when given), or the public terms. The terms are checked against the commitment
/// on chain; a delivered key that does not open them gives a clear error (grounds for
/// [`complain`]).
pub async fn open_terms_as(
	chain: &Chain,
	reader: &AccountId32,
	encryption: &EncryptionKeypair,
	loan_id: Id,
	request_id: Option<RequestId>,
) -> Result<(OpenedTerms, Access), Error> {
	let loan = queries::loan(chain, loan_id).await?;
	let genesis = chain.genesis_hash();
	let commitment = loan.commitment_bytes()?;
	let sealed = loan.sealed_terms_bytes()?;
	let open_with = |capsule: &str| -> Result<OpenedTerms, Error> {
		let data_key = sealing::open_capsule(encryption, &decode_hex(capsule)?)?;
		Ok(sealing::decrypt_terms(&data_key, &genesis, &commitment, &sealed)?)
	};
	if let Some(request_id) = request_id {
		let request = request_info(chain, request_id)
			.await?
			.ok_or_else(|| Error::NotFound(format!("there is no paid query {request_id}")))?;
		if request.loan_id != loan_id || request.requester != reader.to_string() {
			return Err(Error::Invalid(format!(
				"paid query {request_id} is not {reader}'s request for loan {loan_id}"
			)));
		}
		let RequestStatus::Delivered { capsule, .. } = &request.status else {
			return Err(Error::NotFound(format!(
				"paid query {request_id} is {}, not delivered: there is no key to open yet",
				request.status.name()
			)));
		};
		return open_with(capsule)
			.map(|opened| (opened, Access::PaidQuery { request_id }))
			.map_err(|error| {
				Error::Invalid(format!(
					"the key delivered for paid query {request_id} does not open the terms: \
					 {error}\n  what to do: record a complaint with `loanctl disclosure complain \
					 {request_id} --reason ...`"
				))
			});
	}
	match sealing::open_terms(encryption, &genesis, &commitment, &sealed) {
		Ok(opened) => return Ok((opened, Access::Envelope)),
		Err(sealing::Error::NotARecipient) => {},
		Err(error) => return Err(error.into()),
	}
	let reader_text = reader.to_string();
	if let Some(grant) = grants(chain, loan_id).await?.into_iter().find(|g| g.reader == reader_text)
	{
		return Ok((open_with(&grant.capsule)?, Access::Grant));
	}
	if let Some(public) = fetch_public_terms(chain, loan_id).await? {
		return Ok((open_public(&public, &commitment)?, Access::Public));
	}
	Err(Error::NotFound(format!(
		"{reader} cannot read loan {loan_id}: its terms are not sealed to this key, no grant \
		 names it and they are not public\n  what to do: ask a party for a grant, or, if the \
		 lender sells them, buy a paid query (`loanctl disclosure request`) and open it with \
		 --request"
	)))
}

/// The outcome of one delivery attempt by a [`QueryServer`].
#[derive(Debug)]
pub struct Served {
	/// The request.
	pub request_id: RequestId,
	/// The delivery, or why it failed.
	pub result: Result<Delivered, Error>,
}

/// Delivers a lender's paid queries as they arrive: each call of [`QueryServer::serve_pending`]
/// delivers every open request for the lender's identity, and every open request of the alias
/// loans it was given ([`QueryServer::set_alias_loans`]), not tried before (or whose last try
/// failed on the way). This is what a company's system runs (or `loanctl disclosure
/// serve-queries`), so a requester is served within a block or two.
#[derive(Debug)]
pub struct QueryServer {
	lender: AccountKeypair,
	encryption: EncryptionKeypair,
	margin: u32,
	alias_loans: Vec<(Id, LenderHandle)>,
	tried: BTreeSet<RequestId>,
}

impl QueryServer {
	/// A server that signs with `lender` (the lender's account or its company's operator) and
	/// opens the loans' data keys with `encryption`; it delivers no request within
	/// [`DEFAULT_DELIVERY_MARGIN`] blocks of its cutoff.
	pub fn new(lender: AccountKeypair, encryption: EncryptionKeypair) -> Self {
		Self {
			lender,
			encryption,
			margin: DEFAULT_DELIVERY_MARGIN,
			alias_loans: Vec::new(),
			tried: BTreeSet::new(),
		}
	}

	/// The same server with another margin, in blocks before a request's cutoff.
	pub fn with_margin(self, margin: u32) -> Self {
		Self { margin, ..self }
	}

	/// Also serves the alias loans `loans` (each with the handle of the lender's invitation;
	/// their lender keys derive from the server's account and the handle), whose requests name
	/// no lender. Replaces the set given before.
	pub fn set_alias_loans(&mut self, loans: Vec<(Id, LenderHandle)>) {
		self.alias_loans = loans;
	}

	/// Delivers every open request for the lender not tried before, in order: the named
	/// lender's first, then the alias loans'. A delivery the chain, the transaction pool or the
	/// sealing refused is reported and not tried again (a new server tries every open request
	/// afresh); one that failed on the way (the node or the connection) is tried again in the
	/// next round. An error reading the lists of open requests is returned.
	pub async fn serve_pending(&mut self, chain: &Chain) -> Result<Vec<Served>, Error> {
		let mut pending: Vec<(RequestId, Option<LenderHandle>)> =
			pending_requests(chain, &self.lender.account_id())
				.await?
				.into_iter()
				.map(|request_id| (request_id, None))
				.collect();
		for (loan_id, handle) in &self.alias_loans {
			for request_id in open_requests_of_loan(chain, *loan_id).await? {
				pending.push((request_id, Some(*handle)));
			}
		}
		// Forget requests that are closed, so the set stays as small as the open lists.
		self.tried
			.retain(|tried| pending.iter().any(|(request_id, _)| request_id == tried));
		let mut served = Vec::new();
		for (request_id, handle) in pending {
			if !self.tried.insert(request_id) {
				continue;
			}
			let result = match handle {
				None => {
					deliver(chain, &self.lender, &self.encryption, request_id, self.margin).await
				},
				Some(handle) => {
					crate::alias_disclosure::lender_deliver(
						chain,
						&self.lender,
						&self.encryption,
						request_id,
						&handle,
						self.margin,
					)
					.await
				},
			};
			if let Err(error) = &result {
				if !is_final(error) {
					self.tried.remove(&request_id);
				}
			}
			served.push(Served { request_id, result });
		}
		Ok(served)
	}
}

/// Whether trying the same delivery again would fail the same way.
fn is_final(error: &Error) -> bool {
	matches!(
		error,
		Error::Chain(_)
			| Error::Refused(_)
			| Error::Sealing(_)
			| Error::Invalid(_)
			| Error::NotFound(_)
			| Error::RuntimeMismatch(_)
			| Error::MissingEvent(_)
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn request_records_parse_from_the_nodes_json() {
		let json = serde_json::json!({
			"id": 4, "loanId": 9, "borrower": 1, "lender": 2,
			"requester": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
			"requesterKey": "0x0101010101010101010101010101010101010101010101010101010101010101",
			"fee": "2000000000000", "deposit": "100",
			"sealedPurpose": "0x637265646974", "requestedAt": 30, "deadline": 43230,
			"status": { "kind": "delivered", "by": "5Dave", "at": 31, "capsule": "0x00" },
			"complaint": null,
		});
		let record: RequestRecord = serde_json::from_value(json).expect("parses");
		assert_eq!(record.fee_amount().expect("a number"), 2_000_000_000_000);
		assert_eq!(record.status.name(), "delivered");
		let unknown: RequestStatus =
			serde_json::from_value(serde_json::json!({ "kind": "escrowed" })).expect("parses");
		assert_eq!(unknown, RequestStatus::Unknown);
		let cancelling: RequestStatus = serde_json::from_value(
			serde_json::json!({ "kind": "cancelling", "at": 40, "until": 50 }),
		)
		.expect("parses");
		assert_eq!(cancelling, RequestStatus::Cancelling { at: 40, until: 50 });
	}

	#[test]
	fn inquiries_parse_from_the_nodes_json() {
		let json = serde_json::json!([
			{ "loanId": 1, "reader": "5Dave", "readerIdentity": 3, "at": 12,
			  "sealedPurpose": "0x", "outcome": { "kind": "published" } },
			{ "loanId": 2, "reader": "5Eve", "readerIdentity": null, "at": 14,
			  "sealedPurpose": "0x6175646974", "outcome": { "kind": "refunded", "requestId": 7 } },
		]);
		let mut log: Vec<Inquiry> = serde_json::from_value(json).expect("parses");
		assert_eq!(log[0].outcome, InquiryOutcome::Published);
		assert_eq!(log[1].outcome, InquiryOutcome::Refunded { request_id: 7 });
		assert_eq!(log[1].note_kind(), Some(NoteKind::RequestPurpose));
		// What is not a note sealed to this key stays sealed.
		log[1].open(&EncryptionKeypair::generate(), &[0; 32]);
		assert_eq!(log[1].purpose, None);
	}

	#[test]
	fn access_serializes_with_its_kind() {
		let json = serde_json::to_value(Access::PaidQuery { request_id: 3 }).expect("serializes");
		assert_eq!(json, serde_json::json!({ "kind": "paidQuery", "requestId": 3 }));
		assert_eq!(
			serde_json::to_value(Access::Envelope).expect("serializes"),
			serde_json::json!({ "kind": "envelope" })
		);
	}
}
