import { generateKeyPairSync } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { SheetsStandInOptions } from '../../sandbox/sheets';
import { forStandIn } from './nodeHarness';
import { startSheetsHarness, type SheetsHarness } from './sheetsHarness';

/**
 * The Sheets stand-in (which answers the Drive calls the referral node makes too: making,
 * finding and sharing partner views) with a service account whose signed JWT it verifies, so the
 * node signs in exactly as in n8n: its credential is n8n's Google Service Account credential.
 */
export type ReferralStandIn = SheetsHarness;

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** `account` is the service account: share the tracker with it. */
export function startReferralStandIn(account: string, options: SheetsStandInOptions = {}): Promise<ReferralStandIn> {
	return startSheetsHarness({ quotas: false, ...options, serviceAccountKeys: { [account]: publicKey } }, account);
}

/** The node's credential: n8n's Google Service Account credential for `account`; the node reaches the stand-in. */
export function standInCredentials(running: ReferralStandIn, account: string): Record<string, ICredentialDataDecryptedObject> {
	return forStandIn({ mortgageGoogleServiceAccountApi: { email: account, privateKey, inpersonate: false, httpNode: false } }, { googleRoot: running.url });
}

/** Node options that never wait on the real clock: 1 ms first retry, no quota pacing. */
export const FAST_GOOGLE = { retryBaseDelayMs: 1, paceRequests: false };
