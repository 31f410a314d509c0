import type { SheetsStandIn } from '../../../sandbox/sheets';

/** One service-account sign-in at the stand-in's token endpoint. */
export interface TokenRequest {
	/** The service account (the JWT's "iss"). */
	account: string;
	/** The scopes in the signed JWT: what the client asked for. */
	asked: string[];
	/** The scopes of the access token the stand-in issued for it (after checking the signature). */
	granted: string[] | null;
}

/**
 * Records the token requests the Sheets stand-in answers from now on. The stand-in logs a token
 * request without its body, so this watches its token issuer (calling through, changing nothing)
 * and reads the JWT it was sent and the token it gave back.
 */
export function tokenRequests(standIn: SheetsStandIn): () => TokenRequest[] {
	const exchange = jest.spyOn(standIn.tokens, 'exchange');
	return () =>
		exchange.mock.calls.flatMap(([form], index) => {
			if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return [];
			const claims = JSON.parse(Buffer.from(String(form.get('assertion')).split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: string; scope?: string };
			const answer = exchange.mock.results[index]?.value as { status: number; body: { access_token?: string } } | undefined;
			const token = answer?.status === 200 ? answer.body.access_token : undefined;
			return [{ account: claims.iss ?? '', asked: (claims.scope ?? '').split(' ').filter(Boolean), granted: token ? (standIn.tokens.lookup(token)?.scopes ?? null) : null }];
		});
}
