//! `loanctl`: loanchain from the command line, one subcommand per user action, grouped by role.
//! Built on the `loanchain-client` SDK; `docs/loanctl.md` walks through a session per role.

mod alias;
mod audit;
mod commands;
mod context;
mod disclosure;
mod ring;
mod watch;

use clap::{Args, Parser, Subcommand, ValueEnum};
use context::Context;
use loanchain_client::{Error, WaitFor, DEFAULT_URL};
use std::{path::PathBuf, process::ExitCode};

/// loanchain from the command line: record loan contracts and their performance on a
/// permissioned chain, with the terms sealed on this machine.
///
/// Accounts live in a keystore file (default ~/.config/loanchain/keystore.json, mode 0600);
/// signed commands take `--as NAME`. Wherever an ACCOUNT is asked for, give a keystore name or
/// an SS58 address. Output is for people by default and JSON (one object a line) with --json;
/// progress goes to stderr. Secrets are never printed.
#[derive(Parser, Debug)]
#[command(name = "loanctl", version, propagate_version = true)]
struct Cli {
	/// WebSocket address of a loanchain node.
	#[arg(long, global = true, env = "LOANCHAIN_URL", default_value = DEFAULT_URL)]
	url: String,

	/// The keystore file [default: ~/.config/loanchain/keystore.json].
	#[arg(long, global = true, env = "LOANCHAIN_KEYSTORE")]
	keystore: Option<PathBuf>,

	/// Print JSON (one object a line) instead of text, for scripts.
	#[arg(long, global = true)]
	json: bool,

	/// How long to wait for a transaction: until it is in a block, or until that block is
	/// finalized (a few seconds more; it can then no longer be reverted).
	#[arg(long, global = true, value_enum, default_value_t = Wait::InBlock)]
	wait: Wait,

	#[command(subcommand)]
	command: Command,
}

/// How long to wait for a transaction.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Wait {
	/// Until the transaction is in a block of the best chain.
	InBlock,
	/// Until that block is finalized.
	Finalized,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Accounts in the keystore: create, import, show, and publish their encryption key.
	#[command(subcommand)]
	Keys(KeysCommand),
	/// Consortium members: propose motions (admit attestors and members, add and remove
	/// validators, allow nodes, authorise runtime upgrades, set the paid-query deadline), vote on
	/// them and close them.
	#[command(subcommand)]
	Consortium(ConsortiumCommand),
	/// Attestors (KYC providers): attest that an account belongs to a verified person or
	/// company, or revoke an attestation.
	#[command(subcommand)]
	Attestor(AttestorCommand),
	/// Borrowers: propose a loan (to a lender's account, or to the alias of a lender's
	/// invitation), withdraw it, answer an extension, sign a company's consent request.
	#[command(subcommand)]
	Borrower(BorrowerCommand),
	/// Lenders: invite a borrower to propose under a per-loan alias, confirm a proposal, list the
	/// loans whose feedback is due, report the outcome.
	#[command(subcommand)]
	Lender(LenderCommand),
	/// Companies (an attested account or an operator): authorise operators, request a
	/// borrower's consent, register or renew a loan in the borrower's name, then act as lender.
	#[command(subcommand)]
	Company(CompanyCommand),
	/// Anyone: a loan's record, a borrower's summary, what the chain knows about an account.
	#[command(subcommand)]
	Show(ShowCommand),
	/// Disclosure of a breached loan's terms by tier: make them public, grant a named reader
	/// access, buy a paid query (request, cancel, refund, complain), deliver or serve paid
	/// queries as the lender, and a borrower's inquiry log.
	#[command(subcommand)]
	Disclosure(DisclosureCommand),
	/// Open a loan's terms with your encryption key, by whatever access you have (a party's
	/// envelope, a grant, a delivered paid query with --request, or public terms), and check
	/// them against the commitment on chain.
	Decrypt(DecryptArgs),
	/// Follow finalized blocks and print, for the given accounts, every prompt: feedback due
	/// (lender; also again after a declined extension), extension to confirm (borrower), consent
	/// request (a proposal waiting for the lender's confirmation), loan registered in a
	/// borrower's name, paid query to deliver (lender) and paid query delivered or refunded
	/// (requester). A lender's alias loans (proposals to its invitations' aliases, and their
	/// feedback prompts) are found by the invitations kept beside the keystore. One line each
	/// (JSON lines with --json); resumable from a block.
	Watch(WatchArgs),
	/// Send tokens (for fees and deposits) to another account.
	Transfer(TransferArgs),
	/// Auditors (and the borrower): read who lends an alias loan from the lender record sealed
	/// to the consortium's auditor keys and the borrower's key.
	#[command(subcommand)]
	Audit(audit::AuditCommand),
}

