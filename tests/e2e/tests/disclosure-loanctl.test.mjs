// Tiered disclosure on a real dev node driven through the `loanctl` binary, run as a process
// (lib/loanctl.mjs), with its sealing checked against libsodium in JavaScript (lib/sealing.mjs)
// both ways: terms loanctl sealed open in JavaScript for a lender whose key lives only there, an
// envelope JavaScript sealed opens in loanctl, and a grant capsule loanctl sealed opens in
// JavaScript. Then every
// tier as a user runs it: public (reveal, read by a stranger), encrypted (refused, granted,
// revoked), a paid query that `watch` announces and `serve-queries` delivers (balances: the
// requester pays exactly the fee and the inquiry fee, the lender receives exactly the fee), one
// refunded at its deadline and one cancelled with notice (only transaction fees and the inquiry
// fee spent), the borrower's inquiry log, and a
// scan of state and extrinsics that finds the terms of the revealed loan only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto';
import { connect, rpc, startDevNode, waitFor } from '../lib/node.mjs';
import { loanctlSession } from '../lib/loanctl.mjs';
import { submit } from '../lib/tx.mjs';
import { commitment as commit, decryptTerms, NoteKind, openDataKey, openNote, openTerms, parseEnvelope, sealTerms } from '../lib/sealing.mjs';

const DURATION = 8;
/** The paid-query deadline the consortium sets for the refund test, in blocks. */
const QUERY_DEADLINE = 6;
const UNIT = 10n ** 12n;
const FEE = '2.5';
const FEE_UNITS = (5n * UNIT) / 2n;

/** `value` as loanctl writes terms: compact JSON with the keys of every object sorted. */
function canonicalJson(value) {
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
    return v;
  };
  return JSON.stringify(sorted(value));
}

/** Every marker put into terms, by name, for the privacy scan. */
const markers = {};
const marker = (name) => (markers[name] = `MARKER-${name}-${u8aToHex(randomAsU8a(8)).slice(2)}`);

