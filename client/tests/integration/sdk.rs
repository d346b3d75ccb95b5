//! The person-to-person and corporate flows through the SDK, against a real dev node.

use crate::common::{admit_and_attest, dev, publish_keys, DevNode};
use loanchain_client::{
	keys::EncryptionKeypair,
	loans::{self, Disclosure, Outcome},
	parties::{self, SubjectKind},
	queries::{self, Status},
	sealing, Chain, Error, Progress, WaitFor,
};
use std::{
	sync::{Arc, Mutex},
	time::Duration,
};

/// Polls `loans_feedbackDue` of `lender` until it lists `loan_id` (the loan's end passed).
async fn wait_until_feedback_due(chain: &Chain, lender: &str, loan_id: u64) {
	let lender = dev(lender).account_id();
	for _ in 0..60 {
		if queries::feedback_due(chain, &lender).await.expect("rpc").contains(&loan_id) {
			return;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	panic!("loan {loan_id} never became feedback-due");
}

/// Charlie borrows from Dave: proposal with sealed terms, confirmation, the expiry prompt, an
/// extension the borrower confirms, a second expiry and a breach; the terms open for both
/// parties only, and the summary shows only dates.
async fn c2c(chain: &Chain) {
	let (charlie, dave) = (dev("Charlie"), dev("Dave"));
	let terms = loans::canonical_terms(
		r#"{"amount": "2500.00", "currency": "EUR", "rate_bps": 450, "installments": 12}"#,
	)
	.expect("valid terms");

	let proposal = loans::propose(chain, &charlie, &dave.account_id(), 3, &terms)
		.await
		.expect("proposed");
	assert_eq!(
		queries::proposals_to(chain, &dave.account_id()).await.expect("rpc"),
		[proposal.loan_id]
	);
	assert_eq!(proposal.commitment, sealing::commitment(&terms, &proposal.salt));

	// Feedback before the loan is even confirmed: the chain names its error and the remedy.
	let early = loans::report(chain, &dave, proposal.loan_id, Outcome::Performed)
		.await
		.expect_err("not in force yet");
	let chain_error = early.chain_error().expect("a chain error");
	assert_eq!((chain_error.pallet.as_str(), chain_error.error.as_str()), ("Loans", "WrongState"));
	assert!(!chain_error.docs.is_empty(), "the runtime's documentation of the error");
	assert!(chain_error.hint().is_some());

	// The lender waits for finality, and sees each step of the transaction.
	let steps = Arc::new(Mutex::new(Vec::new()));
	let recorded = steps.clone();
	let finalizing = chain.clone().with_wait(WaitFor::Finalized).with_progress(move |step| {
		recorded.lock().expect("unpoisoned").push(step.clone());
	});
	let confirmed = loans::confirm(&finalizing, &dave, proposal.loan_id).await.expect("confirmed");
	assert_eq!(confirmed.end, confirmed.start + 3);
	assert!(confirmed.included.finalized);
	assert!(chain.finalized_number().await.expect("finalized") >= confirmed.included.block_number);
	let steps = steps.lock().expect("unpoisoned").clone();
	assert!(matches!(steps.first(), Some(Progress::Submitted { .. })), "{steps:?}");
	assert!(steps.iter().any(|step| matches!(step, Progress::InBlock { .. })), "{steps:?}");
	assert_eq!(
		steps.last(),
		Some(&Progress::Finalized { block_hash: confirmed.included.block_hash }),
		"{steps:?}"
	);

	// The lender is prompted at the end; it proposes an extension, the borrower confirms.
	wait_until_feedback_due(chain, "Dave", proposal.loan_id).await;
	let new_end = chain.best_number().await.expect("best") + 5;
	loans::report(chain, &dave, proposal.loan_id, Outcome::ExtendTo(new_end))
		.await
		.expect("extension proposed");
	let loan = queries::loan(chain, proposal.loan_id).await.expect("loan");
	assert_eq!(loan.status, Status::ExtensionProposed { new_end });
	assert_eq!(
		loans::confirm_extension(chain, &charlie, proposal.loan_id)
			.await
			.expect("confirmed")
			.new_end,
		new_end
	);

	// Prompted again at the new end; this time the lender reports a breach.
	wait_until_feedback_due(chain, "Dave", proposal.loan_id).await;
	loans::report(
		chain,
		&dave,
		proposal.loan_id,
		Outcome::Breached(Disclosure::PaidQuery { fee: 5_000_000_000_000 }),
	)
	.await
	.expect("breach reported");

	let loan = queries::loan(chain, proposal.loan_id).await.expect("loan");
	assert_eq!(loan.status, Status::Breached);
	assert_eq!(loan.disclosure, Some(queries::Level::PaidQuery { fee: "5000000000000".into() }));
	let kinds: Vec<&str> = loan.history.iter().map(|entry| entry.kind()).collect();
	assert_eq!(
		kinds,
		[
			"proposed",
			"confirmed",
			"feedbackDue",
			"extensionProposed",
			"extensionConfirmed",
			"feedbackDue",
			"breached"
		]
	);

	// Both parties read the terms, checked against the commitment; nobody else can.
	for party in [&charlie, &dave] {
		let opened =
			loans::open_loan_terms(chain, &party.derived_encryption_keypair(), proposal.loan_id)
				.await
				.expect("opens");
		assert_eq!(opened.terms.as_slice(), terms.as_slice());
		assert_eq!(*opened.salt, *proposal.salt);
	}
	let stranger = EncryptionKeypair::generate();
	assert!(matches!(
		loans::open_loan_terms(chain, &stranger, proposal.loan_id).await,
		Err(Error::Sealing(sealing::Error::NotARecipient))
	));

	// The summary shows the loan with only its dates (the corporate flow adds Charlie's other
	// loans beside it).
	let summary = queries::borrower_summary(chain, &charlie.account_id()).await.expect("summary");
	assert!(
		summary
			.iter()
			.any(|entry| (entry.start, entry.end) == (confirmed.start, new_end)),
		"{summary:?}"
	);
	assert!(summary.iter().all(|entry| entry.label == "borrowing"));
}

/// Eve (a company) authorises Ferdie (its system) as operator; Ferdie registers a loan in
/// Charlie's name with Charlie's signed consent, confirms it, and renews it with a new consent;
/// a used consent cannot be replayed.
async fn corporate(chain: &Chain, company: u64) {
	let (charlie, eve, ferdie) = (dev("Charlie"), dev("Eve"), dev("Ferdie"));
	assert_eq!(
		parties::authorize_operator(chain, &eve, &ferdie.account_id())
			.await
			.expect("authorised"),
		company
	);
	parties::set_encryption_key(chain, &ferdie, &ferdie.derived_encryption_keypair())
		.await
		.expect("key published");
	let terms =
		loans::canonical_terms(r#"{"amount": "800.00", "currency": "EUR"}"#).expect("terms");

	let request =
		loans::prepare_consent_request(chain, &ferdie, &charlie.account_id(), 20, &terms, None)
			.await
			.expect("request");
	assert_eq!(request.company, company);
	let (consent, opened) =
		loans::sign_consent(chain, &charlie, &charlie.derived_encryption_keypair(), &request)
			.await
			.expect("signed");
	assert_eq!(opened.terms.as_slice(), terms.as_slice(), "the borrower reads what it signs");

	// A request altered by the company (another duration) is refused by the borrower's client.
	let mut altered = request.clone();
	altered.duration = 2000;
	assert!(matches!(
		loans::sign_consent(chain, &charlie, &charlie.derived_encryption_keypair(), &altered).await,
		Err(Error::Invalid(_))
	));

	let registered = loans::register(chain, &ferdie, &consent).await.expect("registered");
	assert!(registered.renewal.is_none());
	let loan = queries::loan(chain, registered.loan_id).await.expect("loan");
	assert_eq!((loan.status.clone(), loan.company), (Status::Proposed, Some(company)));
	loans::confirm(chain, &ferdie, registered.loan_id).await.expect("confirmed");

	// The used consent cannot be replayed.
	let replay = loans::register(chain, &ferdie, &consent).await.expect_err("replayed consent");
	assert_eq!(replay.chain_error().map(|error| error.error.as_str()), Some("BadConsent"));

	// The extension is approved: renewal with a new consent naming the old loan.
	let renewal_request = loans::prepare_consent_request(
		chain,
		&ferdie,
		&charlie.account_id(),
		30,
		&terms,
		Some(registered.loan_id),
	)
	.await
	.expect("renewal request");
	let (renewal_consent, _) = loans::sign_consent(
		chain,
		&charlie,
		&charlie.derived_encryption_keypair(),
		&renewal_request,
	)
	.await
	.expect("signed");
	let renewed = loans::register(chain, &ferdie, &renewal_consent).await.expect("renewed");
	let renewal = renewed.renewal.expect("a renewal");
	assert_eq!(renewal.previous, registered.loan_id);
	assert_eq!(renewal.end, renewal.start + 30);
	let old = queries::loan(chain, registered.loan_id).await.expect("old loan");
	assert_eq!((old.status, old.renewed_by), (Status::Performed, Some(renewed.loan_id)));
	let new = queries::loan(chain, renewed.loan_id).await.expect("new loan");
	assert_eq!((new.status, new.renews), (Status::Active, Some(registered.loan_id)));
	let opened =
		loans::open_loan_terms(chain, &ferdie.derived_encryption_keypair(), renewed.loan_id)
			.await
			.expect("the company reads the terms");
	assert_eq!(opened.terms.as_slice(), terms.as_slice());
}

#[tokio::test(flavor = "multi_thread")]
async fn sdk_person_to_person_and_corporate_flows() {
	let (node, chain) = DevNode::start().await;
	let identities = admit_and_attest(
		&chain,
		&[
			("Charlie", SubjectKind::Person),
			("Dave", SubjectKind::Person),
			("Eve", SubjectKind::Company),
		],
	)
	.await;

	// An account nobody attested is refused by the pool (CheckPermission), before any fee.
	let refused =
		parties::set_encryption_key(&chain, &dev("Ferdie"), &EncryptionKeypair::generate())
			.await
			.expect_err("Ferdie is not attested");
	match &refused {
		Error::Refused(refusal) => assert_eq!(refusal.permission_code(), Some(40), "{refusal}"),
		other => panic!("expected a pool refusal, got {other}"),
	}

	// Borrower and lender publish their encryption keys (in the same block).
	let dave = dev("Dave");
	publish_keys(&chain, &["Charlie", "Dave"]).await;
	assert_eq!(
		queries::encryption_key(&chain, &dave.account_id()).await.expect("rpc"),
		Some(dave.derived_encryption_keypair().public())
	);

	// The two flows use different signers, so they run side by side.
	tokio::join!(c2c(&chain), corporate(&chain, identities[2]));

	// Charlie's summary: the person-to-person loan and the two corporate ones (the renewed loan
	// ends where its renewal starts), and nothing but dates.
	let summary = queries::borrower_summary(&chain, &dev("Charlie").account_id())
		.await
		.expect("summary");
	assert_eq!(summary.len(), 3, "{summary:?}");
	let json = serde_json::to_value(&summary).expect("json");
	for entry in json.as_array().expect("entries") {
		let mut fields: Vec<&str> =
			entry.as_object().expect("object").keys().map(String::as_str).collect();
		fields.sort_unstable();
		assert_eq!(fields, ["end", "label", "start", "startedAtMs"]);
	}

	// The node runs the runtime the client was generated from.
	let answer: String = chain
		.request(
			"state_call",
			subxt::rpcs::rpc_params!["Metadata_metadata_at_version", "0x10000000"],
		)
		.await
		.expect("state_call");
	let answer = hex::decode(answer.trim_start_matches("0x")).expect("hex");
	let metadata: Option<Vec<u8>> =
		codec::Decode::decode(&mut &answer[..]).expect("Option<Vec<u8>>");
	let node_metadata = subxt::Metadata::decode_from(&metadata.expect("metadata V16"))
		.expect("the node's metadata decodes");
	let client_metadata = subxt::Metadata::decode_from(loanchain_client::runtime::METADATA)
		.expect("the checked-in metadata decodes");
	// Every pallet's calls, events, errors, storage and constant types, and every runtime API, as
	// subxt hashes them. Constant values may differ: a constant that reads chain state (the dev
	// chain's block time, chosen at genesis) has its default value in the checked-in file.
	assert!(
		node_metadata.hasher().hash() == client_metadata.hasher().hash(),
		"the node's runtime metadata differs from client/metadata/loanchain.scale: rebuild the \
		 node, or run scripts/refresh-metadata.sh"
	);
	assert_eq!(
		node_metadata
			.pallet_by_name("Timestamp")
			.and_then(|p| p.constant_by_name("MinimumPeriod"))
			.map(|c| c.value().to_vec()),
		Some(codec::Encode::encode(
			&(loanchain_runtime::genesis_config_presets::TEST_SLOT_DURATION / 2)
		)),
		"the dev chain's metadata reports its own block time"
	);
	drop(node);
}
