//! `loanctl disclosure ...` and `loanctl decrypt`: the tiers of a breached loan's disclosure,
//! with every capsule sealed on this machine.

use crate::{
	alias,
	commands::{format_amount, hex0x, list_account, parse_amount},
	context::{tx_json, tx_line, with, Context},
	AccountArg, DecryptArgs, DisclosureCommand,
};
use loanchain_client::{
	alias_disclosure,
	aliases::LenderHandle,
	disclosure::{self, Access, InquiryOutcome, QueryServer, RequestRecord, RequestStatus},
	queries, AccountId32, Chain, Error, Included,
};
use serde_json::{json, Value};
use std::{collections::BTreeMap, time::Duration};

/// How an act of an alias loan's lender was sent, for the line that reports it.
const ALIAS_ACT: &str =
	" (as its alias lender: signed by the loan's lender key, sent with no signer, no deposit)";

/// Prints `line` about a grant of `loan` to `reader` (made or revoked; by the loan's lender key
/// when `alias`), with the transaction that did it.
fn print_grant_change(
	context: &Context,
	line: String,
	loan: u64,
	reader: &AccountId32,
	alias: bool,
	included: &Included,
) {
	let how = if alias { ALIAS_ACT } else { "" };
	context.print(
		&[format!("{line}{how}"), tx_line(included)],
		with(
			json!({ "loanId": loan, "reader": reader.to_string(), "alias": alias }),
			tx_json(included),
		),
	);
}

/// How often `serve-queries` looks for new requests (blocks come every 6 seconds).
const SERVE_INTERVAL: Duration = Duration::from_millis(1500);

