//! Tiered disclosure through the SDK against a real dev node: a lender's `QueryServer` serves a
//! paid query within seconds of the request, the requester opens it; a grant opens an encrypted
//! loan until it is revoked; public terms read by anyone; the consortium shortens the query
//! deadline and an undelivered query is refunded by the chain; the watcher raises the lender's
//! and the requester's prompts; the borrower's inquiry log lists every look.

use crate::common::{admit_and_attest, dev, publish_keys, DevNode};
use loanchain_client::{
	consortium::{self, Motion},
	disclosure::{self, Access, InquiryOutcome, QueryServer, RequestStatus},
	loans::{self, Disclosure, Outcome},
	parties::SubjectKind,
	queries,
	watch::{PromptKind, Watcher},
	Chain, Error,
};
use std::time::Duration;

/// One LOAN in the smallest unit.
const LOAN: u128 = 1_000_000_000_000;

/// Polls `check` every half second until it is true, for at most `seconds`.
async fn eventually<F, Fut>(seconds: u64, what: &str, mut check: F)
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = bool>,
{
	for _ in 0..seconds * 2 {
		if check().await {
			return;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!("timed out waiting for {what}");
}

/// Charlie borrows twice from Dave under `terms`; both loans expire and are breached, one with
/// a paid query at 2 LOAN, one public. Returns (paid, public) loan ids.
async fn breached_loans(chain: &Chain, terms: &[u8]) -> (u64, u64) {
	let (charlie, dave) = (dev("Charlie"), dev("Dave"));
	let mut ids = Vec::new();
	for _ in 0..2 {
		let proposal = loans::propose(chain, &charlie, &dave.account_id(), 2, terms)
			.await
			.expect("proposed");
		loans::confirm(chain, &dave, proposal.loan_id).await.expect("confirmed");
		ids.push(proposal.loan_id);
	}
	let last = ids[1];
	eventually(60, "the loans' feedback to be due", || async {
		queries::feedback_due(chain, &dave.account_id())
			.await
			.expect("rpc")
			.contains(&last)
	})
	.await;
	let paid = Outcome::Breached(Disclosure::PaidQuery { fee: 2 * LOAN });
	loans::report(chain, &dave, ids[0], paid).await.expect("breach");
	loans::report(chain, &dave, ids[1], Outcome::Breached(Disclosure::Public))
		.await
		.expect("breach");
	(ids[0], ids[1])
}

#[tokio::test(flavor = "multi_thread")]
async fn disclosure_by_tier_through_the_sdk() {
	let (node, chain) = DevNode::start().await;
	admit_and_attest(
		&chain,
		&[
			("Charlie", SubjectKind::Person),
			("Dave", SubjectKind::Person),
			("Eve", SubjectKind::Person),
			("Ferdie", SubjectKind::Person),
		],
	)
	.await;
	publish_keys(&chain, &["Charlie", "Dave", "Eve", "Ferdie"]).await;
	let (charlie, dave, eve, ferdie) = (dev("Charlie"), dev("Dave"), dev("Eve"), dev("Ferdie"));
	let terms = loans::canonical_terms(r#"{"amount": "900.00", "currency": "EUR"}"#).expect("ok");
	let (paid, public) = breached_loans(&chain, &terms).await;
	let watch_from = chain.best_number().await.expect("best");

	// The lender's system serves paid queries as they arrive.
	let server_chain = chain.clone();
	let (served_tx, mut served_rx) = tokio::sync::mpsc::unbounded_channel();
	let server = tokio::spawn(async move {
		let lender = dev("Dave");
		let encryption = lender.derived_encryption_keypair();
		let mut server = QueryServer::new(lender, encryption);
		loop {
			for served in server.serve_pending(&server_chain).await.expect("reads the chain") {
				let _ = served_tx.send(served);
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	});

	// Eve buys the paid query; the server delivers it within a few blocks.
	let eve_before = queries::free_balance(&chain, &eve.account_id()).await.expect("balance");
	let requested = disclosure::request(&chain, &eve, paid, 3 * LOAN, "credit check")
		.await
		.expect("requested");
	assert_eq!(requested.fee, 2 * LOAN, "the lender's price is held, not the maximum");
	let served = tokio::time::timeout(Duration::from_secs(30), served_rx.recv())
		.await
		.expect("served within 30 s")
		.expect("the server runs");
	assert_eq!(served.request_id, requested.request_id);
	let delivered = served.result.expect("delivered");
	assert_eq!((delivered.fee, delivered.loan_id), (2 * LOAN, paid));
	assert!(
		delivered.included.block_number <= requested.included.block_number + 3,
		"delivered in block {} for a request in block {}",
		delivered.included.block_number,
		requested.included.block_number
	);
	let record = disclosure::request_info(&chain, requested.request_id)
		.await
		.expect("rpc")
		.expect("the request");
	assert!(matches!(record.status, RequestStatus::Delivered { .. }), "{record:?}");
	let eve_after = queries::free_balance(&chain, &eve.account_id()).await.expect("balance");
	assert!(eve_before - eve_after >= 2 * LOAN, "Eve paid the fee");
	assert!(eve_before - eve_after < 2 * LOAN + LOAN / 10, "and only transaction fees besides");

	// Eve opens the delivered key; the terms match the commitment.
	let (opened, access) = disclosure::open_terms_as(
		&chain,
		&eve.account_id(),
		&eve.derived_encryption_keypair(),
		paid,
		Some(requested.request_id),
	)
	.await
	.expect("opens");
	assert_eq!(access, Access::PaidQuery { request_id: requested.request_id });
	assert_eq!(opened.terms.as_slice(), terms.as_slice());

	// Ferdie cannot read the paid loan until the borrower grants it, and not after a revoke.
	let ferdie_key = ferdie.derived_encryption_keypair();
	let refused = disclosure::open_terms_as(&chain, &ferdie.account_id(), &ferdie_key, paid, None)
		.await
		.expect_err("no access");
	assert!(matches!(refused, Error::NotFound(_)), "{refused}");
	disclosure::grant(
		&chain,
		&charlie,
		&charlie.derived_encryption_keypair(),
		paid,
		&ferdie.account_id(),
		"mortgage application",
	)
	.await
	.expect("granted");
	let grants = disclosure::grants(&chain, paid).await.expect("rpc");
	assert_eq!(grants.len(), 1);
	assert_eq!(grants[0].reader, ferdie.account_id().to_string());
	let (opened, access) =
		disclosure::open_terms_as(&chain, &ferdie.account_id(), &ferdie_key, paid, None)
			.await
			.expect("opens with the grant");
	assert_eq!((access, opened.terms.as_slice()), (Access::Grant, terms.as_slice()));
	disclosure::revoke_grant(&chain, &charlie, paid, &ferdie.account_id())
		.await
		.expect("revoked");
	assert!(disclosure::grants(&chain, paid).await.expect("rpc").is_empty());

	// Revealing a loan that is not public is refused, with the chain's error and a hint.
	let wrong = disclosure::reveal(&chain, &dave, &dave.derived_encryption_keypair(), paid)
		.await
		.expect_err("not public");
	let chain_error = wrong.chain_error().expect("a chain error");
	assert_eq!(
		(chain_error.pallet.as_str(), chain_error.error.as_str()),
		("Disclosure", "WrongLevel")
	);
	assert!(chain_error.hint().is_some());

	// The public loan: the lender reveals it, anyone reads it.
	assert!(disclosure::public_terms(&chain, public).await.expect("rpc").is_none());
	disclosure::reveal(&chain, &dave, &dave.derived_encryption_keypair(), public)
		.await
		.expect("revealed");
	let shown = disclosure::public_terms(&chain, public).await.expect("rpc").expect("public");
	assert_eq!(shown.terms_text.as_deref().map(str::as_bytes), Some(terms.as_slice()));
	let (opened, access) =
		disclosure::open_terms_as(&chain, &ferdie.account_id(), &ferdie_key, public, None)
			.await
			.expect("anyone reads it");
	assert_eq!((access, opened.terms.as_slice()), (Access::Public, terms.as_slice()));

	// With the server stopped and the deadline shortened by the consortium, Ferdie's query is
	// refunded by the chain.
	server.abort();
	let motion = Motion::SetQueryDeadline { blocks: 4 };
	let outcome = consortium::propose(&chain, &dev("Alice"), &motion, None).await.expect("motion");
	assert!(outcome.executed);
	let ferdie_before = queries::free_balance(&chain, &ferdie.account_id()).await.expect("rpc");
	let late = disclosure::request(&chain, &ferdie, paid, 2 * LOAN, "tenant screening")
		.await
		.expect("requested");
	assert_eq!(late.deadline, late.included.block_number + 4);
	let early = disclosure::refund(&chain, &eve, late.request_id).await.expect_err("too early");
	assert_eq!(early.chain_error().map(|e| e.error.as_str()), Some("DeadlineNotReached"));
	eventually(60, "the chain to refund the late query", || async {
		let record = disclosure::request_info(&chain, late.request_id).await.expect("rpc");
		matches!(record.map(|r| r.status), Some(RequestStatus::Refunded { by: None, .. }))
	})
	.await;
	let ferdie_after = queries::free_balance(&chain, &ferdie.account_id()).await.expect("rpc");
	assert!(ferdie_before - ferdie_after < LOAN / 10, "only transaction fees were spent");

	// The watcher raised the lender's and the requesters' prompts, in finalized blocks.
	let mut watcher = Watcher::new(
		vec![dave.account_id(), eve.account_id(), ferdie.account_id()],
		Some(watch_from),
	);
	let mut prompts = Vec::new();
	for _ in 0..120 {
		prompts.extend(watcher.poll(&chain).await.expect("poll"));
		if prompts
			.iter()
			.any(|prompt| matches!(prompt.kind, PromptKind::QueryRefunded { .. }))
		{
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let kinds: Vec<(String, &str)> = prompts
		.iter()
		.map(|prompt| (prompt.account.clone(), prompt.kind.name()))
		.collect();
	for expected in [
		(dave.account_id().to_string(), "paidQueryToDeliver"),
		(eve.account_id().to_string(), "queryDelivered"),
		(ferdie.account_id().to_string(), "queryRefunded"),
	] {
		assert!(kinds.contains(&(expected.0.clone(), expected.1)), "{expected:?} in {kinds:?}");
	}

	// The borrower sees every look at its record.
	let mut log = disclosure::inquiries(&chain, &charlie.account_id()).await.expect("rpc");
	// Purposes are sealed to the auditors and the borrower: none is served in clear, and the
	// borrower's key opens them.
	assert!(log.iter().all(|entry| entry.purpose.is_none()));
	let charlie_key = charlie.derived_encryption_keypair();
	log.iter_mut().for_each(|entry| entry.open(&charlie_key, &chain.genesis_hash()));
	let outcomes: Vec<&InquiryOutcome> = log.iter().map(|entry| &entry.outcome).collect();
	assert!(outcomes.contains(&&InquiryOutcome::Delivered { request_id: requested.request_id }));
	assert!(outcomes.contains(&&InquiryOutcome::Refunded { request_id: late.request_id }));
	assert!(outcomes.contains(&&InquiryOutcome::Published));
	assert!(log.iter().any(|entry| matches!(entry.outcome, InquiryOutcome::Granted { .. })
		&& entry.purpose.as_deref() == Some("mortgage application")));
	drop(node);
}
