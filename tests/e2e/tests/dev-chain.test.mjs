// A dev chain driven by @polkadot/api: metadata decodes without custom types, a balance
// transfer is finalized, and the node shuts down cleanly. The node is a plain `--dev` node that
// builds its genesis from the runtime's preset; when the other tests start theirs from the raw
// spec of $LOANCHAIN_DEV_SPEC, this file checks that the two have the same genesis.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { bestNumber, connect, devChainSpec, finalizedNumber, rpc, startDevNode, waitFor } from '../lib/node.mjs';

describe('loanchain-node --dev with @polkadot/api', () => {
  let node;
  let api;
  let warnings;

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode({ fromPreset: true });
    ({ api, warnings } = await connect(node.wsUrl));
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test('metadata describes every type: no custom types, no unknown types', () => {
    assert.deepEqual(warnings.filter((w) => /unknown|unable|not decorated/i.test(w)), []);
    assert.ok(api.runtimeMetadata.version >= 14, `metadata v${api.runtimeMetadata.version}`);
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const name of ['System', 'Aura', 'Grandpa', 'Balances', 'ConsortiumMembership', 'ConsortiumCollective', 'Consortium']) {
      assert.ok(pallets.includes(name), `pallet ${name} in metadata (have ${pallets.join(', ')})`);
    }
    assert.ok(!pallets.includes('Sudo'), 'loanchain has no sudo');
    // Every type of the metadata's registry resolves and constructs with no type bundle.
    const count = api.registry.lookup.types.length;
    assert.ok(count > 100, `metadata has ${count} types`);
    for (let id = 0; id < count; id++) {
      const name = api.registry.createLookupType(id);
      assert.doesNotThrow(() => api.registry.createType(name), `type ${id} (${api.registry.lookup.getTypeDef(id).type})`);
    }
    assert.equal(api.runtimeVersion.specName.toString(), 'loanchain');
    assert.equal(api.registry.chainTokens[0], 'LOAN');
  });

  test('the raw dev spec the other tests start from has this genesis', { skip: devChainSpec() ? false : 'LOANCHAIN_DEV_SPEC is not set' }, async () => {
    const fromSpec = await startDevNode();
    try {
      assert.equal(await rpc(fromSpec.rpcPort, 'chain_getBlockHash', [0]), (await api.rpc.chain.getBlockHash(0)).toHex());
    } finally {
      await fromSpec.stop();
    }
  });

  test('produces and finalizes blocks', async () => {
    const start = await bestNumber(api);
    await waitFor(async () => (await bestNumber(api)) >= start + 2, { message: 'two new blocks', timeoutMs: 60_000 });
    await waitFor(async () => (await finalizedNumber(api)) >= start + 1, { message: 'a newly finalized block', timeoutMs: 60_000 });
  });

  test('a balance transfer is included and finalized', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const amount = 1_000_000_000_000n; // one LOAN
    const before = (await api.query.system.account(bob.address)).data.free.toBigInt();

    const finalized = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('transfer not finalized within 90 s')), 90_000);
      api.tx.balances
        .transferKeepAlive(bob.address, amount)
        .signAndSend(alice, ({ status, dispatchError, events }) => {
          if (dispatchError) {
            clearTimeout(timer);
            fail(new Error(`transfer failed: ${dispatchError.toString()}`));
          } else if (status.isInvalid || status.isDropped || status.isUsurped) {
            clearTimeout(timer);
            fail(new Error(`transfer ${status.type}`));
          } else if (status.isFinalized) {
            clearTimeout(timer);
            ok({ blockHash: status.asFinalized, events });
          }
        })
        .catch((error) => {
          clearTimeout(timer);
          fail(error);
        });
    });

    const names = finalized.events.map(({ event }) => `${event.section}.${event.method}`);
    assert.ok(names.includes('balances.Transfer'), `events: ${names.join(', ')}`);
    assert.ok(names.includes('system.ExtrinsicSuccess'), `events: ${names.join(', ')}`);
    const atFinalized = await api.at(finalized.blockHash);
    const after = (await atFinalized.query.system.account(bob.address)).data.free.toBigInt();
    assert.equal(after - before, amount);
  });

  test('the node shuts down cleanly on SIGTERM', async () => {
    await api.disconnect();
    api = undefined;
    const { code, signal } = await node.stop();
    assert.equal(signal, null, 'the node exited by itself, not by a kill');
    assert.equal(code, 0, `exit code ${code}`);
  });
});