/// Runs `loanctl disclosure ...`.
pub async fn run(context: &Context, command: DisclosureCommand) -> Result<(), Error> {
	match command {
		DisclosureCommand::Reveal { signer, loan } => {
			let lender = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let record = queries::loan(&chain, loan).await?;
			let (included, alias) = if record.alias.is_some() {
				let stored = alias::invitation_of(context, &chain, &record, &signer.name)?;
				let included = alias_disclosure::lender_reveal(
					&chain,
					&lender.keypair,
					&lender.encryption,
					loan,
					&stored.handle,
				)
				.await?;
				(included, true)
			} else {
				(
					disclosure::reveal(&chain, &lender.keypair, &lender.encryption, loan).await?,
					false,
				)
			};
			let how = if alias {
				" (as its alias lender: signed by the loan's lender key, sent with no signer)"
			} else {
				""
			};
			context.print(
				&[
					format!(
						"loan {loan}'s terms are public now (they matched the commitment){how}"
					),
					tx_line(&included),
				],
				with(json!({ "loanId": loan, "alias": alias }), tx_json(&included)),
			);
		},
		DisclosureCommand::Public { loan } => {
			let chain = context.chain().await?;
			let Some(public) = disclosure::public_terms(&chain, loan).await? else {
				return Err(Error::NotFound(format!(
					"loan {loan}'s terms are not public (see its level with `loanctl show loan \
					 {loan}`)"
				)));
			};
			let text = public.terms_text.clone().unwrap_or_else(|| public.terms.clone());
			context.print(
				&[
					format!(
						"loan {loan} terms, public since block {} (they match the commitment on chain):",
						public.revealed_at
					),
					text.clone(),
				],
				json!({
					"loanId": loan,
					"terms": terms_value(&text),
					"salt": public.salt,
					"revealedBy": public.revealed_by,
					"revealedAt": public.revealed_at,
					"matchesCommitment": true,
				}),
			);
		},
		DisclosureCommand::Grant { signer, loan, reader, purpose } => {
			let granter = context.account(&signer.name)?;
			let reader = context.resolve(&reader)?;
			let chain = context.chain().await?;
			let record = queries::loan(&chain, loan).await?;
			let invitation = alias::own_invitation(context, &chain, &record, &signer.name)?;
			let included = match &invitation {
				Some(stored) => {
					alias_disclosure::lender_grant(
						&chain,
						&granter.keypair,
						&granter.encryption,
						loan,
						&stored.handle,
						&reader,
						&purpose,
					)
					.await?
				},
				None => {
					disclosure::grant(
						&chain,
						&granter.keypair,
						&granter.encryption,
						loan,
						&reader,
						&purpose,
					)
					.await?
				},
			};
			let line = format!("granted {} access to loan {loan}'s terms", context.label(&reader));
			print_grant_change(context, line, loan, &reader, invitation.is_some(), &included);
		},
		DisclosureCommand::Revoke { signer, loan, reader } => {
			let who = context.account(&signer.name)?;
			let reader = context.resolve(&reader)?;
			let chain = context.chain().await?;
			let record = queries::loan(&chain, loan).await?;
			let invitation = alias::own_invitation(context, &chain, &record, &signer.name)?;
			let included = match &invitation {
				Some(stored) => {
					alias_disclosure::lender_revoke_grant(
						&chain,
						&who.keypair,
						loan,
						&stored.handle,
						&reader,
					)
					.await?
				},
				None => disclosure::revoke_grant(&chain, &who.keypair, loan, &reader).await?,
			};
			let line = format!("revoked the grant of {} for loan {loan}", context.label(&reader));
			print_grant_change(context, line, loan, &reader, invitation.is_some(), &included);
		},
		DisclosureCommand::Grants { loan } => {
			let chain = context.chain().await?;
			let grants = disclosure::grants(&chain, loan).await?;
			let mut text: Vec<String> = grants
				.iter()
				.map(|grant| {
					format!(
						"{} since block {}, granted by {}",
						grant.reader, grant.granted_at, grant.granted_by
					)
				})
				.collect();
			if text.is_empty() {
				text.push(format!("no reader has been granted access to loan {loan}"));
			}
			context.print(&text, json!({ "loanId": loan, "grants": grants }));
		},
		DisclosureCommand::Request { signer, loan, max_fee, purpose } => {
			let requester = context.account(&signer.name)?;
			let max_fee = parse_amount(&max_fee)?;
			let chain = context.chain().await?;
			let requested =
				disclosure::request(&chain, &requester.keypair, loan, max_fee, &purpose).await?;
			let id = requested.request_id;
			context.print(
				&[
					format!(
						"paid query {id} for loan {loan}: {} held in escrow; the lender delivers \
						 before block {}, or you are refunded. Read it then with `loanctl decrypt \
						 {loan} --request {id}`",
						format_amount(requested.fee),
						requested.deadline
					),
					tx_line(&requested.included),
				],
				with(
					json!({
						"requestId": id,
						"loanId": loan,
						"fee": requested.fee.to_string(),
						"deadline": requested.deadline,
					}),
					tx_json(&requested.included),
				),
			);
		},
		DisclosureCommand::Cancel { signer, request } => {
			let requester = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let cancellation = disclosure::cancel(&chain, &requester.keypair, request).await?;
			let until = cancellation.until;
			context.print(
				&[
					format!(
						"cancelled paid query {request}: the lender may still deliver (and is \
						 paid) until block {until}; then the fee and the deposit come back"
					),
					tx_line(&cancellation.included),
				],
				with(
					json!({ "requestId": request, "until": until }),
					tx_json(&cancellation.included),
				),
			);
		},
		DisclosureCommand::Refund { signer, request } => {
			let who = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let included = disclosure::refund(&chain, &who.keypair, request).await?;
			context.print(
				&[format!("refunded paid query {request} to its requester"), tx_line(&included)],
				with(json!({ "requestId": request }), tx_json(&included)),
			);
		},
		DisclosureCommand::Complain { signer, request, reason, force } => {
			let requester = context.account(&signer.name)?;
			let chain = context.chain().await?;
			if !force {
				let record = disclosure::request_info(&chain, request)
					.await?
					.ok_or_else(|| Error::NotFound(format!("there is no paid query {request}")))?;
				if matches!(record.status, RequestStatus::Delivered { .. }) {
					let opens = disclosure::open_terms_as(
						&chain,
						&requester.keypair.account_id(),
						&requester.encryption,
						record.loan_id,
						Some(request),
					)
					.await
					.is_ok();
					if opens {
						return Err(Error::Invalid(format!(
							"the key delivered for paid query {request} opens terms that match \
							 the commitment, so the complaint would not hold\n  what to do: read \
							 them with `loanctl decrypt {} --request {request}`; add --force to \
							 record the complaint anyway",
							record.loan_id
						)));
					}
				}
			}
			let included =
				disclosure::complain(&chain, &requester.keypair, request, &reason).await?;
			context.print(
				&[
					format!("your complaint about paid query {request} is on the record"),
					tx_line(&included),
				],
				with(json!({ "requestId": request }), tx_json(&included)),
			);
		},
		DisclosureCommand::Deliver { signer, request, margin } => {
			let lender = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let handle = alias_handle(context, &chain, &signer.name, request).await?;
			let delivered = match &handle {
				Some(handle) => {
					alias_disclosure::lender_deliver(
						&chain,
						&lender.keypair,
						&lender.encryption,
						request,
						handle,
						margin,
					)
					.await?
				},
				None => {
					disclosure::deliver(
						&chain,
						&lender.keypair,
						&lender.encryption,
						request,
						margin,
					)
					.await?
				},
			};
			let paid_to = if handle.is_some() {
				"the loan's payout account (sent with no signer, signed by the loan's lender key)"
			} else {
				"you"
			};
			context.print(
				&[
					format!(
						"delivered paid query {request} (loan {}) to {}; {} paid to {paid_to}",
						delivered.loan_id,
						delivered.requester,
						format_amount(delivered.fee)
					),
					tx_line(&delivered.included),
				],
				with(
					json!({
						"requestId": request,
						"loanId": delivered.loan_id,
						"requester": delivered.requester,
						"fee": delivered.fee.to_string(),
						"alias": handle.is_some(),
					}),
					tx_json(&delivered.included),
				),
			);
		},
		DisclosureCommand::Pending(arg) => pending(context, &arg).await?,
		DisclosureCommand::ServeQueries { signer, count, once, margin } => {
			serve(context, &signer.name, count, once, margin).await?
		},
		DisclosureCommand::ShowRequest { request, name } => {
			let chain = context.chain().await?;
			let mut record = disclosure::request_info(&chain, request)
				.await?
				.ok_or_else(|| Error::NotFound(format!("there is no paid query {request}")))?;
			if let Some(name) = name {
				record.open(&context.account(&name)?.encryption, &chain.genesis_hash());
			}
			context
				.print(&request_lines(&record)?, serde_json::to_value(&record).unwrap_or_default());
		},
		DisclosureCommand::Inquiries { account, before, limit, all } => {
			let pages = if all { Pages::All } else { Pages::One { before, limit } };
			let reader = match &account.name {
				Some(name) => Some(context.account(name)?.encryption),
				None => None,
			};
			inquiries(context, &list_account(context, &account)?, reader.as_ref(), pages).await?
		},
	}
	Ok(())
}

