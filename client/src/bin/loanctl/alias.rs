//! Alias loans in `loanctl` (`docs/privacy.md`, sections 1 to 3): `lender invite` and its
//! arguments, and the alias side of `borrower propose --invitation`, `lender confirm` and
//! `lender report`, which detect an alias loan and act for it with the stored invitation (the
//! disclosures, `disclosure reveal`, `deliver`, `pending` and `serve-queries`, find it here
//! too), and `company register` of a renewal under an alias.

use crate::{
	commands::{hex0x, read_terms},
	context::{tx_json, tx_line, with, Context},
	ring::seed_secret,
};
use clap::Args;
use loanchain_client::{
	alias_renewal,
	aliases::{self, LenderHandle},
	invitations::{Invitation, StoredInvitation},
	keystore::Account,
	loans::{Outcome, SignedConsent},
	queries::{self, decode_hex, LoanRecord},
	ring::MemberSecret,
	AccountId32, Chain, Error,
};
use serde_json::{json, Value};
use std::{collections::BTreeMap, fs, path::PathBuf};

/// `loanctl lender invite`
#[derive(Args, Debug)]
pub struct InviteArgs {
	/// The keystore account that lends: the loan's lender key and payout account derive from
	/// it, and only it can confirm and report the loan.
	#[arg(long = "as", value_name = "NAME")]
	name: String,
	/// The member secret's 32-byte seed (hex), for a company whose operators share one
	/// [default: derived from the --as account's secret]. Confirming needs the same.
	#[arg(long, value_name = "HEX", env = "LOANCTL_MEMBER_SEED", hide_env_values = true)]
	seed: Option<String>,
	/// Also write the invitation to this file, for the borrower.
	#[arg(long, value_name = "FILE")]
	out: Option<PathBuf>,
}

/// The member secret of `account`, or of `seed` when given.
fn member_secret(account: &Account, seed: Option<&str>) -> Result<MemberSecret, Error> {
	match seed {
		Some(seed) => seed_secret(seed),
		None => Ok(account.keypair.derived_member_secret()),
	}
}

/// Runs `loanctl lender invite`: a new handle, its alias, stored beside the keystore, and the
/// invitation printed (and written to --out).
pub async fn invite(context: &Context, args: InviteArgs) -> Result<(), Error> {
	let account = context.account(&args.name)?;
	let secret = member_secret(&account, args.seed.as_deref())?;
	let mut store = context.invitations()?;
	let chain = context.chain().await?;
	let ring = aliases::member_ring(&chain, &secret).await?;
	let invitation = aliases::invite(&chain, &secret, &account.encryption).await?;
	store.insert(
		&invitation.alias,
		StoredInvitation {
			handle: invitation.handle,
			account: args.name.clone(),
			address: account.keypair.account_id().to_string(),
			genesis_hash: invitation.genesis_hash,
			member_key: secret.member_key(),
			created_at: chain.best_number().await?,
		},
	);
	store.save()?;
	let text = invitation.to_json();
	if let Some(out) = &args.out {
		fs::write(out, format!("{text}\n"))
			.map_err(|error| Error::Invalid(format!("cannot write {}: {error}", out.display())))?;
	}
	let mut lines = vec![
		format!(
			"invitation to a loan from {} under the alias {} (your key is in ring {}, {} members{})",
			args.name,
			hex0x(&invitation.alias),
			ring.ring,
			ring.committed,
			if ring.usable { "" } else { "; too few for proofs yet, wait for more lenders" }
		),
		format!("kept in {} (confirming the loan needs it)", store.path().display()),
		"give the borrower this invitation (it proposes with `loanctl borrower propose \
		 --invitation FILE-OR-TEXT`):"
			.into(),
		text,
	];
	if let Some(out) = &args.out {
		lines.push(format!("wrote {}", out.display()));
	}
	let invitation_json =
		serde_json::to_value(&invitation).map_err(|error| Error::Invalid(error.to_string()))?;
	context.print(
		&lines,
		json!({
			"invitation": invitation_json,
			"alias": hex0x(&invitation.alias),
			"ring": ring.ring,
			"members": ring.committed,
			"usable": ring.usable,
			"out": args.out.as_ref().map(|out| out.display().to_string()),
		}),
	);
	Ok(())
}

/// The invitation `--invitation` names: its JSON text, or a file holding it.
pub fn read_invitation(reference: &str) -> Result<Invitation, Error> {
	if reference.trim_start().starts_with('{') {
		return Invitation::from_json(reference);
	}
	let text = fs::read_to_string(reference).map_err(|error| {
		Error::Invalid(format!(
			"--invitation is neither an invitation's JSON nor a readable file ({reference}: \
			 {error})"
		))
	})?;
	Invitation::from_json(&text)
}