/// The account that signs.
#[derive(Args, Debug, Clone)]
struct Signer {
	/// The keystore account that signs.
	#[arg(long = "as", value_name = "NAME")]
	name: String,
}

#[derive(Subcommand, Debug)]
enum KeysCommand {
	/// Create an account with a new random secret (24 words, kept only in the keystore) and an
	/// encryption key derived from it.
	Create {
		/// The name to store it under.
		name: String,
		/// Use a random encryption key, stored beside the secret, instead of deriving it.
		#[arg(long)]
		random_encryption_key: bool,
	},
	/// Store an existing account from a file holding its secret URI (a phrase, `//Dev` path or
	/// 0x seed; the file is read, never echoed).
	Import {
		/// The name to store it under.
		name: String,
		/// The file holding the secret URI.
		#[arg(long, value_name = "FILE")]
		suri_file: PathBuf,
		/// Use a random encryption key, stored beside the secret, instead of deriving it.
		#[arg(long)]
		random_encryption_key: bool,
	},
	/// Show an account's address and public encryption key (never its secret).
	Show {
		/// The account's name.
		name: String,
	},
	/// List the keystore's accounts with their addresses.
	List,
	/// Register the account's encryption key on chain, so loan terms can be sealed to it
	/// (attestations.set_encryption_key).
	Publish {
		#[command(flatten)]
		signer: Signer,
	},
	/// Delete an account from the keystore.
	Remove {
		/// The account's name.
		name: String,
	},
}

#[derive(Subcommand, Debug)]
enum ConsortiumCommand {
	/// Propose a motion. It passes with --threshold ayes (default: the fewest that reach the
	/// share the motion needs: more than half of the members; at least three quarters for
	/// members and upgrades, which are scheduled and enacted after a delay; more than a quarter
	/// to cancel one); members, the proposer too, then vote. With threshold 1 (one member) it
	/// executes at once; otherwise it holds a deposit from the proposer until it is closed.
	Propose {
		#[command(flatten)]
		signer: Signer,
		/// The ayes the motion needs [default: the fewest that reach its share].
		#[arg(long)]
		threshold: Option<u32>,
		#[command(subcommand)]
		motion: MotionCommand,
	},
	/// Vote on an open motion.
	Vote {
		#[command(flatten)]
		signer: Signer,
		/// The motion's hash (see `loanctl consortium motions`).
		hash: String,
		/// Vote aye.
		#[arg(long, conflicts_with = "nay", required_unless_present = "nay")]
		aye: bool,
		/// Vote nay.
		#[arg(long)]
		nay: bool,
	},
	/// Close an open motion that has enough votes (it executes if it passed), and return the
	/// proposer's deposit.
	Close {
		#[command(flatten)]
		signer: Signer,
		/// The motion's hash.
		hash: String,
	},
	/// List the Root calls the consortium scheduled (member changes, upgrades) that wait for
	/// their enactment delay, with the block from which anyone may enact them.
	Scheduled,
	/// Object, as a member, to a scheduled Root call: once more than a quarter of the members
	/// have, the chain cancels it (no motion needed).
	Object {
		#[command(flatten)]
		signer: Signer,
		/// The scheduled call's id (see `loanctl consortium scheduled`).
		id: u32,
	},
	/// Enact a scheduled Root call once its delay has passed (anyone signed may); waits for the
	/// due block first, with a progress line.
	Enact {
		#[command(flatten)]
		signer: Signer,
		/// The scheduled call's id (see `loanctl consortium scheduled`).
		id: u32,
	},
	/// List the open motions with their votes.
	Motions,
	/// List the validator set the consortium voted (the next sessions take it).
	Validators,
	/// List the auditors' X25519 public keys the consortium set (the lender record of every
	/// alias loan confirmed from then on is sealed to them).
	Auditors,
	/// The owner of an allowed node: let these nodes (for example a member's full nodes, not
	/// allowed themselves) sync with it, replacing the earlier list (at most 16; none clears it).
	NodeConnections {
		#[command(flatten)]
		signer: Signer,
		/// The allowed node's peer id (base58).
		node: String,
		/// The peer ids (base58) that may connect to it.
		peers: Vec<String>,
	},
	/// Apply a runtime upgrade the consortium authorised (anyone signed may).
	ApplyUpgrade {
		#[command(flatten)]
		signer: Signer,
		/// The new runtime's wasm file (its hash must be the authorised one).
		#[arg(long, value_name = "FILE")]
		wasm: PathBuf,
	},
}

