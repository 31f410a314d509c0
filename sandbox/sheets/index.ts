/**
 * A loopback Google Sheets API v4 for tests, benchmarks and the sandbox: the real
 * @googleapis/sheets client talks to it (rootUrl), and it answers the way Google does for what the
 * tracker uses. See docs/tracker.md ("The Sheets stand-in") for what it covers and what it does not.
 *
 *   const { url, standIn, close } = await startSheetsStandIn();
 *   sheets({ version: 'v4', rootUrl: url + '/', auth })
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHEETS_SCOPE, TokenIssuer } from './auth';
import { DriveError, canWrite, createFile, createPermission, driveErrors, driveOperation, driveUser, isServiceAccount, listFiles, permissionResource, roleOf, type DriveFolder, type DriveHost } from './drive';
import { ApiError, insufficientScopes, internal, invalidArgument, notFound, permissionDenied, unauthenticated, unavailable } from './errors';
import {
	appendValues,
	applyWrite,
	checkValueInputOption,
	clearValues,
	locate,
	newSheet,
	prepareWrite,
	readValues,
	render,
	type Cell,
	type DrivePermission,
	type EmbeddedChart,
	type MajorDimension,
	type Spreadsheet,
	type ValueRenderOption,
} from './model';
import { QuotaMeter, type QuotaOptions } from './quota';
import { addSheet, applyBatchUpdate } from './structure';

export { SHEETS_SCOPE } from './auth';
export { GOOGLE_QUOTAS, type QuotaOptions } from './quota';
export type { Cell, DrivePermission, EmbeddedChart, Spreadsheet } from './model';
export { DRIVE_FILE_SCOPE, DRIVE_SCOPE, SPREADSHEET_MIME_TYPE } from './drive';

export interface FaultOptions {
	/** Fraction (0..1) of Sheets API requests that fail. */
	rate?: number;
	/** Fail exactly the next N requests (on top of `rate`). */
	next?: number;
	/**
	 * Statuses to fail with, taken in turn: 429 (quota), 500, 503, and 403 (the spreadsheet no
	 * longer shared with the account: a refusal that trying again does not cure). Default [429, 503].
	 */
	statuses?: number[];
	/** Only requests whose operation matches (e.g. /values\.append/). */
	match?: RegExp;
	/** Source of randomness for `rate` (default Math.random). */
	random?: () => number;
	/**
	 * Apply the request first, then answer with the fault: the change is made but the caller never
	 * hears of it (Google timing out after committing). Default false: a fault changes nothing.
	 */
	after?: boolean;
	/** Only these operations (e.g. ['values.append', 'values.batchUpdate']), on top of `match`. */
	operations?: string[];
	/** The faults stop by themselves this many seconds after they were injected (the stand-in's clock). */
	forSeconds?: number;
}

/**
 * Google answers from many servers: two requests sent together are applied in either order, and
 * the answer to a write can come after a later read already saw it. Each request here then waits
 * a random time (0..maxDelayMs, from `seed`) before it is applied, and another before it is
 * answered. Each request is still applied whole, at one instant (what one spreadsheet's linear
 * revision history gives): only the order and the timing vary.
 */
export interface RaceOptions {
	seed: number;
	/** Longest wait before applying and before answering (default 20 ms). */
	maxDelayMs?: number;
}

/** Where the sandbox injects Sheets faults over HTTP (not a Google path; loopback only). */
export const SHEETS_FAULTS_PATH = '/stand-in/sheets/faults';

/** The body of POST /stand-in/sheets/faults (the contract the e2e tests drive). */
export interface SheetsFaultRequest {
	rate?: number;
	statuses?: number[];
	/** Google applied the write, the answer is lost. */
	applyFirst?: boolean;
	forSeconds?: number;
	operations?: string[];
	/** Fail exactly the next N requests. */
	next?: number;
	/** Seed for `rate`'s randomness (default: unseeded). */
	seed?: number;
}

export interface SheetsStandInOptions {
	/** The stand-in's clock (quotas, token expiry). Default Date.now. */
	now?: () => number;
	/** JSON file the spreadsheets are kept in across restarts (sandbox). */
	dataFile?: string;
	/** Per-minute quotas (Google's by default); false turns them off. */
	quotas?: QuotaOptions | false;
	faults?: FaultOptions;
	/** Concurrent requests applied in varying order, reads racing writes (see RaceOptions). Default off. */
	race?: RaceOptions;
	/** Service-account public keys (PEM) by account email: only these accounts sign in, each JWT signature is verified. */
	serviceAccountKeys?: Record<string, string>;
}

