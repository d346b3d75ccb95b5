// Alias loans on a real dev node (docs/privacy.md, sections 1 to 3), driven by loanctl and
// checked with @polkadot/api: enough lenders register ring keys for the ring to accept proofs;
// a lender invites (a fresh alias of its ring key, kept beside its keystore); the borrower
// proposes to the invitation's alias; the lender confirms with a ring proof and, at expiry,
// reports performed or breached, each as a general transaction (extrinsic v5, no signer, no
// fee). The blocks of those transactions hold no signer, and none of their events names the
// lender's account or identity; `loans_loan` shows the alias and the actor `lender`; the lender's
// watch finds its alias loans by scanning, resumably; the per-loan lender key derives from the
// lender's account as documented; a wrong ring proof and a used action nonce are refused in the
// pool, by name. The lender's disclosures of alias loans go the same way (`lender_disclose`,
// signed by the loan's lender key): a public loan's reveal, and a paid query that the watch
// announces by the loan's alias and serve-queries delivers, paying the loan's payout account.
// The requester opens the delivered key. Each confirmation carries the lender record sealed to
// the consortium's auditor key and the borrower: both open it with `loanctl audit open` and
// learn the lender; a competitor cannot, and a record without the auditor is refused. The
// lender grants and revokes a reader's access with the loan's lender key too. At the end a
// metadata scan reads every event and extrinsic of every block, the two pallets' whole state at
// several blocks and every public RPC answer about the loans: none names the lender or shows
// the paid loan's terms, and two loans of the lender share no value. A company registers a loan
// under an alias with the borrower's consent (format v2) and its operator confirms it: neither
// the company nor the operator appears either.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { bnToU8a, compactFromU8a, compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';
import { bestNumber, connect, startDevNode, waitFor } from '../lib/node.mjs';
import { loanctlSession } from '../lib/loanctl.mjs';
import { admitAttestor, attest, endow } from '../lib/parties.mjs';

/** The runtime's MinRingSize: a ring accepts proofs from this many members on. */
const MIN_RING = 8;
/** The lenders with ring keys; `lender1` lends in this test. */
const LENDERS = Array.from({ length: MIN_RING }, (_, i) => `lender${i + 1}`);
/** Loan periods are a few blocks (2 s each on the dev chain), so expiry comes within the test. */
const DURATION = 8;
/** The storage key of the runtime's code (`:code`), left out of the state scans. */
const CODE_KEY = '0x3a636f6465';
/** The terms of the paid-query loan, with a marker the metadata scan looks for: only the
 * requester and the reader it is delivered or granted to ever see it. */
const PAID_TERMS = { amount: '7300.00', currency: 'EUR', note: 'marker-paid-terms-5e1f0c' };
/** The ring seed ACME's operators share (the company keeps it in its own key management). */
const COMPANY_SEED = `0x${'ac'.repeat(32)}`;
/** The secret URI of a test account. */
const suri = (name) => `//Alias//${name}`;

/** The bytes of `call` as a general transaction, as the runtime reads it: version 5 with the
 * general bit, extension version 0, the explicit extension data of a transaction without a
 * signer (immortal era, nonce 0, tip 0, no metadata hash), then the call. */
