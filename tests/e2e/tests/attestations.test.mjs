// Identity attestations on a real dev node, driven by @polkadot/api: the consortium admits an
// attestor; the attestor attests one person with two accounts (both resolve to one identity);
// the pool refuses an unattested account's transaction; a revoked account can no longer transact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, startDevNode } from '../lib/node.mjs';
import { consortiumDo, named, submit } from '../lib/tx.mjs';

describe('attestations on a dev chain', () => {
  let node;
  let api;
  let alice, bob, charlie, dave, eve;

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    ({ api } = await connect(node.wsUrl));
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test('the consortium admits an attestor through a motion', async () => {
    const events = await consortiumDo(api, alice, api.tx.attestations.addAttestor(bob.address));
    assert.ok(named(events, 'attestations', 'AttestorAdded'));
    assert.ok((await api.query.attestations.attestors(bob.address)).isSome);
  });

  test('one person with two accounts has one identity', async () => {
    const commitment = blake2AsHex('keyed hash of a national ID, computed by the attestor', 256);
    const expiresAt = (await api.rpc.chain.getHeader()).number.toNumber() + 10_000;
    const first = await submit(api, api.tx.attestations.attest(charlie.address, commitment, 'Person', 'High', expiresAt), bob);
    assert.ok(named(first, 'attestations', 'IdentityCreated'));
    const second = await submit(api, api.tx.attestations.attest(dave.address, commitment, 'Person', 'High', expiresAt), bob);
    assert.ok(!named(second, 'attestations', 'IdentityCreated'), 'the second account must not create a new identity');
    assert.ok(named(second, 'attestations', 'AccountLinked'));

    const charlieId = await api.call.attestationsApi.identityOf(charlie.address);
    const daveId = await api.call.attestationsApi.identityOf(dave.address);
    assert.ok(charlieId.isSome);
    assert.equal(daveId.toString(), charlieId.toString());
    const accounts = (await api.call.attestationsApi.accountsOf(charlieId.unwrap())).map((a) => a.toString());
    assert.deepEqual(accounts, [charlie.address, dave.address]);
    assert.equal((await api.call.attestationsApi.attestationStatus(dave.address)).toString(), 'Valid');
    // An attested account can transact.
    await submit(api, api.tx.system.remark('hello'), charlie);
  });

  test('the pool refuses a transaction from an unattested account', async () => {
    assert.equal((await api.call.attestationsApi.attestationStatus(eve.address)).toString(), 'None');
    await assert.rejects(submit(api, api.tx.system.remark('let me in'), eve), /Custom error: 40/);
  });

  test('a revoked account can no longer transact', async () => {
    const events = await submit(api, api.tx.attestations.revoke(dave.address), bob);
    assert.ok(named(events, 'attestations', 'AttestationRevoked'));
    assert.equal((await api.call.attestationsApi.attestationStatus(dave.address)).toString(), 'Revoked');
    await assert.rejects(submit(api, api.tx.system.remark('still me'), dave), /Custom error: 42/);
    // The identity and its history stay: dave still resolves to charlie's identity.
    const charlieId = await api.call.attestationsApi.identityOf(charlie.address);
    assert.equal((await api.call.attestationsApi.identityOf(dave.address)).toString(), charlieId.toString());
  });
});