describe('tiered disclosure through loanctl on a dev chain', () => {
  let node, api, provider, genesis, ctl;
  // Keyring pairs of the accounts whose keys live only in JavaScript.
  let jsLender, jsBorrower, jsReader;
  /** Addresses by keystore name, and the encryption keys loanctl published. */
  const address = {};
  const published = {};
  /** X25519 key pairs generated here (secret keys never leave this process). */
  const jsKeys = {};
  /** The loans of the tier tests, proposed and confirmed during setup: name -> { id, terms }. */
  const loans = {};
  const requests = {};

  const loanRecord = (id) => provider.send('loans_loan', [id]);
  const free = async (who) => (await api.query.system.account(who)).data.free.toBigInt();
  // What a request (or a grant) burns for its inquiry-log entry, and how long a cancelled
  // request stays deliverable: the runtime's constants.
  const inquiryFee = () => api.consts.disclosure.inquiryFee.toBigInt();
  const cancelNotice = () => api.consts.disclosure.cancelNotice.toNumber();
  /** The transaction fees `who` paid in the block with hash `blockHash`. */
  async function feesPaid(blockHash, who) {
    const events = await (await api.at(blockHash)).query.system.events();
    return events
      .map(({ event }) => event)
      .filter((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid' && e.data.who.toString() === who)
      .reduce((sum, e) => sum + e.data.actualFee.toBigInt(), 0n);
  }

  /** Writes `text` to a terms file in the session folder and returns its path. */
  function termsFile(name, text) {
    const path = join(ctl.dir, `${name}.terms.json`);
    writeFileSync(path, text);
    return path;
  }

  /**
   * Once its feedback is due, the lender (dave) reports loan `name` breached; `level` are the
   * arguments after `--level` (`'paid-query', '--fee', '2.5'`).
   */
  async function breach(name, ...level) {
    const { id } = loans[name];
    await waitFor(async () => (await ctl.json('lender', 'feedback-due', '--as', 'dave')).feedbackDue.some((due) => due.loanId === id), {
      timeoutMs: 90_000,
      intervalMs: 2_000,
      message: `loan ${id} (${name}) to be feedback-due`,
    });
    const reported = await ctl.json('lender', 'report', '--as', 'dave', String(id), 'breach', '--level', ...level);
    assert.equal(reported.outcome.kind, 'breached');
    assert.equal((await loanRecord(id)).status.kind, 'breached');
    return reported;
  }

  before(async () => {
    await cryptoWaitReady();
    await sodium.ready;
    node = await startDevNode();
    ({ api, provider } = await connect(node.wsUrl));
    genesis = api.genesisHash.toU8a();
    ctl = loanctlSession({ url: node.wsUrl });
    const keyring = new Keyring({ type: 'sr25519' });
    [jsLender, jsBorrower, jsReader] = ['//Loanchain//js-lender', '//Loanchain//js-borrower', '//Loanchain//js-reader'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    await ctl?.close();
    await api?.disconnect();
    await node?.stop();
  });

  test('setup through loanctl: keystore, attestor, attestations, encryption keys', async () => {
    // Alice is the consortium, Bob the attestor, Charlie the borrower, Dave the lender, Eve a
    // stranger (later a reader and a requester), Ferdie a requester.
    for (const name of ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie']) {
      const account = await ctl.importKey(name, `//${name[0].toUpperCase()}${name.slice(1)}`);
      assert.equal(account.name, name);
      assert.equal(account.encryptionKeySource, 'derived');
      address[name] = account.address;
    }
    assert.deepEqual((await ctl.json('keys', 'list')).accounts.map((a) => a.name).sort(), Object.keys(address).sort());

    const motion = await ctl.json('consortium', 'propose', '--as', 'alice', 'admit-attestor', 'bob');
    assert.equal(motion.executed, true);
    assert.ok((await api.query.attestations.attestors(address.bob)).isSome, 'Bob is an attestor');

    // Alice funds the accounts of the JavaScript side while Bob attests everyone; each party
    // publishes its key as soon as it is attested; the loans of the tier tests are proposed and
    // confirmed as soon as Charlie and Dave have keys, so that they expire early.
    const jsAccounts = [jsLender, jsBorrower, jsReader];
    const funding = (async () => {
      for (const pair of jsAccounts) {
        const sent = await ctl.json('transfer', '--as', 'alice', pair.address, '100');
        assert.equal(sent.amount, (100n * UNIT).toString());
      }
    })();
    const attest = async (account, subject) => {
      const attested = await ctl.json('attestor', 'attest', '--as', 'bob', account, '--kind', 'person', '--commitment', blake2AsHex(`e2e loanctl subject ${subject}`, 256));
      assert.equal(attested.newIdentity, true, `${subject} gets an identity of its own`);
      return attested;
    };
    const publish = async (name) => {
      const result = await ctl.json('keys', 'publish', '--as', name);
      assert.equal(result.account, address[name]);
      published[name] = result.encryptionKey;
    };
    const publishing = {};
    for (const name of ['charlie', 'dave']) {
      await attest(name, name);
      publishing[name] = publish(name);
    }
    const proposing = (async () => {
      await Promise.all([publishing.charlie, publishing.dave]);
      const confirming = [];
      for (const name of ['public', 'encrypted', 'paid']) {
        const terms = { note: marker(name), currency: 'EUR', amount: '2500.00', rate_bps: 450, schedule: { installments: 12, every: 'month' } };
        const file = termsFile(name, JSON.stringify(terms, null, 2));
        const proposed = await ctl.json('borrower', 'propose', '--as', 'charlie', '--lender', 'dave', '--duration', String(DURATION), '--terms', file);
        loans[name] = { id: proposed.loanId, terms };
        confirming.push(ctl.json('lender', 'confirm', '--as', 'dave', String(proposed.loanId)).then(async (confirmed) => {
          assert.equal(confirmed.end - confirmed.start, DURATION);
          assert.equal((await loanRecord(proposed.loanId)).status.kind, 'active', `the ${name} loan is active once confirmed`);
        }));
      }
      await Promise.all(confirming);
    })();
    for (const name of ['eve', 'ferdie']) {
      await attest(name, name);
      publishing[name] = publish(name);
    }
    await funding;
    for (const pair of jsAccounts) await attest(pair.address, pair.address);
    await Promise.all([proposing, ...Object.values(publishing)]);

    // The JavaScript side generates its X25519 key pairs with libsodium and registers the
    // public keys with @polkadot/api, each signed by its own account.
    await Promise.all(
      jsAccounts.map(async (pair) => {
        const { publicKey, privateKey } = sodium.crypto_box_keypair();
        await submit(api, api.tx.attestations.setEncryptionKey(u8aToHex(publicKey)), pair);
        jsKeys[pair.address] = { publicKey, secretKey: privateKey };
      }),
    );

    for (const name of ['charlie', 'dave', 'eve', 'ferdie']) {
      const shown = await ctl.json('show', 'account', name);
      assert.equal(shown.attestation, 'valid', `${name} is attested`);
      assert.equal(shown.encryptionKey, published[name], `${name}'s published key is on chain`);
      assert.equal((await api.query.attestations.encryptionKeys(address[name])).unwrap().toHex(), published[name]);
    }
    for (const pair of jsAccounts) {
      assert.equal((await ctl.json('show', 'account', pair.address)).encryptionKey, u8aToHex(jsKeys[pair.address].publicKey));
    }
    // The tier loans end DURATION blocks after their confirmation, so on a busy machine the rest
    // of the setup may outlast them: by now each is still active or already feedback-due.
    for (const name of ['public', 'encrypted', 'paid']) {
      const { status } = await loanRecord(loans[name].id);
      assert.ok(['active', 'feedbackDue'].includes(status.kind), `the ${name} loan is active or feedback-due, not ${status.kind}`);
    }
  });

  test('loanctl → JavaScript: terms loanctl sealed open with a key that lives only in JavaScript', async () => {
    const terms = { note: marker('to-js'), currency: 'EUR', amount: '780.00', rate_bps: 325, schedule: { installments: 6, start: '2025-03-01' }, memo: 'Zürich €' };
    const fileText = JSON.stringify(terms, null, 2);
    const proposed = await ctl.json('borrower', 'propose', '--as', 'charlie', '--lender', jsLender.address, '--duration', String(DURATION), '--terms', termsFile('to-js', fileText));
    const id = proposed.loanId;
    assert.equal(proposed.lender, jsLender.address);
    await submit(api, api.tx.loans.confirm(id), jsLender);

    const record = await loanRecord(id);
    assert.equal(record.status.kind, 'active');
    assert.equal(record.commitment, proposed.commitment, 'the chain holds the commitment loanctl printed');
    const envelope = hexToU8a(record.sealedTerms);
    // Sealed (format v2, no recipient key in clear) for two recipients: the lender's key
    // registered from JavaScript opens it, a stranger's key does not, and the borrower's key,
    // which lives in loanctl, opens it below (`decrypt --as charlie`).
    assert.equal(envelope[0], 2);
    assert.equal(parseEnvelope(envelope).capsules.length, 2);
    assert.equal(openDataKey({ secretKey: jsKeys[jsLender.address].secretKey, envelope }).length, 32);
    assert.throws(
      () => openDataKey({ secretKey: sodium.crypto_box_keypair().privateKey, envelope }),
      (error) => error.code === 'NotARecipient',
    );
    const { terms: opened, salt } = openTerms({
      secretKey: jsKeys[jsLender.address].secretKey,
      genesisHash: genesis,
      commitment: hexToU8a(record.commitment),
      envelope,
    });
    const expected = canonicalJson(terms);
    assert.notEqual(expected, fileText, 'the file was not canonical JSON');
    assert.equal(u8aToString(opened), expected, 'the sealed terms are the canonical JSON of the file');
    assert.equal(u8aToHex(commit(opened, salt)), record.commitment, 'blake2b-256(terms || salt) is the commitment');
    // loanctl reads back the same bytes and salt as the borrower.
    const read = await ctl.json('decrypt', '--as', 'charlie', String(id));
    assert.deepEqual(read.access, { kind: 'envelope' });
    assert.equal(read.salt, u8aToHex(salt));
    assert.equal(canonicalJson(read.terms), expected);
  });

  test('JavaScript → loanctl: an envelope and a grant capsule sealed with libsodium open in loanctl, and back', async () => {
    // JavaScript seals the terms to its borrower's key and to the key Dave published with
    // loanctl, read from the chain; the borrower proposes with @polkadot/api.
    const daveKey = (await api.query.attestations.encryptionKeys(address.dave)).unwrap().toU8a();
    assert.equal(u8aToHex(daveKey), published.dave);
    const text = `{"note":"${marker('from-js')}","currency":"EUR","amount":"1200.00","installments":9}`;
    const terms = stringToU8a(text);
    const salt = randomAsU8a(32);
    const commitment = commit(terms, salt);
    const envelope = sealTerms({ terms, salt, genesisHash: genesis, commitment, recipients: [jsKeys[jsBorrower.address].publicKey, daveKey] });
    const events = await submit(api, api.tx.loans.propose(address.dave, DURATION, u8aToHex(commitment), u8aToHex(envelope)), jsBorrower);
    const id = events.find((e) => e.section === 'loans' && e.method === 'LoanProposed').data.loanId.toNumber();
    await ctl.json('lender', 'confirm', '--as', 'dave', String(id));

    const read = await ctl.json('decrypt', '--as', 'dave', String(id));
    assert.deepEqual(read, {
      loanId: id,
      terms: JSON.parse(text),
      salt: u8aToHex(salt),
      access: { kind: 'envelope' },
      matchesCommitment: true,
    });
    // Text output prints the terms byte for byte as JavaScript sealed them (keys unsorted).
    const lines = (await ctl.text('decrypt', '--as', 'dave', String(id))).split('\n');
    assert.match(lines[0], /match the commitment on chain/);
    assert.equal(lines[1], text);

    // loanctl seals a grant capsule to a reader whose key lives only in JavaScript; JavaScript
    // opens it with crypto_box_seal_open and decrypts the envelope with the data key.
    const granted = await ctl.json('disclosure', 'grant', '--as', 'dave', String(id), jsReader.address, '--purpose', 'interop audit');
    assert.equal(granted.reader, jsReader.address);
    const grants = await rpc(node.rpcPort, 'disclosure_grants', [id]);
    assert.deepEqual(grants.map((g) => [g.reader, g.grantedBy]), [[jsReader.address, address.dave]]);
    const capsule = hexToU8a(grants[0].capsule);
    assert.equal(capsule.length, 112);
    const { publicKey, secretKey } = jsKeys[jsReader.address];
    assert.equal(u8aToHex(capsule.subarray(0, 32)), u8aToHex(publicKey), 'the capsule names the reader key');
    const dataKey = sodium.crypto_box_seal_open(capsule.subarray(32), publicKey, secretKey);
    const decrypted = decryptTerms({ dataKey, genesisHash: genesis, commitment, envelope: hexToU8a((await loanRecord(id)).sealedTerms) });
    assert.equal(u8aToHex(decrypted.salt), u8aToHex(salt));
    assert.equal(u8aToString(decrypted.terms), text);
    // The JavaScript borrower's inquiry log shows the grant (loanctl reads any account's log).
    // Its purpose, sealed by loanctl to the auditors and the borrower, opens with libsodium.
    const log = (await ctl.json('disclosure', 'inquiries', jsBorrower.address)).inquiries;
    assert.deepEqual(
      log.map((entry) => [entry.loanId, entry.reader, entry.outcome.kind, entry.outcome.by, entry.purpose]),
      [[id, jsReader.address, 'granted', address.dave, undefined]],
    );
    const purpose = openNote({ secretKey: jsKeys[jsBorrower.address].secretKey, genesisHash: genesis, loanId: id, kind: NoteKind.grantPurpose, envelope: hexToU8a(log[0].sealedPurpose) });
    assert.equal(purpose, 'interop audit');
  });

  test('public: the lender reveals with loanctl; a stranger reads the terms', async () => {
    const { id, terms } = loans.public;
    await breach('public', 'public');
    const notYet = await ctl.fails('disclosure', 'public', String(id));
    assert.match(notYet.error.message, /not public/);

    const revealed = await ctl.json('disclosure', 'reveal', '--as', 'dave', String(id));
    assert.equal(revealed.loanId, id);
    const shown = await ctl.json('disclosure', 'public', String(id));
    assert.deepEqual(shown.terms, terms);
    assert.equal(shown.matchesCommitment, true);
    assert.equal(shown.revealedBy, address.dave);
    assert.equal(shown.revealedAt, revealed.block);
    // The chain holds exactly the canonical bytes, and they hash with the salt to the commitment.
    const onChain = await rpc(node.rpcPort, 'disclosure_publicTerms', [id]);
    assert.equal(onChain.termsText, canonicalJson(terms));
    assert.equal(blake2AsHex(new Uint8Array([...hexToU8a(onChain.terms), ...hexToU8a(onChain.salt)]), 256), (await loanRecord(id)).commitment);

    const read = await ctl.json('decrypt', '--as', 'eve', String(id));
    assert.deepEqual(read.access, { kind: 'public' });
    assert.deepEqual(read.terms, terms);
    assert.equal(read.salt, shown.salt);
    assert.equal(read.matchesCommitment, true);
  });

  test('encrypted: a stranger cannot read; a grant lets it read; the grant is listed and revoked', async () => {
    const { id, terms } = loans.encrypted;
    await breach('encrypted', 'encrypted');
    const refused = await ctl.fails('decrypt', '--as', 'eve', String(id));
    assert.equal(refused.code, 1);
    assert.match(refused.error.message, /cannot read loan/);
    assert.doesNotMatch(refused.stdout, new RegExp(terms.note), 'nothing of the terms is printed');

    const granted = await ctl.json('disclosure', 'grant', '--as', 'charlie', String(id), 'eve', '--purpose', 'mortgage application');
    assert.equal(granted.reader, address.eve);
    const read = await ctl.json('decrypt', '--as', 'eve', String(id));
    assert.deepEqual(read.access, { kind: 'grant' });
    assert.deepEqual(read.terms, terms);
    assert.equal(read.matchesCommitment, true);

    const { grants } = await ctl.json('disclosure', 'grants', String(id));
    assert.equal(grants.length, 1);
    assert.equal(grants[0].reader, address.eve);
    assert.equal(grants[0].grantedBy, address.charlie);
    assert.equal(grants[0].grantedAt, granted.block);
    assert.equal(hexToU8a(grants[0].capsule).length, 112);
    assert.equal(u8aToHex(hexToU8a(grants[0].capsule).subarray(0, 32)), published.eve);

    const revoked = await ctl.json('disclosure', 'revoke', '--as', 'charlie', String(id), 'eve');
    assert.equal(revoked.reader, address.eve);
    assert.deepEqual((await ctl.json('disclosure', 'grants', String(id))).grants, []);
    const again = await ctl.fails('decrypt', '--as', 'eve', String(id));
    assert.match(again.error.message, /cannot read loan/);
  });

  test('paid query: watch announces it, serve-queries delivers it, the fee moves exactly', async () => {
    const { id, terms } = loans.paid;
    await breach('paid', 'paid-query', '--fee', FEE);
    assert.deepEqual((await loanRecord(id)).disclosure, { kind: 'paidQuery', fee: FEE_UNITS.toString() });
    // A maximum below the lender's price is refused by the chain.
    const below = await ctl.fails('disclosure', 'request', '--as', 'ferdie', String(id), '--max-fee', '2.4', '--purpose', 'credit check');
    assert.equal(below.error.pallet, 'Disclosure');
    assert.equal(below.error.error, 'FeeBelowPrice');

    const from = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
    const watch = ctl.start('watch', '--account', 'dave', '--kind', 'paid-query', '--count', '1', '--from-block', String(from));
    const serve = ctl.start('disclosure', 'serve-queries', '--as', 'dave', '--count', '1');
    try {
      await serve.waitForStderr('serving the paid queries');
      const ferdieBefore = await free(address.ferdie);
      const daveBefore = await free(address.dave);

      const requested = await ctl.json('disclosure', 'request', '--as', 'ferdie', String(id), '--max-fee', '3', '--purpose', 'credit check');
      const requestId = requested.requestId;
      requests.delivered = requestId;
      assert.equal(requested.loanId, id);
      assert.equal(requested.fee, FEE_UNITS.toString(), 'the lender’s price is held, not the maximum');

      const delivery = await serve.waitFor((line) => line.requestId === requestId, { timeoutMs: 30_000, message: `the delivery of request ${requestId}` });
      assert.equal(delivery.delivered, true, JSON.stringify(delivery));
      assert.equal(delivery.loanId, id);
      assert.equal(delivery.requester, address.ferdie);
      assert.equal(delivery.fee, FEE_UNITS.toString());
      const prompt = await watch.waitFor((line) => line.kind === 'paidQueryToDeliver', { timeoutMs: 30_000, message: 'the paid query prompt' });
      assert.deepEqual(prompt, {
        block: requested.block,
        account: address.dave,
        kind: 'paidQueryToDeliver',
        requestId,
        loanId: id,
        fee: FEE_UNITS.toString(),
        deadline: requested.deadline,
      });
      assert.deepEqual(await serve.exited, { code: 0, signal: null }, 'serve-queries stops after --count deliveries');
      assert.deepEqual(await watch.exited, { code: 0, signal: null }, 'watch stops after --count prompts');
      assert.equal(serve.lines.length, 1);
      assert.equal(watch.lines.length, 1);

      const shown = await ctl.json('disclosure', 'show-request', String(requestId));
      assert.equal(shown.status.kind, 'delivered');
      assert.equal(shown.status.by, address.dave);
      assert.equal(shown.status.at, delivery.block);
      assert.equal(shown.purpose, undefined, 'the purpose is sealed');
      assert.match(shown.sealedPurpose, /^0x[0-9a-f]+$/);
      // The borrower opens it.
      assert.equal((await ctl.json('disclosure', 'show-request', '--as', 'charlie', String(requestId))).purpose, 'credit check');
      const read = await ctl.json('decrypt', '--as', 'ferdie', String(id), '--request', String(requestId));
      assert.deepEqual(read.access, { kind: 'paidQuery', requestId });
      assert.deepEqual(read.terms, terms);
      assert.equal(read.matchesCommitment, true);

      const requestFee = await feesPaid(requested.blockHash, address.ferdie);
      const deliverFee = await feesPaid(delivery.blockHash, address.dave);
      assert.ok(requestFee > 0n && deliverFee > 0n, 'both transactions paid a fee');
      assert.equal(
        await free(address.ferdie),
        ferdieBefore - FEE_UNITS - inquiryFee() - requestFee,
        'the requester paid exactly the fee and the inquiry fee (the deposit came back)',
      );
      assert.equal(await free(address.dave), daveBefore + FEE_UNITS - deliverFee, 'the lender received exactly the fee');
    } finally {
      await Promise.all([watch.stop(), serve.stop()]);
    }
  });

  test('paid query: cancelled before delivery, or refunded at the deadline, costs only transaction fees and the inquiry fee', async () => {
    const { id } = loans.paid;
    // Cancelled: the fee and the deposit come back once the notice has passed without a delivery.
    const ferdieBefore = await free(address.ferdie);
    const requested = await ctl.json('disclosure', 'request', '--as', 'ferdie', String(id), '--max-fee', FEE, '--purpose', 'loan application');
    requests.cancelled = requested.requestId;
    assert.deepEqual((await ctl.json('disclosure', 'pending', '--as', 'dave')).pending.map((r) => r.id), [requested.requestId]);
    const cancelled = await ctl.json('disclosure', 'cancel', '--as', 'ferdie', String(requested.requestId));
    assert.equal(cancelled.until, cancelled.block + cancelNotice(), 'the lender may deliver for the notice');
    const cancelling = await ctl.json('disclosure', 'show-request', String(requested.requestId));
    assert.deepEqual(cancelling.status, { kind: 'cancelling', at: cancelled.block, until: cancelled.until });
    const done = await waitFor(
      async () => {
        const shown = await ctl.json('disclosure', 'show-request', String(requested.requestId));
        return shown.status.kind === 'cancelled' && shown;
      },
      { timeoutMs: 60_000, intervalMs: 2_000, message: `request ${requested.requestId} to be refunded at block ${cancelled.until}` },
    );
    assert.equal(done.status.at, cancelled.until, 'the chain refunded it at the notice’s end');
    const spent = (await feesPaid(requested.blockHash, address.ferdie)) + (await feesPaid(cancelled.blockHash, address.ferdie));
    assert.equal(await free(address.ferdie), ferdieBefore - inquiryFee() - spent, 'cancelling returned the fee and the deposit');

    // Refunded: the consortium shortens the deadline to six blocks; nobody delivers.
    const motion = await ctl.json('consortium', 'propose', '--as', 'alice', 'set-query-deadline', String(QUERY_DEADLINE));
    assert.equal(motion.executed, true);
    const eveBefore = await free(address.eve);
    const late = await ctl.json('disclosure', 'request', '--as', 'eve', String(id), '--max-fee', '3', '--purpose', 'tenant screening');
    requests.refunded = late.requestId;
    assert.equal(late.deadline, late.block + QUERY_DEADLINE, 'the new deadline applies');
    // Anyone may ask for the refund, but not before the deadline.
    const early = await ctl.fails('disclosure', 'refund', '--as', 'ferdie', String(late.requestId));
    assert.equal(early.error.pallet, 'Disclosure');
    assert.equal(early.error.error, 'DeadlineNotReached');
    assert.ok(early.error.docs, 'the error carries the runtime documentation');
    const refunded = await waitFor(
      async () => {
        const shown = await ctl.json('disclosure', 'show-request', String(late.requestId));
        return shown.status.kind === 'refunded' && shown;
      },
      { timeoutMs: 60_000, intervalMs: 2_000, message: `request ${late.requestId} to be refunded at block ${late.deadline}` },
    );
    assert.equal(refunded.status.at, late.deadline, 'the chain refunded it at the deadline block');
    assert.equal(refunded.status.by, null, 'refunded by the chain');
    assert.equal(
      await free(address.eve),
      eveBefore - inquiryFee() - (await feesPaid(late.blockHash, address.eve)),
      'only the transaction fee and the inquiry fee are spent',
    );
    const noKey = await ctl.fails('decrypt', '--as', 'eve', String(id), '--request', String(late.requestId));
    assert.match(noKey.error.message, /refunded, not delivered/);
  });

  test('the borrower’s inquiry log lists every disclosure with its reader and purpose', async () => {
    const { inquiries } = await ctl.json('disclosure', 'inquiries', '--as', 'charlie');
    const seen = inquiries.map((entry) => ({
      loanId: entry.loanId,
      reader: entry.reader,
      outcome: entry.outcome.kind,
      ...(entry.outcome.requestId !== undefined && { requestId: entry.outcome.requestId }),
      ...(entry.outcome.by !== undefined && { by: entry.outcome.by }),
      ...(entry.outcome.kind !== 'published' && { purpose: entry.purpose }),
    }));
    assert.deepEqual(seen, [
      { loanId: loans.public.id, reader: address.dave, outcome: 'published' },
      { loanId: loans.encrypted.id, reader: address.eve, outcome: 'granted', by: address.charlie, purpose: 'mortgage application' },
      { loanId: loans.paid.id, reader: address.ferdie, outcome: 'delivered', requestId: requests.delivered, purpose: 'credit check' },
      { loanId: loans.paid.id, reader: address.ferdie, outcome: 'cancelled', requestId: requests.cancelled, purpose: 'loan application' },
      { loanId: loans.paid.id, reader: address.eve, outcome: 'refunded', requestId: requests.refunded, purpose: 'tenant screening' },
    ]);
    assert.ok(inquiries.every((entry, i) => i === 0 || entry.at >= inquiries[i - 1].at), 'oldest first');
    // The same log for people, one line per entry.
    const text = await ctl.text('disclosure', 'inquiries', '--as', 'charlie');
    for (const expected of ['made public', 'granted by', `paid query ${requests.delivered} delivered`, `paid query ${requests.cancelled} cancelled`, `paid query ${requests.refunded} refunded`]) {
      assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
    }
  });

  test('privacy: only the revealed loan’s terms appear in state or in any extrinsic', async () => {
    const needles = Object.entries(markers).map(([name, text]) => [name, u8aToHex(stringToU8a(text)).slice(2)]);
    const found = new Set();
    const scan = (hex, where) => {
      for (const [name, needle] of needles) if (hex.includes(needle)) found.add(`${name} in ${where}`);
    };
    for (let start = null; ; ) {
      const page = await rpc(node.rpcPort, 'state_getKeysPaged', ['0x', 1000, start]);
      for (const key of page) scan((await rpc(node.rpcPort, 'state_getStorage', [key])) ?? '', 'state');
      if (page.length < 1000) break;
      start = page[page.length - 1];
    }
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = 1; n <= best; n++) {
      const block = await rpc(node.rpcPort, 'chain_getBlock', [await rpc(node.rpcPort, 'chain_getBlockHash', [n])]);
      for (const extrinsic of block.block.extrinsics) scan(extrinsic, 'an extrinsic');
    }
    assert.deepEqual([...found].sort(), ['public in an extrinsic', 'public in state'], 'the revealed terms only, and nothing else');
  });
});
