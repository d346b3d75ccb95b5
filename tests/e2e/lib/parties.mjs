// Test parties on a dev chain: the consortium (Alice, the dev chain's sole member) admits an
// attestor, which attests people and companies; companies authorise operator accounts.
import { blake2AsHex } from '@polkadot/util-crypto';
import { consortiumDo, named, submit } from './tx.mjs';

/** Alice's motion admits `attestor` (a keyring pair) as a KYC provider. */
export async function admitAttestor(api, alice, attestor) {
  await consortiumDo(api, alice, api.tx.attestations.addAttestor(attestor.address));
}

/**
 * `attestor` attests `pair` as a subject of `kind` ('Person' or 'Company') whose commitment is
 * derived from `subject` (a stand-in for the keyed hash of an ID number); returns the identity.
 */
export async function attest(api, attestor, pair, subject, kind = 'Person') {
  const commitment = blake2AsHex(`e2e subject ${subject}`, 256);
  const expiresAt = (await api.rpc.chain.getHeader()).number.toNumber() + 100_000;
  await submit(api, api.tx.attestations.attest(pair.address, commitment, kind, 'High', expiresAt), attestor);
  const identity = await api.call.attestationsApi.identityOf(pair.address);
  return identity.unwrap().toNumber();
}

/** Alice endows `address` with `units` whole tokens (fees and deposits of an unattested operator). */
export async function endow(api, alice, address, units = 100n) {
  const amount = units * 10n ** BigInt(api.registry.chainDecimals[0]);
  await submit(api, api.tx.balances.transferKeepAlive(address, amount), alice);
}

/** The company account `company` authorises `operator` (its API system) to act for it. */
export async function authorizeOperator(api, company, operator) {
  const events = await submit(api, api.tx.attestations.authorizeOperator(operator.address), company);
  return named(events, 'attestations', 'OperatorAuthorized').data.company.toNumber();
}
