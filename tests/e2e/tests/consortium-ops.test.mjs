// Consortium operations on the 4-validator local_testnet (scripts/local-network.sh), driven by the
// operator tool scripts/consortium.sh as a process: a 5th node (Eve) gets no blocks until the
// consortium allows it, then joins as member, registers session keys, is voted in as validator
// and authors blocks, while Dave (whose purge of his session keys the pool refuses while he is a
// validator) is voted out and stops authoring; a node that is never allowed
// (Ferdie) gets no blocks until Eve lists it as an extra connection of her node, then syncs
// through hers (its peers retry it with a back-off of up to a minute, so the test lists it early
// and checks at the end); a runtime upgrade voted by the consortium changes spec_version on every
// node, Ferdie's included, while the chain keeps finalizing. Every node is stopped at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { base58Decode, cryptoWaitReady } from '@polkadot/util-crypto';
import { bestNumber, connect, finalizedNumber, nodeBinary, portIsFree, repoRoot, rpc, waitFor } from '../lib/node.mjs';

const run = promisify(execFile);
const networkScript = join(repoRoot, 'scripts/local-network.sh');
const consortiumScript = join(repoRoot, 'scripts/consortium.sh');
const upgradeScript = join(repoRoot, 'scripts/runtime-upgrade.sh');
const NODES = 6; // alice, bob, charlie, dave (genesis validators), eve, ferdie
const [EVE, FERDIE] = [4, 5];

/** A base port whose p2p, RPC and metrics ports for all nodes are free. */
async function freeBasePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const ports = [...Array(NODES).keys()].flatMap((i) => [base + i, base + 100 + i, base + 200 + i]);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range found on 127.0.0.1');
}

/** The aura authority that produced the block with `header`: authorities[slot % count]. */
async function auraAuthor(api, header) {
  const preRuntime = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  const slot = api.createType('u64', preRuntime.asPreRuntime[1]).toBigInt();
  const authorities = await (await api.at(header.parentHash)).query.aura.authorities();
  return authorities[Number(slot % BigInt(authorities.length))].toHex();
}

