/**
 * The OAuth side of the stand-in: the token endpoint google-auth-library calls
 * (https://oauth2.googleapis.com/token, here `<base>/token`) for a service account's signed JWT
 * (jwt-bearer grant) or an OAuth2 refresh token, and the access tokens it hands out.
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
		/** Public keys of known service accounts: when one is known, the JWT signature is checked. */
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

	/** The user behind a bearer token, or null when it is unknown or expired. */
	lookup(token: string): TokenInfo | null {
		const info = this.accessTokens.get(token);
		if (!info || info.expiresAt <= this.now()) return null;
		return info;
	}

	/** Answers a POST to the token endpoint (form-encoded body). */
	exchange(form: URLSearchParams): { status: number; body: Record<string, unknown> } {
		const grant = form.get('grant_type');
		if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return this.jwtGrant(form.get('assertion') ?? '');
		if (grant === 'refresh_token') {
			const known = this.refreshTokens.get(form.get('refresh_token') ?? '');
			if (!known) return invalidGrant('Token has been expired or revoked.');
			return this.granted(known.email, known.scopes);
		}
		return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant ?? ''}` } };
	}

	private jwtGrant(assertion: string): { status: number; body: Record<string, unknown> } {
		const parts = assertion.split('.');
		if (parts.length !== 3) return invalidGrant('Invalid JWT: malformed assertion.');
		let claims: { iss?: string; scope?: string; aud?: string; exp?: number; iat?: number };
		try {
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		} catch {
			return invalidGrant('Invalid JWT: malformed assertion.');
		}
		const nowSeconds = Math.floor(this.now() / 1000);
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
		if (key) {
			const verifier = createVerify('RSA-SHA256');
			verifier.update(`${parts[0]}.${parts[1]}`);
			if (!verifier.verify(createPublicKey(key), Buffer.from(parts[2], 'base64url'))) {
				return invalidGrant('Invalid JWT Signature.');
			}
		}
		return this.granted(claims.iss, (claims.scope ?? '').split(' ').filter(Boolean));
	}

	private granted(email: string, scopes: string[]): { status: number; body: Record<string, unknown> } {
		const access_token = this.issueAccessToken(email, scopes);
		return { status: 200, body: { access_token, expires_in: 3599, token_type: 'Bearer' } };
	}
}

function invalidGrant(description: string): { status: number; body: Record<string, unknown> } {
	return { status: 400, body: { error: 'invalid_grant', error_description: description } };
}