export interface RequestLogEntry {
	at: number;
	method: string;
	/** Decoded path and query. */
	path: string;
	/** e.g. values.batchGet, values.append, spreadsheets.batchUpdate, token. */
	operation: string;
	spreadsheetId?: string;
	user?: string;
	status: number;
	/** True when the answer was an injected fault. */
	fault?: boolean;
}

export interface SpreadsheetSeed {
	title?: string;
	spreadsheetId?: string;
	/** `sheetId` as the tab has it (e.g. a tracker's template ids); default 0, 1, 2... */
	sheets?: Array<{ title: string; rows?: unknown[][]; rowCount?: number; columnCount?: number; sheetId?: number }>;
	/** Who may open it; default anyone with a valid token. */
	sharedWith?: string[] | 'anyone';
}

type Handler = (context: RequestContext) => unknown;
interface RequestContext {
	spreadsheetId: string;
	range: string;
	query: URLSearchParams;
	body: unknown;
	user: string;
}

export class SheetsStandIn {
	readonly requestLog: RequestLogEntry[] = [];
	readonly now: () => number;
	readonly tokens: TokenIssuer;
	private readonly spreadsheets = new Map<string, Spreadsheet>();
	private readonly folders = new Map<string, DriveFolder>();
	private readonly quota: QuotaMeter;
	private faults: FaultOptions | null = null;
	private faultTurn = 0;
	/** The stand-in's clock when the faults stop (forSeconds), or null. */
	private faultsUntil: number | null = null;
	private saveTimer: NodeJS.Timeout | null = null;
	private race: { random: () => number; maxDelayMs: number } | null = null;

	constructor(private readonly options: SheetsStandInOptions = {}) {
		this.now = options.now ?? Date.now;
		this.quota = new QuotaMeter(options.quotas, this.now);
		this.tokens = new TokenIssuer(this.now, { ...(options.serviceAccountKeys ?? {}) });
		this.injectFaults(options.faults ?? null);
		this.setRace(options.race ?? null);
		if (options.dataFile && existsSync(options.dataFile)) {
			const saved = JSON.parse(readFileSync(options.dataFile, 'utf8')) as { spreadsheets: Spreadsheet[]; folders?: DriveFolder[] };
			for (const spreadsheet of saved.spreadsheets) this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
			for (const folder of saved.folders ?? []) this.folders.set(folder.id, folder);
		}
	}

	// ---- inspection helpers (tests, sandbox page) -------------------------------------------

	/** Makes a spreadsheet directly (no request, no quota), e.g. an LO's existing tracker. */
	createSpreadsheet(seed: SpreadsheetSeed = {}): string {
		const spreadsheet = this.blankSpreadsheet(seed.title ?? 'Untitled spreadsheet', seed.sharedWith ?? 'anyone', seed.spreadsheetId);
		const sheets = seed.sheets?.length ? seed.sheets : [{ title: 'Sheet1' }];
		for (const [index, sheet] of sheets.entries()) {
			const properties = addSheet(spreadsheet, { properties: { title: sheet.title, index, ...(sheet.sheetId !== undefined ? { sheetId: sheet.sheetId } : {}) } }, `${index}].addSheet`);
			if (sheet.rowCount) properties.gridProperties.rowCount = sheet.rowCount;
			if (sheet.columnCount) properties.gridProperties.columnCount = sheet.columnCount;
			const width = Math.max(0, ...(sheet.rows ?? []).map((row) => row.length));
			if (width > properties.gridProperties.columnCount) properties.gridProperties.columnCount = width;
			if ((sheet.rows?.length ?? 0) > properties.gridProperties.rowCount) properties.gridProperties.rowCount = sheet.rows!.length;
			if (sheet.rows?.length) {
				const quoted = `'${sheet.title.replace(/'/g, "''")}'!A1`;
				applyWrite(spreadsheet, prepareWrite(spreadsheet, quoted, sheet.rows, { valueInputOption: 'RAW' }));
			}
		}
		this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
		this.changed();
		return spreadsheet.spreadsheetId;
	}

	share(spreadsheetId: string, email: string): void {
		const spreadsheet = this.mustGet(spreadsheetId);
		if (spreadsheet.sharedWith !== 'anyone' && !spreadsheet.sharedWith.includes(email)) spreadsheet.sharedWith.push(email);
		this.changed();
	}

	/**
	 * A Drive folder files may be made in (files.create with parents): in `owner`'s My Drive, or
	 * with `sharedDrive` in a shared drive (which then owns the files made in it). `members` may add
	 * files (writer by default). Returns its id.
	 */
	createFolder(folder: { name?: string; owner?: string; sharedDrive?: boolean; members?: Array<string | { emailAddress: string; role: DrivePermission['role'] }> }): string {
		const id = `fldr${randomBytes(12).toString('base64url')}`;
		const members = (folder.members ?? []).map((m) => (typeof m === 'string' ? { emailAddress: m, role: 'writer' as const } : m));
		this.folders.set(id, { id, name: folder.name ?? 'Folder', ...(folder.owner ? { owner: folder.owner } : {}), ...(folder.sharedDrive ? { driveId: `0A${randomBytes(8).toString('hex')}` } : {}), members });
		this.changed();
		return id;
	}