#[derive(Subcommand, Debug)]
enum MotionCommand {
	/// Admit an attestor (KYC provider).
	AdmitAttestor {
		/// The attestor's account.
		account: String,
	},
	/// Remove an attestor; its attestations stay valid until they expire.
	RemoveAttestor {
		/// The attestor's account.
		account: String,
	},
	/// Admit a consortium member (a Root call: three quarters, then the delay).
	AddMember {
		/// The member's account.
		account: String,
	},
	/// Remove a consortium member (a Root call: three quarters, then the delay).
	RemoveMember {
		/// The member's account.
		account: String,
	},
	/// Authorise a runtime upgrade to this wasm code (a Root call: three quarters, then the
	/// delay; once enacted, anyone applies it with `loanctl consortium apply-upgrade`).
	AuthorizeUpgrade {
		/// The new runtime's wasm file.
		#[arg(long, value_name = "FILE")]
		wasm: PathBuf,
	},
	/// Add a validator: it authors blocks and votes on finality from the session after next,
	/// once it registered its session keys (see docs/operator-guide.md).
	AddValidator {
		/// The validator's account.
		account: String,
	},
	/// Remove a validator (a Root call: three quarters, then the delay; it stops validating
	/// from the session after next; at least one stays).
	RemoveValidator {
		/// The validator's account.
		account: String,
	},
	/// Allow a node to take part in block sync (nodes not allowed get no blocks).
	AllowNode {
		/// The node's peer id (base58, `12D3KooW...`; the node prints it at start).
		peer_id: String,
		/// The member that runs it (it may then list the node's extra connections).
		#[arg(long)]
		owner: String,
	},
	/// Stop allowing a node (a Root call: three quarters, then the delay; the last allowed node
	/// stays).
	DisallowNode {
		/// The node's peer id (base58).
		peer_id: String,
	},
	/// Set how many blocks a lender has to deliver a paid query before the requester is
	/// refunded (3 days, 43,200 blocks, by default). Open requests keep their deadline.
	SetQueryDeadline {
		/// The new deadline in blocks (14,400 a day at 6 s blocks): at least 4, at most 30 days
		/// (432,000).
		#[arg(value_parser = clap::value_parser!(u32).range(4..=432_000))]
		blocks: u32,
	},
	/// Cancel a scheduled Root call during its delay (more than a quarter of the members).
	CancelRootCall {
		/// The scheduled call's id (see `loanctl consortium scheduled`).
		id: u32,
	},
	/// Replace the auditors' keys (a Root call: three quarters, then the delay): the lender
	/// record of every alias loan confirmed from then on is sealed to them (and to the
	/// borrower), so they see who lent. At most 7, distinct; none names no auditor. An
	/// auditor's key is its `loanctl keys show` encryption key.
	SetAuditorKeys {
		/// The auditors' X25519 public keys (hex, `0x` and 64 digits each).
		keys: Vec<String>,
	},
}