/// Runs `loanctl borrower propose --invitation`.
pub async fn propose(
	context: &Context,
	name: &str,
	invitation: &str,
	duration: u32,
	terms: &std::path::Path,
) -> Result<(), Error> {
	let borrower = context.account(name)?;
	let invitation = read_invitation(invitation)?;
	let terms = read_terms(terms)?;
	let chain = context.chain().await?;
	let proposed =
		aliases::propose_to_alias(&chain, &borrower.keypair, &invitation, duration, &terms).await?;
	let alias = hex0x(&invitation.alias);
	context.print(
		&[
			format!(
				"proposed loan {} to the lender's alias {alias} for {duration} blocks; it waits \
				 for the lender's confirmation",
				proposed.loan_id
			),
			format!("commitment {}", hex0x(&proposed.commitment)),
			tx_line(&proposed.included),
		],
		with(
			json!({
				"loanId": proposed.loan_id,
				"alias": alias,
				"duration": duration,
				"commitment": hex0x(&proposed.commitment),
			}),
			tx_json(&proposed.included),
		),
	);
	Ok(())
}

/// The stored invitation of alias loan `loan`, made by keystore account `name`: an error that
/// says what to do when this keystore did not make it, or another account did.
pub fn invitation_of(
	context: &Context,
	chain: &Chain,
	loan: &LoanRecord,
	name: &str,
) -> Result<StoredInvitation, Error> {
	let lender = aliases::alias_lender(loan)?;
	let alias = lender.alias_bytes()?;
	let store = context.invitations()?;
	let stored = store
		.get(&alias)
		.filter(|stored| stored.genesis_hash == chain.genesis_hash())
		.ok_or_else(|| {
			Error::NotFound(format!(
				"loan {} was proposed to the alias {}, which is none of the invitations in {}: \
				 act for it where the invitation was made (`loanctl lender invite`), with the \
				 same keystore",
				loan.id,
				lender.alias,
				store.path().display()
			))
		})?;
	if stored.account != name {
		return Err(Error::Invalid(format!(
			"the invitation of loan {} was made by the keystore account {:?}: act with --as {}",
			loan.id, stored.account, stored.account
		)));
	}
	Ok(stored.clone())
}

/// The stored invitation of alias loan `loan` when keystore account `name` made it: `None` for
/// a named loan, or for an alias loan whose invitation this account did not make (it then acts
/// with its own account, as the borrower does).
pub fn own_invitation(
	context: &Context,
	chain: &Chain,
	loan: &LoanRecord,
	name: &str,
) -> Result<Option<StoredInvitation>, Error> {
	if loan.alias.is_none() {
		return Ok(None);
	}
	let lender = aliases::alias_lender(loan)?;
	let alias = lender.alias_bytes()?;
	Ok(context
		.invitations()?
		.get(&alias)
		.filter(|stored| stored.genesis_hash == chain.genesis_hash() && stored.account == name)
		.cloned())
}

/// The alias loans of the invitations `account` made (in this keystore's invitation store), each
/// with its handle: the loans proposed to their aliases, in alias order. `known` holds the loans
/// found before (by alias), so a caller that asks again reads the chain only for the aliases of
/// invitations no loan was proposed to yet.
pub async fn alias_loans_of(
	context: &Context,
	chain: &Chain,
	account: &AccountId32,
	known: &mut BTreeMap<[u8; 32], u64>,
) -> Result<Vec<(u64, LenderHandle)>, Error> {
	let store = context.invitations()?;
	let mut loans = Vec::new();
	for (alias, stored) in store.for_account(&chain.genesis_hash(), account) {
		let loan_id = match known.get(&alias) {
			Some(loan_id) => Some(*loan_id),
			None => aliases::loan_of_alias(chain, &alias).await?,
		};
		if let Some(loan_id) = loan_id {
			known.insert(alias, loan_id);
			loans.push((loan_id, stored.handle));
		}
	}
	Ok(loans)
}

/// `lender confirm` of an alias loan: the ring proof made here and sent without a signer.
pub async fn confirm(
	context: &Context,
	chain: &Chain,
	name: &str,
	loan: &LoanRecord,
	seed: Option<&str>,
) -> Result<(), Error> {
	let stored = invitation_of(context, chain, loan, name)?;
	let account = context.account(name)?;
	let secret = member_secret(&account, seed)?;
	if secret.member_key() != stored.member_key {
		return Err(Error::Invalid(format!(
			"the invitation of loan {} was made with the member key {}, not {}: give the same \
			 --seed as then (or none, if it was derived from the account)",
			loan.id,
			hex0x(&stored.member_key),
			hex0x(&secret.member_key())
		)));
	}
	let confirmed =
		aliases::confirm_as_alias(chain, &account.keypair, &secret, loan.id, &stored.handle)
			.await?;
	context.print(
		&[
			format!(
				"confirmed loan {} as its alias {}: in force from block {} until block {} \
				 (feedback is due then)",
				loan.id,
				hex0x(&confirmed.alias),
				confirmed.start,
				confirmed.end
			),
			format!(
				"proved with ring {} revision {} ({} members); sent with no signer; lender key {}, \
				 payout account {}",
				confirmed.ring,
				confirmed.revision,
				confirmed.members,
				hex0x(&confirmed.lender_key),
				confirmed.payout
			),
			tx_line(&confirmed.included),
		],
		with(
			json!({
				"loanId": loan.id,
				"start": confirmed.start,
				"end": confirmed.end,
				"alias": hex0x(&confirmed.alias),
				"ring": confirmed.ring,
				"revision": confirmed.revision,
				"members": confirmed.members,
				"lenderKey": hex0x(&confirmed.lender_key),
				"payout": confirmed.payout.to_string(),
			}),
			tx_json(&confirmed.included),
		),
	);
	Ok(())
}

