// Helpers for end-to-end tests: start real loanchain nodes on loopback, connect real clients,
// poll for conditions with deadlines, and always clean up what was started.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The node binary under test: $LOANCHAIN_NODE_BIN, else the release build in the shared target dir. */
export function nodeBinary() {
  const bin =
    process.env.LOANCHAIN_NODE_BIN ??
    join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/loanchain/target'), 'release/loanchain-node');
  if (!existsSync(bin)) throw new Error(`node binary not found at ${bin}: run scripts/test.sh (it builds it) or set LOANCHAIN_NODE_BIN`);
  return bin;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be bound now. */
export function portIsFree(port) {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => ok(false));
    server.listen(port, '127.0.0.1', () => server.close(() => ok(true)));
  });
}

/**
 * Polls `check` until it returns a truthy value, and returns that value. Fails with `message`
 * (and the last error seen) once `timeoutMs` has passed, or at once if `check` throws an error
 * marked `fatal` (see `fatal()`).
 */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 250, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error.fatal) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** An error that stops `waitFor` at once (the condition can no longer become true). */
export function fatal(message) {
  return Object.assign(new Error(message), { fatal: true });
}

/** Calls a JSON-RPC method over HTTP. */
export async function rpc(port, method, params = []) {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * The raw chain spec of the dev chain written for this node build (`scripts/test-chain-specs.sh`,
 * run by `scripts/test.sh`), or `undefined` when $LOANCHAIN_DEV_SPEC is not set.
 */
export function devChainSpec() {
  const spec = process.env.LOANCHAIN_DEV_SPEC;
  if (spec && !existsSync(spec)) throw new Error(`LOANCHAIN_DEV_SPEC names ${spec}, which does not exist: run scripts/test-chain-specs.sh`);
  return spec || undefined;
}

/**
 * Starts `loanchain-node --dev` on free loopback ports with a temporary base path, and waits
 * until it answers JSON-RPC. Returns the ports, a log reader and `stop()`, which sends SIGTERM,
 * waits for the exit and returns the exit code (the temporary folder is removed).
 *
 * The node starts from the dev chain's raw spec when $LOANCHAIN_DEV_SPEC names one (the same
 * genesis, without building it from the runtime's preset at every start); `fromPreset: true`
 * starts a plain `--dev` node that builds its genesis itself.
 */
export async function startDevNode(options = {}) {
  // A port a parallel test's process took between its choice and the node's bind makes the
  // node exit ("address already in use"): start again on other ports, at most three times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevNodeOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/in use/i.test(String(error?.message))) throw error;
    }
  }
}

/** One attempt of `startDevNode`. */
async function startDevNodeOnce({ args = [], fromPreset = false } = {}) {
  const spec = fromPreset ? undefined : devChainSpec();
  const basePath = mkdtempSync(join(tmpdir(), 'loanchain-dev-'));
  const [rpcPort, p2pPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const logPath = join(basePath, 'node.log');
  const log = openSync(logPath, 'a');
  const child = spawn(
    nodeBinary(),
    [
      '--dev',
      ...(spec ? ['--chain', spec] : []),
      '--base-path', basePath,
      '--rpc-port', String(rpcPort),
      '--port', String(p2pPort),
      '--prometheus-port', String(metricsPort),
      '--no-mdns',
      '--no-telemetry',
      ...args,
    ],
    { stdio: ['ignore', log, log] },
  );
  running.add(child);
  const exited = new Promise((ok) => child.once('exit', (code, signal) => {
    running.delete(child);
    ok({ code, signal });
  }));
  const readLog = () => readFileSync(logPath, 'utf8');
  let stopped;
  const node = {
    rpcPort,
    p2pPort,
    metricsPort,
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    readLog,
    async stop() {
      if (!stopped) {
        stopped = (async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          const result = await exited;
          clearTimeout(timer);
          rmSync(basePath, { recursive: true, force: true });
          return result;
        })();
      }
      return stopped;
    },
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw fatal(`node exited with ${child.exitCode}:\n${readLog().slice(-2000)}`);
        // Only this node's own server: another process (a parallel test's node) may have taken
        // the port between its choice and the bind, and would answer in its place.
        if (!readLog().includes(`Running JSON-RPC server: addr=127.0.0.1:${rpcPort},`)) return false;
        return (await rpc(rpcPort, 'system_health')) !== undefined;
      },
      { timeoutMs: 60_000, message: 'the dev node to answer JSON-RPC' },
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}

/**
 * Connects @polkadot/api with no custom types. Returns the api, its WebSocket `provider` (for
 * loanchain's own JSON-RPC methods: `provider.send('loans_feedbackDue', [account])`) and the
 * warnings the api printed.
 */
export async function connect(url) {
  const warnings = [];
  const originalWarn = console.warn;
  console.warn = (...parts) => warnings.push(parts.join(' '));
  try {
    const provider = new WsProvider(url, 1000);
    const api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
    return { api, provider, warnings };
  } finally {
    console.warn = originalWarn;
  }
}

/** Resolves once `number` is at or below the finalized head of `api`. */
export function finalizedNumber(api) {
  return api.rpc.chain.getFinalizedHead().then((hash) => api.rpc.chain.getHeader(hash)).then((h) => h.number.toNumber());
}

/** The best block number of `api`. */
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}
