// Helpers for submitting extrinsics in end-to-end tests and reading their events.

/**
 * Signs and submits `tx` with `signer`, resolving with its events once it is in a block. Rejects
 * with `section.Name` of the module error on a failed dispatch, with the pool's error if the
 * transaction is refused, or after `timeoutMs` if it is never included.
 */
export function submit(api, tx, signer, { timeoutMs = 60_000 } = {}) {
  return new Promise((ok, fail) => {
    let unsubscribe;
    const finish = (fn, value) => {
      clearTimeout(timer);
      if (typeof unsubscribe === 'function') unsubscribe();
      fn(value);
    };
    const timer = setTimeout(() => finish(fail, new Error(`not included within ${timeoutMs} ms`)), timeoutMs);
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        finish(fail, new Error(detail ? `${detail.section}.${detail.name}` : dispatchError.toString()));
      } else if (status.isInBlock) {
        finish(ok, events.map(({ event }) => event));
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        finish(fail, new Error(`transaction ${status.type}`));
      }
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch((error) => finish(fail, error));
  });
}

/** The first event of `section.method` among `events`, if any. */
export const named = (events, section, method) => events.find((e) => e.section === section && e.method === method);

/** `section.method` of every event, for assertion messages. */
export const eventNames = (events) => events.map((e) => `${e.section}.${e.method}`).join(', ');

/**
 * Passes `call` as a motion of the consortium collective with `member`'s single vote (the dev
 * chain has one member, so the motion executes at once) and returns the events. Fails unless the
 * motion executed and its call succeeded.
 */
export async function consortiumDo(api, member, call) {
  const events = await submit(api, api.tx.consortiumCollective.propose(1, call, call.encodedLength), member);
  const executed = named(events, 'consortiumCollective', 'Executed');
  if (!executed) throw new Error(`motion did not execute; events: ${eventNames(events)}`);
  if (!executed.data.result.isOk) throw new Error(`motion failed: ${executed.data.result.toString()}`);
  return events;
}
