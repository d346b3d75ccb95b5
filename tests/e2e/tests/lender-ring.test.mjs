// The lender ring on a real dev node (docs/privacy.md, section 1), driven by loanctl and
// @polkadot/api: attested lenders register member keys (through loanctl, and one through
// @polkadot/api with a key loanctl derived offline), a company's operator registers the
// company's; the chain's ring commitment, built in the runtime's wasm one key at a time, is
// checked by loanctl against a commitment of the listed keys made on this machine, and a proof
// made against it verifies; aliases are stable per context and differ between lenders and
// contexts; the chain refuses a second key, a key of someone else's identity and an
// unattested account with named errors; a revoked lender's key is pruned by a stranger, a lender
// removes its own, and after each the runtime's rebuild (over several blocks) leaves a ring whose
// commitment is again its keys'.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, startDevNode, waitFor } from '../lib/node.mjs';
import { loanctlSession } from '../lib/loanctl.mjs';
import { admitAttestor, attest, authorizeOperator, endow } from '../lib/parties.mjs';
import { named, submit } from '../lib/tx.mjs';

/** The runtime's MinRingSize: a ring is usable from this many members on. */
const MIN_RING = 8;
/** Lenders whose keys loanctl holds. */
const LENDERS = Array.from({ length: MIN_RING }, (_, i) => `lender${i + 1}`);

