import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { SheetsError } from './errors';

/** The Google scope the tracker needs: read and write the spreadsheets shared with the account. */
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export type GoogleCredentials =
	| { kind: 'serviceAccount'; email: string; privateKey: string; baseUrl?: string }
	| {
			kind: 'oAuth2';
			accessToken?: string;
			refreshToken?: string;
			clientId?: string;
			clientSecret?: string;
			/** Shown in messages ("share it with ..."); the Google account's email when known. */
			email?: string;
			baseUrl?: string;
	  };

/** The account named in LO-facing messages. */
export function accountOf(credentials: GoogleCredentials): string {
	return credentials.email || 'the connected Google account';
}

function cleanBaseUrl(baseUrl: string | undefined): string | undefined {
	const trimmed = (baseUrl ?? '').trim().replace(/\/+$/, '');
	return trimmed === '' ? undefined : trimmed;
}

/** A Google sign-in: the client that adds (and renews) the bearer token, and where Google's APIs are. */
export interface GoogleAuth {
	/**
	 * The signed-in client: a service account (JWT signed for the scopes asked for, by
	 * google-auth-library) or an OAuth2 token. Any Google API request may go through
	 * `client.request`, with the same token.
	 */
	client: InstanceType<typeof auth.OAuth2>;
	/**
	 * With a base URL (sandbox only): the stand-in's address, with a trailing slash, serving every
	 * API. Undefined for Google itself, where each API has its own host (Sheets at
	 * sheets.googleapis.com, Drive at www.googleapis.com).
	 */
	rootUrl?: string;
}

export interface GoogleAuthOptions {
	/**
	 * What a service account signs in for; default the Sheets scope alone. An OAuth2 token carries
	 * the scopes granted when the account was connected: nothing is asked for here.
	 */
	scopes?: readonly string[];
}

/**
 * Signs in with a service account or an OAuth2 token. With a base URL (sandbox only) the token
 * endpoint is the local stand-in too. Node's own fetch carries the requests.
 */
export function createGoogleAuth(credentials: GoogleCredentials, options: GoogleAuthOptions = {}): GoogleAuth {
	const baseUrl = cleanBaseUrl(credentials.baseUrl);
	// Node's own fetch (gaxios would otherwise load node-fetch on demand).
	const transporterOptions = { fetchImplementation: fetch };
	let client: InstanceType<typeof auth.OAuth2>;
	if (credentials.kind === 'serviceAccount') {
		client = new auth.JWT({
			email: credentials.email,
			key: credentials.privateKey,
			scopes: [...(options.scopes ?? [SHEETS_SCOPE])],
			transporterOptions,
		});
	} else {
		client = new auth.OAuth2({
			clientId: credentials.clientId,
			clientSecret: credentials.clientSecret,
			transporterOptions,
			...(baseUrl ? { endpoints: { oauth2TokenUrl: `${baseUrl}/token` } } : {}),
		});
		client.setCredentials({ access_token: credentials.accessToken, refresh_token: credentials.refreshToken });
	}
	if (baseUrl) {
		// google-auth-library posts the signed JWT to Google's fixed token URL: send it to the stand-in.
		client.transporter.interceptors.request.add({
			resolved: async (config) => {
				if (String(config.url).startsWith(GOOGLE_TOKEN_URL)) config.url = new URL(`${baseUrl}/token`);
				return config;
			},
		});
	}
	return { client, rootUrl: baseUrl ? `${baseUrl}/` : undefined };
}

export interface SheetsApiOptions extends GoogleAuthOptions {
	/** Send the requests through this sign-in (shared with other Google calls); `scopes` is then its business. */
	auth?: GoogleAuth;
}

/**
 * The real @googleapis/sheets client, signed in by `createGoogleAuth` (for the Sheets scope
 * unless told otherwise). The library's own retries are off: the session retries every call
 * itself, POSTs included.
 */
export function createSheetsApi(credentials: GoogleCredentials, options: SheetsApiOptions = {}): sheets_v4.Sheets {
	const google = options.auth ?? createGoogleAuth(credentials, { scopes: options.scopes });
	return sheets({
		version: 'v4',
		auth: google.client,
		retry: false,
		fetchImplementation: fetch,
		...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
	} as sheets_v4.Options);
}

/** Reads a service account JSON key (as downloaded from Google Cloud) into credentials. */
export function parseServiceAccountKey(json: string, baseUrl?: string): GoogleCredentials {
	let key: { client_email?: unknown; private_key?: unknown };
	try {
		key = JSON.parse(json);
	} catch {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- transport layer: the node turns this into a NodeOperationError
		throw new SheetsError('The service account key is not valid JSON', 400, '', 'Paste the whole file you downloaded from Google Cloud (it starts with "{").');
	}
	if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
		throw new SheetsError('The service account key has no "client_email" or "private_key"', 400, '', 'Download a JSON key for the service account again and paste it.');
	}
	return { kind: 'serviceAccount', email: key.client_email, privateKey: key.private_key, baseUrl };
}
