// Tiered disclosure on a real dev node, with terms sealed client-side (docs/sealing-format.md):
// a breached loan made public is readable by anyone; an encrypted loan is unreadable by a
// stranger and readable after a grant; a paid query pays the lender exactly the fee on delivery,
// also when the requester cancels and rotates its key before the delivery lands, and refunds on
// timeout (balances before and after); the borrower sees every inquiry; and a
// privacy scan of the whole state and every extrinsic finds the terms of public loans only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto';
import { connect, rpc, startDevNode, waitFor } from '../lib/node.mjs';
import { admitAttestor, attest } from '../lib/parties.mjs';
import { loanctlSession } from '../lib/loanctl.mjs';
import { consortiumDo, named, submit } from '../lib/tx.mjs';
import { entryPurpose, NoteKind, sealedNote } from '../lib/notes.mjs';
import { commitment as commit, decryptTerms, loanBinding, openDataKey, openTerms, parseEnvelope, sealTerms, SealingError } from '../lib/sealing.mjs';

const DURATION = 8;
// The inquiry-log flood: this many request/cancel pairs, by FLOOD_ACCOUNTS attested accounts
// on the three paid-query loans (a loan holds at most 32 open requests, a cancelling one among
// them until its notice ends).
const FLOOD_PAIRS = 200;
const FLOOD_ACCOUNTS = 32;