	/** The Drive permissions granted on a spreadsheet through the Drive route, in order. */
	permissions(spreadsheetId: string): DrivePermission[] {
		return (this.mustGet(spreadsheetId).permissions ?? []).map((permission) => ({ ...permission }));
	}

	/** Who may open a spreadsheet, with their role: its owner, Drive permissions, plain sharing. */
	sharedWith(spreadsheetId: string): Array<{ emailAddress: string; role: string }> | 'anyone' {
		const spreadsheet = this.mustGet(spreadsheetId);
		if (spreadsheet.sharedWith === 'anyone') return 'anyone';
		const people = new Set([...(spreadsheet.owner ? [spreadsheet.owner] : []), ...spreadsheet.sharedWith]);
		return [...people].map((emailAddress) => ({ emailAddress, role: roleOf(spreadsheet, emailAddress) ?? 'writer' }));
	}

	/** The charts of a spreadsheet (addChart), each with the title of the sheet it sits on. */
	charts(spreadsheetId: string): Array<EmbeddedChart & { sheetTitle: string }> {
		return this.mustGet(spreadsheetId).sheets.flatMap((sheet) =>
			(sheet.charts ?? []).map((chart) => ({ ...structuredClone(chart), sheetTitle: sheet.properties.title })),
		);
	}

	listSpreadsheets(): Array<{ spreadsheetId: string; title: string; sheets: string[]; sharedWith: string[] | 'anyone' }> {
		return [...this.spreadsheets.values()].map((s) => ({
			spreadsheetId: s.spreadsheetId,
			title: s.properties.title,
			sheets: s.sheets.map((sheet) => sheet.properties.title),
			sharedWith: s.sharedWith,
		}));
	}

	/** The spreadsheet itself (read it, do not change it). */
	getSpreadsheet(spreadsheetId: string): Spreadsheet {
		return this.mustGet(spreadsheetId);
	}

	/** A tab's values as the Sheets UI shows them (formatted), trailing empties trimmed. */
	/** Writes values RAW at an A1 range, as values.update would (the sandbox's own seeding). */
	writeCells(spreadsheetId: string, range: string, rows: unknown[][]): void {
		applyWrite(this.mustGet(spreadsheetId), prepareWrite(this.mustGet(spreadsheetId), range, rows, { valueInputOption: 'RAW' }));
		this.changed();
	}

	readTab(spreadsheetId: string, title: string): string[][] {
		const range = `'${title.replace(/'/g, "''")}'`;
		return (readValues(this.mustGet(spreadsheetId), range).values ?? []) as string[][];
	}

	/** A tab's stored cells: strings, numbers, booleans or `{ formula, value }`. */
	readCells(spreadsheetId: string, title: string): Cell[][] {
		const { sheet } = locate(this.mustGet(spreadsheetId), `'${title.replace(/'/g, "''")}'`);
		return sheet.rows.map((row) => [...row]);
	}

	/** The value a cell shows, e.g. for checking what a formula turned into. */
	formatted(cell: Cell): string {
		return String(render(cell, 'FORMATTED_VALUE'));
	}

	injectFaults(faults: FaultOptions | null): void {
		this.faults = faults;
		this.faultTurn = 0;
		this.faultsUntil = faults?.forSeconds !== undefined ? this.now() + faults.forSeconds * 1000 : null;
	}

	/** The faults in force, as the HTTP endpoint reports them (null when none). */
	currentFaults(): (SheetsFaultRequest & { secondsLeft?: number }) | null {
		const faults = this.activeFaults();
		if (!faults) return null;
		return {
			...(faults.rate !== undefined ? { rate: faults.rate } : {}),
			...(faults.next !== undefined ? { next: faults.next } : {}),
			statuses: faults.statuses?.length ? faults.statuses : [429, 503],
			applyFirst: Boolean(faults.after),
			...(faults.operations ? { operations: faults.operations } : {}),
			...(this.faultsUntil !== null ? { secondsLeft: Math.max(0, Math.ceil((this.faultsUntil - this.now()) / 1000)) } : {}),
		};
	}

	clearFaults(): void {
		this.injectFaults(null);
	}

