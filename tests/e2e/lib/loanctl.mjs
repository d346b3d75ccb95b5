// Runs the `loanctl` binary as a process in end-to-end tests: one-shot commands with their JSON
// output (`--json`: one object a line on stdout, `{"error": {...}}` and a non-zero exit on
// failure), and long-running commands (`watch`, `disclosure serve-queries`) in the background,
// read line by line and always stopped by the test.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeBinary } from './node.mjs';

const BUILD_HINT =
  'build it with `source scripts/env.sh && loanchain_build_loanctl`, or set LOANCHAIN_LOANCTL_BIN';

/** The loanctl binary under test: $LOANCHAIN_LOANCTL_BIN, else `loanctl` beside the node binary. */
export function loanctlBinary() {
  let bin = process.env.LOANCHAIN_LOANCTL_BIN;
  if (!bin) {
    let nodeBin;
    try {
      nodeBin = nodeBinary();
    } catch (error) {
      throw new Error(`loanctl is looked for beside the node binary, which was not found (${error.message}); ${BUILD_HINT}`);
    }
    bin = join(dirname(nodeBin), 'loanctl');
  }
  if (!existsSync(bin)) throw new Error(`loanctl binary not found at ${bin}: ${BUILD_HINT}`);
  return bin;
}

/** The JSON objects of `text`, one a line (lines that are not JSON are skipped). */
export function jsonLines(text) {
  const values = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      values.push(JSON.parse(trimmed));
    } catch {
      // Not a JSON line.
    }
  }
  return values;
}

