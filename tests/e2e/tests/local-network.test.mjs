// The 4-validator local_testnet on loopback (scripts/local-network.sh): blocks are produced and
// finalized; with one validator killed, finality continues on the other three; restarted, the
// validator catches up. Every node is stopped at the end, also when a step fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bestNumber, connect, finalizedNumber, nodeBinary, portIsFree, repoRoot, rpc, waitFor } from '../lib/node.mjs';

const run = promisify(execFile);
const script = join(repoRoot, 'scripts/local-network.sh');

/** A base port whose p2p, RPC and metrics ports (base+i, base+100+i, base+200+i) are all free. */
async function freeBasePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const ports = [0, 1, 2, 3].flatMap((i) => [base + i, base + 100 + i, base + 200 + i]);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range found on 127.0.0.1');
}

describe('local_testnet: 4 validators on loopback', () => {
  const netDir = mkdtempSync(join(tmpdir(), 'loanchain-net-'));
  let env;
  let base;
  const apis = [];
  const network = (...args) => run(script, args, { env, timeout: 180_000 });

  before(async () => {
    base = await freeBasePort();
    env = { ...process.env, NET_DIR: netDir, BASE_PORT: String(base), NODE_BIN: nodeBinary() };
    await network('start', '4');
  });

  after(async () => {
    for (const api of apis) await api.disconnect().catch(() => {});
    await network('stop').catch((error) => console.error(`stopping the network: ${error.message}`));
    rmSync(netDir, { recursive: true, force: true });
  });

  const api = async (i) => {
    const { api } = await connect(`ws://127.0.0.1:${base + 100 + i}`);
    apis.push(api);
    return api;
  };

  test('all four validators peer, produce and finalize blocks', async () => {
    for (let i = 0; i < 4; i++) {
      await waitFor(async () => (await rpc(base + 100 + i, 'system_health')).peers >= 3, {
        message: `validator ${i} to see its 3 peers`,
        timeoutMs: 60_000,
      });
    }
    const alice = await api(0);
    const authorities = await alice.query.aura.authorities();
    assert.equal(authorities.length, 4);
    // The consortium's validator set is what the session pallet hands to Aura and GRANDPA.
    const voted = (await alice.query.consortium.validators()).map(String);
    assert.equal(voted.length, 4);
    assert.deepEqual((await alice.query.session.validators()).map(String), voted);
    await waitFor(async () => (await finalizedNumber(alice)) >= 4, { message: 'block 4 to be finalized', timeoutMs: 120_000 });
  });

  test('finality continues with one validator down, and the validator catches up when restarted', async () => {
    const alice = await api(0);
    await network('stop-node', '3');
    const finalizedAtLoss = await finalizedNumber(alice);
    await waitFor(async () => (await finalizedNumber(alice)) >= finalizedAtLoss + 3, {
      message: `finality to pass block ${finalizedAtLoss + 3} with 3 of 4 validators`,
      timeoutMs: 120_000,
    });

    await network('start-node', '3');
    const dave = await api(3);
    const target = await finalizedNumber(alice);
    await waitFor(async () => (await finalizedNumber(dave)) >= target, {
      message: `the restarted validator to sync and finalize block ${target}`,
      timeoutMs: 120_000,
    });
    assert.ok((await bestNumber(dave)) >= target);
    // And the network still finalizes new blocks with all four back.
    const now = await finalizedNumber(alice);
    await waitFor(async () => (await finalizedNumber(dave)) >= now + 2, { message: 'finality after the restart', timeoutMs: 120_000 });
  });
});