#[derive(Subcommand, Debug)]
enum AttestorCommand {
	/// Attest (or renew the attestation of) an account: it belongs to the verified subject
	/// whose keyed ID hash is the commitment.
	Attest(AttestArgs),
	/// Revoke an attestation you made.
	Revoke {
		#[command(flatten)]
		signer: Signer,
		/// The attested account.
		account: String,
	},
}

#[derive(Args, Debug)]
struct AttestArgs {
	#[command(flatten)]
	signer: Signer,
	/// The account to attest.
	account: String,
	/// Person or company.
	#[arg(long, value_parser = ["person", "company"])]
	kind: String,
	/// How thoroughly the subject was checked.
	#[arg(long, value_parser = ["low", "substantial", "high"], default_value = "high")]
	level: String,
	/// The identity commitment (32 bytes hex), if computed elsewhere.
	#[arg(long, conflicts_with_all = ["country", "id", "consortium_key_file"], required_unless_present = "id")]
	commitment: Option<String>,
	/// The issuing country (ISO 3166-1 alpha-2) of the subject's ID.
	#[arg(long, requires_all = ["id", "consortium_key_file"])]
	country: Option<String>,
	/// The subject's national ID or registration number (hashed with the consortium's key;
	/// never sent).
	#[arg(long, requires_all = ["country", "consortium_key_file"])]
	id: Option<String>,
	/// The file holding the consortium's 32-byte commitment key (hex).
	#[arg(long, value_name = "FILE")]
	consortium_key_file: Option<PathBuf>,
	/// Blocks the attestation stays valid (6 s each; 5,256,000 is about a year).
	#[arg(long, default_value_t = 5_256_000, conflicts_with = "expires_at")]
	valid_for: u32,
	/// The block from which the attestation is no longer valid.
	#[arg(long)]
	expires_at: Option<u32>,
}

#[derive(Subcommand, Debug)]
enum BorrowerCommand {
	/// Propose a loan to a lender: the terms (a JSON file) are committed to and sealed to your
	/// and the lender's encryption keys here; the chain gets the commitment and ciphertext.
	/// With --invitation the proposal names only the alias of the lender's invitation, never
	/// the lender.
	Propose {
		#[command(flatten)]
		signer: Signer,
		/// The lender's account (the chain then shows who lends).
		#[arg(long, required_unless_present = "invitation", conflicts_with = "invitation")]
		lender: Option<String>,
		/// The lender's invitation (from `loanctl lender invite`): a file holding it, or its
		/// JSON text. The loan is proposed to its alias and the terms are sealed to its
		/// encryption key.
		#[arg(long, value_name = "FILE-OR-JSON")]
		invitation: Option<String>,
		/// The loan period in blocks from the lender's confirmation (14,400 a day).
		#[arg(long)]
		duration: u32,
		/// The loan terms, a JSON object (amount, rate, schedule, ...).
		#[arg(long, value_name = "FILE")]
		terms: PathBuf,
	},
	/// Withdraw a proposal before the lender confirms it (borrower, lender or the deposit's
	/// payer); the deposit is returned.
	Withdraw {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
	},
	/// Confirm the extension the lender proposed: the loan runs until the new end.
	ConfirmExtension {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
	},
	/// Decline the extension the lender proposed: the lender's feedback is due again.
	DeclineExtension {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
	},
	/// Check a company's consent request (it names you, its terms open with your key and match
	/// the commitment, its payload is exactly this loan) and sign it.
	SignConsent {
		#[command(flatten)]
		signer: Signer,
		/// The consent request file the company sent.
		request: PathBuf,
		/// Where to write the signed consent (for the company).
		#[arg(long, value_name = "FILE")]
		out: PathBuf,
	},
}

