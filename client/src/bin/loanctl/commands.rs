//! The commands that talk to the keystore or submit and query: one function per role.

use crate::{
	context::{tx_json, tx_line, with, Context},
	AccountArg, AttestArgs, AttestorCommand, BorrowerCommand, CompanyCommand, ConfirmArgs,
	ConsortiumCommand, KeysCommand, LenderCommand, LevelArg, MotionCommand, OutcomeCommand,
	ShowCommand, TransferArgs,
};
use loanchain_client::{
	consortium::{self, Motion},
	keystore::EncryptionKeySource,
	loans::{self, ConsentRequest, Disclosure, Outcome, SignedConsent},
	parties::{self, AssuranceLevel, SubjectKind},
	queries::{self, decode_hex},
	AccountId32, Error,
};
use serde_json::{json, Value};
use std::{fs, path::Path};
use subxt::utils::H256;
use zeroize::Zeroizing;

/// Decimals of the LOAN token.
const DECIMALS: u32 = 12;

/// An amount in LOAN (`10`, `0.25`) in the smallest unit.
pub fn parse_amount(text: &str) -> Result<u128, Error> {
	let invalid = || Error::Invalid(format!("{text:?} is not an amount of LOAN (like 10 or 0.25)"));
	let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
	if whole.is_empty() && fraction.is_empty() || fraction.len() > DECIMALS as usize {
		return Err(invalid());
	}
	let digits = |part: &str| part.is_empty() || part.chars().all(|c| c.is_ascii_digit());
	if !digits(whole) || !digits(fraction) {
		return Err(invalid());
	}
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| invalid())? };
	let padded = format!("{fraction:0<width$}", width = DECIMALS as usize);
	let fraction: u128 = padded.parse().map_err(|_| invalid())?;
	whole
		.checked_mul(10u128.pow(DECIMALS))
		.and_then(|units| units.checked_add(fraction))
		.ok_or_else(invalid)
}

/// An amount in the smallest unit, written in LOAN.
pub fn format_amount(units: u128) -> String {
	let scale = 10u128.pow(DECIMALS);
	let fraction = format!("{:012}", units % scale);
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		format!("{} LOAN", units / scale)
	} else {
		format!("{}.{fraction} LOAN", units / scale)
	}
}

fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Error> {
	fs::read(path)
		.map(Zeroizing::new)
		.map_err(|error| Error::Invalid(format!("cannot read {}: {error}", path.display())))
}

fn write_file(path: &Path, contents: &str) -> Result<(), Error> {
	fs::write(path, contents)
		.map_err(|error| Error::Invalid(format!("cannot write {}: {error}", path.display())))
}