/** A failed loanctl command: `code`, `stdout`, `stderr` and, with --json, the `{error}` object. */
export class LoanctlError extends Error {
  constructor(args, result) {
    const shown = `loanctl ${args.join(' ')}`;
    super(`${shown} exited with ${result.code ?? result.signal}:\n${result.stderr.trim()}\n${result.stdout.trim()}`.trim());
    Object.assign(this, result);
    this.error = jsonLines(result.stdout).find((line) => line.error)?.error;
  }
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A loanctl session against the node at `url`, with a keystore in a fresh temporary folder
 * (`dir`; `close()` removes it and stops every background process still running).
 */
export function loanctlSession({ url, timeoutMs = 120_000 } = {}) {
  const bin = loanctlBinary();
  const dir = mkdtempSync(join(tmpdir(), 'loanctl-e2e-'));
  const keystore = join(dir, 'keystore.json');
  const background = new Set();
  // Explicit global options, so that LOANCHAIN_URL or LOANCHAIN_KEYSTORE set outside do not matter.
  const globalArgs = (json) => ['--url', url, '--keystore', keystore, ...(json ? ['--json'] : [])];

  /** Runs `loanctl ARGS` to its end; resolves with `{ code, signal, stdout, stderr }`. */
  function exec(args, { json = true, timeout = timeoutMs } = {}) {
    return new Promise((ok, fail) => {
      const child = spawn(bin, [...globalArgs(json), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`loanctl ${args.join(' ')} did not finish within ${timeout} ms:\n${stderr}\n${stdout}`));
      }, timeout);
      child.once('error', (error) => {
        clearTimeout(timer);
        running.delete(child);
        fail(error);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        running.delete(child);
        ok({ code, signal, stdout, stderr });
      });
    });
  }

  const session = {
    bin,
    dir,
    keystore,
    url,
    exec,

    /** Runs `loanctl --json ARGS`, which must succeed; resolves with its last JSON line. */
    async json(...args) {
      const result = await exec(args.flat());
      if (result.code !== 0) throw new LoanctlError(args.flat(), result);
      const lines = jsonLines(result.stdout);
      if (lines.length === 0) throw new Error(`loanctl ${args.flat().join(' ')} printed no JSON:\n${result.stdout}`);
      return lines[lines.length - 1];
    },

    /** Runs `loanctl ARGS` (text output), which must succeed; resolves with its stdout. */
    async text(...args) {
      const result = await exec(args.flat(), { json: false });
      if (result.code !== 0) throw new LoanctlError(args.flat(), result);
      return result.stdout;
    },

    /**
     * Runs `loanctl --json ARGS`, which must fail (non-zero exit); resolves with the
     * `LoanctlError`, whose `error` is the printed `{ message, pallet, error, docs, hint }`.
     */
    async fails(...args) {
      const result = await exec(args.flat());
      if (result.code === 0) throw new Error(`loanctl ${args.flat().join(' ')} succeeded but should have failed:\n${result.stdout}`);
      const failure = new LoanctlError(args.flat(), result);
      if (!failure.error) throw new Error(`loanctl ${args.flat().join(' ')} failed without a JSON error:\n${failure.message}`);
      return failure;
    },

    /** Imports the secret URI `suri` (written to a file, never passed on the command line) as `name`. */
    async importKey(name, suri) {
      const file = join(dir, `${name}.suri`);
      writeFileSync(file, `${suri}\n`, { mode: 0o600 });
      const account = await session.json('keys', 'import', name, '--suri-file', file);
      rmSync(file);
      return account;
    },

    /**
     * Starts `loanctl --json ARGS` in the background. Returns `{ lines, stdout(), stderr(),
     * waitFor(pred, { timeoutMs, message }), waitForStderr(text), exited, stop() }`: `lines`
     * collects the JSON lines printed so far; `waitFor` resolves with the first line matching
     * `pred` and `waitForStderr` once `text` is on stderr (both fail if the process exits or time
     * runs out first); `exited` resolves with `{ code, signal }`.
     */
    start(...args) {
      args = args.flat();
      const child = spawn(bin, [...globalArgs(true), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      const lines = [];
      let stdout = '';
      let stderrText = '';
      let pending = '';
      const watchers = new Set();
      const notify = () => {
        for (const watcher of watchers) watcher();
      };
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        stdout += chunk;
        pending += chunk;
        let at;
        while ((at = pending.indexOf('\n')) >= 0) {
          lines.push(...jsonLines(pending.slice(0, at)));
          pending = pending.slice(at + 1);
        }
        notify();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk) => {
        stderrText += chunk;
        notify();
      });
      let exitStatus = null;
      const exited = new Promise((ok) => {
        child.once('close', (code, signal) => {
          running.delete(child);
          background.delete(handle);
          if (pending) lines.push(...jsonLines(pending));
          exitStatus = { code, signal };
          notify();
          ok(exitStatus);
        });
      });
      const describe = () => `loanctl ${args.join(' ')}`;
      // Resolves with the first truthy value of `condition`, checked on every output.
      const until = (condition, timeoutMs, message) =>
        new Promise((ok, fail) => {
          const timer = setTimeout(
            () => done(fail, new Error(`${describe()} printed no ${message} within ${timeoutMs} ms:\n${stderrText}\n${stdout}`)),
            timeoutMs,
          );
          const done = (fn, value) => {
            clearTimeout(timer);
            watchers.delete(check);
            fn(value);
          };
          const check = () => {
            const value = condition();
            if (value) done(ok, value);
            else if (exitStatus) {
              done(fail, new Error(`${describe()} exited (${JSON.stringify(exitStatus)}) before printing ${message}:\n${stderrText}\n${stdout}`));
            }
          };
          watchers.add(check);
          check();
        });
      const handle = {
        args,
        lines,
        exited,
        stdout: () => stdout,
        stderr: () => stderrText,
        /** Resolves with the first JSON line for which `predicate` holds. */
        waitFor(predicate, { timeoutMs = 60_000, message = 'a matching line' } = {}) {
          return until(() => lines.find(predicate), timeoutMs, message);
        },
        /** Resolves once `text` appears on stderr (where progress messages go). */
        waitForStderr(text, { timeoutMs = 30_000 } = {}) {
          return until(() => stderrText.includes(text), timeoutMs, `${JSON.stringify(text)} on stderr`);
        },
        /** Stops the process (SIGTERM, then SIGKILL) and resolves with its exit status. */
        async stop() {
          if (!exitStatus) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(timer);
          }
          return exitStatus;
        },
      };
      background.add(handle);
      return handle;
    },

    /** Stops every background process of this session and removes its folder. */
    async close() {
      await Promise.all([...background].map((handle) => handle.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return session;
}