describe('the lender ring on a dev chain', () => {
  let node, api, ctl, keyring, alice, bob;
  const identity = {};
  const pair = {};

  const showRing = () => ctl.json('lender', 'ring', 'show', '0');
  /** Waits until ring 0 is no longer rebuilding, and returns loanctl's (checked) view of it. */
  const rebuilt = async () => {
    let shown;
    await waitFor(async () => !(shown = await showRing()).rebuilding, { timeoutMs: 90_000, message: 'the ring rebuilt' });
    return shown;
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    ({ api } = await connect(node.wsUrl));
    ctl = loanctlSession({ url: node.wsUrl });
    keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    await admitAttestor(api, alice, bob);
    for (const name of [...LENDERS, 'jslender', 'acme', 'acmeop', 'stranger']) {
      pair[name] = keyring.addFromUri(`//Ring//${name}`);
      await endow(api, alice, pair[name].address);
      if (name !== 'acmeop' && name !== 'stranger') {
        identity[name] = await attest(api, bob, pair[name], `ring ${name}`, name === 'acme' ? 'Company' : 'Person');
      }
      if (name !== 'jslender') await ctl.importKey(name, `//Ring//${name}`);
    }
    await authorizeOperator(api, pair.acme, pair.acmeop);
  });

  after(async () => {
    ctl?.close();
    await api?.disconnect();
    await node?.stop();
  });

  test('lenders register member keys through loanctl; each joins ring 0 and revises it', async () => {
    for (const [i, name] of LENDERS.entries()) {
      const registered = await ctl.json('lender', 'ring', 'register', '--as', name);
      assert.equal(registered.identity, identity[name]);
      assert.equal(registered.ring, 0);
      const offline = await ctl.json('lender', 'ring', 'key', '--as', name);
      assert.equal(registered.key, offline.key, 'the key registered is the one derived offline');
      const shown = await showRing();
      assert.equal(shown.members.length, i + 1);
      assert.equal(shown.revision, i);
    }
  });

  test('a key registered through @polkadot/api joins the same ring', async () => {
    // A seed this test chose; loanctl only derives the key from it (no account involved).
    const seed = u8aToHex(new Uint8Array(32).fill(7));
    const { key } = await ctl.json('lender', 'ring', 'key', '--seed', seed);
    const events = await submit(api, api.tx.lenderRing.registerKey(identity.jslender, key), pair.jslender);
    const registered = named(events, 'lenderRing', 'MemberKeyRegistered');
    assert.equal(registered.data.identity.toNumber(), identity.jslender);
    const revised = named(events, 'lenderRing', 'RingRevised');
    assert.equal(revised.data.members.toNumber(), MIN_RING + 1);
    const member = await api.call.lenderRingApi.memberOf(identity.jslender);
    assert.equal(member.unwrap().key.toHex(), key);
    assert.equal(member.unwrap().position.toNumber(), MIN_RING);
  });

  test("the chain's commitment is the commitment of its keys, and proofs against it verify", async () => {
    const shown = await showRing();
    assert.equal(shown.checked, true);
    assert.equal(shown.committed, MIN_RING + 1);
    assert.equal(shown.usable, true);
    assert.equal(shown.rebuilding, false);
    // @polkadot/api reads the same ring through the runtime API.
    const view = (await api.call.lenderRingApi.ring(0)).unwrap();
    assert.deepEqual(view.members.map((k) => k.toHex()), shown.members);
    assert.equal(view.commitment.toHex(), shown.commitment);
    assert.equal(view.commitment.length, 288);

    const proof = await ctl.json('lender', 'ring', 'prove', '--as', 'lender3', '--context', 'loan 1', '--message', 'confirm');
    assert.equal(proof.ring, 0);
    assert.equal(proof.revision, shown.revision);
    assert.equal((proof.proof.length - 2) / 2, 785);
    assert.ok(proof.proveMs > 0 && proof.verifyMs > 0);
    console.log(`# proof creation ${proof.proveMs.toFixed(0)} ms, local check ${proof.verifyMs.toFixed(1)} ms (${proof.members} members)`);
    // The alias is the lender's own in the context: the same again, another in another
    // context, and another lender's differs.
    const again = await ctl.json('lender', 'ring', 'prove', '--as', 'lender3', '--context', 'loan 1', '--message', 'other');
    assert.equal(again.alias, proof.alias);
    assert.notEqual(again.proof, proof.proof);
    const otherContext = await ctl.json('lender', 'ring', 'prove', '--as', 'lender3', '--context', 'loan 2', '--message', 'confirm');
    assert.notEqual(otherContext.alias, proof.alias);
    const otherLender = await ctl.json('lender', 'ring', 'prove', '--as', 'lender4', '--context', 'loan 1', '--message', 'confirm');
    assert.notEqual(otherLender.alias, proof.alias);
  });

  test('a company operator registers the company key', async () => {
    const registered = await ctl.json('lender', 'ring', 'register', '--as', 'acmeop');
    assert.equal(registered.identity, identity.acme);
    assert.equal((await api.call.lenderRingApi.memberOf(identity.acme)).unwrap().ring.toNumber(), 0);
  });

  test('the chain refuses a second key, a key for someone else and an unattested account, by name', async () => {
    const again = await ctl.fails('lender', 'ring', 'register', '--as', 'lender1', '--seed', u8aToHex(new Uint8Array(32).fill(9)));
    assert.equal(again.error.pallet, 'LenderRing');
    assert.equal(again.error.error, 'AlreadyRegistered');
    const foreign = await ctl.fails('lender', 'ring', 'register', '--as', 'lender1', '--identity', String(identity.jslender));
    assert.equal(foreign.error.error, 'NotAuthorized');
    // The stranger has no identity: loanctl says so before any transaction.
    const stranger = await ctl.fails('lender', 'ring', 'register', '--as', 'stranger');
    assert.match(stranger.error.message, /has no identity/);
    // The chain refuses it too (the pool lets it through: funded, and the ring's calls need no attestation to be sent).
    await assert.rejects(
      submit(api, api.tx.lenderRing.registerKey(identity.lender1, u8aToHex(new Uint8Array(32).fill(1))), pair.stranger),
      /NotAuthorized|Custom error: 40/,
    );
    // Nothing changed.
    assert.equal((await showRing()).members.length, MIN_RING + 2);
  });

  test('a revoked lender is pruned by a stranger and the ring is rebuilt without it', async () => {
    const before = await showRing();
    await submit(api, api.tx.attestations.revoke(pair.lender2.address), bob);
    // Still valid identities cannot be pruned.
    const valid = await ctl.fails('lender', 'ring', 'prune', '--as', 'lender1', String(identity.lender5));
    assert.equal(valid.error.error, 'StillValid');
    const pruned = await ctl.json('lender', 'ring', 'prune', '--as', 'lender1', String(identity.lender2));
    assert.equal(pruned.identity, identity.lender2);
    assert.equal((await api.call.lenderRingApi.memberOf(identity.lender2)).isNone, true);
    const after = await rebuilt();
    assert.equal(after.members.length, before.members.length - 1);
    assert.ok(!after.members.includes(before.members[1]), "the pruned key left the ring's list");
    assert.ok(after.revision > before.revision);
    // The revisions that held the pruned key are no longer accepted.
    assert.deepEqual(after.revisions, [after.revision]);
    assert.equal(after.checked, true, "the rebuilt commitment is its keys'");
    // Proofs against the rebuilt ring work.
    const proof = await ctl.json('lender', 'ring', 'prove', '--as', 'lender6', '--context', 'loan 3', '--message', 'confirm');
    assert.equal(proof.revision, after.revision);
  });

  test('a lender removes its own key; the ring shrinks below its minimum and stops being usable', async () => {
    const before = await showRing();
    const removed = await ctl.json('lender', 'ring', 'remove', '--as', 'lender1');
    assert.equal(removed.identity, identity.lender1);
    const gone = await ctl.json('lender', 'ring', 'remove', '--as', 'acmeop');
    assert.equal(gone.identity, identity.acme);
    const after = await rebuilt();
    assert.equal(after.members.length, before.members.length - 2);
    assert.equal(after.members.length, MIN_RING - 1);
    assert.equal(after.usable, false);
    assert.equal(after.checked, true);
    const again = await ctl.fails('lender', 'ring', 'remove', '--as', 'lender1');
    assert.equal(again.error.error, 'NoKey');
  });
});
