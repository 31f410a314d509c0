import { createSign, generateKeyPairSync } from 'node:crypto';
import { TokenIssuer, TOKEN_AUDIENCE } from '../../../sandbox/sheets/auth';

/**
 * The stand-in's token endpoint refuses what Google refuses: each claim of the service account's
 * JWT and its RS256 signature are checked, and a refresh needs the OAuth client.
 */
const ACCOUNT = 'bot@project.iam.gserviceaccount.com';
const SHEETS = 'https://www.googleapis.com/auth/spreadsheets';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOW = Date.parse('2026-03-09T15:00:00Z');
const iat = Math.floor(NOW / 1000);

function jwt(claims: Record<string, unknown>, options: { alg?: string; key?: typeof keys.privateKey } = {}): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${part({ alg: options.alg ?? 'RS256', typ: 'JWT' })}.${part(claims)}`;
	return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(options.key ?? keys.privateKey).toString('base64url')}`;
}

const good = { iss: ACCOUNT, scope: SHEETS, aud: TOKEN_AUDIENCE, iat, exp: iat + 3600 };
const issuer = () => new TokenIssuer(() => NOW, { [ACCOUNT]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
const grant = (assertion: string) => new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });

describe('token endpoint: JWT bearer grant', () => {
	it('a JWT signed by the registered key, with every claim right, gets a token for its scopes', () => {
		const tokens = issuer();
		const answer = tokens.exchange(grant(jwt(good)));
		expect(answer.status).toBe(200);
		expect(tokens.lookup(String(answer.body.access_token))).toMatchObject({ email: ACCOUNT, scopes: [SHEETS] });
	});

	it.each([
		['a signature by another key', jwt(good, { key: other.privateKey }), 'invalid_grant', 'Invalid JWT Signature.'],
		['an account nobody registered', jwt({ ...good, iss: 'stranger@x.iam.gserviceaccount.com' }), 'invalid_grant', 'Invalid grant: account not found'],
		['another audience', jwt({ ...good, aud: 'https://example.com/token' }), 'invalid_grant', 'Invalid JWT: audience must be the token endpoint.'],
		['an expired JWT', jwt({ ...good, iat: iat - 7200, exp: iat - 3600 }), 'invalid_grant', expect.stringContaining('short-lived token')],
		['a JWT valid for more than an hour', jwt({ ...good, exp: iat + 7200 }), 'invalid_grant', expect.stringContaining('short-lived token')],
		['a JWT from the future', jwt({ ...good, iat: iat + 3600, exp: iat + 7200 }), 'invalid_grant', expect.stringContaining('short-lived token')],
		['no scope', jwt({ ...good, scope: '' }), 'invalid_scope', 'Empty or missing scope not allowed.'],
		['a scope that is not Google\'s', jwt({ ...good, scope: 'spreadsheets' }), 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.'],
		['another algorithm', jwt(good, { alg: 'HS256' }), 'invalid_grant', 'Invalid JWT: the signing algorithm must be RS256.'],
		['no JWT at all', 'not.a-jwt', 'invalid_grant', 'Invalid JWT: malformed assertion.'],
	])('refuses %s', (_, assertion, error, description) => {
		const answer = issuer().exchange(grant(assertion));
		expect(answer).toEqual({ status: 400, body: { error, error_description: description } });
	});

	it('with domain-wide delegation (sub) the token is the impersonated user\'s', () => {
		const tokens = issuer();
		const answer = tokens.exchange(grant(jwt({ ...good, sub: 'jordan@riverahomeloans.com' })));
		expect(tokens.lookup(String(answer.body.access_token))?.email).toBe('jordan@riverahomeloans.com');
	});
});

describe('token endpoint: refresh grant', () => {
	it('renews with a known refresh token and the client id (form or Basic), refuses without the client or a known token', () => {
		const tokens = issuer();
		const refresh = tokens.issueRefreshToken('jordan@riverahomeloans.com', [SHEETS]);
		const form = (extra: Record<string, string>) => new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, ...extra });
		const renewed = tokens.exchange(form({ client_id: 'c', client_secret: 's' }));
		expect(renewed.status).toBe(200);
		expect(renewed.body.scope).toBe(SHEETS);
		expect(tokens.lookup(String(renewed.body.access_token))?.email).toBe('jordan@riverahomeloans.com');
		expect(tokens.exchange(form({}), `Basic ${Buffer.from('c:s').toString('base64')}`).status).toBe(200);
		expect(tokens.exchange(form({}))).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } });
		expect(tokens.exchange(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: '1//unknown', client_id: 'c' })).body.error).toBe('invalid_grant');
	});

	it('a revoked access token is no longer known', () => {
		const tokens = issuer();
		const token = tokens.issueAccessToken(ACCOUNT);
		expect(tokens.revokeAccessTokens(ACCOUNT)).toBe(1);
		expect(tokens.lookup(token)).toBeNull();
	});
});
