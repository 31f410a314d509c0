/** Transport to Google Sheets: the only code in the pack that talks to Google Sheets. */
export {
	SHEETS_SCOPE,
	accountOf,
	createGoogleAuth,
	createSheetsApi,
	parseServiceAccountKey,
	type GoogleAuth,
	type GoogleAuthOptions,
	type GoogleCredentials,
	type SheetsApiOptions,
} from './client';
export { SheetsError, explain, headerChanged } from './errors';
export { GOOGLE_USER_LIMITS, QuotaPacer, pacerFor, type PacingLimits } from './pacer';
export { isRetryable, statusOf, withBackoff, type BackoffOptions } from './retry';
export { SheetsSession, type Row, type SessionOptions } from './session';
export { acquireLock, acquireLockWith, type HeldLock, type LockOptions } from './lock';
export { collectValueRanges, Column, ValueRangesParser, type ColumnRead, type ColumnTable } from './columns';
export { escapeText, fromCell, toCell, unescapeText, type CellValue } from './cells';
