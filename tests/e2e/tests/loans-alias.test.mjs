// Alias loans on a real dev node (docs/privacy.md, sections 1 to 3), driven by loanctl and
// checked with @polkadot/api: enough lenders register ring keys for the ring to accept proofs;
// a lender invites (a fresh alias of its ring key, kept beside its keystore); the borrower
// proposes to the invitation's alias; the lender confirms with a ring proof and, at expiry,
// reports performed or breached, each as a general transaction (extrinsic v5, no signer, no
// fee). The blocks of those transactions hold no signer, and none of their events names the
// lender's account or identity; `loans_loan` shows the alias and the actor `lender`; the lender's
// watch finds its alias loans by scanning, resumably; the per-loan lender key derives from the
// lender's account as documented; a wrong ring proof and a used action nonce are refused in the
// pool, by name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { bnToU8a, compactFromU8a, compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { bestNumber, connect, startDevNode, waitFor } from '../lib/node.mjs';
import { loanctlSession } from '../lib/loanctl.mjs';
import { admitAttestor, attest, endow } from '../lib/parties.mjs';

/** The runtime's MinRingSize: a ring accepts proofs from this many members on. */
const MIN_RING = 8;
/** The lenders with ring keys; `lender1` lends in this test. */
const LENDERS = Array.from({ length: MIN_RING }, (_, i) => `lender${i + 1}`);
/** Loan periods are a few blocks (2 s each on the dev chain), so expiry comes within the test. */
const DURATION = 8;
/** The secret URI of a test account. */
const suri = (name) => `//Alias//${name}`;

/** The bytes of `call` as a general transaction, as the runtime reads it: version 5 with the
 * general bit, extension version 0, the explicit extension data of a transaction without a
 * signer (immortal era, nonce 0, tip 0, no metadata hash), then the call. */
function generalTransaction(call) {
  const body = u8aConcat(new Uint8Array([0x45, 0x00, 0x00, 0x00, 0x00, 0x00]), call.method.toU8a());
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

describe('alias loans on a dev chain', () => {
  let node, api, provider, ctl, keyring, alice, bob;
  const pair = {};
  const identity = {};
  const loans = {};
  let invitationFile, termsFile, watchCursor;

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

  /**
   * Checks the block of the transaction `txHash` (in block `blockHash`): the transaction is a
   * general one, with no signer, of `loans.<method>`; no event of the block names `lender1`'s
   * account (in any form) or its identity. Returns the block's events.
   */
  async function assertAccountless(blockHash, txHash, method) {
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
    assert.equal(`${extrinsic.method.section}.${extrinsic.method.method}`, `loans.${method}`);
    const address = pair.lender1.address;
    const publicKey = u8aToHex(pair.lender1.publicKey).slice(2);
    assert.ok(!raw.includes(publicKey), "the transaction's bytes hold no trace of the lender's account");
    const events = await eventsAt(blockHash);
    for (const event of events) {
      const text = JSON.stringify(event.data);
      assert.ok(!text.includes(address) && !text.includes(publicKey), `${event.name} names the lender's account: ${text}`);
      for (const field of ['lender', 'lenderAccount', 'identity', 'company', 'by', 'who']) {
        if (field in event.data) {
          assert.notEqual(event.data[field], identity.lender1, `${event.name}.${field} names the lender's identity`);
          assert.notEqual(event.data[field], address, `${event.name}.${field} names the lender's account`);
        }
      }
      if (event.extrinsic === index) {
        assert.ok(!event.name.startsWith('transactionPayment.'), `${event.name}: no fee is charged`);
      }
    }
    const own = events.filter((event) => event.extrinsic === index).map((event) => event.name);
    assert.ok(own.includes('system.ExtrinsicSuccess'), `the transaction succeeded: ${own}`);
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
    for (const name of LENDERS) await ctl.json('lender', 'ring', 'register', '--as', name);
    invitationFile = join(ctl.dir, 'invitation.json');
    termsFile = join(ctl.dir, 'terms.json');
    watchCursor = join(ctl.dir, 'watch.cursor');
    writeFileSync(termsFile, JSON.stringify({ amount: '2500.00', currency: 'EUR', rate_bps: 450 }));
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
    assert.equal(invited.members, MIN_RING);
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
    loans.wrongProof.id = (await ctl.json('borrower', 'propose', '--as', 'borrower', '--invitation', JSON.stringify(loans.wrongProof.invitation), '--duration', String(DURATION), '--terms', termsFile)).loanId;

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
    assert.equal(confirmed.members, MIN_RING);
    loans.performed.confirmed = confirmed;
    const events = await assertAccountless(confirmed.blockHash, confirmed.txHash, 'confirmAsAlias');
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

    const second = await ctl.json('lender', 'confirm', '--as', 'lender1', String(loans.breached.id));
    await assertAccountless(second.blockHash, second.txHash, 'confirmAsAlias');
    assert.notEqual(second.lenderKey, confirmed.lenderKey, 'a lender key per loan');
    assert.notEqual(second.payout, confirmed.payout, 'a payout account per loan');
    loans.breached.confirmed = second;

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
    const call = api.tx.loans.confirmAsAlias(
      loans.wrongProof.id,
      loans.wrongProof.invitation.handle,
      ring.ring,
      ring.revision,
      u8aToHex(new Uint8Array(32).fill(1)),
      pair.lender2.address,
      u8aToHex(new Uint8Array(785).fill(3)),
    );
    const refusal = await provider.send('author_submitExtrinsic', [generalTransaction(call)]).then(
      () => assert.fail('a wrong proof was accepted'),
      (error) => error,
    );
    const code = Number(/Custom error: (\d+)/.exec(`${refusal.message} ${JSON.stringify(refusal.data ?? '')}`)?.[1]);
    const loansIndex = call.method.callIndex[0];
    assert.equal(api.registry.findMetaError(new Uint8Array([loansIndex, code])).name, 'BadRingProof', `refused with ${refusal.message}`);
    assert.equal((await loan(loans.wrongProof.id)).status.kind, 'proposed', 'nothing changed');
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
    const events = await assertAccountless(performed.blockHash, performed.txHash, 'lenderAct');
    const event = events.find((e) => e.name === 'loans.LoanPerformed');
    assert.equal(event.data.by, null);
    const breached = await ctl.json('lender', 'report', '--as', 'lender1', String(loans.breached.id), 'breach', '--level', 'encrypted');
    await assertAccountless(breached.blockHash, breached.txHash, 'lenderAct');
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
});