#[derive(Subcommand, Debug)]
enum LenderCommand {
	/// Invite a borrower to propose a loan to you under a fresh alias: prints the invitation
	/// (a random handle, its alias of your ring member key, your encryption key) and keeps it in
	/// invitations.json beside the keystore. Needs your member key in the lender ring
	/// (`loanctl lender ring register`).
	Invite(alias::InviteArgs),
	/// Confirm a loan proposed to you: it comes into force now. A loan proposed to the alias of
	/// one of your invitations is confirmed with a ring proof made here, sent with no signer, so
	/// the chain never learns which lender confirmed.
	Confirm(ConfirmArgs),
	/// Your member key of the lender ring, the rings, and ring proofs.
	#[command(subcommand)]
	Ring(ring::RingCommand),
	/// List the proposals waiting for your confirmation.
	Proposals(AccountArg),
	/// List the loans whose end passed and whose feedback is due from you.
	FeedbackDue(AccountArg),
	/// Report the outcome of a loan whose end passed. For an alias loan the report is signed by
	/// the loan's lender key and sent with no signer.
	Report {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
		#[command(subcommand)]
		outcome: OutcomeCommand,
	},
}

/// `lender confirm` and `company confirm`.
#[derive(Args, Debug)]
struct ConfirmArgs {
	#[command(flatten)]
	signer: Signer,
	/// The loan.
	loan: u64,
	/// For an alias loan: the member secret's 32-byte seed (hex) the invitation was made with,
	/// for a company whose operators share one [default: derived from the --as account].
	#[arg(long, value_name = "HEX", env = "LOANCTL_MEMBER_SEED", hide_env_values = true)]
	seed: Option<String>,
}

/// The account a list is for: the lender's (proposals, feedback due, paid queries to deliver)
/// or the borrower's (inquiry log).
#[derive(Args, Debug)]
struct AccountArg {
	/// The account [default: the --as account].
	account: Option<String>,
	/// The keystore account whose list to show.
	#[arg(long = "as", value_name = "NAME", conflicts_with = "account")]
	name: Option<String>,
}

#[derive(Subcommand, Debug, Clone)]
enum OutcomeCommand {
	/// (a) The contract was performed normally.
	Performed,
	/// (b) The contract is extended to a new end; the borrower must confirm it.
	Extend {
		/// The new end block.
		#[arg(long, required_unless_present = "for_blocks", conflicts_with = "for_blocks")]
		to: Option<u32>,
		/// The new end as a number of blocks from now (14,400 a day).
		#[arg(long = "for", value_name = "BLOCKS")]
		for_blocks: Option<u32>,
	},
	/// (c) The contract was breached; choose the information level of its details.
	Breach {
		/// Public, encrypted (parties and granted readers only), or paid query.
		#[arg(long, value_enum)]
		level: LevelArg,
		/// The price of a paid query, in LOAN (for example 2.5).
		#[arg(long, required_if_eq("level", "paid-query"))]
		fee: Option<String>,
	},
}

/// A breach's information level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LevelArg {
	/// Anyone may read the terms.
	Public,
	/// Only the parties and the readers they grant.
	Encrypted,
	/// Anyone may buy the key for a fee.
	PaidQuery,
}