/// The terms as JSON when they are a JSON document, else as a string.
fn terms_value(text: &str) -> Value {
	serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// A paid query for people.
/// A sealed note's text as opened here (quoted), or `sealed` when this account cannot open it
/// (only the borrower and the auditors can).
fn shown(text: &Option<String>) -> String {
	text.as_ref().map_or_else(|| "sealed".into(), |text| format!("{text:?}"))
}

fn request_lines(record: &RequestRecord) -> Result<Vec<String>, Error> {
	let state = match &record.status {
		RequestStatus::Open => format!("open until block {}", record.deadline),
		RequestStatus::Delivered { by, at, .. } => format!("delivered by {by} at block {at}"),
		RequestStatus::Refunded { at, .. } => format!("refunded at block {at}"),
		RequestStatus::Cancelling { at, until } => {
			format!("cancelled at block {at}; deliverable until block {until}, then refunded")
		},
		RequestStatus::Cancelled { at } => format!("cancelled, refunded at block {at}"),
		RequestStatus::Unknown => "in a state this loanctl does not know".into(),
	};
	let mut lines = vec![format!(
		"paid query {} for loan {} by {}: {}, fee {}, purpose {}",
		record.id,
		record.loan_id,
		record.requester,
		state,
		format_amount(record.fee_amount()?),
		shown(&record.purpose)
	)];
	if let Some(complaint) = &record.complaint {
		lines.push(format!(
			"complaint at block {}: reason {}",
			complaint.at,
			shown(&complaint.reason)
		));
	}
	Ok(lines)
}

/// The handle of the invitation that keystore account `name` made for the alias loan of paid
/// query `request`, or `None` when the loan's lender is named.
async fn alias_handle(
	context: &Context,
	chain: &Chain,
	name: &str,
	request: u64,
) -> Result<Option<LenderHandle>, Error> {
	let record = disclosure::request_info(chain, request)
		.await?
		.ok_or_else(|| Error::NotFound(format!("there is no paid query {request}")))?;
	let loan = queries::loan(chain, record.loan_id).await?;
	if loan.alias.is_none() {
		return Ok(None);
	}
	Ok(Some(alias::invitation_of(context, chain, &loan, name)?.handle))
}

/// `loanctl disclosure pending`
async fn pending(context: &Context, arg: &AccountArg) -> Result<(), Error> {
	let lender = list_account(context, arg)?;
	let chain = context.chain().await?;
	let mut text = Vec::new();
	let mut list = Vec::new();
	let mut pending = disclosure::pending_requests(&chain, &lender).await?;
	for (loan_id, _) in
		alias::alias_loans_of(context, &chain, &lender, &mut BTreeMap::new()).await?
	{
		pending.extend(disclosure::open_requests_of_loan(&chain, loan_id).await?);
	}
	for request_id in pending {
		let Some(record) = disclosure::request_info(&chain, request_id).await? else { continue };
		text.extend(request_lines(&record)?);
		list.push(record);
	}
	if text.is_empty() {
		text.push(format!("no paid query waits for {}", context.label(&lender)));
	}
	context.print(&text, json!({ "lender": lender.to_string(), "pending": list }));
	Ok(())
}

/// `loanctl disclosure serve-queries`
async fn serve(
	context: &Context,
	name: &str,
	count: Option<usize>,
	once: bool,
	margin: u32,
) -> Result<(), Error> {
	let account = context.account(name)?;
	let lender = account.keypair.account_id();
	let chain = context.chain().await?;
	eprintln!("serving the paid queries of {} (stop with Ctrl-C)...", context.label(&lender));
	let mut server = QueryServer::new(account.keypair, account.encryption).with_margin(margin);
	let mut delivered = 0usize;
	let mut known = BTreeMap::new();
	loop {
		// The alias loans of the account's invitations, read again each round: new invitations
		// and proposals join as they come.
		server.set_alias_loans(alias::alias_loans_of(context, &chain, &lender, &mut known).await?);
		for served in server.serve_pending(&chain).await? {
			print_served(context, served.request_id, &served.result);
			if served.result.is_ok() {
				delivered = delivered.saturating_add(1);
			}
			if count.is_some_and(|count| delivered >= count) {
				return Ok(());
			}
		}
		if once {
			return Ok(());
		}
		tokio::time::sleep(SERVE_INTERVAL).await;
	}
}

fn print_served(context: &Context, request_id: u64, result: &Result<disclosure::Delivered, Error>) {
	match result {
		Ok(delivered) => context.print(
			&[format!(
				"block {}: delivered paid query {request_id} (loan {}) to {}; {} paid",
				delivered.included.block_number,
				delivered.loan_id,
				delivered.requester,
				format_amount(delivered.fee)
			)],
			with(
				json!({
					"requestId": request_id,
					"loanId": delivered.loan_id,
					"requester": delivered.requester,
					"fee": delivered.fee.to_string(),
					"delivered": true,
				}),
				tx_json(&delivered.included),
			),
		),
		Err(error) => {
			eprintln!("paid query {request_id} not delivered: {error}");
			if context.json() {
				println!(
					"{}",
					json!({ "requestId": request_id, "delivered": false, "error": error.to_string() })
				);
			}
		},
	}
}

/// Which part of an inquiry log to read.
enum Pages {
	/// One page: `limit` entries before entry `before` (`None`: the most recent).
	One { before: Option<u64>, limit: u32 },
	/// Every entry, walking back page by page.
	All,
}

/// `loanctl disclosure inquiries`
async fn inquiries(
	context: &Context,
	account: &loanchain_client::AccountId32,
	reader: Option<&loanchain_client::EncryptionKeypair>,
	pages: Pages,
) -> Result<(), Error> {
	let chain = context.chain().await?;
	let (mut log, total, first) = match pages {
		Pages::One { before, limit } => {
			let page = disclosure::inquiry_page(&chain, account, before, limit).await?;
			(page.entries, page.total, page.first)
		},
		Pages::All => {
			// Pages come newest first; each is oldest first inside.
			let mut pages = Vec::new();
			let mut read = 0;
			let mut before = None;
			let total = loop {
				let page =
					disclosure::inquiry_page(&chain, account, before, disclosure::MAX_INQUIRY_PAGE)
						.await?;
				read += page.entries.len();
				eprint!("\rread {read} of {} entries", page.total);
				let (first, total) = (page.first, page.total);
				pages.push(page.entries);
				if first == 0 || read == 0 {
					eprintln!();
					break total;
				}
				before = Some(first);
			};
			(pages.into_iter().rev().flatten().collect(), total, 0)
		},
	};
	if let Some(reader) = reader {
		let genesis = chain.genesis_hash();
		log.iter_mut().for_each(|entry| entry.open(reader, &genesis));
	}
	let mut text: Vec<String> = log
		.iter()
		.map(|entry| {
			let outcome = match &entry.outcome {
				InquiryOutcome::Published => "made public".to_string(),
				InquiryOutcome::Granted { by } => format!("granted by {by}"),
				InquiryOutcome::Delivered { request_id } => {
					format!("paid query {request_id} delivered")
				},
				InquiryOutcome::Refunded { request_id } => {
					format!("paid query {request_id} refunded")
				},
				InquiryOutcome::Cancelled { request_id } => {
					format!("paid query {request_id} cancelled")
				},
				InquiryOutcome::Unknown => "an outcome this loanctl does not know".into(),
			};
			format!(
				"#{} block {}: loan {}: {} ({}){}",
				entry.index.map_or_else(|| "?".into(), |index| index.to_string()),
				entry.at,
				entry.loan_id,
				entry.reader,
				outcome,
				match entry.note_kind() {
					Some(_) => format!(", purpose {}", shown(&entry.purpose)),
					None => String::new(),
				}
			)
		})
		.collect();
	if total == 0 {
		text.push(format!("nobody has looked at the loans of {}", context.label(account)));
	} else if first > 0 {
		// A page that starts after entry 0 holds at least one entry.
		let last = first + log.len() as u64 - 1;
		text.push(format!(
			"entries {first} to {last} of {total}; older ones: --before {first} (or --all)"
		));
	}
	context.print(
		&text,
		json!({ "account": account.to_string(), "total": total, "first": first, "inquiries": log }),
	);
	Ok(())
}

/// `loanctl decrypt`
pub async fn decrypt(context: &Context, args: DecryptArgs) -> Result<(), Error> {
	let reader = context.account(&args.signer.name)?;
	let chain: Chain = context.chain().await?;
	let (opened, access) = disclosure::open_terms_as(
		&chain,
		&reader.keypair.account_id(),
		&reader.encryption,
		args.loan,
		args.request,
	)
	.await?;
	let terms = String::from_utf8_lossy(&opened.terms).into_owned();
	let how = match access {
		Access::Envelope => "as a party".to_string(),
		Access::Grant => "with your grant".to_string(),
		Access::PaidQuery { request_id } => format!("with paid query {request_id}"),
		Access::Public => "public".to_string(),
	};
	context.print(
		&[
			format!("loan {} terms, opened {how} (they match the commitment on chain):", args.loan),
			terms.clone(),
		],
		json!({
			"loanId": args.loan,
			"terms": terms_value(&terms),
			"salt": hex0x(opened.salt.as_slice()),
			"access": access,
			"matchesCommitment": true,
		}),
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use loanchain_client::queries::decode_hex;

	#[test]
	fn terms_print_as_json_when_they_are_json() {
		assert_eq!(terms_value(r#"{"amount":"1.00"}"#), json!({ "amount": "1.00" }));
		assert_eq!(terms_value("plain words"), json!("plain words"));
		assert!(decode_hex("0x00").is_ok());
	}
}