	/** Turns the racing of concurrent requests on (RaceOptions) or off (null). */
	setRace(race: RaceOptions | null): void {
		this.race = race ? { random: seededRandom(race.seed), maxDelayMs: race.maxDelayMs ?? 20 } : null;
	}

	private async raceDelay(): Promise<void> {
		if (!this.race) return;
		const ms = Math.floor(this.race.random() * (this.race.maxDelayMs + 1));
		await new Promise((resolve) => setTimeout(resolve, ms));
	}

	clearRequestLog(): void {
		this.requestLog.length = 0;
	}

	issueAccessToken(email: string, scopes: string[] = [SHEETS_SCOPE]): string {
		return this.tokens.issueAccessToken(email, scopes);
	}

	issueRefreshToken(email: string, scopes: string[] = [SHEETS_SCOPE]): string {
		return this.tokens.issueRefreshToken(email, scopes);
	}

	/** Writes the data file now (it is otherwise written shortly after each change). */
	flush(): void {
		if (this.saveTimer) clearTimeout(this.saveTimer);
		this.saveTimer = null;
		if (!this.options.dataFile) return;
		const temporary = `${this.options.dataFile}.tmp`;
		writeFileSync(temporary, JSON.stringify({ spreadsheets: [...this.spreadsheets.values()], folders: [...this.folders.values()] }));
		renameSync(temporary, this.options.dataFile); // a stop mid-write never leaves half a file
	}

	// ---- HTTP --------------------------------------------------------------------------------

	/**
	 * Answers a Sheets API (`/v4/...`), Drive API (`/drive/v3/files...`, the calls in drive.ts) or
	 * token (`/token`) request; false for anything else.
	 */
	async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		if (url.pathname === SHEETS_FAULTS_PATH) return this.faultsEndpoint(req, res, method);
		if (url.pathname.startsWith('/drive/v3/')) return this.handleDrive(req, res, url, method);
		if (url.pathname === '/token' && method === 'POST') {
			const form = new URLSearchParams(await readBody(req));
			const answer = this.tokens.exchange(form, String(req.headers.authorization ?? ''));
			this.log({ method, path: url.pathname, operation: 'token', status: answer.status });
			send(res, answer.status, answer.body);
			return true;
		}
		if (!url.pathname.startsWith('/v4/')) return false;

