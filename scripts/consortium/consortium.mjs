#!/usr/bin/env node
// Operator steps of the loanchain consortium: motions and votes, session keys, allowed nodes and
// runtime upgrades, against a running node. `consortium.mjs --help` explains every command.
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { base58Decode, blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';

const HELP = `loanchain consortium operations

Usage: scripts/consortium.sh <command> [arguments] [options]

Motions (signed by a consortium member, who proposes the motion and votes aye on it). Each
needs a share of all members: more than half; three quarters for Root calls (members, upgrades),
which passing only schedules: anyone enacts them after the enactment delay (see
docs/governance.md). A motion that needs a vote holds a deposit until it is closed.
  motion add-member ACCOUNT            admit a member to the consortium (Root call)
  motion remove-member ACCOUNT         remove a member (Root call)
  motion add-validator ACCOUNT         add a validator (effective at the session after next)
  motion remove-validator ACCOUNT      remove a validator (Root call; same timing once enacted)
  motion allow-node PEER_ID OWNER      allow a node (base58 peer id, 12D3KooW...) into block sync
  motion disallow-node PEER_ID         take a node off the allowed list (Root call)
  motion authorize-upgrade WASM_FILE   authorize a runtime upgrade to this wasm blob (Root call)
  motion cancel-root-call ID           cancel a scheduled Root call (more than a quarter)
  object ID                            object to a scheduled Root call; more than a quarter of
                                       the members' objections cancel it (no motion needed)
  vote MOTION_HASH aye|nay             vote on an open motion
  close MOTION_HASH                    close a motion that has enough votes (executes it if
                                       passed) and return the proposer's deposit
  motions                              list the open motions and their votes

Validators and node owners (signed by the validator's or owner's account):
  session-keys                         generate session keys on your node (--node-url) with a
                                       proof of ownership, and register them (session.setKeys)
  node-connections PEER_ID [PEER...]   set the extra peers your allowed node syncs with

Anyone:
  scheduled                            list the scheduled Root calls and their due blocks
  enact ID                             enact a scheduled Root call (signed), waiting for its
                                       due block first
  apply-upgrade WASM_FILE              submit an authorized runtime (unsigned; no fee)
  status                               validators, session, members, allowed nodes, runtime version
  peer-id PEER_ID                      the hex bytes the chain stores for a base58 peer id

Options:
  --url URL          node to talk to (default ws://127.0.0.1:9944)
  --node-url URL     for session-keys: your validator node, whose keystore receives the keys
                     (default: --url); it must allow unsafe RPC methods (the default on localhost)
  --suri-file FILE   the signer's secret URI (mnemonic or //Dev seed) from a file; otherwise the
                     LOANCHAIN_SURI environment variable. Secrets are never printed.
  --wait in-block|finalized   when a transaction counts as done (default in-block)
  --json             machine-readable output: one JSON object on stdout
  -h, --help         this text

Progress goes to stderr; results to stdout. Exit status 1 on any error, with the chain's error
name and what to do.`;

class UsageError extends Error {}

// Libraries log through the console (for example when the chain upgrades its runtime); keep stdout
// for results, so that `--json` output stays one parseable object.
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => process.stderr.write(`${format(...args)}\n`);
}

function parseArgs(argv) {
  const options = { url: 'ws://127.0.0.1:9944', wait: 'in-block', json: false };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--url') options.url = value();
    else if (arg === '--node-url') options.nodeUrl = value();
    else if (arg === '--suri-file') options.suriFile = value();
    else if (arg === '--wait') options.wait = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (!['in-block', 'finalized'].includes(options.wait)) throw new UsageError('--wait must be in-block or finalized');
  return { options, positional };
}

const progress = (line) => process.stderr.write(`${line}\n`);

/** The signer's key pair, from --suri-file or LOANCHAIN_SURI. */
function signer(options) {
  const suri = options.suriFile ? readFileSync(options.suriFile, 'utf8').trim() : process.env.LOANCHAIN_SURI;
  if (!suri) throw new UsageError('this command is signed: set LOANCHAIN_SURI or pass --suri-file FILE');
  return new Keyring({ type: 'sr25519' }).addFromUri(suri);
}