describe('tiered disclosure on a dev chain', () => {
  let node, api, provider, genesis;
  let alice, borrower, lender, attestor, reader, requester, latecomer;
  const keys = {};
  const loans = {};
  const markers = {};

  const loan = (id) => provider.send('loans_loan', [id]);
  const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();
  const paidFee = (events) => events.filter((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid')
    .reduce((sum, e) => sum + e.data.actualFee.toBigInt(), 0n);

  /** Registers a fresh X25519 key pair for `pair` on chain and keeps the secret here. */
  async function registerKey(pair) {
    const { publicKey, privateKey } = sodium.crypto_box_keypair();
    await submit(api, api.tx.attestations.setEncryptionKey(u8aToHex(publicKey)), pair);
    keys[pair.address] = { publicKey, secretKey: privateKey };
  }

  /** Borrower proposes terms sealed to both parties, lender confirms; resolves with the id. */
  async function registerLoan(name, terms) {
    const salt = randomAsU8a(32);
    const bytes = stringToU8a(terms);
    const commitment = commit(bytes, salt);
    const envelope = sealTerms({
      terms: bytes, salt, genesisHash: genesis, commitment,
      recipients: [keys[borrower.address].publicKey, keys[lender.address].publicKey],
    });
    const events = await submit(api, api.tx.loans.propose(lender.address, DURATION, u8aToHex(commitment), u8aToHex(envelope)), borrower);
    const id = named(events, 'loans', 'LoanProposed').data.loanId.toNumber();
    await submit(api, api.tx.loans.confirm(id), lender);
    loans[name] = { id, salt, terms: bytes, commitment, envelope };
    return id;
  }

  /** The data key of `envelope`, from the sealed data key that opens with `holder`'s key. */
  function dataKeyOf(envelope, holder) {
    return openDataKey({ secretKey: keys[holder.address].secretKey, envelope });
  }

  /** A capsule for `reader`: its registered public key and the data key sealed to it. */
  function capsuleFor(reader, dataKey) {
    const publicKey = keys[reader.address].publicKey;
    return u8aToHex(new Uint8Array([...publicKey, ...sodium.crypto_box_seal(dataKey, publicKey)]));
  }

  /** Opens the loan's on-chain envelope with a capsule sealed to `reader`, checking the commitment. */
  async function readWithCapsule(loanId, reader, capsuleHex) {
    const record = await loan(loanId);
    const capsule = hexToU8a(capsuleHex);
    const { publicKey, secretKey } = keys[reader.address];
    const dataKey = sodium.crypto_box_seal_open(capsule.subarray(32), publicKey, secretKey);
    // decryptTerms checks the terms against the on-chain commitment.
    const { terms } = decryptTerms({ dataKey, genesisHash: genesis, commitment: hexToU8a(record.commitment), envelope: hexToU8a(record.sealedTerms) });
    return new TextDecoder().decode(terms);
  }

  before(async () => {
    await cryptoWaitReady();
    await sodium.ready;
    node = await startDevNode();
    ({ api, provider } = await connect(node.wsUrl));
    genesis = api.genesisHash.toU8a();
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, borrower, lender, attestor, reader, requester, latecomer] = ['//Alice', '//Charlie', '//Dave', '//Ferdie', '//Eve', '//Bob', '//Alice//stash'].map(
      (uri) => keyring.addFromUri(uri),
    );
    await admitAttestor(api, alice, attestor);
    await attest(api, attestor, borrower, 'disclosure borrower');
    await attest(api, attestor, lender, 'disclosure lender');
    await attest(api, attestor, reader, 'disclosure reader');
    await attest(api, attestor, requester, 'disclosure requester');
    await submit(api, api.tx.balances.transferKeepAlive(latecomer.address, 10n ** 15n), alice);
    await attest(api, attestor, latecomer, 'disclosure latecomer');
    for (const pair of [borrower, lender, reader, requester, latecomer]) await registerKey(pair);

    // One loan per level, each with a unique marker in its terms for the privacy scan.
    for (const name of ['public', 'encrypted', 'paid', 'paid2', 'paid3']) {
      markers[name] = `MARKER-${name}-${u8aToHex(randomAsU8a(8)).slice(2)}`;
      await registerLoan(name, JSON.stringify({ amount: '2500.00', currency: 'EUR', note: markers[name] }));
    }
    // At expiry the lender reports breaches with the level of each.
    await waitFor(async () => {
      const due = (await provider.send('loans_feedbackDue', [lender.address])).map(Number);
      return Object.values(loans).every(({ id }) => due.includes(id));
    }, { timeoutMs: 120_000, message: 'the three loans to be feedback-due' });
    await submit(api, api.tx.loans.reportBreach(loans.public.id, 'Public'), lender);
    await submit(api, api.tx.loans.reportBreach(loans.encrypted.id, 'Encrypted'), lender);
    loans.paid.fee = 5n * 10n ** BigInt(api.registry.chainDecimals[0]);
    for (const name of ['paid', 'paid2', 'paid3']) {
      loans[name].fee = loans.paid.fee;
      await submit(api, api.tx.loans.reportBreach(loans[name].id, { PaidQuery: { fee: loans.paid.fee } }), lender);
    }
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test('public: the lender reveals the terms, checked against the commitment; anyone reads them', async () => {
    const { id, terms, salt } = loans.public;
    await assert.rejects(submit(api, api.tx.disclosure.reveal(id, u8aToHex(terms), u8aToHex(randomAsU8a(32))), lender), /disclosure\.CommitmentMismatch/);
    await assert.rejects(submit(api, api.tx.disclosure.reveal(id, u8aToHex(terms), u8aToHex(salt)), borrower), /disclosure\.NotLender/);
    await submit(api, api.tx.disclosure.reveal(id, u8aToHex(terms), u8aToHex(salt)), lender);
    const shown = await rpc(node.rpcPort, 'disclosure_publicTerms', [id]);
    assert.ok(shown.termsText.includes(markers.public));
    assert.equal(shown.salt, u8aToHex(salt));
    // Only a loan whose lender chose "public" can be revealed (checked before the terms, which
    // a failed transaction would still put in a block: no real terms here).
    await assert.rejects(submit(api, api.tx.disclosure.reveal(loans.encrypted.id, '0x00', u8aToHex(randomAsU8a(32))), lender), /disclosure\.WrongLevel/);
  });

  test('encrypted: a stranger cannot read; a party grants a named reader, who can', async () => {
    const { id } = loans.encrypted;
    const envelope = hexToU8a((await loan(id)).sealedTerms);
    assert.throws(
      () => openTerms({ secretKey: keys[reader.address].secretKey, genesisHash: genesis, commitment: loans.encrypted.commitment, envelope }),
      (error) => error instanceof SealingError && error.code === 'NotARecipient',
    );
    const dataKey = dataKeyOf(envelope, borrower);
    // The purpose is sealed to the auditors and the borrower; the chain refuses one in clear.
    await assert.rejects(submit(api, api.tx.disclosure.grant(id, reader.address, capsuleFor(reader, dataKey), 'stated in clear'), borrower), /disclosure\.MalformedSealedNote/);
    const grantPurpose = await sealedNote(api, id, NoteKind.grantPurpose, 'mortgage application');
    // Only a party may grant, and only with a capsule sealed to the reader's registered key.
    await assert.rejects(submit(api, api.tx.disclosure.grant(id, reader.address, capsuleFor(reader, dataKey), grantPurpose), requester), /disclosure\.NotParty/);
    await assert.rejects(submit(api, api.tx.disclosure.grant(id, reader.address, capsuleFor(requester, dataKey), grantPurpose), borrower), /disclosure\.CapsuleKeyMismatch/);
    await submit(api, api.tx.disclosure.grant(id, reader.address, capsuleFor(reader, dataKey), grantPurpose), borrower);
    const grants = await rpc(node.rpcPort, 'disclosure_grants', [id]);
    assert.deepEqual(grants.map((g) => g.reader), [reader.address]);
    assert.ok((await readWithCapsule(id, reader, grants[0].capsule)).includes(markers.encrypted));
  });

  test('paid query: the fee is held, and delivery pays the lender exactly the fee', async () => {
    const { id, fee } = loans.paid;
    await assert.rejects(submit(api, api.tx.disclosure.request(id, fee - 1n, await sealedNote(api, id, NoteKind.requestPurpose, 'credit check')), requester), /disclosure\.FeeBelowPrice/);
    const requesterBefore = await free(requester);
    const requested = await submit(api, api.tx.disclosure.request(id, fee, await sealedNote(api, id, NoteKind.requestPurpose, 'credit check')), requester);
    const requestId = named(requested, 'disclosure', 'QueryRequested').data.requestId.toNumber();
    assert.deepEqual((await rpc(node.rpcPort, 'disclosure_requestsForLender', [lender.address])).map(Number), [requestId]);
    // A stranger cannot deliver.
    const dataKey = dataKeyOf(loans.paid.envelope, lender);
    await assert.rejects(submit(api, api.tx.disclosure.deliver(requestId, capsuleFor(requester, dataKey)), reader), /disclosure\.NotLender/);

    const lenderBefore = await free(lender);
    const delivered = await submit(api, api.tx.disclosure.deliver(requestId, capsuleFor(requester, dataKey)), lender);
    assert.equal(named(delivered, 'disclosure', 'QueryDelivered').data.fee.toBigInt(), fee);
    assert.equal(await free(lender), lenderBefore + fee - paidFee(delivered), 'the lender received exactly the fee');
    assert.equal(
      await free(requester),
      requesterBefore - fee - api.consts.disclosure.inquiryFee.toBigInt() - paidFee(requested),
      'the requester paid exactly the fee and the inquiry fee (deposit returned)',
    );
    await assert.rejects(submit(api, api.tx.disclosure.deliver(requestId, capsuleFor(requester, dataKey)), lender), /disclosure\.NotOpen/);

    const request = await rpc(node.rpcPort, 'disclosure_request', [requestId]);
    assert.equal(request.status.kind, 'delivered');
    assert.ok((await readWithCapsule(id, requester, request.status.capsule)).includes(markers.paid));
  });

  test('paid query race: a requester that cancels and rotates its key before the delivery lands still pays', async () => {
    const { id, fee } = loans.paid;
    const requested = await submit(api, api.tx.disclosure.request(id, fee, await sealedNote(api, id, NoteKind.requestPurpose, 'credit check')), requester);
    const requestId = named(requested, 'disclosure', 'QueryRequested').data.requestId.toNumber();
    const asked = keys[requester.address];
    assert.equal((await rpc(node.rpcPort, 'disclosure_request', [requestId])).requesterKey, u8aToHex(asked.publicKey), 'the request kept the key it was made with');
    // The lender's delivery, sealed to that key, is what a requester reads in the pool. The
    // requester then cancels and rotates its key, and both land before the delivery does.
    const capsule = capsuleFor(requester, dataKeyOf(loans.paid.envelope, lender));
    const cancelled = await submit(api, api.tx.disclosure.cancel(requestId), requester);
    const until = named(cancelled, 'disclosure', 'CancellationRequested').data.until.toNumber();
    await registerKey(requester);
    assert.notEqual(u8aToHex(keys[requester.address].publicKey), u8aToHex(asked.publicKey));
    assert.equal((await rpc(node.rpcPort, 'disclosure_request', [requestId])).status.kind, 'cancelling');

    const [requesterBefore, lenderBefore] = [await free(requester), await free(lender)];
    const delivered = await submit(api, api.tx.disclosure.deliver(requestId, capsule), lender);
    const record = await rpc(node.rpcPort, 'disclosure_request', [requestId]);
    assert.equal(record.status.kind, 'delivered', 'the delivery within the notice went through');
    assert.ok(record.status.at < until, `delivered at block ${record.status.at}, within the notice (until ${until})`);
    assert.equal(await free(lender), lenderBefore + fee - paidFee(delivered), 'the lender was paid exactly the fee');
    assert.equal(
      await free(requester),
      requesterBefore + api.consts.disclosure.requestDeposit.toBigInt(),
      'the requester’s deposit came back and its fee went to the lender, not back to it',
    );
    // And the requester reads the terms with the key it asked with.
    const rotated = keys[requester.address];
    keys[requester.address] = asked;
    try {
      assert.ok((await readWithCapsule(id, requester, record.status.capsule)).includes(markers.paid));
    } finally {
      keys[requester.address] = rotated;
    }
  });

  test('paid query: nothing delivered by the deadline refunds the requester the fee and the deposit', async () => {
    // The consortium shortens the deadline (its typed, bounded setter) so the test sees it pass.
    const set = await consortiumDo(api, alice, api.tx.disclosure.setQueryDeadline(6));
    assert.equal(named(set, 'disclosure', 'QueryDeadlineSet')?.data.blocks.toNumber(), 6, 'the deadline was set');

    const before = await free(latecomer);
    const requested = await submit(api, api.tx.disclosure.request(loans.paid.id, loans.paid.fee, await sealedNote(api, loans.paid.id, NoteKind.requestPurpose, 'tenant screening')), latecomer);
    const { requestId, deadline } = named(requested, 'disclosure', 'QueryRequested').data;
    // Anyone may ask for the refund, but not before the deadline.
    await assert.rejects(submit(api, api.tx.disclosure.refund(requestId), reader), /disclosure\.DeadlineNotReached/);
    await waitFor(async () => (await rpc(node.rpcPort, 'disclosure_request', [requestId.toNumber()])).status.kind === 'refunded', {
      timeoutMs: 60_000,
      message: `request ${requestId} to be refunded after block ${deadline}`,
    });
    assert.equal(
      await free(latecomer),
      before - api.consts.disclosure.inquiryFee.toBigInt() - paidFee(requested),
      'fee and deposit came back; only the transaction fee and the inquiry fee are spent',
    );
  });

  test('the borrower sees every inquiry into its record', async () => {
    const log = await rpc(node.rpcPort, 'disclosure_inquiries', [borrower.address]);
    const seen = log.map((entry) => `${entry.loanId}:${entry.outcome.kind}:${entry.reader}`);
    assert.ok(seen.includes(`${loans.public.id}:published:${lender.address}`), `published, in ${seen}`);
    assert.ok(seen.includes(`${loans.encrypted.id}:granted:${reader.address}`), `granted, in ${seen}`);
    assert.ok(seen.includes(`${loans.paid.id}:delivered:${requester.address}`), `delivered, in ${seen}`);
    assert.ok(seen.includes(`${loans.paid.id}:refunded:${latecomer.address}`), `refunded, in ${seen}`);
    // The purposes are sealed: the RPC serves none in clear, the borrower's key opens them.
    assert.ok(log.every((entry) => entry.purpose === undefined));
    const delivered = log.find((entry) => entry.outcome.kind === 'delivered');
    assert.equal(entryPurpose(api, delivered, keys[borrower.address].secretKey), 'credit check');
    const granted = log.find((entry) => entry.outcome.kind === 'granted');
    assert.equal(entryPurpose(api, granted, keys[borrower.address].secretKey), 'mortgage application');
    assert.throws(() => entryPurpose(api, granted, keys[reader.address].secretKey), /no sealed data key opens/, 'only the borrower and the auditors read it');
  });

  test(`inquiry-log flood: ${FLOOD_PAIRS} paid request/cancel pairs push no delivered entry out of the log`, async () => {
    const log = () => rpc(node.rpcPort, 'disclosure_inquiries', [borrower.address]);
    const page = (before) => rpc(node.rpcPort, 'disclosure_inquiryPage', [borrower.address, before, null]);
    const delivered = (entries) => entries.filter((entry) => entry.outcome.kind === 'delivered');
    const latest = await page(null);
    const [totalBefore, deliveredBefore] = [latest.total, delivered(await log())];
    assert.ok(deliveredBefore.length >= 2, 'the earlier tests delivered two paid queries');

    // The flooders: attested accounts with encryption keys, funded by Alice.
    const keyring = new Keyring({ type: 'sr25519' });
    const flooders = Array.from({ length: FLOOD_ACCOUNTS }, (_, i) => keyring.addFromUri(`//Flood//${i}`));
    const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
    await submit(api, api.tx.utility.batchAll(flooders.map((pair) => api.tx.balances.transferKeepAlive(pair.address, 100n * unit))), alice);
    const expiresAt = (await api.rpc.chain.getHeader()).number.toNumber() + 100_000;
    await submit(api, api.tx.utility.batchAll(flooders.map((pair, i) =>
      api.tx.attestations.attest(pair.address, u8aToHex(randomAsU8a(32)), 'Person', 'High', expiresAt))), attestor);
    await Promise.all(flooders.map((pair) => registerKey(pair)));
    const balances = await Promise.all(flooders.map(free));

    // Rounds: each flooder requests on each paid loan, then cancels them all; once the notices
    // have passed, the next round. Every request burns the inquiry fee.
    const paidLoans = [loans.paid.id, loans.paid2.id, loans.paid3.id];
    const txFees = new Map(flooders.map((pair) => [pair.address, 0n]));
    const addFee = (pair, events) => txFees.set(pair.address, txFees.get(pair.address) + paidFee(events));
    const pairsOf = new Map(flooders.map((pair) => [pair.address, 0]));
    let pairs = 0;
    let round = 0;
    while (pairs < FLOOD_PAIRS) {
      round += 1;
      const jobs = [];
      for (const pair of flooders) {
        const take = Math.min(paidLoans.length, FLOOD_PAIRS - pairs - jobs.reduce((n, job) => n + job.loans.length, 0));
        if (take > 0) jobs.push({ pair, loans: paidLoans.slice(0, take) });
      }
      const cancelled = await Promise.all(jobs.map(async ({ pair, loans: ids }) => {
        const purposes = await Promise.all(ids.map((id) => sealedNote(api, id, NoteKind.requestPurpose, `flood ${round}`)));
        const requested = await submit(api, api.tx.utility.batchAll(ids.map((id, i) => api.tx.disclosure.request(id, loans.paid.fee, purposes[i]))), pair);
        addFee(pair, requested);
        const requestIds = requested.filter((e) => e.section === 'disclosure' && e.method === 'QueryRequested').map((e) => e.data.requestId.toNumber());
        assert.equal(requestIds.length, ids.length);
        const cancels = await submit(api, api.tx.utility.batchAll(requestIds.map((id) => api.tx.disclosure.cancel(id))), pair);
        addFee(pair, cancels);
        pairsOf.set(pair.address, pairsOf.get(pair.address) + ids.length);
        return requestIds;
      }));
      const ids = cancelled.flat();
      pairs += ids.length;
      await waitFor(async () => {
        const states = await Promise.all(ids.map((id) => rpc(node.rpcPort, 'disclosure_request', [id])));
        return states.every((state) => state.status.kind === 'cancelled');
      }, { timeoutMs: 90_000, message: `round ${round}'s ${ids.length} cancellations to complete` });
      console.log(`# flood round ${round}: ${pairs} of ${FLOOD_PAIRS} pairs`);
    }

    // Every pair is in the log, nothing was pushed out: the log grew by exactly the flood.
    const after = await page(null);
    assert.equal(after.total, totalBefore + FLOOD_PAIRS, 'the log grew by one entry per pair');
    // The most recent page is all flood, so the delivered entries left that view...
    assert.equal(delivered(await log()).length, 0, 'the latest 100 entries are the flood');
    // ...and paging back (the node's RPC, and loanctl --all) still reaches every one of them.
    const walked = [];
    for (let before = null; ;) {
      const { first, entries } = await page(before);
      walked.unshift(...entries);
      if (first === 0) break;
      before = first;
    }
    assert.deepEqual(walked.map((entry) => entry.index), [...Array(after.total).keys()], 'every entry, in order, once');
    assert.deepEqual(delivered(walked).map(({ index, ...entry }) => entry), deliveredBefore);
    const borrowerSecret = keys[borrower.address].secretKey;
    assert.equal(walked.filter((entry) => entry.outcome.kind === 'cancelled' && entryPurpose(api, entry, borrowerSecret).startsWith('flood ')).length, FLOOD_PAIRS);
    const ctl = loanctlSession({ url: node.wsUrl });
    try {
      const all = await ctl.json('disclosure', 'inquiries', borrower.address, '--all');
      assert.equal(all.total, after.total);
      assert.deepEqual(all.inquiries, walked, 'loanctl --all reads the same log');
      const older = await ctl.json('disclosure', 'inquiries', borrower.address, '--before', String(after.first), '--limit', '5');
      assert.deepEqual(older.inquiries, walked.slice(after.first - 5, after.first));
    } finally {
      await ctl.close();
    }

    // Each entry was paid for: every flooder is short by exactly its pairs' inquiry fees
    // (besides its transaction fees); the query fees and deposits all came back.
    const inquiryFee = api.consts.disclosure.inquiryFee.toBigInt();
    for (const [i, pair] of flooders.entries()) {
      const spent = balances[i] - (await free(pair));
      assert.equal(spent - txFees.get(pair.address), BigInt(pairsOf.get(pair.address)) * inquiryFee, `flooder ${i} paid one inquiry fee per pair`);
    }
  });

  test('privacy scan: only the public loan’s terms appear in state or in any extrinsic, and no purpose anywhere', async () => {
    const purposes = { 'grant purpose': 'mortgage application', 'request purpose': 'credit check', 'late purpose': 'tenant screening', 'flood purpose': 'flood 1' };
    const needles = Object.fromEntries(Object.entries({ ...markers, ...purposes }).map(([name, marker]) => [name, u8aToHex(stringToU8a(marker)).slice(2)]));
    const found = new Set();
    const scan = (hex, where) => {
      for (const [name, needle] of Object.entries(needles)) if (hex.includes(needle)) found.add(`${name} in ${where}`);
    };
    // Every key and value of the state.
    let start = null;
    let count = 0;
    for (;;) {
      const page = await rpc(node.rpcPort, 'state_getKeysPaged', ['0x', 1000, start]);
      for (const key of page) {
        scan(key, 'a state key');
        scan((await rpc(node.rpcPort, 'state_getStorage', [key])) ?? '', `state ${key.slice(0, 66)}`);
      }
      count += page.length;
      if (page.length < 1000) break;
      start = page[page.length - 1];
    }
    assert.ok(count > 100, `scanned ${count} state entries`);
    // Every extrinsic of every block.
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = 0; n <= best; n++) {
      const block = await rpc(node.rpcPort, 'chain_getBlock', [await rpc(node.rpcPort, 'chain_getBlockHash', [n])]);
      for (const extrinsic of block.block.extrinsics) scan(extrinsic, `an extrinsic of block ${n}`);
    }
    const leaks = [...found].filter((where) => !where.startsWith('public '));
    assert.deepEqual(leaks, [], 'no marker of a non-public loan, and no purpose, anywhere');
    assert.ok([...found].some((where) => where.startsWith('public in state')), 'the public terms are in state');
  });
});