describe('consortium operations on local_testnet: allowed nodes, validator changes, runtime upgrade', () => {
  const netDir = mkdtempSync(join(tmpdir(), 'loanchain-ops-'));
  const keyring = new Keyring({ type: 'sr25519' });
  let accounts;
  let env;
  let base;
  let alice;
  const apis = [];
  const network = (...args) => run(networkScript, args, { env, timeout: 180_000 });
  const rpcPort = (i) => base + 100 + i;
  const ws = (i) => `ws://127.0.0.1:${rpcPort(i)}`;
  const header = async (i) => rpc(rpcPort(i), 'chain_getHeader');
  const nodeBest = async (i) => parseInt((await header(i)).number, 16);

  /** Runs scripts/consortium.sh against Alice's node, signed by `suri` (if any); parses its JSON. */
  async function consortium(args, suri) {
    const { stdout } = await run(consortiumScript, [...args, '--url', ws(0), '--json'], {
      env: { ...process.env, LOANCHAIN_SURI: suri ?? '' },
      timeout: 180_000,
      maxBuffer: 1 << 20,
    }).catch((error) => {
      throw new Error(`consortium.sh ${args.join(' ')} failed: ${error.stderr || error.message}`);
    });
    return JSON.parse(stdout);
  }

  /**
   * Passes a motion: Alice proposes (and votes aye), Bob, Charlie and then Dave vote aye until
   * the threshold the tool chose is reached (3 of 4 members: a majority and three quarters; a
   * Root call needs 4 of 5 once Eve is a member), Alice closes it; a Root call it scheduled is
   * then enacted by Dave (anyone signed may) once its delay has passed.
   */
  async function passMotion(...motion) {
    const proposed = await consortium(['motion', ...motion], '//Alice');
    assert.ok(proposed.motion, `motion ${motion[0]} was proposed: ${JSON.stringify(proposed)}`);
    const voters = ['//Bob', '//Charlie', '//Dave'].slice(0, proposed.threshold - 1);
    assert.equal(voters.length, proposed.threshold - 1, `enough voters for motion ${motion[0]}`);
    await Promise.all(voters.map((voter) => consortium(['vote', proposed.motion, 'aye'], voter)));
    // A vote seen in a block of a losing fork is counted only once it lands on the best chain.
    await waitFor(async () => (await alice.query.consortiumCollective.voting(proposed.motion)).unwrap().ayes.length >= proposed.threshold, {
      message: `${proposed.threshold} ayes on motion ${motion[0]} on Alice's best chain`,
      timeoutMs: 60_000,
    });
    const closed = await consortium(['close', proposed.motion], '//Alice');
    assert.equal(closed.executed, true, `motion ${motion[0]} executed`);
    // A Root call (a member, an upgrade) is only scheduled: anyone enacts it after the delay.
    if (closed.scheduled) {
      const enacted = await consortium(['enact', String(closed.scheduled.id)], '//Dave');
      assert.equal(enacted.enacted, true, `motion ${motion[0]}'s Root call enacted`);
    }
  }

  before(async () => {
    await cryptoWaitReady();
    accounts = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => [n, keyring.addFromUri(`//${n}`)]));
    base = await freeBasePort();
    env = { ...process.env, NET_DIR: netDir, BASE_PORT: String(base), NODE_BIN: nodeBinary() };
    await network('start', '4');
    ({ api: alice } = await connect(ws(0)));
    apis.push(alice);
  });

  after(async () => {
    for (const api of apis) await api.disconnect().catch(() => {});
    await network('stop').catch((error) => console.error(`stopping the network: ${error.message}`));
    rmSync(netDir, { recursive: true, force: true });
  });

  test('nodes the consortium has not allowed get no blocks', async () => {
    const allowed = (await alice.query.consortium.allowedNodes.entries()).length;
    assert.equal(allowed, 4, 'local_testnet allows the four validators’ nodes');
    // The validators apply the allow-list from their first imported block on.
    await waitFor(async () => (await finalizedNumber(alice)) >= 2, { message: 'block 2 finalized', timeoutMs: 120_000 });
    await network('start-node', String(EVE));
    await network('start-node', String(FERDIE));
    const started = await bestNumber(alice);
    await waitFor(async () => (await finalizedNumber(alice)) >= started + 4, { message: 'four more blocks finalized', timeoutMs: 120_000 });
    // Both outsiders dial Alice (their bootnode) the whole time, but the allowed nodes refuse
    // them the sync protocol.
    assert.equal(await nodeBest(EVE), 0, 'Eve’s node is still at genesis');
    assert.equal(await nodeBest(FERDIE), 0, 'Ferdie’s node is still at genesis');
  });

  let eveAura;
  let peers;
  test('Eve joins: member, session keys, allowed node; she syncs and Ferdie still gets nothing', async () => {
    const eve = accounts.Eve.address;
    await passMotion('add-member', eve);
    assert.ok((await alice.query.consortiumMembership.members()).map(String).includes(eve));

    // Keys generated in Eve's node keystore, with a proof that her account owns them.
    const keys = await consortium(['session-keys', '--node-url', ws(EVE)], '//Eve');
    eveAura = u8aToHex(Buffer.from(keys.keys.slice(2), 'hex').subarray(0, 32));
    assert.equal((await alice.query.session.nextKeys(eve)).unwrap().aura.toHex(), eveAura);

    const { stdout: status } = await run(networkScript, ['status', '--json'], { env });
    peers = Object.fromEntries(JSON.parse(status).map((n) => [n.index, n.peerId]));
    await passMotion('allow-node', peers[EVE], eve);
    await waitFor(async () => (await nodeBest(EVE)) >= (await bestNumber(alice)) - 2, {
      message: 'Eve’s node to sync once allowed',
      timeoutMs: 120_000,
    });
    // Allowing Eve's node opened the gate for hers only.
    assert.equal(await nodeBest(FERDIE), 0, 'Ferdie’s node, never allowed, is still at genesis');
  });

  test('Eve, owner of an allowed node, lists the never-allowed node of Ferdie as a connection of hers', async () => {
    await consortium(['node-connections', peers[EVE], peers[FERDIE]], '//Eve');
    const bytes = (peerId) => u8aToHex(base58Decode(peerId));
    await waitFor(
      async () => {
        const listed = (await alice.query.consortium.nodeConnections(bytes(peers[EVE]))).map((peer) => peer.toHex());
        return listed.length === 1 && listed[0] === bytes(peers[FERDIE]);
      },
      { message: 'Ferdie’s node listed as the one connection of Eve’s on Alice’s best chain', timeoutMs: 60_000 },
    );
    // Ferdie's sync through Eve's node is checked at the end, once its peers have retried it.
  });

  test('a validator cannot purge its session keys, alone or in a batch: the pool refuses it with code 44', async () => {
    const dave = accounts.Dave;
    await assert.rejects(alice.tx.session.purgeKeys().signAndSend(dave), /Custom error: 44/);
    const batch = alice.tx.utility.batch([alice.tx.system.remark('0x01'), alice.tx.session.purgeKeys()]);
    await assert.rejects(batch.signAndSend(dave), /Custom error: 44/);
    assert.ok((await alice.query.session.nextKeys(dave.address)).isSome, 'Dave keeps his keys');
  });

  test('the consortium votes Eve in as validator and Dave out', async () => {
    const eve = accounts.Eve.address;
    await passMotion('add-validator', eve);
    await passMotion('remove-validator', accounts.Dave.address);
    const validators = (await alice.query.consortium.validators()).map(String);
    assert.ok(validators.includes(eve) && !validators.includes(accounts.Dave.address));
  });

  test('Eve authors blocks from the session after next; Dave stops; finality continues', async () => {
    const daveAura = u8aToHex(accounts.Dave.publicKey);
    await waitFor(
      async () => {
        const authorities = (await alice.query.aura.authorities()).map((a) => a.toHex());
        return authorities.includes(eveAura) && !authorities.includes(daveAura);
      },
      { message: 'the session to hand Eve in and Dave out to Aura', timeoutMs: 300_000, intervalMs: 2000 },
    );
    const grandpa = await alice.query.grandpa.authorities();
    assert.equal(grandpa.length, 4, 'GRANDPA follows the session too');

    // Follow new blocks: Eve authors one within a few rounds of four slots; Dave authors none.
    const authors = [];
    const from = await bestNumber(alice);
    await waitFor(
      async () => {
        const best = await bestNumber(alice);
        for (let n = from + authors.length + 1; n <= best; n++) {
          const hash = await alice.rpc.chain.getBlockHash(n);
          authors.push(await auraAuthor(alice, await alice.rpc.chain.getHeader(hash)));
        }
        return authors.includes(eveAura) && authors.length >= 12;
      },
      { message: 'a block authored by Eve (and 12 blocks to check)', timeoutMs: 180_000, intervalMs: 1000 },
    );
    assert.ok(!authors.includes(daveAura), 'Dave, voted out, authored no block');

    const finalized = await finalizedNumber(alice);
    assert.ok(finalized >= from, `finality kept up through the change (finalized ${finalized}, change seen at ${from})`);
    await waitFor(async () => (await finalizedNumber(alice)) >= from + 12, { message: 'finality past Eve’s blocks', timeoutMs: 120_000 });
  });

  test('a runtime upgrade voted by the consortium changes spec_version on every node', async () => {
    const { stdout } = await run(upgradeScript, ['rehearsal', '--json'], { env, timeout: 900_000, maxBuffer: 1 << 24 });
    const blob = JSON.parse(stdout.trim().split('\n').pop());
    const before = alice.runtimeVersion.specVersion.toNumber();
    assert.equal(blob.specVersion, before + 1, 'the rehearsal runtime announces the next spec_version');

    await passMotion('authorize-upgrade', blob.file);
    assert.equal((await alice.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), blob.blake2_256);
    // Anyone may apply an authorized upgrade: an unsigned transaction.
    const applied = await consortium(['apply-upgrade', blob.file]);
    assert.equal(applied.codeHash, blob.blake2_256);

    const running = [0, 1, 2, 3, EVE];
    for (const i of running) {
      await waitFor(async () => (await rpc(rpcPort(i), 'state_getRuntimeVersion')).specVersion === before + 1, {
        message: `node ${i} to run spec_version ${before + 1}`,
        timeoutMs: 120_000,
      });
    }
    const upgradedAt = await bestNumber(alice);
    await waitFor(async () => (await finalizedNumber(alice)) >= upgradedAt + 3, {
      message: `finality past the upgrade (block ${upgradedAt + 3})`,
      timeoutMs: 120_000,
    });
    const lastUpgrade = (await alice.query.system.lastRuntimeUpgrade()).unwrap();
    assert.equal(lastUpgrade.specVersion.toNumber(), before + 1, 'the runtime recorded its own upgrade');
  });

  test('the node that was never allowed syncs through its owner’s node, and runs the upgraded runtime', async () => {
    assert.ok((await bestNumber(alice)) > 30);
    await waitFor(async () => (await nodeBest(FERDIE)) >= (await bestNumber(alice)) - 2, {
      message: 'Ferdie’s node to sync through Eve’s',
      timeoutMs: 120_000,
    });
    const alicesVersion = (await rpc(rpcPort(0), 'state_getRuntimeVersion')).specVersion;
    assert.equal((await rpc(rpcPort(FERDIE), 'state_getRuntimeVersion')).specVersion, alicesVersion);
  });
});
