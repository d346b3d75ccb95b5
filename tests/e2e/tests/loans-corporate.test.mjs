// Corporate loans on a real dev node, following the user's corporate steps:
// 1. the lending company's system opens an account (an attested company authorises an operator
//    key) and registers a loan in the borrower's name, carrying the borrower's signed consent;
// 2. once the application is approved, the company's system confirms as lender;
// 3. at expiry the company is prompted and reports;
// 4. for an approved extension, the company reports "performed normally" in advance and
//    registers the follow-on loan, linked to the first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, bnToU8a, stringToU8a } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, randomAsU8a } from '@polkadot/util-crypto';
import { connect, startDevNode, waitFor } from '../lib/node.mjs';
import { admitAttestor, attest, authorizeOperator, endow } from '../lib/parties.mjs';
import { named, submit } from '../lib/tx.mjs';
import {
  borrowerSummary,
  commitToTerms,
  confirmLoan,
  consentPayload,
  feedbackDue,
  registerForBorrower,
  renewLoan,
  reportOutcome,
  signConsent,
} from '../lib/loans.mjs';

const DURATION = 8;

describe('corporate loans on a dev chain', () => {
  let node, api, provider;
  let alice, attestor, company, operator, borrower, otherPerson;
  let companyId;
  let first, followOn;

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    ({ api, provider } = await connect(node.wsUrl));
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, attestor, company, borrower, otherPerson] = ['//Alice', '//Ferdie', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
    operator = keyring.addFromUri('//LenderCompanyApi');
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  const loan = async (id) => provider.send('loans_loan', [id]);

  test('setup: the company is attested and authorises its API system as operator', async () => {
    await admitAttestor(api, alice, attestor);
    companyId = await attest(api, attestor, company, 'company registration number', 'Company');
    await attest(api, attestor, borrower, 'borrower national ID');
    await attest(api, attestor, otherPerson, 'another national ID');
    await endow(api, alice, operator.address);
    assert.equal(await authorizeOperator(api, company, operator), companyId);
  });

  test('the consent payload is exactly the documented bytes', async () => {
    const { commitment } = commitToTerms('{"amount":"500.00"}');
    const payload = await consentPayload(api, companyId, borrower.address, commitment, DURATION);
    const nonce = (await api.query.loans.consentNonce(borrower.address)).toBigInt();
    const expected = u8aConcat(
      stringToU8a('loanchain:consent:v1'),
      api.genesisHash.toU8a(),
      bnToU8a(companyId, { bitLength: 64 }),
      decodeAddress(borrower.address),
      commitment,
      bnToU8a(DURATION, { bitLength: 32 }),
      new Uint8Array([0]), // no renewal
      bnToU8a(nonce, { bitLength: 64 }),
    );
    assert.equal(payload.length, 137);
    assert.equal(u8aToHex(payload), u8aToHex(expected));
  });

  test('step 1: the company registers a loan in the borrower\'s name with their consent; no consent, no debt', async () => {
    const { commitment } = commitToTerms(JSON.stringify({ amount: '500.00', currency: 'EUR', term: '4 blocks' }));
    const sealed = u8aToHex(randomAsU8a(64));
    const payload = await consentPayload(api, companyId, borrower.address, commitment, DURATION);

    // Signed by someone other than the borrower: refused.
    await assert.rejects(
      submit(api, api.tx.loans.registerForBorrower(borrower.address, DURATION, commitment, sealed, signConsent(otherPerson, payload)), operator),
      /loans\.BadConsent/,
    );
    // Consent to other terms (another duration) does not cover these.
    await assert.rejects(
      submit(api, api.tx.loans.registerForBorrower(borrower.address, DURATION + 1, commitment, sealed, signConsent(borrower, payload)), operator),
      /loans\.BadConsent/,
    );

    const consent = signConsent(borrower, payload);
    first = await registerForBorrower(api, operator, borrower.address, DURATION, commitment, sealed, consent);
    const record = await loan(first);
    assert.equal(record.status.kind, 'proposed');
    assert.equal(record.company, companyId);
    assert.equal(record.lender, companyId);
    assert.equal(record.borrowerAccount, borrower.address);

    // The same consent cannot be replayed for a second debt.
    await assert.rejects(
      submit(api, api.tx.loans.registerForBorrower(borrower.address, DURATION, commitment, sealed, consent), operator),
      /loans\.BadConsent/,
    );
  });

  test('step 2: the company confirms as lender once the application is approved', async () => {
    assert.ok((await provider.send('loans_proposalsTo', [operator.address])).includes(first));
    // Not the borrower: the lender confirms.
    await assert.rejects(submit(api, api.tx.loans.confirm(first), borrower), /loans\.NotLender/);
    const { start, end } = await confirmLoan(api, operator, first);
    assert.equal(end, start + DURATION);
    assert.equal((await loan(first)).status.kind, 'active');
  });

  test('step 4: an approved extension: "performed normally" in advance, and a linked follow-on loan', async () => {
    const { commitment } = commitToTerms(JSON.stringify({ amount: '500.00', currency: 'EUR', term: 'renewal' }));
    const payload = await consentPayload(api, companyId, borrower.address, commitment, DURATION, first);
    assert.equal(payload.length, 145);
    const consent = signConsent(borrower, payload);
    followOn = await renewLoan(api, operator, first, borrower.address, DURATION, commitment, u8aToHex(randomAsU8a(64)), consent);

    const old = await loan(first);
    assert.equal(old.status.kind, 'performed');
    assert.equal(old.renewedBy, followOn);
    const performed = old.history.find((entry) => entry.change.kind === 'performed');
    assert.deepEqual(performed.change, { kind: 'performed', early: true, renewedBy: followOn });
    assert.equal(performed.by, operator.address);

    const next = await loan(followOn);
    assert.equal(next.status.kind, 'active');
    assert.equal(next.renews, first);
    assert.equal(next.company, companyId);
  });

  test('step 3: at expiry the company\'s system is prompted and reports', async () => {
    await waitFor(async () => (await feedbackDue(provider, operator.address)).includes(followOn), {
      timeoutMs: 90_000,
      message: `follow-on loan ${followOn} to be feedback-due for the company`,
    });
    // The company account itself sees the same list.
    assert.deepEqual(await feedbackDue(provider, company.address), await feedbackDue(provider, operator.address));
    const events = await reportOutcome(api, operator, followOn, { breached: 'Public' });
    assert.ok(named(events, 'loans', 'LoanBreached'));
    assert.deepEqual((await loan(followOn)).disclosure, { kind: 'public' });
  });

  test('the borrower summary lists both loans, with dates only', async () => {
    const entries = await borrowerSummary(provider, borrower.address);
    assert.equal(entries.length, 2);
    for (const entry of entries) assert.deepEqual(Object.keys(entry).sort(), ['end', 'label', 'start', 'startedAtMs']);
    assert.ok(entries[1].start >= entries[0].start);
  });
});