/** The raw bytes (hex) of a base58 peer id, as `loanchain-node key inspect-node-key` prints it. */
export function peerIdBytes(peerId) {
  try {
    const bytes = base58Decode(peerId);
    if (bytes.length < 3 || bytes[1] !== bytes.length - 2) throw new Error('not a multihash');
    return u8aToHex(bytes);
  } catch {
    throw new UsageError(`${peerId} is not a base58 peer id (like 12D3KooW...); print yours with: loanchain-node key inspect-node-key --file <node key file>`);
  }
}

/** Explains a dispatch error by its pallet and name, with the runtime's own documentation. */
function describeError(api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}: ${meta.docs.join(' ').trim()}`;
  }
  return dispatchError.toString();
}

/**
 * Submits `tx` (signed by `pair`, or unsigned when `pair` is null), printing progress, and
 * resolves with `{ blockHash, events }` once it is in a block or finalized (`wait`).
 */
function send(api, tx, pair, wait) {
  return new Promise((ok, fail) => {
    let unsubscribe;
    let inBlock;
    const done = (fn, value) => {
      if (typeof unsubscribe === 'function') unsubscribe();
      fn(value);
    };
    const onStatus = ({ status, dispatchError, events }) => {
      if (status.isReady) progress(`submitted ${tx.method.section}.${tx.method.method} (${tx.hash.toHex()}), waiting for a block...`);
      if (dispatchError) return done(fail, new Error(describeError(api, dispatchError)));
      if (status.isInBlock) {
        inBlock = status.asInBlock.toHex();
        progress(`in block ${inBlock}${wait === 'finalized' ? ', waiting for finality...' : ''}`);
        if (wait === 'in-block') done(ok, { blockHash: inBlock, events: events.map((r) => r.event) });
      } else if (status.isFinalized) {
        progress(`finalized in ${status.asFinalized.toHex()}`);
        done(ok, { blockHash: status.asFinalized.toHex(), events: events.map((r) => r.event) });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        done(fail, new Error(`the transaction pool reports it ${status.type}`));
      }
    };
    const sent = pair ? tx.signAndSend(pair, onStatus) : tx.send(onStatus);
    sent.then((unsub) => (unsubscribe = unsub)).catch((error) => done(fail, new Error(`refused by the node: ${error.message}`)));
  });
}

const eventOf = (events, section, method) => events.find((e) => e.section === section && e.method === method);

/** The call a `motion` subcommand carries. */
function motionCall(api, action, args) {
  const need = (n, what) => {
    if (args.length !== n) throw new UsageError(`motion ${action} takes ${what}`);
  };
  switch (action) {
    case 'add-member':
      need(1, 'ACCOUNT');
      return api.tx.consortium.scheduleAsRoot(api.tx.consortiumMembership.addMember(args[0]));
    case 'remove-member':
      need(1, 'ACCOUNT');
      return api.tx.consortium.scheduleAsRoot(api.tx.consortiumMembership.removeMember(args[0]));
    case 'cancel-root-call':
      need(1, 'ID');
      return api.tx.consortium.cancelRootCall(Number(args[0]));
    case 'add-validator':
      need(1, 'ACCOUNT');
      return api.tx.consortium.addValidator(args[0]);
    case 'remove-validator':
      need(1, 'ACCOUNT');
      return api.tx.consortium.scheduleAsRoot(api.tx.consortium.removeValidator(args[0]));
    case 'allow-node':
      need(2, 'PEER_ID OWNER');
      return api.tx.consortium.allowNode(peerIdBytes(args[0]), args[1]);
    case 'disallow-node':
      need(1, 'PEER_ID');
      return api.tx.consortium.scheduleAsRoot(api.tx.consortium.disallowNode(peerIdBytes(args[0])));
    case 'authorize-upgrade': {
      need(1, 'WASM_FILE');
      const hash = blake2AsHex(readFileSync(args[0]), 256);
      progress(`runtime blob ${args[0]}: blake2-256 ${hash}`);
      return api.tx.consortium.scheduleAsRoot(api.tx.system.authorizeUpgrade(hash));
    }
    default:
      throw new UsageError(`unknown motion ${action ?? '(none)'}; see --help`);
  }
}

/**
 * The fewest ayes of all members that reach the share `call` needs, as the runtime counts it:
 * at least three quarters to schedule a Root call, more than a quarter to cancel one, more than
 * half for everything else.
 */
async function thresholdFor(api, call) {
  const members = (await api.query.consortiumMembership.members()).length;
  const { section, method } = call.method;
  let ayes;
  if (section === 'consortium' && method === 'scheduleAsRoot') ayes = Math.ceil((3 * members) / 4);
  else if (section === 'consortium' && method === 'cancelRootCall') ayes = Math.floor(members / 4) + 1;
  else ayes = Math.floor(members / 2) + 1;
  return Math.max(ayes, 1);
}

/** The Root call a motion's events say it scheduled, if any. */
function scheduledOf(events) {
  const scheduled = eventOf(events, 'consortium', 'RootCallScheduled');
  return scheduled ? { id: scheduled.data.id.toNumber(), due: scheduled.data.due.toNumber() } : undefined;
}

async function motion(api, options, [action, ...args]) {
  const call = motionCall(api, action, args);
  const threshold = await thresholdFor(api, call);
  const pair = signer(options);
  const { events } = await send(api, api.tx.consortiumCollective.propose(threshold, call, call.encodedLength), pair, options.wait);
  const executed = eventOf(events, 'consortiumCollective', 'Executed');
  if (executed) return { executed: true, result: executed.data.result.toHuman(), scheduled: scheduledOf(events) };
  const proposed = eventOf(events, 'consortiumCollective', 'Proposed');
  if (!proposed) throw new Error('the motion was neither proposed nor executed');
  // The collective does not count the proposer's vote by itself: cast it.
  const hash = proposed.data.proposalHash;
  const index = proposed.data.proposalIndex;
  await send(api, api.tx.consortiumCollective.vote(hash, index, true), pair, options.wait);
  return {
    motion: hash.toHex(),
    index: index.toNumber(),
    threshold,
    ayes: 1,
    next: `other members vote with: vote ${proposed.data.proposalHash.toHex()} aye; then anyone runs: close ${proposed.data.proposalHash.toHex()}`,
  };
}

async function openVoting(api, hash) {
  const voting = await api.query.consortiumCollective.voting(hash);
  if (voting.isNone) throw new Error(`no open motion ${hash}: it was closed, or the hash is wrong (list them with: motions)`);
  return voting.unwrap();
}

async function vote(api, options, [hash, choice]) {
  if (!hash || !['aye', 'nay'].includes(choice)) throw new UsageError('vote takes MOTION_HASH aye|nay');
  const voting = await openVoting(api, hash);
  const { events } = await send(api, api.tx.consortiumCollective.vote(hash, voting.index, choice === 'aye'), signer(options), options.wait);
  const voted = eventOf(events, 'consortiumCollective', 'Voted');
  return { motion: hash, aye: choice === 'aye', ayes: voted?.data.yes.toNumber(), nays: voted?.data.no.toNumber() };
}

async function close(api, options, [hash]) {
  if (!hash) throw new UsageError('close takes MOTION_HASH');
  const voting = await openVoting(api, hash);
  const members = (await api.query.consortiumMembership.members()).length;
  const threshold = voting.threshold.toNumber();
  const decided = voting.ayes.length >= threshold || voting.nays.length > members - threshold;
  const ended = (await api.query.system.number()).toNumber() >= voting.end.toNumber();
  if (!decided && !ended) {
    throw new Error(`not enough votes yet: ${voting.ayes.length} ayes and ${voting.nays.length} nays of ${members} members, ${threshold} ayes needed; close it once the other votes are in (vote with --wait finalized to be sure they are)`);
  }
  const proposal = await api.query.consortiumCollective.proposalOf(hash);
  const weightBound = api.consts.consortiumCollective.maxProposalWeight;
  // Close and return the proposer's deposit in one transaction, so it is never left behind.
  const tx = api.tx.utility.batchAll([
    api.tx.consortiumCollective.close(hash, voting.index, weightBound, proposal.unwrap().encodedLength),
    api.tx.consortiumCollective.releaseProposalCost(hash),
  ]);
  const { events } = await send(api, tx, signer(options), options.wait);
  const executed = eventOf(events, 'consortiumCollective', 'Executed');
  if (executed) {
    const result = executed.data.result;
    if (result.isErr) throw new Error(`the motion passed but its call failed: ${describeError(api, result.asErr)}`);
    const scheduled = scheduledOf(events);
    if (scheduled) progress(`Root call #${scheduled.id} scheduled; anyone may enact it from block ${scheduled.due} with: enact ${scheduled.id}`);
    return { motion: hash, executed: true, scheduled };
  }
  if (eventOf(events, 'consortiumCollective', 'Disapproved')) return { motion: hash, executed: false, disapproved: true };
  throw new Error('the motion stays open: not enough votes yet, and its voting period has not ended');
}