		const route = this.route(method, url.pathname);
		const entry: RequestLogEntry = {
			at: this.now(),
			method,
			path: safeDecode(url.pathname) + (url.search ? safeDecode(url.search) : ''),
			operation: route?.operation ?? 'unknown',
			spreadsheetId: route?.spreadsheetId,
			status: 0,
		};
		try {
			const raw = await readBody(req);
			if (!route) throw notFound();
			const user = this.authenticate(req);
			entry.user = user;
			const faultStatus = this.pickFaultStatus(route.operation);
			const applyFirst = Boolean(this.faults?.after);
			if (faultStatus !== null && !applyFirst) {
				entry.fault = true;
				throw this.sheetsFault(faultStatus, route.operation);
			}
			// A Drive reader or commenter may open the spreadsheet but not change it.
			const target = route.spreadsheetId ? this.spreadsheets.get(route.spreadsheetId) : undefined;
			if (method !== 'GET' && target && !canWrite(roleOf(target, user))) throw permissionDenied();
			const overQuota = this.quota.charge(user, method === 'GET' ? 'read' : 'write');
			if (overQuota) throw overQuota;
			await this.raceDelay();
			let body: unknown = undefined;
			if (raw.length) {
				try {
					body = JSON.parse(raw);
				} catch {
					throw invalidArgument(`Invalid JSON payload received. Unexpected token.\n${raw.slice(0, 40)}`);
				}
			}
			const result = route.handler({ spreadsheetId: route.spreadsheetId, range: route.range, query: url.searchParams, body, user });
			await this.raceDelay();
			if (faultStatus !== null) {
				entry.fault = true;
				throw this.sheetsFault(faultStatus, route.operation);
			}
			entry.status = 200;
			send(res, 200, result);
		} catch (error) {
			const apiError = error instanceof ApiError ? error : internal();
			if (!(error instanceof ApiError)) process.stderr.write(`sheets stand-in: ${(error as Error).stack}\n`);
			entry.status = apiError.code;
			send(res, apiError.code, apiError.toJSON());
		}
		this.requestLog.push(entry);
		return true;
	}

	/**
	 * The faults over HTTP, for scenarios driven from outside the process (e2e, the sandbox page):
	 * POST a SheetsFaultRequest as JSON to set them (replacing any), DELETE to clear, GET to see
	 * them. Loopback callers only: it is a test hook, never something a remote client may reach.
	 */
	private async faultsEndpoint(req: IncomingMessage, res: ServerResponse, method: string): Promise<boolean> {
		if (!isLoopback(req.socket.remoteAddress)) {
			send(res, 403, { error: 'the Sheets fault endpoint answers loopback callers only' });
			return true;
		}
		if (method === 'POST') {
			let body: SheetsFaultRequest;
			try {
				body = JSON.parse(await readBody(req)) as SheetsFaultRequest;
			} catch {
				send(res, 400, { error: 'send a JSON body such as {"rate":0.3,"statuses":[503],"applyFirst":true,"forSeconds":60}' });
				return true;
			}
			const problem = faultRequestProblem(body);
			if (problem) {
				send(res, 400, { error: problem });
				return true;
			}
			this.injectFaults({
				...(body.rate !== undefined ? { rate: body.rate } : {}),
				...(body.next !== undefined ? { next: body.next } : {}),
				...(body.statuses?.length ? { statuses: body.statuses } : {}),
				after: Boolean(body.applyFirst),
				...(body.operations?.length ? { operations: body.operations } : {}),
				...(body.forSeconds !== undefined ? { forSeconds: body.forSeconds } : {}),
				...(body.seed !== undefined ? { random: seededRandom(body.seed) } : {}),
			});
		} else if (method === 'DELETE') {
			this.clearFaults();
		} else if (method !== 'GET') {
			send(res, 405, { error: 'GET, POST or DELETE' });
			return true;
		}
		send(res, 200, { faults: this.currentFaults() });
		return true;
	}

	private log(entry: Omit<RequestLogEntry, 'at'>): void {
		this.requestLog.push({ at: this.now(), ...entry });
	}

	private authenticate(req: IncomingMessage): string {
		const header = req.headers.authorization ?? '';
		const match = /^Bearer\s+(.+)$/i.exec(header);
		if (!match) throw unauthenticated();
		const info = this.tokens.lookup(match[1].trim());
		if (!info) {
			throw unauthenticated(
				'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
			);
		}
		if (!info.scopes.some((scope) => scope === SHEETS_SCOPE || scope === 'https://www.googleapis.com/auth/drive')) {
			throw insufficientScopes();
		}
		return info.email;
	}

	/** Google Drive: permissions.create, files.create (metadata only), files.list. */
	private async handleDrive(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<boolean> {
		const route = driveOperation(method, url.pathname);
		if (!route) return false;
		const entry: RequestLogEntry = {
			at: this.now(),
			method,
			path: safeDecode(url.pathname) + (url.search ? safeDecode(url.search) : ''),
			operation: route.operation,
			...(route.fileId ? { spreadsheetId: route.fileId } : {}),
			status: 0,
		};
		try {
			const raw = await readBody(req);
			const user = driveUser(this.driveHost, req);
			entry.user = user;
			const faultStatus = this.pickFaultStatus(route.operation);
			const applyFirst = Boolean(this.faults?.after);
			if (faultStatus !== null && !applyFirst) {
				entry.fault = true;
				throw driveErrors.fault(faultStatus);
			}
			let result: unknown;
			if (route.operation === 'drive.permissions.create') {
				const permission = createPermission(this.driveHost, user, route.fileId!, url.searchParams, raw);
				result = permissionResource(permission, url.searchParams.get('fields'));
			} else if (route.operation === 'drive.files.create') {
				result = createFile(this.driveHost, user, url.searchParams, raw);
				entry.spreadsheetId = String((result as { id?: string }).id ?? '');
			} else {
				result = listFiles(this.driveHost, user, url.searchParams);
			}
			if (faultStatus !== null) {
				entry.fault = true;
				throw driveErrors.fault(faultStatus);
			}
			entry.status = 200;
			send(res, 200, result);
		} catch (error) {
			const driveError = error instanceof DriveError ? error : driveErrors.fault(500);
			if (!(error instanceof DriveError)) process.stderr.write(`sheets stand-in (drive): ${(error as Error).stack}\n`);
			entry.status = driveError.code;
			send(res, driveError.code, driveError.toJSON());
		}
		this.requestLog.push(entry);
		return true;
	}

	private readonly driveHost: DriveHost = {
		lookupToken: (token) => this.tokens.lookup(token),
		find: (spreadsheetId) => this.spreadsheets.get(spreadsheetId),
		all: () => this.spreadsheets.values(),
		folder: (folderId) => this.folders.get(folderId),
		createBlank: (title, owner, access) => {
			const spreadsheet = this.blankSpreadsheet(title, access);
			if (owner !== undefined) spreadsheet.owner = owner;
			addSheet(spreadsheet, { properties: {} }, '0]');
			this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
			return spreadsheet;
		},
		changed: () => this.changed(),
	};

	/** The status of the fault this request gets, or null. */
	private pickFaultStatus(operation: string): number | null {
		const faults = this.activeFaults();
		if (!faults || (faults.match && !faults.match.test(operation))) return null;
		if (faults.operations?.length && !faults.operations.includes(operation)) return null;
		let fail = false;
		if (faults.next && faults.next > 0) {
			faults.next--;
			fail = true;
		} else if (faults.rate && (faults.random ?? Math.random)() < faults.rate) {
			fail = true;
		}
		if (!fail) return null;
		const statuses = faults.statuses?.length ? faults.statuses : [429, 503];
		return statuses[this.faultTurn++ % statuses.length];
	}

	/** The faults, or null once their forSeconds have run out (then they are cleared). */
	private activeFaults(): FaultOptions | null {
		if (this.faults && this.faultsUntil !== null && this.now() >= this.faultsUntil) this.clearFaults();
		return this.faults;
	}

	private sheetsFault(status: number, operation: string): ApiError {
		if (status === 429) return this.quotaFault(operation);
		if (status === 500) return internal();
		if (status === 403) return permissionDenied();
		return unavailable();
	}

	private quotaFault(operation: string): ApiError {
		const write = !/get$|Get$/.test(operation);
		const meter = new QuotaMeter({ readsPerMinutePerUser: 0, writesPerMinutePerUser: 0 }, this.now);
		return meter.charge('fault', write ? 'write' : 'read')!;
	}

	private access(spreadsheetId: string, user: string): Spreadsheet {
		const spreadsheet = this.spreadsheets.get(spreadsheetId);
		if (!spreadsheet) throw notFound();
		if (spreadsheet.sharedWith !== 'anyone' && !spreadsheet.sharedWith.includes(user)) throw permissionDenied();
		return spreadsheet;
	}

	private mustGet(spreadsheetId: string): Spreadsheet {
		const spreadsheet = this.spreadsheets.get(spreadsheetId);
		if (!spreadsheet) throw new Error(`No spreadsheet ${spreadsheetId} in the stand-in`);
		return spreadsheet;
	}

	private blankSpreadsheet(title: string, sharedWith: string[] | 'anyone', spreadsheetId?: string): Spreadsheet {
		return {
			// Shaped like the ids Google gives new files (1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms in
			// its docs): 44 characters with a leading 1. A random leading - made tests that read an id
			// raw from a cell (stored '-… by the formula escaping) fail for one id in 64.
			spreadsheetId: spreadsheetId ?? `1${randomBytes(33).toString('base64url').slice(0, 43)}`,
			properties: { title, locale: 'en_US', timeZone: 'Etc/GMT', autoRecalc: 'ON_CHANGE' },
			sheets: [],
			sharedWith,
			nextSheetId: 0,
		};
	}

	private changed(): void {
		if (!this.options.dataFile || this.saveTimer) return;
		this.saveTimer = setTimeout(() => this.flush(), 200);
		this.saveTimer.unref();
	}

	private route(method: string, pathname: string): { operation: string; spreadsheetId: string; range: string; handler: Handler } | null {
		const rest = pathname.slice('/v4/spreadsheets'.length);
		if (!pathname.startsWith('/v4/spreadsheets')) return null;
		if (rest === '' && method === 'POST') return { operation: 'spreadsheets.create', spreadsheetId: '', range: '', handler: (c) => this.create(c) };
		const match = /^\/([^/]+?)(?::(batchUpdate))?(?:\/values(?::(batchGet|batchUpdate|batchClear)|\/(.+?)(?::(append|clear))?)?)?$/.exec(rest);
		if (!match) return null;
		const [, id, ssBatch, valuesBatch, rawRange, rangeAction] = match;
		const spreadsheetId = safeDecode(id);
		const range = rawRange === undefined ? '' : safeDecode(rawRange);
		const on = (operation: string, handler: Handler) => ({ operation, spreadsheetId, range, handler });
		if (ssBatch) return method === 'POST' ? on('spreadsheets.batchUpdate', (c) => this.batchUpdateSpreadsheet(c)) : null;
		if (valuesBatch === 'batchGet') return method === 'GET' ? on('values.batchGet', (c) => this.batchGet(c)) : null;
		if (valuesBatch === 'batchUpdate') return method === 'POST' ? on('values.batchUpdate', (c) => this.batchUpdateValues(c)) : null;
		if (valuesBatch === 'batchClear') return method === 'POST' ? on('values.batchClear', (c) => this.batchClear(c)) : null;
		if (rawRange !== undefined) {
			if (rangeAction === 'append') return method === 'POST' ? on('values.append', (c) => this.append(c)) : null;
			if (rangeAction === 'clear') return method === 'POST' ? on('values.clear', (c) => this.clear(c)) : null;
			if (method === 'GET') return on('values.get', (c) => this.get(c));
			if (method === 'PUT') return on('values.update', (c) => this.update(c));
			return null;
		}
		if (!pathname.includes('/values') && method === 'GET') return on('spreadsheets.get', (c) => this.getSpreadsheetResource(c));
		return null;
	}

	// ---- operations ---------------------------------------------------------------------------

	private create(c: RequestContext): unknown {
		const body = (c.body ?? {}) as { properties?: { title?: string }; sheets?: Array<{ properties?: Record<string, unknown> }> };
		// A service account cannot own files (drive.ts, isServiceAccount): Sheets refuses to make one for it.
		if (isServiceAccount(c.user)) throw permissionDenied();
		const spreadsheet = this.blankSpreadsheet(body.properties?.title ?? 'Untitled spreadsheet', [c.user]);
		spreadsheet.owner = c.user;
		const sheets = body.sheets?.length ? body.sheets : [{ properties: {} }];
		sheets.forEach((sheet, index) => addSheet(spreadsheet, { properties: { ...(sheet.properties ?? {}) } }, `${index}]`));
		this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
		this.changed();
		return this.resource(spreadsheet);
	}

	private resource(spreadsheet: Spreadsheet): unknown {
		return {
			spreadsheetId: spreadsheet.spreadsheetId,
			properties: spreadsheet.properties,
			sheets: spreadsheet.sheets.map((sheet) => ({
				properties: sheet.properties,
				...(sheet.conditionalFormats.length ? { conditionalFormats: sheet.conditionalFormats.map((f) => (f as { rule: unknown }).rule) } : {}),
				...(sheet.protectedRanges.length ? { protectedRanges: sheet.protectedRanges } : {}),
				...(sheet.charts?.length ? { charts: sheet.charts } : {}),
			})),
			spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
		};
	}

	private getSpreadsheetResource(c: RequestContext): unknown {
		return this.resource(this.access(c.spreadsheetId, c.user));
	}

	private batchUpdateSpreadsheet(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const { draft, replies } = applyBatchUpdate(spreadsheet, c.body);
		this.spreadsheets.set(draft.spreadsheetId, draft);
		this.changed();
		return { spreadsheetId: draft.spreadsheetId, replies };
	}

	private readOptions(query: URLSearchParams): { majorDimension?: MajorDimension; valueRenderOption?: ValueRenderOption } {
		return {
			majorDimension: (query.get('majorDimension') as MajorDimension) || undefined,
			valueRenderOption: (query.get('valueRenderOption') as ValueRenderOption) || undefined,
		};
	}

	private get(c: RequestContext): unknown {
		return readValues(this.access(c.spreadsheetId, c.user), c.range, this.readOptions(c.query));
	}

	private batchGet(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const options = this.readOptions(c.query);
		return {
			spreadsheetId: spreadsheet.spreadsheetId,
			valueRanges: c.query.getAll('ranges').map((range) => readValues(spreadsheet, range, options)),
		};
	}

	private update(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const valueInputOption = checkValueInputOption(c.query.get('valueInputOption'));
		const body = (c.body ?? {}) as { range?: string; values?: unknown; majorDimension?: MajorDimension };
		if (body.range && locateText(body.range) !== locateText(c.range)) {
			throw invalidArgument(
				`Requested range [${body.range}] and the range in the URL [${c.range}] are not the same.`,
			);
		}
		const write = prepareWrite(spreadsheet, c.range, body.values, { valueInputOption, majorDimension: body.majorDimension });
		const response = applyWrite(spreadsheet, write);
		this.changed();
		return this.withValues(spreadsheet, response, c.query);
	}

	private withValues<T extends { updatedRange: string }>(spreadsheet: Spreadsheet, response: T, query: URLSearchParams): T {
		if (query.get('includeValuesInResponse') !== 'true') return response;
		const valueRenderOption = (query.get('responseValueRenderOption') as ValueRenderOption) || undefined;
		return { ...response, updatedData: readValues(spreadsheet, response.updatedRange, { valueRenderOption }) };
	}

	private batchUpdateValues(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const body = (c.body ?? {}) as { valueInputOption?: string; data?: Array<{ range?: string; values?: unknown; majorDimension?: MajorDimension }>; includeValuesInResponse?: boolean };
		const valueInputOption = checkValueInputOption(body.valueInputOption);
		const data = body.data ?? [];
		// Every range is checked before any is written: one bad range writes nothing.
		const writes = data.map((entry, index) =>
			prepareWrite(spreadsheet, entry.range ?? '', entry.values, { valueInputOption, majorDimension: entry.majorDimension }, `data[${index}].values`),
		);
		const responses = writes.map((write) => applyWrite(spreadsheet, write));
		this.changed();
		const sheets = new Set(writes.map((write) => write.sheet));
		const query = new URLSearchParams(body.includeValuesInResponse ? { includeValuesInResponse: 'true' } : {});
		return {
			spreadsheetId: spreadsheet.spreadsheetId,
			totalUpdatedRows: responses.reduce((sum, r) => sum + (r.updatedRows ?? 0), 0),
			totalUpdatedColumns: responses.reduce((sum, r) => sum + (r.updatedColumns ?? 0), 0),
			totalUpdatedCells: responses.reduce((sum, r) => sum + (r.updatedCells ?? 0), 0),
			totalUpdatedSheets: sheets.size,
			responses: responses.map((response) => this.withValues(spreadsheet, response, query)),
		};
	}

	private append(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const valueInputOption = checkValueInputOption(c.query.get('valueInputOption'));
		const insertDataOption = (c.query.get('insertDataOption') as 'OVERWRITE' | 'INSERT_ROWS') || undefined;
		const body = (c.body ?? {}) as { values?: unknown; majorDimension?: MajorDimension };
		const response = appendValues(spreadsheet, c.range, body.values, { valueInputOption, insertDataOption, majorDimension: body.majorDimension });
		this.changed();
		if (c.query.get('includeValuesInResponse') === 'true') {
			return { ...response, updates: this.withValues(spreadsheet, response.updates, c.query) };
		}
		return response;
	}

	private clear(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const clearedRange = clearValues(spreadsheet, c.range);
		this.changed();
		return { spreadsheetId: spreadsheet.spreadsheetId, clearedRange };
	}

	private batchClear(c: RequestContext): unknown {
		const spreadsheet = this.access(c.spreadsheetId, c.user);
		const ranges = ((c.body ?? {}) as { ranges?: string[] }).ranges ?? [];
		ranges.forEach((range) => locate(spreadsheet, range)); // all valid before any is cleared
		const clearedRanges = ranges.map((range) => clearValues(spreadsheet, range));
		this.changed();
		return { spreadsheetId: spreadsheet.spreadsheetId, clearedRanges };
	}
}

