/**
 * The n8n-facing side of the Google transport: the node parameter and credentials a Google node
 * declares (the same for the Lead Tracker and Referral Status), and the one opener that turns
 * them into a session for this execution. The pack's credential types: a service account
 * (`mortgageGoogleServiceAccountApi`) or "Sign in with Google" (`mortgageGoogleSheetsOAuth2Api`).
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { sandboxSettings } from '../../shared/sandbox';
import { GOOGLE_SIGN_IN_CREDENTIAL, SERVICE_ACCOUNT_CREDENTIAL, SHEETS_SCOPE, googleRoots, oAuth2Client, serviceAccountClient, type GoogleClient } from './client';
import { SheetsSession, type SessionOptions } from './session';

export type GoogleAuthentication = 'serviceAccount' | 'oAuth2';

/** The node's "Authentication" parameter. */
export const googleAuthenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	default: 'serviceAccount',
	options: [
		{ name: 'Service Account (Recommended)', value: 'serviceAccount', description: "Uses a Google service account: a robot account you share the tracker with" },
		{ name: 'OAuth2 (Sign in with Google)', value: 'oAuth2', description: "Uses your own Google account (OAuth2)" },
	],
};

export interface OpenGoogleOptions extends SessionOptions {
	/**
	 * What a service account signs in for (default the Sheets scope alone). An OAuth2 account
	 * carries the scopes granted when it was connected (the Mortgage Google Sheets OAuth2 credential: Sheets and
	 * Drive files): nothing is asked for here.
	 */
	scopes?: readonly string[];
	/** The item whose parameters and credential apply (default 0: one sign-in per execution). */
	itemIndex?: number;
}

/** The signed-in Google client for the node's Authentication parameter and credential. */
export async function openGoogleClient(ctx: IExecuteFunctions, options: Pick<OpenGoogleOptions, 'scopes' | 'itemIndex' | 'now'> = {}): Promise<GoogleClient> {
	const itemIndex = options.itemIndex ?? 0;
	const authentication = ctx.getNodeParameter('authentication', itemIndex, 'serviceAccount') as GoogleAuthentication;
	const roots = googleRoots(sandboxSettings(ctx).googleRoot);
	if (authentication === 'oAuth2') {
		await ctx.getCredentials(GOOGLE_SIGN_IN_CREDENTIAL, itemIndex);
		return oAuth2Client(ctx, roots, ctx.getNode().credentials?.[GOOGLE_SIGN_IN_CREDENTIAL]?.id ?? '');
	}
	const credential = await ctx.getCredentials(SERVICE_ACCOUNT_CREDENTIAL, itemIndex);
	const email = String(credential.email ?? '').trim();
	const privateKey = String(credential.privateKey ?? '');
	if (!email || !privateKey.trim()) {
		throw new NodeOperationError(ctx.getNode(), 'The Google Service Account credential has no Service Account Email or Private Key', {
			itemIndex,
			description: 'Open the credential and paste "client_email" and "private_key" from the JSON key file you downloaded from Google Cloud.',
		});
	}
	const subject = credential.inpersonate === true ? String(credential.delegatedEmail ?? '').trim() || undefined : undefined;
	return serviceAccountClient(ctx, { email, privateKey, subject }, roots, { scopes: options.scopes ?? [SHEETS_SCOPE], now: options.now });
}

/** One Google session for this execution: paced, retried, explained (see session.ts). */
export async function openGoogleSession(ctx: IExecuteFunctions, options: OpenGoogleOptions = {}): Promise<SheetsSession> {
	const { scopes, itemIndex, ...session } = options;
	return new SheetsSession(await openGoogleClient(ctx, { scopes, itemIndex, now: session.now }), session);
}
