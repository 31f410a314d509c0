import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSheetsStandIn, type SheetsStandIn, type SheetsStandInOptions } from '../../sandbox/sheets';

/**
 * The Sheets stand-in plus the one Google Drive call the referral node makes: creating a reader
 * permission (POST /drive/v3/files/{id}/permissions), which shares a partner's spreadsheet with
 * the partner. The permission lands in the stand-in, so the partner can then open that
 * spreadsheet (and only that one) through the real client.
 */
export interface ReferralStandIn {
	url: string;
	standIn: SheetsStandIn;
	/** Drive permission requests received, in order. */
	permissions: Array<{ spreadsheetId: string; emailAddress: string; role: string }>;
	/** The real Sheets client signed in as `email`. */
	clientFor(email: string): sheets_v4.Sheets;
	close(): Promise<void>;
}

const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

export async function startReferralStandIn(options: SheetsStandInOptions = {}): Promise<ReferralStandIn> {
	const standIn = createSheetsStandIn({ quotas: false, ...options });
	const permissions: ReferralStandIn['permissions'] = [];
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const drive = /^\/drive\/v3\/files\/([^/]+)\/permissions$/.exec(url.pathname);
		if (drive && req.method === 'POST') {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const reply = (status: number, body: unknown) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(body));
				};
				if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
					return reply(401, { error: { code: 401, message: 'Request is missing required authentication credential.', status: 'UNAUTHENTICATED' } });
				}
				const spreadsheetId = decodeURIComponent(drive[1]);
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { emailAddress?: string; role?: string; type?: string };
				try {
					standIn.getSpreadsheet(spreadsheetId);
				} catch {
					return reply(404, { error: { code: 404, message: `File not found: ${spreadsheetId}.`, status: 'NOT_FOUND' } });
				}
				if (body.type !== 'user' || !body.emailAddress) {
					return reply(400, { error: { code: 400, message: 'The permission type field is required.', status: 'INVALID_ARGUMENT' } });
				}
				standIn.share(spreadsheetId, body.emailAddress);
				permissions.push({ spreadsheetId, emailAddress: body.emailAddress, role: body.role ?? '' });
				reply(200, { kind: 'drive#permission', id: `perm-${permissions.length}`, type: 'user', role: body.role, emailAddress: body.emailAddress });
			});
			return;
		}
		standIn.handle(req, res).then(
			(handled) => {
				if (!handled) {
					res.writeHead(404, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }));
				}
			},
			(error) => {
				res.writeHead(500);
				res.end(String(error));
			},
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const clientFor = (email: string) => {
		const oauth = new auth.OAuth2({ transporterOptions: { fetchImplementation: fetch } });
		oauth.setCredentials({ access_token: standIn.issueAccessToken(email) });
		return sheets({ version: 'v4', auth: oauth, rootUrl: `${url}/`, retry: false, fetchImplementation: fetch } as sheets_v4.Options);
	};
	return {
		url,
		standIn,
		permissions,
		clientFor,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Node credentials that sign the node in to the stand-in as `email`. */
export function standInCredentials(running: ReferralStandIn, email: string) {
	return {
		mortgageGoogleServiceAccountApi: {
			email,
			privateKey: '',
			baseUrl: running.url,
			accessToken: running.standIn.issueAccessToken(email, ['https://www.googleapis.com/auth/spreadsheets', DRIVE_SCOPE]),
		},
	};
}
