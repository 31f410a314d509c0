/**
 * Google's JSON error envelope: `{ error: { code, message, status, details } }`, with the
 * messages Sheets v4 uses (copied from responses documented in ../shared/research/external-apis.md).
 */
export class ApiError extends Error {
	constructor(
		readonly code: number,
		readonly status: string,
		message: string,
		readonly details: unknown[] = [],
	) {
		super(message);
	}

	toJSON(): { error: { code: number; message: string; status: string; details?: unknown[] } } {
		return {
			error: {
				code: this.code,
				message: this.message,
				status: this.status,
				...(this.details.length ? { details: this.details } : {}),
			},
		};
	}
}

export const invalidArgument = (message: string) => new ApiError(400, 'INVALID_ARGUMENT', message);

export const unableToParseRange = (range: string) => invalidArgument(`Unable to parse range: ${range}`);

export const notFound = () => new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');

export const permissionDenied = () =>
	new ApiError(403, 'PERMISSION_DENIED', 'The caller does not have permission');

export const unauthenticated = (message = 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.') =>
	new ApiError(401, 'UNAUTHENTICATED', message, [
		{
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'CREDENTIALS_MISSING',
			domain: 'googleapis.com',
			metadata: { service: 'sheets.googleapis.com', method: 'google.apps.sheets.v4.SpreadsheetsService' },
		},
	]);

export const insufficientScopes = () =>
	new ApiError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
		{
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
			domain: 'googleapis.com',
			metadata: { service: 'sheets.googleapis.com' },
		},
	]);

export type QuotaMetric = 'Read requests' | 'Write requests';

export function quotaExceeded(metric: QuotaMetric, scope: 'user' | 'project', limit: number): ApiError {
	const kind = metric === 'Read requests' ? 'Read' : 'Write';
	const limitName = `${metric} per minute${scope === 'user' ? ' per user' : ''}`;
	return new ApiError(
		429,
		'RESOURCE_EXHAUSTED',
		`Quota exceeded for quota metric '${metric}' and limit '${limitName}' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
		[
			{
				'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
				reason: 'RATE_LIMIT_EXCEEDED',
				domain: 'googleapis.com',
				metadata: {
					quota_metric: `sheets.googleapis.com/${kind.toLowerCase()}_requests`,
					quota_limit: `${kind}RequestsPerMinute${scope === 'user' ? 'PerUser' : ''}`,
					quota_limit_value: String(limit),
					consumer: 'projects/000000000000',
					service: 'sheets.googleapis.com',
				},
			},
		],
	);
}

export const unavailable = () => new ApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');

export const internal = () => new ApiError(500, 'INTERNAL', 'Internal error encountered.');