#[derive(Subcommand, Debug)]
enum CompanyCommand {
	/// Authorise an operator account (one of your API systems) to act for the company; holds
	/// a deposit.
	AuthorizeOperator {
		#[command(flatten)]
		signer: Signer,
		/// The operator's account (not attested).
		operator: String,
	},
	/// Withdraw an operator's authorisation; the deposit is released.
	WithdrawOperator {
		#[command(flatten)]
		signer: Signer,
		/// The operator's account.
		operator: String,
	},
	/// Prepare the consent request a borrower signs: the terms (JSON file) sealed to the
	/// borrower's and your encryption keys, and the exact payload from the chain.
	RequestConsent {
		#[command(flatten)]
		signer: Signer,
		/// The borrower's account.
		#[arg(long)]
		borrower: String,
		/// The loan period in blocks.
		#[arg(long)]
		duration: u32,
		/// The loan terms, a JSON object.
		#[arg(long, value_name = "FILE")]
		terms: PathBuf,
		/// For a renewal: the loan the new one renews (reported performed in the same call).
		#[arg(long)]
		renews: Option<u64>,
		/// Register to the lender alias of this invitation (a file or the JSON text, from
		/// `loanctl lender invite --as OPERATOR`): the consent names the alias, and neither the
		/// company nor the operator appears on chain.
		#[arg(long, value_name = "FILE|JSON")]
		invitation: Option<String>,
		/// Where to write the request (for the borrower).
		#[arg(long, value_name = "FILE")]
		out: PathBuf,
	},
	/// Register the loan of a signed consent in the borrower's name (then confirm it once
	/// approved), or, for a renewal consent, report the old loan performed and register the
	/// follow-on loan, in force at once.
	Register {
		#[command(flatten)]
		signer: Signer,
		/// The signed consent file from the borrower.
		consent: PathBuf,
		/// For the renewal of an alias loan: the member secret's 32-byte seed (hex) the new
		/// invitation was made with, which proves the new alias [default: derived from the
		/// --as account].
		#[arg(long, value_name = "HEX", env = "LOANCTL_MEMBER_SEED", hide_env_values = true)]
		seed: Option<String>,
	},
	/// Confirm a registered loan once the application is approved (as lender).
	Confirm(ConfirmArgs),
	/// List the company's loans whose feedback is due.
	FeedbackDue(AccountArg),
	/// Report the outcome of a loan whose end passed (as lender).
	Report {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
		#[command(subcommand)]
		outcome: OutcomeCommand,
	},
}

#[derive(Subcommand, Debug)]
enum ShowCommand {
	/// Everything the chain holds about a loan (the terms stay sealed; see `loanctl decrypt`).
	Loan {
		/// The loan.
		loan: u64,
	},
	/// A borrower's summary: for each loan in force or past, only its dates and the word
	/// "borrowing".
	Summary {
		/// The borrower's account.
		account: String,
	},
	/// What the chain knows about an account: identity, attestation, encryption key, balance.
	Account {
		/// The account.
		account: String,
	},
	/// The best and finalized block numbers.
	Blocks,
}

#[derive(Args, Debug)]
struct DecryptArgs {
	#[command(flatten)]
	signer: Signer,
	/// The loan.
	loan: u64,
	/// Open the key delivered for this paid query of yours.
	#[arg(long, value_name = "REQUEST")]
	request: Option<u64>,
}