async function motions(api) {
  const hashes = await api.query.consortiumCollective.proposals();
  const list = [];
  for (const hash of hashes) {
    const voting = (await api.query.consortiumCollective.voting(hash)).unwrap();
    const proposal = (await api.query.consortiumCollective.proposalOf(hash)).unwrap();
    list.push({
      motion: hash.toHex(),
      index: voting.index.toNumber(),
      call: `${proposal.section}.${proposal.method}`,
      args: proposal.toHuman().args,
      threshold: voting.threshold.toNumber(),
      ayes: voting.ayes.map(String),
      nays: voting.nays.map(String),
      end: voting.end.toNumber(),
    });
  }
  return list;
}

async function scheduled(api) {
  const entries = await api.query.consortium.scheduledRootCalls.entries();
  const list = entries.map(([key, value]) => {
    const { call, due } = value.unwrap();
    let name = '(undecodable: cancel it and schedule it again)';
    try {
      const decoded = api.createType('Call', call.toU8a(true));
      name = `${decoded.section}.${decoded.method}`;
    } catch {
      // A call stored before an upgrade that changed it; the chain refuses to enact it.
    }
    return { id: key.args[0].toNumber(), call: name, callHash: blake2AsHex(call.toU8a(true), 256), due: due.toNumber() };
  });
  return list.sort((a, b) => a.id - b.id);
}

