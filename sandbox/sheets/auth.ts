/**
 * The OAuth side of the stand-in: Google's token endpoint (https://oauth2.googleapis.com/token,
 * here `<base>/token`) for a service account's signed JWT (jwt-bearer grant: header RS256, claims
 * iss / scope / aud / iat / exp, signature checked against the account's registered public key;
 * an account the stand-in does not know is refused, as Google refuses one it does not know) or an
 * OAuth2 refresh token (refresh_token grant with the client's id, as n8n's OAuth2 credential sends
 * it), and the access tokens it hands out.
 */
import { createPublicKey, createVerify } from 'node:crypto';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
export const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

export interface TokenInfo {
	email: string;
	scopes: string[];
	expiresAt: number;
}

export interface OAuthError {
	status: number;
	body: { error: string; error_description: string };
}

export class TokenIssuer {
	private readonly accessTokens = new Map<string, TokenInfo>();
	private readonly refreshTokens = new Map<string, { email: string; scopes: string[] }>();
	private counter = 0;

	constructor(
		private readonly now: () => number,
		/** Public keys of the service accounts that may sign in (PEM by email). */
		private readonly serviceAccountKeys: Record<string, string> = {},
	) {}

	issueAccessToken(email: string, scopes: string[] = [SHEETS_SCOPE], ttlSeconds = 3600): string {
		const token = `ya29.sandbox-${(++this.counter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
		this.accessTokens.set(token, { email, scopes, expiresAt: this.now() + ttlSeconds * 1000 });
		return token;
	}

	issueRefreshToken(email: string, scopes: string[] = [SHEETS_SCOPE]): string {
		const token = `1//sandbox-refresh-${(++this.counter).toString(36)}`;
		this.refreshTokens.set(token, { email, scopes });
		return token;
	}

	registerServiceAccount(email: string, publicKeyPem: string): void {
		this.serviceAccountKeys[email] = publicKeyPem;
	}

	/** Revokes every access token of `email` (as when a key is deleted or access withdrawn): they answer 401 from now on. */
	revokeAccessTokens(email: string): number {
		let revoked = 0;
		for (const [token, info] of this.accessTokens) {
			if (info.email === email) {
				this.accessTokens.delete(token);
				revoked++;
			}
		}
		return revoked;
	}

	/** The user behind a bearer token, or null when it is unknown or expired. */
	lookup(token: string): TokenInfo | null {
		const info = this.accessTokens.get(token);
		if (!info || info.expiresAt <= this.now()) return null;
		return info;
	}

	/** Answers a POST to the token endpoint (form-encoded body; the client may come as Basic auth instead). */
	exchange(form: URLSearchParams, authorization = ''): { status: number; body: Record<string, unknown> } {
		const grant = form.get('grant_type');
		if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return this.jwtGrant(form.get('assertion') ?? '');
		if (grant === 'refresh_token') {
			const basic = /^Basic\s+(.+)$/i.exec(authorization.trim());
			const clientId = form.get('client_id') || (basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] : '');
			if (!clientId) return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
			const known = this.refreshTokens.get(form.get('refresh_token') ?? '');
			if (!known) return invalidGrant('Token has been expired or revoked.');
			const answer = this.granted(known.email, known.scopes);
			return { ...answer, body: { ...answer.body, scope: known.scopes.join(' ') } };
		}
		return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant ?? ''}` } };
	}

	private jwtGrant(assertion: string): { status: number; body: Record<string, unknown> } {
		const parts = assertion.split('.');
		if (parts.length !== 3) return invalidGrant('Invalid JWT: malformed assertion.');
		let header: { alg?: string };
		let claims: { iss?: string; sub?: string; scope?: string; aud?: string; exp?: number; iat?: number };
		try {
			header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		} catch {
			return invalidGrant('Invalid JWT: malformed assertion.');
		}
		const nowSeconds = Math.floor(this.now() / 1000);
		if (header.alg !== 'RS256') return invalidGrant('Invalid JWT: the signing algorithm must be RS256.');
		if (!claims.iss || !claims.iss.includes('@')) return invalidGrant('Invalid JWT: missing or bad "iss" claim.');
		if (claims.aud !== TOKEN_AUDIENCE) return invalidGrant('Invalid JWT: audience must be the token endpoint.');
		if (
			typeof claims.exp !== 'number' ||
			typeof claims.iat !== 'number' ||
			claims.exp - claims.iat > 3600 ||
			claims.exp < nowSeconds ||
			claims.iat > nowSeconds + 300
		) {
			return invalidGrant(
				'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
			);
		}
		const key = this.serviceAccountKeys[claims.iss];
		if (!key) return invalidGrant('Invalid grant: account not found');
		const verifier = createVerify('RSA-SHA256');
		verifier.update(`${parts[0]}.${parts[1]}`);
		if (!verifier.verify(createPublicKey(key), Buffer.from(parts[2], 'base64url'))) {
			return invalidGrant('Invalid JWT Signature.');
		}
		const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
		if (scopes.length === 0) return { status: 400, body: { error: 'invalid_scope', error_description: 'Empty or missing scope not allowed.' } };
		if (scopes.some((scope) => !scope.startsWith('https://www.googleapis.com/auth/'))) {
			return { status: 400, body: { error: 'invalid_scope', error_description: 'Invalid OAuth scope or ID token audience provided.' } };
		}
		// With domain-wide delegation the token is the impersonated user's.
		return this.granted(claims.sub || claims.iss, scopes);
	}

	private granted(email: string, scopes: string[]): { status: number; body: Record<string, unknown> } {
		const access_token = this.issueAccessToken(email, scopes);
		return { status: 200, body: { access_token, expires_in: 3599, token_type: 'Bearer' } };
	}
}

function invalidGrant(description: string): { status: number; body: Record<string, unknown> } {
	return { status: 400, body: { error: 'invalid_grant', error_description: description } };
}
