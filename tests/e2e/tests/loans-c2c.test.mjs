// Person-to-person loans on a real dev node, following the user's C2C steps:
// 1. borrower and lender register (attestations); 2. a lender sees the borrower's summary, only
// dates and "borrowing"; 3. the borrower proposes, the lender confirms, only then it is in force;
// 4. at expiry the chain prompts the lender, who reports: performed normally, extended (the
// borrower confirms, or declines), or breached with an information level.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto';
import { bestNumber, connect, startDevNode, waitFor } from '../lib/node.mjs';
import { admitAttestor, attest } from '../lib/parties.mjs';
import { named, submit } from '../lib/tx.mjs';
import {
  borrowerSummary,
  commitToTerms,
  confirmLoan,
  feedbackDue,
  proposeLoan,
  reportOutcome,
} from '../lib/loans.mjs';

/** Loan periods in the test are a few blocks (2 s each on the dev chain), so expiry happens within it. */
const DURATION = 8;

describe('C2C loans on a dev chain', () => {
  let node, api, provider;
  let alice, borrower, borrowerSecond, lender, attestor, stranger;
  let borrowerId, lenderId;
  const loans = {};

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    ({ api, provider } = await connect(node.wsUrl));
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, borrower, borrowerSecond, lender, attestor, stranger] = ['//Alice', '//Charlie', '//Eve', '//Dave', '//Ferdie', '//Bob'].map(
      (uri) => keyring.addFromUri(uri),
    );
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  const loan = async (id) => provider.send('loans_loan', [id]);

  test('step 1: borrower and lender register through an attestor', async () => {
    await admitAttestor(api, alice, attestor);
    borrowerId = await attest(api, attestor, borrower, 'borrower national ID');
    // The same person's second account joins the same identity.
    assert.equal(await attest(api, attestor, borrowerSecond, 'borrower national ID'), borrowerId);
    lenderId = await attest(api, attestor, lender, 'lender national ID');
    assert.notEqual(lenderId, borrowerId);
  });

  test('step 3: a proposal is in force only once the lender confirms; either may withdraw it', async () => {
    const sealed = u8aToHex(randomAsU8a(96)); // stands in for the client-sealed terms (opaque to the chain)
    for (const name of ['performed', 'extended', 'declined', 'breached']) {
      const { commitment } = commitToTerms(JSON.stringify({ name, amount: '1000.00', currency: 'EUR', rate: '5%' }));
      loans[name] = await proposeLoan(api, borrower, lender.address, DURATION, commitment, sealed);
      const proposed = await loan(loans[name]);
      assert.equal(proposed.status.kind, 'proposed');
      assert.equal(proposed.period, null, 'a proposal has no period yet');
      assert.equal(proposed.sealedTerms, sealed, 'the chain keeps the sealed terms as given');
      assert.ok((await provider.send('loans_proposalsTo', [lender.address])).includes(loans[name]));
    }

    // Only the lender can confirm: not the borrower's other account, not a stranger.
    await assert.rejects(submit(api, api.tx.loans.confirm(loans.performed), borrowerSecond), /loans\.NotLender/);
    // The lender may not lend to itself.
    const { commitment } = commitToTerms('{"self":true}');
    await assert.rejects(submit(api, api.tx.loans.propose(borrowerSecond.address, DURATION, commitment, '0x00'), borrower), /loans\.LenderIsBorrower/);
    // An unattested stranger cannot even reach the pool.
    await assert.rejects(submit(api, api.tx.loans.propose(lender.address, DURATION, commitment, '0x00'), stranger), /Custom error/);

    // A proposal withdrawn by the lender never comes into force.
    const withdrawn = await proposeLoan(api, borrower, lender.address, DURATION, commitment, '0x01');
    const events = await submit(api, api.tx.loans.withdraw(withdrawn), lender);
    assert.ok(named(events, 'loans', 'LoanWithdrawn'));
    assert.equal((await loan(withdrawn)).status.kind, 'withdrawn');
    await assert.rejects(submit(api, api.tx.loans.confirm(withdrawn), lender), /loans\.WrongState/);

    for (const name of Object.keys(loans)) {
      const { start, end } = await confirmLoan(api, lender, loans[name]);
      assert.equal(end, start + DURATION);
      const record = await loan(loans[name]);
      assert.equal(record.status.kind, 'active');
      assert.deepEqual([record.period.start, record.period.end], [start, end]);
      assert.equal(record.borrowerAccount, borrower.address);
      assert.equal(record.lenderAccount, lender.address);
    }
    // Feedback before the end is refused.
    await assert.rejects(reportOutcome(api, lender, loans.breached, { performed: true }), /loans\.NotExpired/);
  });

  test('step 2: the summary shows only dates and the word "borrowing", for every account of the borrower', async () => {
    const viaFirst = await borrowerSummary(provider, borrower.address);
    const viaSecond = await borrowerSummary(provider, borrowerSecond.address);
    assert.equal(viaFirst.length, 4, 'the withdrawn proposal never came into force');
    assert.deepEqual(viaSecond, viaFirst);
    for (const entry of viaFirst) {
      assert.deepEqual(Object.keys(entry).sort(), ['end', 'label', 'start', 'startedAtMs']);
      assert.equal(entry.label, 'borrowing');
      assert.ok(entry.startedAtMs > 1_600_000_000_000, 'a real Unix time in ms');
    }
    assert.deepEqual(await borrowerSummary(provider, stranger.address), []);
  });

  test('step 4: at expiry the lender is prompted, by event and in its feedback-due list', async () => {
    const ids = Object.values(loans);
    await waitFor(async () => {
      const due = await feedbackDue(provider, lender.address);
      return ids.every((id) => due.includes(id));
    }, { timeoutMs: 120_000, message: `loans ${ids} to be feedback-due for the lender` });

    const record = await loan(loans.performed);
    assert.equal(record.status.kind, 'feedbackDue');
    const prompt = record.history.find((entry) => entry.change.kind === 'feedbackDue');
    assert.ok(prompt.at > record.period.end - 1, 'prompted once the end has passed');
    const hash = await api.rpc.chain.getBlockHash(prompt.at);
    const events = (await api.query.system.events.at(hash)).map(({ event }) => event);
    const raised = events.find((e) => e.section === 'loans' && e.method === 'FeedbackDue' && e.data.loanId.toNumber() === loans.performed);
    assert.ok(raised, `a FeedbackDue event for loan ${loans.performed} at block ${prompt.at}`);
    assert.equal(raised.data.lender.unwrap().toNumber(), lenderId);
  });

  test('step 4a: performed normally', async () => {
    const events = await reportOutcome(api, lender, loans.performed, { performed: true });
    assert.ok(named(events, 'loans', 'LoanPerformed'));
    assert.equal((await loan(loans.performed)).status.kind, 'performed');
    assert.ok(!(await feedbackDue(provider, lender.address)).includes(loans.performed));
    await assert.rejects(reportOutcome(api, lender, loans.performed, { performed: true }), /loans\.(AlreadyReported|WrongState)/);
  });

  test('step 4b: extended, and the borrower confirms again', async () => {
    const newEnd = (await bestNumber(api)) + DURATION;
    await reportOutcome(api, lender, loans.extended, { extendTo: newEnd });
    assert.deepEqual((await loan(loans.extended)).status, { kind: 'extensionProposed', newEnd });
    // Only the borrower confirms it.
    await assert.rejects(submit(api, api.tx.loans.confirmExtension(loans.extended), lender), /loans\.NotBorrower/);
    const events = await submit(api, api.tx.loans.confirmExtension(loans.extended), borrowerSecond);
    assert.equal(named(events, 'loans', 'ExtensionConfirmed').data.newEnd.toNumber(), newEnd);
    assert.equal((await loan(loans.extended)).status.kind, 'active');

    // At the new end the lender is prompted again, and reports it performed.
    await waitFor(async () => (await feedbackDue(provider, lender.address)).includes(loans.extended), {
      timeoutMs: 90_000,
      message: `extended loan ${loans.extended} to be feedback-due again`,
    });
    await reportOutcome(api, lender, loans.extended, { performed: true });
    const history = (await loan(loans.extended)).history.map((entry) => entry.change.kind);
    assert.deepEqual(history, ['proposed', 'confirmed', 'feedbackDue', 'extensionProposed', 'extensionConfirmed', 'feedbackDue', 'performed']);
  });

  test('step 4b: the borrower may decline an extension, and the lender answers again', async () => {
    const newEnd = (await bestNumber(api)) + 100;
    await reportOutcome(api, lender, loans.declined, { extendTo: newEnd });
    const events = await submit(api, api.tx.loans.declineExtension(loans.declined), borrower);
    assert.ok(named(events, 'loans', 'ExtensionDeclined'));
    assert.equal((await loan(loans.declined)).status.kind, 'feedbackDue');
    assert.ok((await feedbackDue(provider, lender.address)).includes(loans.declined));
    await reportOutcome(api, lender, loans.declined, { breached: 'Encrypted' });
    const record = await loan(loans.declined);
    assert.equal(record.status.kind, 'breached');
    assert.deepEqual(record.disclosure, { kind: 'encrypted' });
  });

  test('step 4c: breached, with the paid-query information level', async () => {
    const fee = 5n * 10n ** 12n;
    await assert.rejects(reportOutcome(api, lender, loans.breached, { breached: { PaidQuery: { fee: 0 } } }), /loans\.ZeroFee/);
    const events = await reportOutcome(api, lender, loans.breached, { breached: { PaidQuery: { fee } } });
    assert.ok(named(events, 'loans', 'LoanBreached'));
    const record = await loan(loans.breached);
    assert.equal(record.status.kind, 'breached');
    assert.deepEqual(record.disclosure, { kind: 'paidQuery', fee: fee.toString() });
    // The record keeps every fact: who reported what, and when.
    const breach = record.history.at(-1);
    assert.equal(breach.by, lender.address);
    assert.equal(breach.change.kind, 'breached');
    assert.deepEqual(await feedbackDue(provider, lender.address), []);
  });
});
