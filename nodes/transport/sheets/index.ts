/** Transport to Google Sheets and Drive: the only code in the pack that talks to Google, through n8n's request helpers. */
export {
	DRIVE_FILE_SCOPE,
	GOOGLE_TOKEN_URL,
	GOOGLE_SIGN_IN_CREDENTIAL,
	SERVICE_ACCOUNT_CREDENTIAL,
	SHEETS_SCOPE,
	forgetServiceAccountTokens,
	formatPrivateKey,
	googleRoots,
	oAuth2Client,
	serviceAccountClient,
	signServiceAccountJwt,
	type GoogleClient,
	type GoogleRoots,
	type ServiceAccount,
} from './client';
export { googleAuthenticationProperty, openGoogleClient, openGoogleSession, type GoogleAuthentication, type OpenGoogleOptions } from './open';
export { SheetsError, explain, explainDrive, headerChanged, isServiceAccountEmail } from './errors';
export { GOOGLE_USER_LIMITS, QuotaPacer, pacerFor, type PacingLimits } from './pacer';
export { isRetryable, responseOf, statusOf, withBackoff, type BackoffOptions } from './retry';
export { SheetsSession, type Row, type SessionOptions, type ValueRenderOption } from './session';
export { acquireLock, acquireLockWith, type HeldLock, type LockOptions } from './lock';
export { collectValueRanges, Column, ValueRangesParser, type ColumnRead, type ColumnTable } from './columns';
export { escapeText, fromCell, toCell, unescapeText, type CellValue } from './cells';
export type * from './types';