function generalTransaction(call) {
  const body = u8aConcat(new Uint8Array([0x45, 0x00, 0x00, 0x00, 0x00, 0x00]), call.method.toU8a());
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

/** Bytes shaped as a sealed lender record with `count` recipients (sealing format v2, first
 * bucket: 42 + 80 × count + 256 bytes), whose content nobody can open. */
function sealedShape(count) {
  const bytes = new Uint8Array(42 + 80 * count + 256).fill(5);
  bytes[0] = 2;
  bytes[25] = count;
  return bytes;
}

describe('alias loans on a dev chain', () => {
  let node, api, provider, ctl, keyring, alice, bob;
  const pair = {};
  const identity = {};
  const loans = {};
  let invitationFile, termsFile, paidTermsFile, watchCursor, auditorKey;
  /** What would name `lender1` in storage (hex, no `0x`): its account, encryption and member keys. */
  const lenderMarkers = {};
  /** The company ACME as `assertAccountless` looks for it: its and its operator's accounts, and its identity. */
  const companyLender = () => ({
    pairs: [pair.acme, pair.acmeOp],
    identity: identity.acme,
    markers: { 'company account': u8aToHex(pair.acme.publicKey).slice(2), 'operator account': u8aToHex(pair.acmeOp.publicKey).slice(2) },
  });

  const loan = (id) => provider.send('loans_loan', [id]);

  /** The events of block `hash`, each with its fields by name (values as JSON). */
  async function eventsAt(hash) {
    const records = await api.query.system.events.at(hash);
    return records.map(({ event, phase }) => {
      const names = event.meta.fields.map((field, i) => (field.name.isSome ? field.name.unwrap().toString() : String(i)));
      const data = Object.fromEntries(event.data.map((value, i) => [names[i], value.toJSON()]));
      const extrinsic = phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null;
      return { name: `${event.section}.${event.method}`, data, extrinsic };
    });
  }

  /** Every storage entry at block `hash` (the runtime's code left out), as hex key → hex value. */
  async function stateAt(hash) {
    const state = new Map();
    const page = 1000;
    let start = null;
    for (;;) {
      const all = await provider.send('state_getKeysPaged', ['0x', page, start, hash]);
      const keys = all.filter((key) => key !== CODE_KEY);
      if (keys.length > 0) {
        const [{ changes }] = await provider.send('state_queryStorageAt', [keys, hash]);
        for (const [key, value] of changes) state.set(key, value);
      }
      if (all.length < page) return state;
      start = all.at(-1);
    }
  }

  /** The storage entries block `hash` wrote or removed, against its parent: `[key, value|null]`. */
  async function stateWrites(hash) {
    const header = await api.rpc.chain.getHeader(hash);
    const [before, after] = await Promise.all([stateAt(header.parentHash.toHex()), stateAt(hash)]);
    const writes = [...after].filter(([key, value]) => before.get(key) !== value);
    for (const key of before.keys()) if (!after.has(key)) writes.push([key, null]);
    return writes;
  }

  /**
   * Checks the block of the transaction `txHash` (in block `blockHash`): the transaction is a
   * general one, with no signer, of `call` (`section.method`); no event of the block names the
   * lender's accounts (`lender.pairs`, in any form) or its identity (`lender.identity`); no
   * storage entry the block wrote holds, in its key or its value, one of `lender.markers`.
   * The lender is `lender1` (its account, encryption key and ring member key) unless given.
   * Returns the block's events.
   */
  async function assertAccountless(blockHash, txHash, call, lender = { pairs: [pair.lender1], identity: identity.lender1, markers: lenderMarkers }) {
    // The block's extrinsics as the node sends them (@polkadot/api 16 re-encodes a general
    // transaction it decodes with a second length prefix, so its hash is not the chain's).
    const { block } = await provider.send('chain_getBlock', [blockHash]);
    const index = block.extrinsics.findIndex((xt) => blake2AsHex(xt, 256) === txHash);
    assert.ok(index >= 0, `transaction ${txHash} is in block ${blockHash}`);
    const raw = block.extrinsics[index];
    // The byte after the compact length is 0x45: format version 5, a general transaction.
    const bytes = hexToU8a(raw);
    const [offset] = compactFromU8a(bytes);
    assert.equal(bytes[offset], 0x45);
    const extrinsic = api.createType('Extrinsic', raw);
    assert.equal(extrinsic.isSigned, false, 'no signer');
    assert.equal(extrinsic.isGeneral(), true, 'a general transaction');
    assert.equal(`${extrinsic.method.section}.${extrinsic.method.method}`, call);
    const accounts = lender.pairs.map((p) => ({ address: p.address, publicKey: u8aToHex(p.publicKey).slice(2) }));
    for (const { publicKey } of accounts) {
      assert.ok(!raw.includes(publicKey), "the transaction's bytes hold no trace of the lender's account");
    }
    const events = await eventsAt(blockHash);
    for (const event of events) {
      const text = JSON.stringify(event.data);
      for (const { address, publicKey } of accounts) {
        assert.ok(!text.includes(address) && !text.includes(publicKey), `${event.name} names the lender's account: ${text}`);
      }
      for (const field of ['lender', 'lenderAccount', 'identity', 'company', 'by', 'who']) {
        if (field in event.data) {
          assert.notEqual(event.data[field], lender.identity, `${event.name}.${field} names the lender's identity`);
        }
      }
      if (event.extrinsic === index) {
        assert.ok(!event.name.startsWith('transactionPayment.'), `${event.name}: no fee is charged`);
      }
    }
    const own = events.filter((event) => event.extrinsic === index).map((event) => event.name);
    assert.ok(own.includes('system.ExtrinsicSuccess'), `the transaction succeeded: ${own}`);
    const writes = await stateWrites(blockHash);
    assert.ok(writes.length > 0, 'the block wrote state');
    for (const [key, value] of writes) {
      for (const [what, marker] of Object.entries(lender.markers)) {
        assert.ok(!key.includes(marker) && !(value ?? '').includes(marker), `the storage entry ${key} written in ${call}'s block holds the lender's ${what}`);
      }
    }
    return events;
  }

  /** `lender1`'s nonce and free balance: an account-less transaction changes neither. */
  const lenderAccount = async () => {
    const { nonce, data } = await api.query.system.account(pair.lender1.address);
    return { nonce: nonce.toNumber(), free: data.free.toString() };
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    ({ api, provider } = await connect(node.wsUrl));
    ctl = loanctlSession({ url: node.wsUrl });
    keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    await admitAttestor(api, alice, bob);
    for (const name of [...LENDERS, 'borrower']) {
      pair[name] = keyring.addFromUri(suri(name));
      await endow(api, alice, pair[name].address);
      identity[name] = await attest(api, bob, pair[name], `alias ${name}`);
      await ctl.importKey(name, suri(name));
    }
    await ctl.json('keys', 'publish', '--as', 'borrower');
    // The consortium (Alice alone on the dev chain) registers one auditor key: every alias
    // loan's lender record is sealed to it and to the borrower.
    await ctl.importKey('alice', '//Alice');
    await ctl.importKey('auditor', suri('auditor'));
    auditorKey = (await ctl.json('keys', 'show', 'auditor')).encryptionKey;
    // Replacing the auditors' keys is a Root call: the motion schedules it, and it is enacted
    // once the enactment delay has passed.
    const set = await ctl.json('consortium', 'propose', '--as', 'alice', 'set-auditor-keys', auditorKey);
    assert.equal(set.executed, true, 'the motion of the only member executes');
    assert.ok(set.scheduled, `the new keys are scheduled: ${JSON.stringify(set)}`);
    assert.deepEqual((await ctl.json('consortium', 'auditors')).auditorKeys, [], 'not before the delay');
    const enacted = await ctl.json('consortium', 'enact', '--as', 'alice', String(set.scheduled.id));
    assert.equal(enacted.call, 'Consortium.set_auditor_keys');
    assert.deepEqual((await ctl.json('consortium', 'auditors')).auditorKeys, [auditorKey]);
    for (const name of LENDERS) await ctl.json('lender', 'ring', 'register', '--as', name);
    // A lending company with an API operator, whose member key (the company's shared seed) joins
    // the ring too.
    pair.acme = keyring.addFromUri(suri('acme'));
    pair.acmeOp = keyring.addFromUri(suri('acmeOp'));
    await endow(api, alice, pair.acme.address);
    await endow(api, alice, pair.acmeOp.address);
    identity.acme = await attest(api, bob, pair.acme, 'alias acme', 'Company');
    await ctl.importKey('acme', suri('acme'));
    await ctl.importKey('acmeOp', suri('acmeOp'));
    await ctl.json('company', 'authorize-operator', '--as', 'acme', 'acmeOp');
    await ctl.json('keys', 'publish', '--as', 'acmeOp');
    await ctl.json('lender', 'ring', 'register', '--as', 'acmeOp', '--seed', COMPANY_SEED);
    await ctl.json('keys', 'publish', '--as', 'lender1');
    lenderMarkers.account = u8aToHex(pair.lender1.publicKey).slice(2);
    lenderMarkers['encryption key'] = (await ctl.json('keys', 'show', 'lender1')).encryptionKey.slice(2);
    lenderMarkers['member key'] = (await ctl.json('lender', 'ring', 'key', '--as', 'lender1')).key.slice(2);
    invitationFile = join(ctl.dir, 'invitation.json');
    termsFile = join(ctl.dir, 'terms.json');
    watchCursor = join(ctl.dir, 'watch.cursor');
    writeFileSync(termsFile, JSON.stringify({ amount: '2500.00', currency: 'EUR', rate_bps: 450 }));
    paidTermsFile = join(ctl.dir, 'paid-terms.json');
    writeFileSync(paidTermsFile, JSON.stringify(PAID_TERMS));
  });

  after(async () => {
    await ctl?.close();
    await api?.disconnect();
    await node?.stop();
  });

  test('the lender invites: a fresh alias of its ring key, which loanctl keeps', async () => {
    const shown = await ctl.json('lender', 'ring', 'show');
    assert.equal(shown.usable, true, 'the ring accepts proofs');
    const invited = await ctl.json('lender', 'invite', '--as', 'lender1', '--out', invitationFile);
    assert.equal(invited.usable, true);
    assert.equal(invited.members, MIN_RING + 1, "the lenders and the company");
    assert.match(invited.alias, /^0x[0-9a-f]{64}$/);
    const invitation = invited.invitation;
    assert.deepEqual(Object.keys(invitation).sort(), ['alias', 'encryptionKey', 'genesisHash', 'handle', 'version']);
    assert.equal(invitation.alias, invited.alias);
    assert.equal(invitation.genesisHash, api.genesisHash.toHex());
    const own = await ctl.json('keys', 'show', 'lender1');
    assert.equal(invitation.encryptionKey, own.encryptionKey, "the terms are sealed to the lender's key");
    loans.performed = { invitation };

    // Every invitation is another alias: nobody links two of one lender.
    const second = await ctl.json('lender', 'invite', '--as', 'lender1');
    assert.notEqual(second.alias, invited.alias);
    assert.notEqual(second.invitation.handle, invitation.handle);
    loans.breached = { invitation: second.invitation };
    loans.wrongProof = { invitation: (await ctl.json('lender', 'invite', '--as', 'lender1')).invitation };
    loans.paid = { invitation: (await ctl.json('lender', 'invite', '--as', 'lender1')).invitation };
    loans.public = { invitation: (await ctl.json('lender', 'invite', '--as', 'lender1')).invitation };

    // An account without a ring key cannot invite, and is told what to do.
    const refused = await ctl.fails('lender', 'invite', '--as', 'borrower');
    assert.match(refused.error.message, /in no ring of this chain: register it first/);
  });

  test('the borrower proposes to the alias; the lender finds the proposal by scanning', async () => {
    const from = await bestNumber(api);
    const watch = ctl.start('watch', '--account', 'lender1', '--from-block', String(from), '--cursor-file', watchCursor, '--kind', 'consent-request', '--count', '2');

    const proposed = await ctl.json('borrower', 'propose', '--as', 'borrower', '--invitation', invitationFile, '--duration', String(DURATION), '--terms', termsFile);
    assert.equal(proposed.alias, loans.performed.invitation.alias);
    loans.performed.id = proposed.loanId;
    // The invitation as text works the same.
    const second = await ctl.json('borrower', 'propose', '--as', 'borrower', '--invitation', JSON.stringify(loans.breached.invitation), '--duration', String(DURATION), '--terms', termsFile);
    loans.breached.id = second.loanId;
    for (const name of ['wrongProof', 'paid', 'public']) {
      const invitation = JSON.stringify(loans[name].invitation);
      const terms = name === 'paid' ? paidTermsFile : termsFile;
      loans[name].id = (await ctl.json('borrower', 'propose', '--as', 'borrower', '--invitation', invitation, '--duration', String(DURATION), '--terms', terms)).loanId;
    }

    const record = await loan(proposed.loanId);
    assert.equal(record.status.kind, 'proposed');
    assert.equal(record.lender, null);
    assert.equal(record.lenderAccount, null);
    assert.deepEqual(record.alias, { alias: proposed.alias, key: null, payout: null, nonce: 0 });
    const events = await eventsAt(proposed.blockHash);
    const event = events.find((e) => e.name === 'loans.LoanProposedToAlias');
    assert.equal(event.data.alias, proposed.alias);
    assert.ok(!JSON.stringify(events).includes(pair.lender1.address));
    // An invitation used once is refused for a second loan, by name.
    const again = await ctl.fails('borrower', 'propose', '--as', 'borrower', '--invitation', invitationFile, '--duration', String(DURATION), '--terms', termsFile);
    assert.equal(again.error.error, 'AliasInUse');

    // The lender's watch, knowing only its invitations, finds both proposals.
    for (const { id, invitation } of [loans.performed, loans.breached]) {
      const prompt = await watch.waitFor((line) => line.kind === 'consentRequest' && line.loanId === id, { timeoutMs: 60_000, message: `the consent request of loan ${id}` });
      assert.equal(prompt.account, pair.lender1.address);
      assert.equal(prompt.alias, invitation.alias);
      assert.equal(prompt.borrower, identity.borrower);
    }
    assert.equal((await watch.exited).code, 0);
  });

  test('the lender confirms with a ring proof, in a transaction with no signer and no fee', async () => {
    const before = await lenderAccount();
    const confirmed = await ctl.json('lender', 'confirm', '--as', 'lender1', String(loans.performed.id));
    assert.equal(confirmed.alias, loans.performed.invitation.alias);
    assert.equal(confirmed.end, confirmed.start + DURATION);
    assert.equal(confirmed.members, MIN_RING + 1);
    loans.performed.confirmed = confirmed;
    const events = await assertAccountless(confirmed.blockHash, confirmed.txHash, 'loans.confirmAsAlias');
    const event = events.find((e) => e.name === 'loans.LoanConfirmedByAlias');
    assert.equal(event.data.alias, confirmed.alias);
    assert.deepEqual(await lenderAccount(), before, "the lender's account signed nothing and paid nothing");

    const record = await loan(loans.performed.id);
    assert.equal(record.status.kind, 'active');
    assert.equal(record.lender, null);
    assert.equal(record.lenderAccount, null);
    assert.equal(record.company, null);
    assert.deepEqual(record.alias, { alias: confirmed.alias, key: confirmed.lenderKey, payout: confirmed.payout, nonce: 0 });
    const entry = record.history.find((e) => e.change.kind === 'confirmed');
    assert.equal(entry.actor, 'lender');
    assert.equal(entry.by, null);

    // The lender key and payout account are the documented derivations of the lender's
    // account: `//<handle>` and `//payout//<handle>` (here through @polkadot/keyring).
    const handle = loans.performed.invitation.handle;
    assert.equal(u8aToHex(keyring.addFromUri(`${suri('lender1')}//${handle}`).publicKey), confirmed.lenderKey);
    assert.equal(keyring.addFromUri(`${suri('lender1')}//payout//${handle}`).address, confirmed.payout);

    // The sealed lender record: in storage, of the one length two recipients give, opened by
    // the auditor and by the borrower (who both learn the lender), and by nobody else.
    const sealed = (await api.query.loans.sealedLenders(loans.performed.id)).unwrap();
    assert.equal(sealed.length, 42 + 80 * 2 + 256, 'sealed to the auditor and the borrower, first bucket');
    for (const reader of ['auditor', 'borrower']) {
      const { lender } = await ctl.json('audit', 'open', '--as', reader, String(loans.performed.id));
      assert.equal(lender.loanId, loans.performed.id);
      assert.equal(lender.alias, confirmed.alias);
      assert.equal(lender.identity, identity.lender1, `${reader} learns the lender's identity`);
      assert.equal(lender.account, pair.lender1.address, `${reader} learns the confirming account`);
      assert.equal(lender.operator, false);
      assert.equal(lender.confirmedAt, (await api.rpc.chain.getHeader(confirmed.blockHash)).number.toNumber());
    }
    const stranger = await ctl.fails('audit', 'open', '--as', 'lender2', String(loans.performed.id));
    assert.match(stranger.error.message, /not sealed to this encryption key/, 'a competitor cannot open the record');

    const second = await ctl.json('lender', 'confirm', '--as', 'lender1', String(loans.breached.id));
    await assertAccountless(second.blockHash, second.txHash, 'loans.confirmAsAlias');
    assert.notEqual(second.lenderKey, confirmed.lenderKey, 'a lender key per loan');
    assert.notEqual(second.payout, confirmed.payout, 'a payout account per loan');
    loans.breached.confirmed = second;
    for (const name of ['paid', 'public']) {
      loans[name].confirmed = await ctl.json('lender', 'confirm', '--as', 'lender1', String(loans[name].id));
    }

    // Only the account that made the invitation acts for its loan.
    const other = await ctl.fails('lender', 'confirm', '--as', 'lender2', String(loans.wrongProof.id));
    assert.match(other.error.message, /made by the keystore account "lender1": act with --as lender1/);
  });

  test('a loan proposed to an account is still confirmed by that account, in clear', async () => {
    await ctl.json('keys', 'publish', '--as', 'lender2');
    const proposed = await ctl.json('borrower', 'propose', '--as', 'borrower', '--lender', 'lender2', '--duration', String(DURATION), '--terms', termsFile);
    const confirmed = await ctl.json('lender', 'confirm', '--as', 'lender2', String(proposed.loanId));
    assert.equal(confirmed.end, confirmed.start + DURATION);
    const record = await loan(proposed.loanId);
    assert.equal(record.alias, null);
    assert.equal(record.lender, identity.lender2);
    assert.equal(record.lenderAccount, pair.lender2.address, 'the named lender is shown to everyone');
  });

  test('a wrong ring proof is refused in the pool, naming the error', async () => {
    const ring = await ctl.json('lender', 'ring', 'show');
    /** A confirmation of the `wrongProof` loan with a made-up proof and the sealed lender record
     * `sealed`. */
    const confirmation = (sealed) =>
      api.tx.loans.confirmAsAlias(
        loans.wrongProof.id,
        loans.wrongProof.invitation.handle,
        ring.ring,
        ring.revision,
        u8aToHex(new Uint8Array(32).fill(1)),
        pair.lender2.address,
        u8aToHex(new Uint8Array(785).fill(3)),
        u8aToHex(sealed),
      );
    /** The loans pallet's error by which the pool refuses `call` as a general transaction. */
    const poolError = async (call) => {
      const refusal = await provider.send('author_submitExtrinsic', [generalTransaction(call)]).then(
        () => assert.fail('the pool accepted the transaction'),
        (error) => error,
      );
      const code = Number(/Custom error: (\d+)/.exec(`${refusal.message} ${JSON.stringify(refusal.data ?? '')}`)?.[1]);
      return { name: api.registry.findMetaError(new Uint8Array([call.method.callIndex[0], code])).name, message: refusal.message };
    };

    const wrongProof = await poolError(confirmation(sealedShape(2)));
    assert.equal(wrongProof.name, 'BadRingProof', `refused with ${wrongProof.message}`);
    assert.equal((await loan(loans.wrongProof.id)).status.kind, 'proposed', 'nothing changed');

    // A lender record that leaves out the auditor (sealed to the borrower alone) is refused
    // before any proof is checked.
    const unaudited = await poolError(confirmation(sealedShape(1)));
    assert.equal(unaudited.name, 'SealedLenderRecipients', `refused with ${unaudited.message}`);
  });

  test('at expiry the lender reports, signed by the loan key, with no signer; the watch finds the prompt', async () => {
    for (const name of ['performed', 'breached']) {
      await waitFor(async () => (await loan(loans[name].id)).status.kind === 'feedbackDue', {
        timeoutMs: 90_000,
        message: `loan ${loans[name].id} to be feedback-due`,
      });
    }
    // The watch resumes from its cursor and finds the alias loans' prompts, which name no lender.
    const watch = ctl.start('watch', '--account', 'lender1', '--cursor-file', watchCursor, '--kind', 'feedback-due', '--count', '2');
    for (const { id, invitation } of [loans.performed, loans.breached]) {
      const prompt = await watch.waitFor((line) => line.kind === 'feedbackDue' && line.loanId === id, { timeoutMs: 90_000, message: `the feedback prompt of loan ${id}` });
      assert.equal(prompt.alias, invitation.alias);
      assert.equal(prompt.account, pair.lender1.address);
    }
    await watch.stop();

    const before = await lenderAccount();
    const performed = await ctl.json('lender', 'report', '--as', 'lender1', String(loans.performed.id), 'performed');
    assert.equal(performed.alias, true);
    const events = await assertAccountless(performed.blockHash, performed.txHash, 'loans.lenderAct');
    const event = events.find((e) => e.name === 'loans.LoanPerformed');
    assert.equal(event.data.by, null);
    const breached = await ctl.json('lender', 'report', '--as', 'lender1', String(loans.breached.id), 'breach', '--level', 'encrypted');
    await assertAccountless(breached.blockHash, breached.txHash, 'loans.lenderAct');
    assert.deepEqual(await lenderAccount(), before, "the lender's account signed nothing and paid nothing");

    const record = await loan(loans.performed.id);
    assert.equal(record.status.kind, 'performed');
    assert.equal(record.alias.nonce, 1, 'the action nonce moved on');
    const last = record.history.at(-1);
    assert.deepEqual([last.change.kind, last.actor, last.by], ['performed', 'lender', null]);
    const breachedRecord = await loan(loans.breached.id);
    assert.equal(breachedRecord.status.kind, 'breached');
    assert.deepEqual(breachedRecord.disclosure, { kind: 'encrypted' });
    assert.equal(breachedRecord.history.at(-1).actor, 'lender');
  });

  test('a used action nonce is refused in the pool as stale; loanctl names a refusal', async () => {
    // The loan's lender key, as the lender's account derives it, signs its first action again.
    const id = loans.performed.id;
    const key = keyring.addFromUri(`${suri('lender1')}//${loans.performed.invitation.handle}`);
    const action = api.tx.loans.lenderAct(id, 0, 'ReportPerformed', u8aToHex(new Uint8Array(64))).args[2];
    const payload = u8aConcat(
      stringToU8a('loanchain:lender-action:v1'),
      api.genesisHash.toU8a(),
      bnToU8a(id, { bitLength: 64 }),
      bnToU8a(0, { bitLength: 32 }),
      action.toU8a(),
    );
    assert.equal(u8aToHex(key.publicKey), (await loan(id)).alias.key, "the loan's lender key");
    const call = api.tx.loans.lenderAct(id, 0, action, u8aToHex(key.sign(payload)));
    const refusal = await provider.send('author_submitExtrinsic', [generalTransaction(call)]).then(
      () => assert.fail('a used nonce was accepted'),
      (error) => error,
    );
    assert.match(`${refusal.message} ${JSON.stringify(refusal.data ?? '')}`, /outdated|Stale/i);

    // Reported loans take no second report: loanctl shows the pool's reason with the error's docs.
    const again = await ctl.fails('lender', 'report', '--as', 'lender1', String(id), 'performed');
    assert.equal(again.error.pallet, 'Loans');
    assert.ok(again.error.error, `a named error: ${again.error.message}`);
    assert.match(again.error.message, /the node refused the transaction: Loans\.\w+: /);
    assert.ok(again.error.docs.length > 0);
  });

  test("the lender reveals a public alias loan with the loan's lender key; the reveal names the payout account", async () => {
    const { id, confirmed } = loans.public;
    await waitFor(async () => (await loan(id)).status.kind === 'feedbackDue', { timeoutMs: 90_000, message: `loan ${id} to be feedback-due` });
    await ctl.json('lender', 'report', '--as', 'lender1', String(id), 'breach', '--level', 'public');
    const before = await lenderAccount();
    const revealed = await ctl.json('disclosure', 'reveal', '--as', 'lender1', String(id));
    assert.equal(revealed.alias, true);
    const events = await assertAccountless(revealed.blockHash, revealed.txHash, 'disclosure.lenderDisclose');
    const event = events.find((e) => e.name === 'disclosure.TermsRevealed');
    assert.deepEqual(event.data, { loan_id: id, by: confirmed.payout });
    assert.deepEqual(await lenderAccount(), before, "the lender's account signed nothing and paid nothing");
    const shown = await ctl.json('disclosure', 'public', String(id));
    assert.deepEqual(shown.terms, { amount: '2500.00', currency: 'EUR', rate_bps: 450 });
    assert.equal(shown.revealedBy, confirmed.payout);
    // A second reveal is refused here, by what the chain holds.
    const again = await ctl.fails('disclosure', 'reveal', '--as', 'lender1', String(id));
    assert.ok(again.error.message.length > 0);
    // Only the account that made the invitation reveals for it.
    const other = await ctl.fails('disclosure', 'reveal', '--as', 'lender2', String(id));
    assert.match(other.error.message, /made by the keystore account "lender1": act with --as lender1/);
  });

  test('a paid query of an alias loan: the watch announces it by the alias, serve-queries delivers it with the lender key, the payout account is paid', async () => {
    const { id, confirmed, invitation } = loans.paid;
    await waitFor(async () => (await loan(id)).status.kind === 'feedbackDue', { timeoutMs: 90_000, message: `loan ${id} to be feedback-due` });
    await ctl.json('lender', 'report', '--as', 'lender1', String(id), 'breach', '--level', 'paid-query', '--fee', '5');
    const price = (await loan(id)).disclosure;
    assert.equal(price.kind, 'paidQuery');
    await ctl.json('keys', 'publish', '--as', 'lender3');

    const from = await bestNumber(api) + 1;
    const watch = ctl.start('watch', '--account', 'lender1', '--kind', 'paid-query', '--count', '1', '--from-block', String(from));
    const payoutBefore = (await api.query.system.account(confirmed.payout)).data.free.toBigInt();
    const before = await lenderAccount();
    const requested = await ctl.json('disclosure', 'request', '--as', 'lender3', String(id), '--max-fee', '5', '--purpose', 'credit check');
    assert.equal(requested.fee, price.fee);
    const requestEvent = (await eventsAt(requested.blockHash)).find((e) => e.name === 'disclosure.QueryRequested');
    assert.equal(requestEvent.data.lender, null, 'the request names no lender');

    const prompt = await watch.waitFor((line) => line.kind === 'paidQueryToDeliver', { timeoutMs: 60_000, message: 'the paid query prompt' });
    assert.deepEqual(prompt, {
      block: requested.block,
      account: pair.lender1.address,
      alias: invitation.alias,
      kind: 'paidQueryToDeliver',
      requestId: requested.requestId,
      loanId: id,
      fee: price.fee,
      deadline: requested.deadline,
    });
    assert.deepEqual(await watch.exited, { code: 0, signal: null });
    const pending = await ctl.json('disclosure', 'pending', '--as', 'lender1');
    assert.deepEqual(pending.pending.map((r) => r.id), [requested.requestId], 'pending lists the alias loan’s request');

    const served = await ctl.json('disclosure', 'serve-queries', '--as', 'lender1', '--once');
    assert.equal(served.requestId, requested.requestId);
    assert.equal(served.delivered, true, JSON.stringify(served));
    const events = await assertAccountless(served.blockHash, served.txHash, 'disclosure.lenderDisclose');
    const delivered = events.find((e) => e.name === 'disclosure.QueryDelivered');
    assert.equal(delivered.data.by, confirmed.payout, 'the fee went to the payout account');
    assert.equal(delivered.data.requester, pair.lender3.address);
    const payoutAfter = (await api.query.system.account(confirmed.payout)).data.free.toBigInt();
    assert.equal(payoutAfter - payoutBefore, BigInt(price.fee), 'the payout account received exactly the fee');
    assert.deepEqual(await lenderAccount(), before, "the lender's account signed nothing and received nothing");

    const read = await ctl.json('decrypt', '--as', 'lender3', String(id), '--request', String(requested.requestId));
    assert.deepEqual(read.access, { kind: 'paidQuery', requestId: requested.requestId });
    assert.deepEqual(read.terms, PAID_TERMS);
    // Delivered once: a second delivery is refused before anything is sent.
    const again = await ctl.fails('disclosure', 'deliver', '--as', 'lender1', String(requested.requestId));
    assert.match(again.error.message, /is delivered already/);
  });

  test("the lender grants and revokes a reader's access with the loan's lender key: no signer, no deposit, the payout account named", async () => {
    const { id, confirmed } = loans.paid;
    await ctl.json('keys', 'publish', '--as', 'lender4');
    const refused = await ctl.fails('decrypt', '--as', 'lender4', String(id));
    assert.match(refused.error.message, /cannot read loan/);
    const before = await lenderAccount();

    const granted = await ctl.json('disclosure', 'grant', '--as', 'lender1', String(id), 'lender4', '--purpose', 'syndication');
    assert.equal(granted.alias, true);
    assert.equal(granted.reader, pair.lender4.address);
    const events = await assertAccountless(granted.blockHash, granted.txHash, 'disclosure.lenderDisclose');
    const event = events.find((e) => e.name === 'disclosure.AccessGranted');
    assert.deepEqual(event.data, { loan_id: id, reader: pair.lender4.address, by: confirmed.payout, deposit: 0 });
    assert.deepEqual(await lenderAccount(), before, "the lender's account signed nothing and paid nothing");
    const { grants } = await ctl.json('disclosure', 'grants', String(id));
    assert.deepEqual(grants.map((g) => [g.reader, g.grantedBy, g.deposit]), [[pair.lender4.address, confirmed.payout, '0']]);
    assert.equal((await api.query.disclosure.lenderGrantNonce(id)).toNumber(), 1, 'the grant moved the nonce on');

    const read = await ctl.json('decrypt', '--as', 'lender4', String(id));
    assert.deepEqual(read.access, { kind: 'grant' });
    assert.deepEqual(read.terms, PAID_TERMS);
    // Another lender's account is no party of the loan: its grant goes the signed way and the chain refuses it.
    const stranger = await ctl.fails('disclosure', 'grant', '--as', 'lender2', String(id), 'lender4', '--purpose', 'x');
    assert.ok(stranger.error.message.length > 0);

    const revoked = await ctl.json('disclosure', 'revoke', '--as', 'lender1', String(id), 'lender4');
    assert.equal(revoked.alias, true);
    const revokeEvents = await assertAccountless(revoked.blockHash, revoked.txHash, 'disclosure.lenderDisclose');
    assert.deepEqual(revokeEvents.find((e) => e.name === 'disclosure.GrantRevoked').data, { loan_id: id, reader: pair.lender4.address, by: confirmed.payout });
    assert.deepEqual((await ctl.json('disclosure', 'grants', String(id))).grants, []);
    assert.equal((await api.query.disclosure.lenderGrantNonce(id)).toNumber(), 2);
    const again = await ctl.fails('decrypt', '--as', 'lender4', String(id));
    assert.match(again.error.message, /cannot read loan/);
  });

  test("a company registers a loan under an alias with the borrower's consent v2 and its operator confirms it: no account or identity of the company appears", async () => {
    const invitationOut = join(ctl.dir, 'acme-invitation.json');
    const requestOut = join(ctl.dir, 'acme-request.json');
    const consentOut = join(ctl.dir, 'acme-consent.json');
    const invited = await ctl.json('lender', 'invite', '--as', 'acmeOp', '--seed', COMPANY_SEED, '--out', invitationOut);
    const request = await ctl.json('company', 'request-consent', '--as', 'acmeOp', '--borrower', 'borrower', '--duration', String(DURATION), '--terms', termsFile, '--invitation', invitationOut, '--out', requestOut);
    assert.equal(request.alias, invited.alias);
    assert.equal(request.company, identity.acme, 'the borrower is told the company, off chain');
    await ctl.json('borrower', 'sign-consent', '--as', 'borrower', requestOut, '--out', consentOut);

    const company = companyLender();
    const from = await bestNumber(api) + 1;
    const watch = ctl.start('watch', '--account', 'borrower', '--kind', 'registered-in-your-name', '--count', '1', '--from-block', String(from));
    const registered = await ctl.json('company', 'register', '--as', 'acmeOp', consentOut);
    assert.equal(registered.alias, invited.alias);
    // The borrower sees the use of its consent, by the alias.
    const prompt = await watch.waitFor((line) => line.kind === 'registeredToAliasInYourName', { timeoutMs: 60_000, message: 'the registration prompt' });
    assert.deepEqual([prompt.loanId, prompt.alias, prompt.duration], [registered.loanId, invited.alias, DURATION]);
    assert.equal((await watch.exited).code, 0);
    const events = await assertAccountless(registered.blockHash, registered.txHash, 'loans.registerForAlias', company);
    const event = events.find((e) => e.name === 'loans.LoanRegisteredToAlias');
    assert.deepEqual(event.data, {
      loan_id: registered.loanId,
      borrower: identity.borrower,
      borrower_account: pair.borrower.address,
      alias: invited.alias,
      duration: DURATION,
      nonce: 0,
    });
    const proposal = await loan(registered.loanId);
    assert.equal(proposal.status.kind, 'proposed');
    assert.deepEqual([proposal.lender, proposal.lenderAccount, proposal.company], [null, null, null]);
    assert.equal(proposal.deposit ?? null, null, 'no account paid a deposit');
    // The consent is used once.
    const again = await ctl.fails('company', 'register', '--as', 'acmeOp', '--seed', COMPANY_SEED, consentOut);
    assert.ok(again.error.message.length > 0);

    const confirmed = await ctl.json('lender', 'confirm', '--as', 'acmeOp', '--seed', COMPANY_SEED, String(registered.loanId));
    assert.equal(confirmed.alias, invited.alias);
    const record = await loan(registered.loanId);
    assert.equal(record.status.kind, 'active');
    assert.deepEqual([record.lender, record.lenderAccount, record.company], [null, null, null]);
    await assertAccountless(confirmed.blockHash, confirmed.txHash, 'loans.confirmAsAlias', company);
    // The auditor learns the company and its operator from the sealed lender record.
    const { lender } = await ctl.json('audit', 'open', '--as', 'auditor', String(registered.loanId));
    assert.equal(lender.identity, identity.acme);
    assert.equal(lender.account, pair.acmeOp.address);
    assert.equal(lender.operator, true);
    loans.corporate = { id: registered.loanId, confirmed };
  });

  test("the company renews its alias loan under a new alias with the borrower's consent: signed by the loan's lender key, no account of the company appears", async () => {
    const previous = loans.corporate.id;
    const invitationOut = join(ctl.dir, 'acme-renewal-invitation.json');
    const requestOut = join(ctl.dir, 'acme-renewal-request.json');
    const consentOut = join(ctl.dir, 'acme-renewal-consent.json');
    // A named consent cannot renew an alias loan: loanctl says to give a new invitation.
    const named = await ctl.fails('company', 'request-consent', '--as', 'acmeOp', '--borrower', 'borrower', '--duration', String(DURATION), '--terms', termsFile, '--renews', String(previous), '--out', requestOut);
    assert.match(named.error.message, /renew it under a new alias, with --invitation/);
    const invited = await ctl.json('lender', 'invite', '--as', 'acmeOp', '--seed', COMPANY_SEED, '--out', invitationOut);
    const request = await ctl.json('company', 'request-consent', '--as', 'acmeOp', '--borrower', 'borrower', '--duration', String(DURATION), '--terms', termsFile, '--renews', String(previous), '--invitation', invitationOut, '--out', requestOut);
    assert.equal(request.alias, invited.alias);
    await ctl.json('borrower', 'sign-consent', '--as', 'borrower', requestOut, '--out', consentOut);

    const company = companyLender();
    const from = await bestNumber(api) + 1;
    const watch = ctl.start('watch', '--account', 'borrower', '--kind', 'registered-in-your-name', '--count', '1', '--from-block', String(from));
    // The renewal proves the new alias afresh: without the company's seed, the operator's own
    // member secret is not the invitation's, and loanctl says to give the seed.
    const unseeded = await ctl.fails('company', 'register', '--as', 'acmeOp', consentOut);
    assert.match(unseeded.error.message, /give the same --seed as then/);
    const renewed = await ctl.json('company', 'register', '--as', 'acmeOp', '--seed', COMPANY_SEED, consentOut);
    assert.deepEqual([renewed.renews, renewed.alias], [previous, invited.alias]);
    assert.ok(renewed.members >= 8, 'proved in a ring of at least MinRingSize (8) members');
    assert.equal(renewed.end - renewed.start, DURATION);
    const prompt = await watch.waitFor((line) => line.kind === 'registeredToAliasInYourName', { timeoutMs: 60_000, message: 'the renewal prompt' });
    assert.deepEqual([prompt.loanId, prompt.alias, prompt.renews], [renewed.loanId, invited.alias, previous]);
    assert.equal((await watch.exited).code, 0);

    const events = await assertAccountless(renewed.blockHash, renewed.txHash, 'loans.renewAsAlias', company);
    assert.deepEqual(events.find((e) => e.name === 'loans.LoanPerformed').data, { loan_id: previous, by: null, early: true });
    assert.deepEqual(events.find((e) => e.name === 'loans.LoanRenewedByAlias').data, {
      previous,
      loan_id: renewed.loanId,
      borrower: identity.borrower,
      borrower_account: pair.borrower.address,
      alias: invited.alias,
      start: renewed.start,
      end: renewed.end,
      nonce: 1,
    });
    const old = await loan(previous);
    assert.equal(old.status.kind, 'performed');
    assert.equal(old.renewedBy, renewed.loanId);
    const record = await loan(renewed.loanId);
    assert.equal(record.status.kind, 'active');
    assert.equal(record.renews, previous);
    assert.deepEqual([record.lender, record.lenderAccount, record.company], [null, null, null]);
    assert.equal(record.alias.alias, invited.alias);
    assert.equal(record.alias.key, renewed.lenderKey, "the follow-on's own lender key");
    assert.notEqual(record.alias.key, loans.corporate.confirmed.lenderKey);
    // The consent is used once, and a renewed loan is not renewed again.
    const again = await ctl.fails('company', 'register', '--as', 'acmeOp', '--seed', COMPANY_SEED, consentOut);
    assert.ok(again.error.message.length > 0);
    // The auditor learns the company from the follow-on's sealed lender record.
    const { lender } = await ctl.json('audit', 'open', '--as', 'auditor', String(renewed.loanId));
    assert.deepEqual([lender.identity, lender.account, lender.operator], [identity.acme, pair.acmeOp.address, true]);
    loans.renewed = { id: renewed.loanId };
  });

  test("metadata scan: nothing a member node holds about lender1's alias loans names it, shows the sealed terms, or links two of its loans", async () => {
    const best = await bestNumber(api);
    const address = pair.lender1.address;
    const markers = {
      ...lenderMarkers,
      'paid terms': u8aToHex(stringToU8a(PAID_TERMS.note)).slice(2),
      'request purpose': u8aToHex(stringToU8a('credit check')).slice(2),
      'grant purpose': u8aToHex(stringToU8a('syndication')).slice(2),
      'company account': u8aToHex(pair.acme.publicKey).slice(2),
      'operator account': u8aToHex(pair.acmeOp.publicKey).slice(2),
    };
    const leaks = (text) => Object.entries(markers).filter(([, marker]) => text.includes(marker)).map(([what]) => what);
    const ids = ['performed', 'breached', 'wrongProof', 'paid', 'public', 'corporate', 'renewed'].map((name) => loans[name].id);
    const lenderAddresses = [address, pair.acme.address, pair.acmeOp.address];
    const blockHashes = [];
    for (let number = 1; number <= best; number++) blockHashes.push((await api.rpc.chain.getBlockHash(number)).toHex());

    // Every event of the loans and disclosure pallets, at every block: no lender account,
    // key or identity, no sealed terms.
    const loanEvents = new Map(ids.map((id) => [id, []]));
    let scannedEvents = 0;
    for (const hash of blockHashes) {
      for (const event of await eventsAt(hash)) {
        const section = event.name.split('.')[0];
        if (section !== 'loans' && section !== 'disclosure') continue;
        scannedEvents++;
        const text = JSON.stringify(event.data);
        assert.deepEqual(leaks(text), [], `${event.name} at ${hash} holds the lender's ${leaks(text)}`);
        assert.ok(!text.includes(address), `${event.name} names the lender's address`);
        if (ids.includes(event.data.loan_id)) {
          for (const field of ['lender', 'identity', 'company', 'operator', 'by', 'who']) {
            assert.notEqual(event.data[field], identity.lender1, `${event.name}.${field} names the lender's identity`);
            assert.notEqual(event.data[field], identity.acme, `${event.name}.${field} names the company's identity`);
          }
          loanEvents.get(event.data.loan_id).push(event);
        }
      }
    }
    assert.ok(scannedEvents > 20, `the scan saw the loans' events (${scannedEvents})`);

    // Every extrinsic of every block: the lender's account signs none of the loans' or the
    // disclosures' calls (only its own registrations: the ring key, the encryption key), and
    // none of those calls carries a marker.
    const loanExtrinsics = new Map(ids.map((id) => [id, []]));
    for (const hash of blockHashes) {
      const { block } = await provider.send('chain_getBlock', [hash]);
      for (const raw of block.extrinsics) {
        const extrinsic = api.createType('Extrinsic', raw);
        const call = `${extrinsic.method.section}.${extrinsic.method.method}`;
        const section = extrinsic.method.section;
        if (extrinsic.isSigned && lenderAddresses.includes(extrinsic.signer.toString())) {
          assert.ok(section !== 'loans' && section !== 'disclosure', `a lender's account signed ${call}`);
        }
        if (section !== 'loans' && section !== 'disclosure') continue;
        assert.deepEqual(leaks(raw), [], `${call} at ${hash} holds the lender's ${leaks(raw)}`);
        const loanId = extrinsic.method.args[0]?.toJSON?.();
        if (ids.includes(loanId) && !extrinsic.isSigned) loanExtrinsics.get(loanId).push(hexToU8a(raw));
      }
    }

    // The whole state of the two pallets at several blocks (after the confirmations, the
    // reports, the disclosures, and now): no marker in any key or value.
    const prefixes = ['Loans', 'Disclosure'].map((pallet) => xxhashAsHex(pallet, 128));
    const at = [loans.breached.confirmed.blockHash, loans.paid.confirmed.blockHash, blockHashes[Math.floor(best * 0.75)], blockHashes.at(-1)];
    let scannedEntries = 0;
    for (const hash of at) {
      for (const [key, value] of await stateAt(hash)) {
        if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
        scannedEntries++;
        assert.deepEqual(leaks(key + (value ?? '')), [], `the storage entry ${key} at ${hash} holds the lender's ${leaks(key + (value ?? ''))}`);
      }
    }
    assert.ok(scannedEntries > 20, `the scan saw the pallets' state (${scannedEntries} entries)`);
    // The same scan does see a named lender: lender2's loan names its account in that state.
    const named = u8aToHex(pair.lender2.publicKey).slice(2);
    const seen = [...(await stateAt(blockHashes.at(-1)))].filter(([key, value]) => prefixes.some((prefix) => key.startsWith(prefix)) && (key + (value ?? '')).includes(named));
    assert.ok(seen.length > 0, "the scan finds the named lender's account in the pallets' state");

    // Every public RPC answer about the loans, the borrower and the lender.
    const answers = [];
    for (const id of ids) {
      const record = await loan(id);
      assert.deepEqual([record.lender, record.lenderAccount, record.company], [null, null, null], `loans_loan(${id}) names no lender`);
      answers.push(['loans_loan', record], ['disclosure_grants', await provider.send('disclosure_grants', [id])]);
      answers.push(['disclosure_publicTerms', await provider.send('disclosure_publicTerms', [id])]);
    }
    answers.push(['loans_borrowerSummary', await provider.send('loans_borrowerSummary', [pair.borrower.address])]);
    answers.push(['disclosure_inquiries', await provider.send('disclosure_inquiries', [pair.borrower.address])]);
    for (let request = 0; request < (await api.query.disclosure.nextRequestId()).toNumber(); request++) {
      answers.push(['disclosure_request', await provider.send('disclosure_request', [request])]);
    }
    for (const [method, answer] of answers) {
      const text = JSON.stringify(answer);
      assert.deepEqual(leaks(text), [], `${method} answers the lender's ${leaks(text)}`);
      assert.ok(!text.includes(address), `${method} names the lender's address`);
    }
    // Nothing is listed under the lender.
    assert.deepEqual(await provider.send('loans_proposalsTo', [address]), []);
    assert.deepEqual(await provider.send('loans_feedbackDue', [address]), []);
    assert.deepEqual(await provider.send('disclosure_requestsForLender', [address]), []);

    // Two loans of the same lender share no value: not in their records, their events, or the
    // bytes of the lender's transactions (beyond the borrower, which is the same by design).
    const [a, b] = [loans.performed.id, loans.breached.id];
    const borrowerValues = new Set([pair.borrower.address, u8aToHex(pair.borrower.publicKey)]);
    const longValues = (value, out = new Set()) => {
      if (typeof value === 'string' && value.length >= 40) out.add(value);
      else if (value && typeof value === 'object') for (const inner of Object.values(value)) longValues(inner, out);
      return out;
    };
    const shared = (x, y) => [...longValues(x)].filter((value) => longValues(y).has(value) && !borrowerValues.has(value));
    assert.deepEqual(shared(await loan(a), await loan(b)), [], 'the two records share a value');
    assert.deepEqual(shared(loanEvents.get(a).map((e) => e.data), loanEvents.get(b).map((e) => e.data)), [], 'the two loans\' events share a value');
    assert.ok(loanExtrinsics.get(a).length >= 2 && loanExtrinsics.get(b).length >= 2, 'each loan has its confirmation and report');
    const windows = (list) => {
      const out = new Set();
      for (const bytes of list) for (let i = 0; i + 16 <= bytes.length; i++) out.add(u8aToHex(bytes.subarray(i, i + 16)));
      return out;
    };
    const inB = windows(loanExtrinsics.get(b));
    const common = [...windows(loanExtrinsics.get(a))].filter((window) => inB.has(window));
    assert.deepEqual(common, [], "the two loans' transactions share 16 bytes");
  });
});