/// `lender report` of an alias loan: the action signed by the loan's lender key and sent without
/// a signer. `describe` and `value` say what was reported.
pub async fn report(
	context: &Context,
	chain: &Chain,
	name: &str,
	loan: &LoanRecord,
	outcome: Outcome,
	describe: &str,
	value: Value,
) -> Result<(), Error> {
	let stored = invitation_of(context, chain, loan, name)?;
	let account = context.account(name)?;
	let included =
		aliases::lender_act(chain, &account.keypair, loan.id, &stored.handle, outcome).await?;
	context.print(
		&[
			format!(
				"reported loan {} {describe} (as its alias lender: signed by the loan's lender \
				 key, sent with no signer)",
				loan.id
			),
			tx_line(&included),
		],
		with(json!({ "loanId": loan.id, "outcome": value, "alias": true }), tx_json(&included)),
	);
	Ok(())
}

/// `company register` of a consent that renews alias loan `previous` under a new alias: the
/// renewed loan's invitation and the follow-on's, both made by keystore account `name`, give
/// the handles; the renewal is signed by the renewed loan's lender key, proved by the member
/// secret of `seed` (or derived from the account) for the new alias, and sent with no signer.
pub async fn renew(
	context: &Context,
	chain: &Chain,
	name: &str,
	previous: u64,
	consent: &SignedConsent,
	seed: Option<&str>,
) -> Result<(), Error> {
	let record = queries::loan(chain, previous).await?;
	let old = invitation_of(context, chain, &record, name)?;
	let alias_hex = consent.request.alias.as_deref().unwrap_or_default();
	let alias: [u8; 32] = decode_hex(alias_hex)?
		.try_into()
		.map_err(|_| Error::Invalid("the consent's alias must be 32 bytes".into()))?;
	let store = context.invitations()?;
	let new = store
		.get(&alias)
		.filter(|stored| stored.genesis_hash == chain.genesis_hash() && stored.account == name)
		.ok_or_else(|| {
			Error::NotFound(format!(
				"the consent names the alias 0x{alias_hex}, which is none of the invitations {name} \
				 made in {}: register it where the invitation was made, with --as the account \
				 that made it",
				store.path().display()
			))
		})?;
	let account = context.account(name)?;
	let secret = member_secret(&account, seed)?;
	if secret.member_key() != new.member_key {
		return Err(Error::Invalid(format!(
			"the invitation of the alias 0x{alias_hex} was made with the member key {}, not {}: \
			 give the same --seed as then (or none, if it was derived from the account)",
			hex0x(&new.member_key),
			hex0x(&secret.member_key())
		)));
	}
	let renewed = alias_renewal::renew_as_alias(
		chain,
		&account.keypair,
		&secret,
		consent,
		&old.handle,
		&new.handle,
	)
	.await?;
	context.print(
		&[
			format!(
				"renewed loan {} (reported performed) with loan {} under the alias {}, in force \
				 from block {} until block {} (signed by loan {}'s lender key, sent with no \
				 signer)",
				renewed.previous,
				renewed.loan_id,
				hex0x(&renewed.alias),
				renewed.start,
				renewed.end,
				renewed.previous
			),
			format!(
				"proved with ring {} revision {} ({} members); lender key {}, payout account {}",
				renewed.ring,
				renewed.revision,
				renewed.members,
				hex0x(&renewed.lender_key),
				renewed.payout
			),
			tx_line(&renewed.included),
		],
		with(
			json!({
				"loanId": renewed.loan_id,
				"alias": hex0x(&renewed.alias),
				"renews": renewed.previous,
				"start": renewed.start,
				"end": renewed.end,
				"lenderKey": hex0x(&renewed.lender_key),
				"payout": renewed.payout.to_string(),
				"ring": renewed.ring,
				"revision": renewed.revision,
				"members": renewed.members,
			}),
			tx_json(&renewed.included),
		),
	);
	Ok(())
}