const FAULT_STATUSES = [403, 429, 500, 503];

function faultRequestProblem(body: SheetsFaultRequest): string | null {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return 'send a JSON object';
	if (body.rate !== undefined && !(typeof body.rate === 'number' && body.rate >= 0 && body.rate <= 1)) return 'rate must be a number from 0 to 1';
	if (body.next !== undefined && !(Number.isInteger(body.next) && body.next >= 0)) return 'next must be a whole number';
	if (body.rate === undefined && body.next === undefined) return 'say how many requests fail: rate (0..1) or next (a count)';
	if (body.statuses !== undefined && !(Array.isArray(body.statuses) && body.statuses.every((s) => FAULT_STATUSES.includes(s)))) {
		return `statuses must be a list of ${FAULT_STATUSES.join(', ')}`;
	}
	if (body.forSeconds !== undefined && !(typeof body.forSeconds === 'number' && body.forSeconds > 0)) return 'forSeconds must be a positive number';
	if (body.operations !== undefined && !(Array.isArray(body.operations) && body.operations.every((o) => typeof o === 'string'))) {
		return 'operations must be a list of names such as "values.append"';
	}
	if (body.seed !== undefined && !Number.isInteger(body.seed)) return 'seed must be a whole number';
	return null;
}

function isLoopback(address: string | undefined): boolean {
	return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function locateText(range: string): string {
	return range.replace(/\s+/g, '').toLowerCase();
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

export function createSheetsStandIn(options: SheetsStandInOptions = {}): SheetsStandIn {
	return new SheetsStandIn(options);
}

export interface RunningSheetsStandIn {
	/** e.g. http://127.0.0.1:54321 (no trailing slash). */
	url: string;
	standIn: SheetsStandIn;
	close(): Promise<void>;
}

/** Starts the stand-in on its own loopback port (0 = any free port). */
export async function startSheetsStandIn(options: SheetsStandInOptions & { port?: number } = {}): Promise<RunningSheetsStandIn> {
	const standIn = createSheetsStandIn(options);
	const server = createServer((req, res) => {
		standIn.handle(req, res).then(
			(handled) => {
				if (!handled) send(res, 404, new ApiError(404, 'NOT_FOUND', 'Not a Sheets API path').toJSON());
			},
			(error) => send(res, 500, { error: { code: 500, message: String(error), status: 'INTERNAL' } }),
		);
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		standIn,
		close: () =>
			new Promise<void>((resolve) => {
				standIn.flush();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export { newSheet };