#[derive(Subcommand, Debug)]
enum DisclosureCommand {
	/// Lender (or its company's operator): make a loan breached with the public level readable
	/// by anyone. The terms and salt are opened from your envelope here and submitted; the chain
	/// checks them against the commitment. For an alias loan (give --as the account that made
	/// the invitation), the reveal is signed by the loan's lender key and sent with no signer.
	Reveal {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
	},
	/// Anyone: a loan's public terms, checked against its commitment.
	Public {
		/// The loan.
		loan: u64,
	},
	/// Borrower or lender: grant a named reader access to a loan's terms. The loan's key is
	/// sealed here to the reader's registered encryption key; the chain holds a deposit until
	/// the grant is revoked, and the borrower's inquiry log records it with the purpose. The
	/// lender of an alias loan (the account whose invitation it is) grants with the loan's
	/// lender key instead: no signer, no deposit, no fee.
	Grant {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
		/// The reader's account.
		reader: String,
		/// Why the reader gets access (the borrower sees it).
		#[arg(long)]
		purpose: String,
	},
	/// The granter, the reader or a party: remove a reader's grant; the deposit is returned.
	/// The lender of an alias loan revokes with the loan's lender key.
	Revoke {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
		/// The reader's account.
		reader: String,
	},
	/// Anyone: the readers granted access to a loan.
	Grants {
		/// The loan.
		loan: u64,
	},
	/// An attested account (not a party): buy a loan's terms from its lender. The fee is held
	/// in escrow until delivery (then paid to the lender) or the deadline (then refunded).
	Request {
		#[command(flatten)]
		signer: Signer,
		/// The loan.
		loan: u64,
		/// The most you pay, in LOAN (the lender's price is on `loanctl show loan`).
		#[arg(long)]
		max_fee: String,
		/// Why you ask (the borrower sees it).
		#[arg(long)]
		purpose: String,
	},
	/// Requester: cancel an open paid query; the fee and the deposit come back.
	Cancel {
		#[command(flatten)]
		signer: Signer,
		/// The request.
		request: u64,
	},
	/// Anyone: refund a paid query its lender did not deliver by the deadline (the chain also
	/// does it by itself).
	Refund {
		#[command(flatten)]
		signer: Signer,
		/// The request.
		request: u64,
	},
	/// Requester: record on chain that a delivered key does not open terms matching the
	/// commitment. The delivery is checked here first (as `loanctl decrypt --request` does), and
	/// a complaint about a delivery that opens correctly is refused unless --force.
	Complain {
		#[command(flatten)]
		signer: Signer,
		/// The request.
		request: u64,
		/// What is wrong.
		#[arg(long)]
		reason: String,
		/// Record the complaint even though the delivered key opens terms that match.
		#[arg(long)]
		force: bool,
	},
	/// Lender (or its company's operator): deliver a paid query: the loan's key is sealed here
	/// to the encryption key the requester had when it asked, and the fee is paid to you. A
	/// request within --margin blocks of its cutoff (its deadline, or the end of its
	/// cancellation notice) is not delivered: nothing is sent. For an alias loan (give --as the
	/// account that made the invitation), the delivery is signed by the loan's lender key and
	/// sent with no signer, and the fee goes to the loan's payout account.
	Deliver {
		#[command(flatten)]
		signer: Signer,
		/// The request.
		request: u64,
		/// Blocks before the request's cutoff within which nothing is delivered.
		#[arg(long, default_value_t = loanchain_client::disclosure::DEFAULT_DELIVERY_MARGIN)]
		margin: u32,
	},
	/// Lender: list the open paid queries waiting for your delivery, those of your alias loans
	/// (found by the invitations beside this keystore) included.
	Pending(AccountArg),
	/// Lender's system: deliver every open paid query for the lender now and as new ones
	/// arrive, those of its alias loans included, one line per delivery (JSON lines with
	/// --json), until stopped.
	ServeQueries {
		#[command(flatten)]
		signer: Signer,
		/// Stop after this many deliveries.
		#[arg(long)]
		count: Option<usize>,
		/// Deliver what is open now, then stop.
		#[arg(long)]
		once: bool,
		/// Blocks before a request's cutoff (its deadline, or the end of its cancellation
		/// notice) within which it is not delivered.
		#[arg(long, default_value_t = loanchain_client::disclosure::DEFAULT_DELIVERY_MARGIN)]
		margin: u32,
	},
	/// Anyone: a paid query's state, fee, deadline, delivery and complaint.
	ShowRequest {
		/// The request.
		request: u64,
		/// Open the sealed purpose and complaint reason with this keystore account's
		/// encryption key (the borrower's, or an auditor's).
		#[arg(long = "as", value_name = "NAME")]
		name: Option<String>,
	},
	/// Borrower: who was given or asked for the terms of your loans, when, why and with what
	/// outcome (like a credit bureau's inquiry list). Shows the most recent 100 entries; the
	/// log keeps every entry, and `--before`/`--all` read older ones. The purposes are sealed
	/// to the borrower and the auditors: with --as NAME (the borrower's keystore account) they
	/// are opened; given an ACCOUNT, they show as sealed.
	Inquiries {
		#[command(flatten)]
		account: AccountArg,
		/// Show the entries just before entry N (numbered from 0, as shown), to page back.
		#[arg(long, value_name = "N", conflicts_with = "all")]
		before: Option<u64>,
		/// The most entries to show (at most 100).
		#[arg(long, default_value_t = loanchain_client::disclosure::MAX_INQUIRY_PAGE,
			value_parser = clap::value_parser!(u32).range(1..=100))]
		limit: u32,
		/// Read the whole log, page by page (a progress line on stderr).
		#[arg(long)]
		all: bool,
	},
}