async function enact(api, options, [id]) {
  if (id === undefined || !/^\d+$/.test(id)) throw new UsageError('enact takes ID (see: scheduled)');
  const waiting = (await scheduled(api)).find((call) => call.id === Number(id));
  if (!waiting) throw new Error(`no Root call #${id} is waiting: it was enacted or cancelled, or never scheduled (list them with: scheduled)`);
  for (;;) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    // A transaction sent now lands in the next block at the earliest.
    if (best + 1 >= waiting.due) break;
    progress(`waiting for block ${waiting.due} to enact Root call #${id} (best block ${best})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // The weight bound is the scheduled call's own weight, as the runtime computes it.
  const stored = (await api.query.consortium.scheduledRootCalls(Number(id))).unwrap().call.toU8a(true);
  const info = await api.call.transactionPaymentCallApi.queryCallInfo(api.createType('Call', stored), stored.length);
  const tx = api.tx.consortium.enactRootCall(Number(id), info.weight);
  const { events } = await send(api, tx, signer(options), options.wait);
  if (eventOf(events, 'consortium', 'RootCallExpired')) throw new Error(`Root call #${id} expired unrun: it was not enacted within its enactment period; schedule it again`);
  const inner = eventOf(events, 'consortium', 'DispatchedAsRoot');
  if (!inner) throw new Error(`Root call #${id} was not enacted`);
  if (inner.data.result.isErr) throw new Error(`Root call #${id} ran but failed: ${describeError(api, inner.data.result.asErr)}`);
  return { id: Number(id), call: waiting.call, enacted: true };
}

async function object(api, options, [id]) {
  if (id === undefined || !/^\d+$/.test(id)) throw new UsageError('object takes ID (see: scheduled)');
  const { events } = await send(api, api.tx.consortium.objectToRootCall(Number(id)), signer(options), options.wait);
  const objected = eventOf(events, 'consortium', 'RootCallObjected');
  return { id: Number(id), objections: objected?.data.objections.toNumber(), cancelled: Boolean(eventOf(events, 'consortium', 'RootCallCancelled')) };
}

async function sessionKeys(api, options) {
  const pair = signer(options);
  const nodeUrl = options.nodeUrl ?? options.url;
  progress(`generating session keys on ${nodeUrl} for ${pair.address}...`);
  const node = nodeUrl === options.url ? api : await ApiPromise.create({ provider: new WsProvider(nodeUrl), noInitWarn: true });
  let generated;
  try {
    generated = await node.rpc('author_rotateKeysWithOwner', u8aToHex(pair.publicKey));
  } catch (error) {
    throw new Error(`author_rotateKeysWithOwner failed on ${nodeUrl}: ${error.message}. Run it against your own validator node, with unsafe RPC methods allowed (the default on 127.0.0.1).`);
  } finally {
    if (node !== api) await node.disconnect();
  }
  const { keys, proof } = generated.toJSON ? generated.toJSON() : generated;
  await send(api, api.tx.session.setKeys(keys, proof), pair, options.wait);
  return { account: pair.address, keys };
}

async function nodeConnections(api, options, [node, ...peers]) {
  if (!node) throw new UsageError('node-connections takes PEER_ID [PEER_ID...]');
  const tx = api.tx.consortium.setNodeConnections(peerIdBytes(node), peers.map(peerIdBytes));
  await send(api, tx, signer(options), options.wait);
  return { node, connections: peers };
}

async function applyUpgrade(api, options, [file]) {
  if (!file) throw new UsageError('apply-upgrade takes WASM_FILE');
  const code = readFileSync(file);
  const hash = blake2AsHex(code, 256);
  const authorized = await api.query.system.authorizedUpgrade();
  if (authorized.isNone) throw new Error('no runtime upgrade is authorized: pass a motion "authorize-upgrade" first');
  if (authorized.unwrap().codeHash.toHex() !== hash) {
    throw new Error(`${file} (blake2-256 ${hash}) is not the authorized runtime (${authorized.unwrap().codeHash.toHex()})`);
  }
  const before = api.runtimeVersion.specVersion.toNumber();
  progress(`submitting ${code.length} bytes of runtime code...`);
  const { blockHash, events } = await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), null, options.wait);
  // The old runtime wrote that block's events, but @polkadot/api may decode them with the new
  // runtime's metadata (the block's state holds the new code) and get none: the runtime version
  // at that block says whether the code changed.
  const after = (await api.rpc.state.getRuntimeVersion(blockHash)).specVersion.toNumber();
  if (!eventOf(events, 'system', 'CodeUpdated') && after === before) {
    throw new Error(`the upgrade was included in block ${blockHash}, but the code did not change (spec_version is still ${before})`);
  }
  return { codeHash: hash, specVersionBefore: before };
}