pub fn read_terms(path: &Path) -> Result<Vec<u8>, Error> {
	let bytes = read_file(path)?;
	let text = std::str::from_utf8(&bytes)
		.map_err(|_| Error::Invalid(format!("{} is not UTF-8 text", path.display())))?;
	loans::canonical_terms(text)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, Error> {
	serde_json::from_slice(&read_file(path)?)
		.map_err(|error| Error::Invalid(format!("{} is not a {what}: {error}", path.display())))
}

fn parse_hash(text: &str) -> Result<H256, Error> {
	let bytes: [u8; 32] = decode_hex(text)?
		.try_into()
		.map_err(|_| Error::Invalid(format!("{text:?} is not a 32-byte hash")))?;
	Ok(H256(bytes))
}

/// An auditor's X25519 public key from its `0x` hex.
fn parse_auditor_key(text: &str) -> Result<[u8; 32], Error> {
	decode_hex(text)?.try_into().map_err(|_| {
		Error::Invalid(format!(
			"{text:?} is not an auditor key: give its 32-byte X25519 public key in hex (the \
			 encryption key `loanctl keys show` prints)"
		))
	})
}

pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// `loanctl keys ...`
pub async fn keys(context: &Context, command: KeysCommand) -> Result<(), Error> {
	match command {
		KeysCommand::Create { name, random_encryption_key } => {
			let mut keystore = context.keystore()?;
			let account = keystore.create(&name, random_encryption_key)?;
			keystore.save()?;
			print_account(context, &account, Some(keystore.path()));
		},
		KeysCommand::Import { name, suri_file, random_encryption_key } => {
			let bytes = read_file(&suri_file)?;
			let suri = Zeroizing::new(
				std::str::from_utf8(&bytes)
					.map_err(|_| Error::Invalid("the secret URI file is not UTF-8 text".into()))?
					.trim()
					.to_string(),
			);
			let mut keystore = context.keystore()?;
			let account = keystore.import(&name, &suri, random_encryption_key)?;
			keystore.save()?;
			print_account(context, &account, Some(keystore.path()));
		},
		KeysCommand::Show { name } => {
			let account = context.account(&name)?;
			print_account(context, &account, None);
		},
		KeysCommand::List => {
			let keystore = context.keystore()?;
			let mut text = Vec::new();
			let mut list = Vec::new();
			for name in keystore.names() {
				let account = keystore.account(&name)?;
				let address = account.keypair.account_id().to_string();
				text.push(format!("{name:<16} {address}"));
				list.push(json!({ "name": name, "address": address }));
			}
			if text.is_empty() {
				text.push(format!("no accounts in {}", keystore.path().display()));
			}
			context.print(&text, json!({ "accounts": list }));
		},
		KeysCommand::Publish { signer } => {
			let account = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let included =
				parties::set_encryption_key(&chain, &account.keypair, &account.encryption).await?;
			let key = hex0x(&account.encryption.public());
			context.print(
				&[
					format!("published the encryption key {key} of {}", signer.name),
					tx_line(&included),
				],
				with(
					json!({ "account": account.keypair.account_id().to_string(), "encryptionKey": key }),
					tx_json(&included),
				),
			);
		},
		KeysCommand::Remove { name } => {
			let mut keystore = context.keystore()?;
			keystore.remove(&name)?;
			keystore.save()?;
			context.print(&[format!("removed {name}")], json!({ "removed": name }));
		},
	}
	Ok(())
}

fn print_account(
	context: &Context,
	account: &loanchain_client::keystore::Account,
	saved_in: Option<&Path>,
) {
	let address = account.keypair.account_id().to_string();
	let key = hex0x(&account.encryption.public());
	let source = match account.encryption_source {
		EncryptionKeySource::Derived => "derived from the account's secret",
		EncryptionKeySource::Stored => "random, stored in the keystore",
	};
	let mut text = vec![
		format!("name:           {}", account.name),
		format!("address:        {address}"),
		format!("encryption key: {key} ({source})"),
	];
	if let Some(path) = saved_in {
		text.push(format!("saved in {} (the secret stays there)", path.display()));
	}
	context.print(
		&text,
		json!({
			"name": account.name,
			"address": address,
			"encryptionKey": key,
			"encryptionKeySource": account.encryption_source,
		}),
	);
}

/// How a motion that scheduled a `Root` call reads.
fn scheduled_state(scheduled: &consortium::ScheduledCall) -> String {
	format!(
		"passed; Root call #{} is scheduled, enactable from block {} with `loanctl consortium enact {}`",
		scheduled.id, scheduled.due, scheduled.id
	)
}

/// A scheduled call as JSON (`null` for none).
fn scheduled_json(scheduled: Option<&consortium::ScheduledCall>) -> serde_json::Value {
	scheduled.map_or(
		serde_json::Value::Null,
		|scheduled| json!({ "id": scheduled.id, "due": scheduled.due }),
	)
}

/// `loanctl consortium ...`
pub async fn consortium(context: &Context, command: ConsortiumCommand) -> Result<(), Error> {
	match command {
		ConsortiumCommand::Propose { signer, threshold, motion } => {
			let member = context.account(&signer.name)?;
			let motion = match motion {
				MotionCommand::AdmitAttestor { account } => {
					Motion::AddAttestor(context.resolve(&account)?)
				},
				MotionCommand::RemoveAttestor { account } => {
					Motion::RemoveAttestor(context.resolve(&account)?)
				},
				MotionCommand::AddMember { account } => {
					Motion::AddMember(context.resolve(&account)?)
				},
				MotionCommand::RemoveMember { account } => {
					Motion::RemoveMember(context.resolve(&account)?)
				},
				MotionCommand::AuthorizeUpgrade { wasm } => Motion::AuthorizeUpgrade {
					code_hash: consortium::blake2_256(&read_file(&wasm)?),
				},
				MotionCommand::SetQueryDeadline { blocks } => Motion::SetQueryDeadline { blocks },
				MotionCommand::CancelRootCall { id } => Motion::CancelRootCall { id },
				MotionCommand::AddValidator { account } => {
					Motion::AddValidator(context.resolve(&account)?)
				},
				MotionCommand::RemoveValidator { account } => {
					Motion::RemoveValidator(context.resolve(&account)?)
				},
				MotionCommand::AllowNode { peer_id, owner } => Motion::AllowNode {
					peer_id: consortium::parse_peer_id(&peer_id)?,
					owner: context.resolve(&owner)?,
				},
				MotionCommand::DisallowNode { peer_id } => {
					Motion::DisallowNode { peer_id: consortium::parse_peer_id(&peer_id)? }
				},
				MotionCommand::SetAuditorKeys { keys } => Motion::SetAuditorKeys {
					keys: keys
						.iter()
						.map(|key| parse_auditor_key(key))
						.collect::<Result<_, _>>()?,
				},
			};
			let chain = context.chain().await?;
			let outcome = consortium::propose(&chain, &member.keypair, &motion, threshold).await?;
			let hash = hex0x(&outcome.hash.0);
			let state = if let Some(scheduled) = &outcome.scheduled {
				scheduled_state(scheduled)
			} else if outcome.executed {
				"passed and executed".to_string()
			} else {
				format!(
					"open (index {}); members vote with `loanctl consortium vote --as NAME {hash} --aye`",
					outcome.index.map_or("?".into(), |index| index.to_string())
				)
			};
			context.print(
				&[format!("motion {hash}: {state}"), tx_line(&outcome.included)],
				with(
					json!({
						"motion": hash,
						"index": outcome.index,
						"executed": outcome.executed,
						"scheduled": scheduled_json(outcome.scheduled.as_ref()),
					}),
					tx_json(&outcome.included),
				),
			);
		},
		ConsortiumCommand::Vote { signer, hash, aye, nay: _ } => {
			let member = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let outcome =
				consortium::vote(&chain, &member.keypair, parse_hash(&hash)?, aye).await?;
			let (ayes, nays) = outcome.tally.unwrap_or_default();
			context.print(
				&[
					format!(
						"voted {} on motion {hash}: {ayes} aye(s), {nays} nay(s); close it with `loanctl consortium close` once it has enough",
						if aye { "aye" } else { "nay" }
					),
					tx_line(&outcome.included),
				],
				with(json!({ "motion": hash, "ayes": ayes, "nays": nays }), tx_json(&outcome.included)),
			);
		},
		ConsortiumCommand::Close { signer, hash } => {
			let who = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let outcome = consortium::close(&chain, &who.keypair, parse_hash(&hash)?).await?;
			let state = match (&outcome.scheduled, outcome.executed) {
				(Some(scheduled), _) => scheduled_state(scheduled),
				(None, true) => "passed and executed".into(),
				(None, false) => "closed (not passed)".into(),
			};
			context.print(
				&[format!("motion {hash}: {state}"), tx_line(&outcome.included)],
				with(
					json!({
						"motion": hash,
						"executed": outcome.executed,
						"scheduled": scheduled_json(outcome.scheduled.as_ref()),
					}),
					tx_json(&outcome.included),
				),
			);
		},
		ConsortiumCommand::Scheduled => {
			let chain = context.chain().await?;
			let calls = consortium::scheduled_root_calls(&chain).await?;
			let mut text: Vec<String> = calls
				.iter()
				.map(|call| {
					format!("#{} {}: enactable from block {}", call.id, call.call, call.due)
				})
				.collect();
			if text.is_empty() {
				text.push("no scheduled Root calls".into());
			}
			let list: Vec<_> = calls
				.iter()
				.map(|call| {
					json!({
						"id": call.id,
						"call": call.call,
						"callHash": hex0x(&call.call_hash.0),
						"due": call.due,
					})
				})
				.collect();
			context.print(&text, json!({ "scheduled": list }));
		},
		ConsortiumCommand::Object { signer, id } => {
			let member = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let (cancelled, included) = consortium::object(&chain, &member.keypair, id).await?;
			let state = if cancelled {
				"more than a quarter of the members objected: it is cancelled"
			} else {
				"it stays scheduled until more than a quarter of the members object"
			};
			context.print(
				&[format!("objected to Root call #{id}; {state}"), tx_line(&included)],
				with(json!({ "id": id, "cancelled": cancelled }), tx_json(&included)),
			);
		},
		ConsortiumCommand::Enact { signer, id } => {
			let who = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let mut shown = None;
			let enacted = consortium::enact(&chain, &who.keypair, id, |best, due| {
				if shown != Some(best) {
					shown = Some(best);
					eprintln!(
						"waiting for block {due} to enact Root call #{id} (best block {best})"
					);
				}
			})
			.await?;
			context.print(
				&[
					format!("Root call #{id} ({}) enacted", enacted.call),
					tx_line(&enacted.included),
				],
				with(json!({ "id": id, "call": enacted.call }), tx_json(&enacted.included)),
			);
		},
		ConsortiumCommand::Motions => {
			let chain = context.chain().await?;
			let motions = consortium::motions(&chain).await?;
			let mut text = Vec::new();
			let mut list = Vec::new();
			for motion in &motions {
				let hash = hex0x(&motion.hash.0);
				text.push(format!(
					"{hash} #{} {}: {} aye(s), {} nay(s) of {} needed; voting ends at block {}",
					motion.index,
					motion.call,
					motion.ayes.len(),
					motion.nays.len(),
					motion.threshold,
					motion.end
				));
				list.push(json!({
					"motion": hash,
					"index": motion.index,
					"call": motion.call,
					"threshold": motion.threshold,
					"ayes": motion.ayes.iter().map(ToString::to_string).collect::<Vec<_>>(),
					"nays": motion.nays.iter().map(ToString::to_string).collect::<Vec<_>>(),
					"end": motion.end,
				}));
			}
			if text.is_empty() {
				text.push("no open motions".into());
			}
			context.print(&text, json!({ "motions": list }));
		},
		ConsortiumCommand::Validators => {
			let chain = context.chain().await?;
			let validators = consortium::validators(&chain).await?;
			let text: Vec<String> =
				validators.iter().map(|validator| context.label(validator)).collect();
			context.print(
				&text,
				json!({
					"validators": validators.iter().map(ToString::to_string).collect::<Vec<_>>(),
				}),
			);
		},
		ConsortiumCommand::Auditors => {
			let chain = context.chain().await?;
			let keys: Vec<String> =
				consortium::auditor_keys(&chain).await?.iter().map(|key| hex0x(key)).collect();
			let text = if keys.is_empty() {
				vec!["the consortium names no auditor".into()]
			} else {
				keys.clone()
			};
			context.print(&text, json!({ "auditorKeys": keys }));
		},
		ConsortiumCommand::NodeConnections { signer, node, peers } => {
			let owner = context.account(&signer.name)?;
			let node_bytes = consortium::parse_peer_id(&node)?;
			let peer_bytes = peers
				.iter()
				.map(|peer| consortium::parse_peer_id(peer))
				.collect::<Result<_, _>>()?;
			let chain = context.chain().await?;
			let included =
				consortium::set_node_connections(&chain, &owner.keypair, node_bytes, peer_bytes)
					.await?;
			context.print(
				&[
					format!("node {node} now accepts {} extra connection(s)", peers.len()),
					tx_line(&included),
				],
				with(json!({ "node": node, "connections": peers }), tx_json(&included)),
			);
		},
		ConsortiumCommand::ApplyUpgrade { signer, wasm } => {
			let who = context.account(&signer.name)?;
			let code = read_file(&wasm)?.to_vec();
			let chain = context.chain().await?;
			let included = consortium::apply_authorized_upgrade(&chain, &who.keypair, code).await?;
			context.print(
				&["applied the authorised runtime upgrade".into(), tx_line(&included)],
				tx_json(&included),
			);
		},
	}
	Ok(())
}

/// `loanctl attestor ...`
pub async fn attestor(context: &Context, command: AttestorCommand) -> Result<(), Error> {
	match command {
		AttestorCommand::Attest(args) => attest(context, args).await,
		AttestorCommand::Revoke { signer, account } => {
			let attestor = context.account(&signer.name)?;
			let account = context.resolve(&account)?;
			let chain = context.chain().await?;
			let included = parties::revoke(&chain, &attestor.keypair, &account).await?;
			context.print(
				&[
					format!("revoked the attestation of {}", context.label(&account)),
					tx_line(&included),
				],
				with(json!({ "account": account.to_string() }), tx_json(&included)),
			);
			Ok(())
		},
	}
}

async fn attest(context: &Context, args: AttestArgs) -> Result<(), Error> {
	let attestor = context.account(&args.signer.name)?;
	let account = context.resolve(&args.account)?;
	let kind: SubjectKind = args.kind.parse()?;
	let level: AssuranceLevel = args.level.parse()?;
	let commitment: [u8; 32] =
		match (&args.commitment, &args.country, &args.id, &args.consortium_key_file) {
			(Some(commitment), ..) => decode_hex(commitment)?
				.try_into()
				.map_err(|_| Error::Invalid("the commitment must be 32 bytes of hex".into()))?,
			(None, Some(country), Some(id), Some(key_file)) => {
				let bytes = read_file(key_file)?;
				let text = std::str::from_utf8(&bytes).map_err(|_| {
					Error::Invalid("the consortium key file is not hex text".into())
				})?;
				let key = Zeroizing::new(decode_hex(text)?);
				let key: &[u8; 32] = key.as_slice().try_into().map_err(|_| {
					Error::Invalid("the consortium key must be 32 bytes of hex".into())
				})?;
				parties::identity_commitment(key, kind, country, id)
			},
			_ => {
				return Err(Error::Invalid(
					"give --commitment, or --country, --id and --consortium-key-file".into(),
				))
			},
		};
	let chain = context.chain().await?;
	let expires_at = match args.expires_at {
		Some(block) => block,
		None => chain.best_number().await?.saturating_add(args.valid_for),
	};
	let attested =
		parties::attest(&chain, &attestor.keypair, &account, commitment, kind, level, expires_at)
			.await?;
	context.print(
		&[
			format!(
				"attested {} as identity {}{} ({kind}, valid until block {expires_at})",
				context.label(&account),
				attested.identity,
				if attested.new_identity { ", a new identity" } else { "" }
			),
			tx_line(&attested.included),
		],
		with(
			json!({
				"account": account.to_string(),
				"identity": attested.identity,
				"newIdentity": attested.new_identity,
				"commitment": hex0x(&commitment),
				"expiresAt": expires_at,
			}),
			tx_json(&attested.included),
		),
	);
	Ok(())
}

/// `loanctl borrower ...`
pub async fn borrower(context: &Context, command: BorrowerCommand) -> Result<(), Error> {
	match command {
		BorrowerCommand::Propose { signer, lender, invitation, duration, terms } => {
			let lender = match (lender, invitation) {
				(_, Some(invitation)) => {
					return crate::alias::propose(
						context,
						&signer.name,
						&invitation,
						duration,
						&terms,
					)
					.await
				},
				(Some(lender), None) => lender,
				(None, None) => {
					return Err(Error::Invalid(
						"give the lender: --lender ACCOUNT, or --invitation FILE-OR-JSON".into(),
					))
				},
			};
			let borrower = context.account(&signer.name)?;
			let lender = context.resolve(&lender)?;
			let terms = read_terms(&terms)?;
			let chain = context.chain().await?;
			let proposed =
				loans::propose(&chain, &borrower.keypair, &lender, duration, &terms).await?;
			context.print(
				&[
					format!(
						"proposed loan {} to {} for {duration} blocks; it waits for the lender's confirmation",
						proposed.loan_id,
						context.label(&lender)
					),
					format!("commitment {}", hex0x(&proposed.commitment)),
					tx_line(&proposed.included),
				],
				with(
					json!({
						"loanId": proposed.loan_id,
						"lender": lender.to_string(),
						"duration": duration,
						"commitment": hex0x(&proposed.commitment),
					}),
					tx_json(&proposed.included),
				),
			);
		},
		BorrowerCommand::Withdraw { signer, loan } => {
			let who = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let included = loans::withdraw(&chain, &who.keypair, loan).await?;
			context.print(
				&[format!("withdrew loan {loan}; the deposit is returned"), tx_line(&included)],
				with(json!({ "loanId": loan }), tx_json(&included)),
			);
		},
		BorrowerCommand::ConfirmExtension { signer, loan } => {
			let borrower = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let confirmed = loans::confirm_extension(&chain, &borrower.keypair, loan).await?;
			context.print(
				&[
					format!(
						"confirmed the extension of loan {loan}: it runs until block {}",
						confirmed.new_end
					),
					tx_line(&confirmed.included),
				],
				with(
					json!({ "loanId": loan, "newEnd": confirmed.new_end }),
					tx_json(&confirmed.included),
				),
			);
		},
		BorrowerCommand::DeclineExtension { signer, loan } => {
			let borrower = context.account(&signer.name)?;
			let chain = context.chain().await?;
			let included = loans::decline_extension(&chain, &borrower.keypair, loan).await?;
			context.print(
				&[
					format!(
						"declined the extension of loan {loan}; the lender's feedback is due again"
					),
					tx_line(&included),
				],
				with(json!({ "loanId": loan }), tx_json(&included)),
			);
		},
		BorrowerCommand::SignConsent { signer, request, out } => {
			let borrower = context.account(&signer.name)?;
			let request: ConsentRequest = read_json(&request, "consent request")?;
			let chain = context.chain().await?;
			let (signed, opened) =
				loans::sign_consent(&chain, &borrower.keypair, &borrower.encryption, &request)
					.await?;
			let json_text = serde_json::to_string_pretty(&signed)
				.map_err(|error| Error::Invalid(error.to_string()))?;
			write_file(&out, &json_text)?;
			let terms = String::from_utf8_lossy(&opened.terms).into_owned();
			let what = match request.renews {
				Some(previous) => format!("renewing loan {previous}"),
				None => "a new loan".into(),
			};
			context.print(
				&[
					format!(
						"signed the consent of {} to {what} of company {} for {} blocks",
						signer.name, request.company, request.duration
					),
					format!("terms (they match the commitment): {terms}"),
					format!("wrote {}; give it to the company", out.display()),
				],
				json!({
					"company": request.company,
					"duration": request.duration,
					"renews": request.renews,
					"terms": serde_json::from_str::<Value>(&terms).unwrap_or(Value::String(terms.clone())),
					"out": out.display().to_string(),
				}),
			);
		},
	}
	Ok(())
}

pub fn list_account(context: &Context, arg: &AccountArg) -> Result<AccountId32, Error> {
	match (&arg.account, &arg.name) {
		(Some(account), _) => context.resolve(account),
		(None, Some(name)) => Ok(context.account(name)?.keypair.account_id()),
		(None, None) => Err(Error::Invalid("give an ACCOUNT or --as NAME".into())),
	}
}

async fn confirm(context: &Context, args: ConfirmArgs) -> Result<(), Error> {
	let ConfirmArgs { signer, loan, seed } = args;
	let name = signer.name.as_str();
	let lender = context.account(name)?;
	let chain = context.chain().await?;
	let record = queries::loan(&chain, loan).await?;
	if record.alias.is_some() {
		return crate::alias::confirm(context, &chain, name, &record, seed.as_deref()).await;
	}
	let confirmed = loans::confirm(&chain, &lender.keypair, loan).await?;
	context.print(
		&[
			format!(
				"confirmed loan {loan}: in force from block {} until block {} (feedback is due then)",
				confirmed.start, confirmed.end
			),
			tx_line(&confirmed.included),
		],
		with(
			json!({ "loanId": loan, "start": confirmed.start, "end": confirmed.end }),
			tx_json(&confirmed.included),
		),
	);
	Ok(())
}

async fn feedback_due(context: &Context, arg: &AccountArg) -> Result<(), Error> {
	let account = context.resolve_list(arg)?;
	let chain = context.chain().await?;
	let due = queries::feedback_due(&chain, &account).await?;
	let mut text = Vec::new();
	let mut list = Vec::new();
	for loan_id in &due {
		let loan = queries::loan(&chain, *loan_id).await?;
		let end = loan.period.as_ref().map(|period| period.end);
		text.push(format!(
			"loan {loan_id}: ended at block {}; report by block {}",
			end.map_or("?".into(), |end| end.to_string()),
			loan.report_by.map_or("?".into(), |by| by.to_string())
		));
		list.push(json!({ "loanId": loan_id, "end": end, "reportBy": loan.report_by }));
	}
	if text.is_empty() {
		text.push(format!("no feedback due for {}", context.label(&account)));
	}
	context.print(&text, json!({ "account": account.to_string(), "feedbackDue": list }));
	Ok(())
}

async fn report(
	context: &Context,
	name: &str,
	loan: u64,
	outcome: OutcomeCommand,
) -> Result<(), Error> {
	let lender = context.account(name)?;
	let chain = context.chain().await?;
	let record = queries::loan(&chain, loan).await?;
	let (outcome, describe, value) = match outcome {
		OutcomeCommand::Performed => {
			(Outcome::Performed, "performed normally".to_string(), json!({ "kind": "performed" }))
		},
		OutcomeCommand::Extend { to, for_blocks } => {
			let to = match (to, for_blocks) {
				(Some(to), _) => to,
				(None, Some(blocks)) => chain.best_number().await?.saturating_add(blocks),
				(None, None) => {
					return Err(Error::Invalid("give --to BLOCK or --for BLOCKS".into()))
				},
			};
			(
				Outcome::ExtendTo(to),
				format!("extended to block {to}; the borrower must confirm"),
				json!({ "kind": "extended", "newEnd": to }),
			)
		},
		OutcomeCommand::Breach { level, fee } => {
			if fee.is_some() && level != LevelArg::PaidQuery {
				return Err(Error::Invalid(
					"--fee is the price of a paid query: give it only with --level paid-query"
						.into(),
				));
			}
			let (disclosure, level_text, level_json) = match level {
				LevelArg::Public => (Disclosure::Public, "public".to_string(), json!("public")),
				LevelArg::Encrypted => {
					(Disclosure::Encrypted, "encrypted".to_string(), json!("encrypted"))
				},
				LevelArg::PaidQuery => {
					let fee = parse_amount(fee.as_deref().unwrap_or_default())?;
					(
						Disclosure::PaidQuery { fee },
						format!("paid query at {}", format_amount(fee)),
						json!("paidQuery"),
					)
				},
			};
			let mut value = json!({ "kind": "breached", "level": level_json });
			if let Disclosure::PaidQuery { fee } = disclosure {
				value["fee"] = json!(fee.to_string());
			}
			(Outcome::Breached(disclosure), format!("breached; details {level_text}"), value)
		},
	};
	if record.alias.is_some() {
		return crate::alias::report(context, &chain, name, &record, outcome, &describe, value)
			.await;
	}
	let included = loans::report(&chain, &lender.keypair, loan, outcome).await?;
	context.print(
		&[format!("reported loan {loan} {describe}"), tx_line(&included)],
		with(json!({ "loanId": loan, "outcome": value }), tx_json(&included)),
	);
	Ok(())
}

impl Context {
	/// The account a list command is for.
	fn resolve_list(&self, arg: &AccountArg) -> Result<AccountId32, Error> {
		list_account(self, arg)
	}
}

/// `loanctl lender ...`
pub async fn lender(context: &Context, command: LenderCommand) -> Result<(), Error> {
	match command {
		LenderCommand::Invite(args) => crate::alias::invite(context, args).await,
		LenderCommand::Confirm(args) => confirm(context, args).await,
		LenderCommand::Proposals(arg) => {
			let account = context.resolve_list(&arg)?;
			let chain = context.chain().await?;
			let proposals = queries::proposals_to(&chain, &account).await?;
			let mut text = Vec::new();
			for loan_id in &proposals {
				let loan = queries::loan(&chain, *loan_id).await?;
				text.push(format!(
					"loan {loan_id}: from {} for {} blocks; confirm with `loanctl lender confirm {loan_id}`",
					loan.borrower_account, loan.duration
				));
			}
			if text.is_empty() {
				text.push(format!("no proposals wait for {}", context.label(&account)));
			}
			context.print(&text, json!({ "account": account.to_string(), "proposals": proposals }));
			Ok(())
		},
		LenderCommand::FeedbackDue(arg) => feedback_due(context, &arg).await,
		LenderCommand::Ring(command) => crate::ring::run(context, command).await,
		LenderCommand::Report { signer, loan, outcome } => {
			report(context, &signer.name, loan, outcome).await
		},
	}
}

/// `loanctl company ...`
pub async fn company(context: &Context, command: CompanyCommand) -> Result<(), Error> {
	match command {
		CompanyCommand::AuthorizeOperator { signer, operator } => {
			let company = context.account(&signer.name)?;
			let operator = context.resolve(&operator)?;
			let chain = context.chain().await?;
			let identity = parties::authorize_operator(&chain, &company.keypair, &operator).await?;
			context.print(
				&[format!("{} now acts for company {identity}", context.label(&operator))],
				json!({ "operator": operator.to_string(), "company": identity }),
			);
		},
		CompanyCommand::WithdrawOperator { signer, operator } => {
			let company = context.account(&signer.name)?;
			let operator = context.resolve(&operator)?;
			let chain = context.chain().await?;
			let included = parties::withdraw_operator(&chain, &company.keypair, &operator).await?;
			context.print(
				&[format!("withdrew operator {}", context.label(&operator)), tx_line(&included)],
				with(json!({ "operator": operator.to_string() }), tx_json(&included)),
			);
		},
		CompanyCommand::RequestConsent {
			signer,
			borrower,
			duration,
			terms,
			renews,
			invitation,
			out,
		} => {
			let operator = context.account(&signer.name)?;
			let borrower = context.resolve(&borrower)?;
			let terms = read_terms(&terms)?;
			let chain = context.chain().await?;
			let request = match invitation {
				Some(reference) => {
					if let Some(previous) = renews {
						let record = queries::loan(&chain, previous).await?;
						if record.alias.is_none() {
							return Err(Error::Invalid(format!(
								"loan {previous} names its lender in clear: renew it with a \
								 named consent (without --invitation)"
							)));
						}
					}
					let invitation = crate::alias::read_invitation(&reference)?;
					if invitation.genesis_hash != chain.genesis_hash() {
						return Err(Error::Invalid(
							"the invitation is for another chain: invite on this one 							 (`loanctl lender invite`)"
								.into(),
						));
					}
					let alias = invitation.alias;
					loans::prepare_alias_consent_request(
						&chain,
						&operator.keypair,
						&borrower,
						duration,
						&terms,
						&alias,
						renews,
					)
					.await?
				},
				None => {
					if let Some(previous) = renews {
						if queries::loan(&chain, previous).await?.alias.is_some() {
							return Err(Error::Invalid(format!(
								"loan {previous}'s lender is an alias: renew it under a new \
								 alias, with --invitation FILE of a new invitation (`loanctl \
								 lender invite --as {}`)",
								signer.name
							)));
						}
					}
					loans::prepare_consent_request(
						&chain,
						&operator.keypair,
						&borrower,
						duration,
						&terms,
						renews,
					)
					.await?
				},
			};
			let json_text = serde_json::to_string_pretty(&request)
				.map_err(|error| Error::Invalid(error.to_string()))?;
			write_file(&out, &json_text)?;
			context.print(
				&[
					format!(
						"prepared the consent request of company {} for {} ({duration} blocks{}{})",
						request.company,
						context.label(&borrower),
						renews.map_or(String::new(), |previous| format!(
							", renewing loan {previous}"
						)),
						request.alias.as_ref().map_or(String::new(), |alias| format!(
							", to the alias 0x{alias}: the chain is not told the company"
						))
					),
					format!(
						"wrote {}; the borrower signs it with `loanctl borrower sign-consent`",
						out.display()
					),
				],
				json!({
					"company": request.company,
					"alias": request.alias.as_ref().map(|alias| format!("0x{alias}")),
					"borrower": request.borrower,
					"commitment": request.commitment,
					"nonce": request.nonce,
					"out": out.display().to_string(),
				}),
			);
		},
		CompanyCommand::Register { signer, consent, seed } => {
			let operator = context.account(&signer.name)?;
			let consent: SignedConsent = read_json(&consent, "signed consent")?;
			let chain = context.chain().await?;
			if let (Some(previous), Some(_)) = (consent.request.renews, &consent.request.alias) {
				return crate::alias::renew(
					context,
					&chain,
					&signer.name,
					previous,
					&consent,
					seed.as_deref(),
				)
				.await;
			}
			let registered = loans::register(&chain, &operator.keypair, &consent).await?;
			let text = match (registered.renewal, &consent.request.alias) {
				(None, Some(alias)) => format!(
					"registered loan {} in the name of {} to the alias 0x{alias} (sent with no \
					 signer); confirm it once approved with `loanctl lender confirm --as {} {}` \
					 (and the --seed the invitation was made with)",
					registered.loan_id, consent.request.borrower, signer.name, registered.loan_id
				),
				(None, None) => format!(
					"registered loan {} in the name of {}; confirm it once approved",
					registered.loan_id, consent.request.borrower
				),
				(Some(renewal), _) => format!(
					"renewed loan {} (reported performed) with loan {}, in force from block {} until block {}",
					renewal.previous, registered.loan_id, renewal.start, renewal.end
				),
			};
			context.print(
				&[text, tx_line(&registered.included)],
				with(
					json!({
						"loanId": registered.loan_id,
						"alias": consent.request.alias.as_ref().map(|alias| format!("0x{alias}")),
						"renews": registered.renewal.map(|renewal| renewal.previous),
						"start": registered.renewal.map(|renewal| renewal.start),
						"end": registered.renewal.map(|renewal| renewal.end),
					}),
					tx_json(&registered.included),
				),
			);
		},
		CompanyCommand::Confirm(args) => confirm(context, args).await?,
		CompanyCommand::FeedbackDue(arg) => feedback_due(context, &arg).await?,
		CompanyCommand::Report { signer, loan, outcome } => {
			report(context, &signer.name, loan, outcome).await?
		},
	}
	Ok(())
}

/// `loanctl show ...`
pub async fn show(context: &Context, command: ShowCommand) -> Result<(), Error> {
	let chain = context.chain().await?;
	match command {
		ShowCommand::Loan { loan } => {
			let json = queries::loan_json(&chain, loan).await?;
			let record: queries::LoanRecord = serde_json::from_value(json.clone())
				.map_err(|error| Error::node("reading loans_loan", error))?;
			let mut text = vec![
				format!("loan {}: {}", record.id, record.status.name()),
				format!(
					"  borrower:   identity {} (account {})",
					record.borrower, record.borrower_account
				),
				match (&record.lender, &record.alias) {
					(Some(lender), _) => format!(
						"  lender:     identity {}{}",
						lender,
						record
							.lender_account
							.as_ref()
							.map_or(String::new(), |a| format!(" (confirmed by {a})"))
					),
					(None, Some(alias)) => format!(
						"  lender:     alias {}{}",
						alias.alias,
						if alias.key.is_some() { " (confirmed)" } else { "" }
					),
					(None, None) => "  lender:     unknown".to_string(),
				},
			];
			if let Some(company) = record.company {
				text.push(format!("  company:    identity {company}"));
			}
			text.push(match &record.period {
				Some(period) => {
					format!(
						"  period:     blocks {} to {} ({} blocks)",
						period.start, period.end, record.duration
					)
				},
				None => format!("  period:     {} blocks from the confirmation", record.duration),
			});
			if let queries::Status::ExtensionProposed { new_end } = record.status {
				text.push(format!("  extension:  to block {new_end}, waiting for the borrower"));
			}
			if let Some(by) = record.report_by {
				text.push(format!("  answer by:  block {by}"));
			}
			if let Some(level) = &record.disclosure {
				text.push(format!(
					"  disclosure: {}",
					match level {
						queries::Level::Public => "public".to_string(),
						queries::Level::Encrypted => "encrypted".to_string(),
						queries::Level::PaidQuery { fee } => format!(
							"paid query at {}",
							fee.parse().map_or_else(|_| format!("{fee} units"), format_amount)
						),
						queries::Level::Unknown => "unknown".to_string(),
					}
				));
			}
			if let Some(previous) = record.renews {
				text.push(format!("  renews:     loan {previous}"));
			}
			if let Some(next) = record.renewed_by {
				text.push(format!("  renewed by: loan {next}"));
			}
			if record.unreported {
				text.push("  unreported: the lender let the feedback period pass".into());
			}
			text.push(format!("  commitment: {}", record.commitment));
			text.push(format!(
				"  terms:      {} sealed bytes (read them with `loanctl decrypt`)",
				record.sealed_terms_bytes()?.len()
			));
			text.push("  history:".into());
			for entry in &record.history {
				text.push(format!(
					"    block {}: {} by {}",
					entry.at,
					entry.kind(),
					entry.by.as_deref().unwrap_or(if entry.actor == "lender" {
						"the lender (alias)"
					} else {
						"the chain"
					})
				));
			}
			context.print(&text, json);
		},
		ShowCommand::Summary { account } => {
			let account = context.resolve(&account)?;
			let entries = queries::borrower_summary(&chain, &account).await?;
			let mut text: Vec<String> = entries
				.iter()
				.map(|entry| format!("blocks {} to {}: borrowing", entry.start, entry.end))
				.collect();
			if text.is_empty() {
				text.push(format!("no borrowing recorded for {}", context.label(&account)));
			}
			context.print(&text, json!({ "account": account.to_string(), "entries": entries }));
		},
		ShowCommand::Account { account } => {
			let account = context.resolve(&account)?;
			let identity = queries::identity_for(&chain, &account).await?;
			let company = queries::company_of_operator(&chain, &account).await?;
			let status = queries::attestation_status(&chain, &account).await?;
			let key = queries::encryption_key(&chain, &account).await?;
			let balance = queries::free_balance(&chain, &account).await?;
			let mut text = vec![format!("account:        {}", context.label(&account))];
			text.push(match (identity, company) {
				(_, Some(company)) => format!("identity:       operator of company {company}"),
				(Some(identity), None) => {
					format!("identity:       {identity} (attestation {status})")
				},
				(None, None) => "identity:       none (never attested)".into(),
			});
			text.push(format!(
				"encryption key: {}",
				key.map_or("none registered".into(), |key| hex0x(&key))
			));
			text.push(format!("free balance:   {}", format_amount(balance)));
			context.print(
				&text,
				json!({
					"account": account.to_string(),
					"identity": identity,
					"operatorOf": company,
					"attestation": status,
					"encryptionKey": key.map(|key| hex0x(&key)),
					"freeBalance": balance.to_string(),
				}),
			);
		},
		ShowCommand::Blocks => {
			let best = chain.best_number().await?;
			let finalized = chain.finalized_number().await?;
			context.print(
				&[format!("best block {best}, finalized block {finalized}")],
				json!({ "best": best, "finalized": finalized }),
			);
		},
	}
	Ok(())
}

/// `loanctl transfer`
pub async fn transfer(context: &Context, args: TransferArgs) -> Result<(), Error> {
	let from = context.account(&args.signer.name)?;
	let to = context.resolve(&args.to)?;
	let amount = parse_amount(&args.amount)?;
	let chain = context.chain().await?;
	let included = parties::transfer(&chain, &from.keypair, &to, amount).await?;
	context.print(
		&[format!("sent {} to {}", format_amount(amount), context.label(&to)), tx_line(&included)],
		with(json!({ "to": to.to_string(), "amount": amount.to_string() }), tx_json(&included)),
	);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_are_in_loan_with_twelve_decimals() {
		assert_eq!(parse_amount("10").expect("ok"), 10_000_000_000_000);
		assert_eq!(parse_amount("0.25").expect("ok"), 250_000_000_000);
		assert_eq!(parse_amount(".5").expect("ok"), 500_000_000_000);
		assert_eq!(parse_amount("0.000000000001").expect("ok"), 1);
		assert!(parse_amount("0.0000000000001").is_err());
		assert!(parse_amount("-1").is_err());
		assert!(parse_amount("1e3").is_err());
		assert!(parse_amount("").is_err());
		assert_eq!(format_amount(10_000_000_000_000), "10 LOAN");
		assert_eq!(format_amount(250_000_000_000), "0.25 LOAN");
	}
}