#[derive(Args, Debug)]
struct WatchArgs {
	/// An account to watch (repeat for several).
	#[arg(long = "account", value_name = "ACCOUNT", required = true)]
	accounts: Vec<String>,
	/// The first block to read [default: the one after the last finalized block, or the
	/// --cursor-file's].
	#[arg(long)]
	from_block: Option<u32>,
	/// A file holding the next block to read: read at start, rewritten after every block, so a
	/// restarted watch resumes without missing a prompt.
	#[arg(long, value_name = "FILE")]
	cursor_file: Option<PathBuf>,
	/// Stop after this block.
	#[arg(long)]
	until_block: Option<u32>,
	/// Stop once this many prompts were printed (at the end of that block, so a --cursor-file
	/// resumes after it without missing any).
	#[arg(long)]
	count: Option<usize>,
	/// Only these kinds of prompt (repeat for several).
	#[arg(long = "kind", value_enum)]
	kinds: Vec<KindArg>,
}

/// A kind of prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
	/// A loan's end passed, or the borrower declined an extension: the lender's feedback is
	/// due.
	FeedbackDue,
	/// The lender proposed an extension: the borrower confirms or declines.
	ExtensionToConfirm,
	/// A proposal or registration waits for the lender's confirmation.
	ConsentRequest,
	/// A company registered a loan in the borrower's name.
	RegisteredInYourName,
	/// Lender: a paid query waits for delivery.
	PaidQuery,
	/// Requester: a paid query was delivered, or refunded after its deadline.
	QueryAnswered,
}

#[derive(Args, Debug)]
struct TransferArgs {
	#[command(flatten)]
	signer: Signer,
	/// The receiving account.
	to: String,
	/// The amount in LOAN (for example 10 or 0.25).
	amount: String,
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let context = Context::new(
		cli.url.clone(),
		cli.keystore.clone(),
		cli.json,
		match cli.wait {
			Wait::InBlock => WaitFor::InBlock,
			Wait::Finalized => WaitFor::Finalized,
		},
	);
	match run(&context, cli.command).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			context.print_error(&error);
			ExitCode::FAILURE
		},
	}
}

async fn run(context: &Context, command: Command) -> Result<(), Error> {
	match command {
		Command::Keys(command) => commands::keys(context, command).await,
		Command::Consortium(command) => commands::consortium(context, command).await,
		Command::Attestor(command) => commands::attestor(context, command).await,
		Command::Borrower(command) => commands::borrower(context, command).await,
		Command::Lender(command) => commands::lender(context, command).await,
		Command::Company(command) => commands::company(context, command).await,
		Command::Show(command) => commands::show(context, command).await,
		Command::Disclosure(command) => disclosure::run(context, command).await,
		Command::Decrypt(args) => disclosure::decrypt(context, args).await,
		Command::Watch(args) => watch::run(context, args).await,
		Command::Transfer(args) => commands::transfer(context, args).await,
		Command::Audit(command) => audit::run(context, command).await,
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	#[test]
	fn the_command_line_is_consistent() {
		Cli::command().debug_assert();
	}

	#[test]
	fn every_command_has_help() {
		fn check(command: &clap::Command, path: &str) {
			for sub in command.get_subcommands() {
				let path = format!("{path} {}", sub.get_name());
				assert!(sub.get_about().is_some(), "`{path}` has no help text");
				check(sub, &path);
			}
		}
		check(&Cli::command(), "loanctl");
	}
}