async function status(api) {
  const [validators, sessionValidators, members, session, nodes, version] = await Promise.all([
    api.query.consortium.validators(),
    api.query.session.validators(),
    api.query.consortiumMembership.members(),
    api.query.session.currentIndex(),
    api.query.consortium.allowedNodes.entries(),
    api.rpc.state.getRuntimeVersion(),
  ]);
  return {
    specVersion: version.specVersion.toNumber(),
    session: session.toNumber(),
    members: members.map(String),
    validators: validators.map(String),
    sessionValidators: sessionValidators.map(String),
    allowedNodes: nodes.map(([key, owner]) => ({ peerId: key.args[0].toHex(), owner: owner.unwrap().toString() })),
  };
}

const COMMANDS = {
  motion,
  vote,
  close,
  motions,
  scheduled,
  enact,
  object,
  'session-keys': sessionKeys,
  'node-connections': nodeConnections,
  'apply-upgrade': applyUpgrade,
  status,
};

function print(result, json) {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (Array.isArray(result)) {
    for (const item of result) process.stdout.write(`${JSON.stringify(item)}\n`);
    if (result.length === 0) process.stdout.write('(none)\n');
  } else {
    for (const [key, value] of Object.entries(result)) {
      process.stdout.write(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}\n`);
    }
  }
}

async function main() {
  const { options, positional } = parseArgs(process.argv.slice(2));
  const [command, ...args] = positional;
  if (options.help || !command) {
    process.stdout.write(`${HELP}\n`);
    return command || options.help ? 0 : 2;
  }
  if (command === 'peer-id') {
    if (args.length !== 1) throw new UsageError('peer-id takes PEER_ID');
    print({ peerId: args[0], bytes: peerIdBytes(args[0]) }, options.json);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command ${command}; see --help`);
  await cryptoWaitReady();
  const provider = new WsProvider(options.url, 1000, {}, 30_000);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }).catch((error) => {
    throw new Error(`cannot reach a node at ${options.url} (${error.message}); start one or pass --url`);
  });
  try {
    print(await run(api, options, args), options.json);
  } finally {
    await api.disconnect();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`error: ${error.message}\n${error instanceof UsageError ? 'run with --help for usage\n' : ''}`);
    process.exit(1);
  },
);
