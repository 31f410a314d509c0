/**
 * The few Google Drive v3 calls the pack makes on the spreadsheets the Sheets stand-in holds (a
 * spreadsheet is a Drive file): share a file (permissions.create), make an empty Google Sheets
 * file with appProperties (files.create, metadata only) and find files by name, type or
 * appProperties (files.list). Drive answers in its own error envelope:
 * `{ error: { code, message, errors: [{ domain, reason, message, location?, locationType? }] } }`
 * (Drive's "Resolve errors" guide). Drive has its own quotas: these calls never count against
 * the Sheets per-minute quota, but injected faults apply to them (operations drive.*).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TokenInfo } from './auth';
import type { DrivePermission, Spreadsheet } from './model';

export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive';
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';
export const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';

interface DriveErrorItem {
	domain: string;
	reason: string;
	message: string;
	location?: string;
	locationType?: string;
}

export class DriveError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly errors: DriveErrorItem[],
		readonly status?: string,
		readonly details?: unknown[],
	) {
		super(message);
	}

	toJSON(): { error: Record<string, unknown> } {
		return {
			error: {
				code: this.code,
				message: this.message,
				errors: this.errors,
				...(this.status ? { status: this.status } : {}),
				...(this.details?.length ? { details: this.details } : {}),
			},
		};
	}
}

const one = (code: number, message: string, item: Omit<DriveErrorItem, 'message'> & { message?: string }, status?: string, details?: unknown[]) =>
	new DriveError(code, message, [{ message: item.message ?? message, ...item }], status, details);

export const driveErrors = {
	loginRequired: () =>
		one(401, 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', {
			message: 'Login Required.',
			domain: 'global',
			reason: 'required',
			location: 'Authorization',
			locationType: 'header',
		}, 'UNAUTHENTICATED'),
	invalidCredentials: () =>
		one(401, 'Invalid Credentials', { domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }, 'UNAUTHENTICATED'),
	insufficientScopes: () =>
		one(403, 'Request had insufficient authentication scopes.', { message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }, 'PERMISSION_DENIED', [
			{
				'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
				reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
				domain: 'googleapis.com',
				metadata: { service: 'drive.googleapis.com' },
			},
		]),
	fileNotFound: (fileId: string) =>
		one(404, `File not found: ${fileId}.`, { domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }),
	insufficientFilePermissions: () =>
		one(403, 'The user does not have sufficient permissions for this file.', { domain: 'global', reason: 'insufficientFilePermissions' }),
	required: (field: string) =>
		one(400, `The permission ${field} field is required.`, { domain: 'global', reason: 'required', location: `permission.${field}`, locationType: 'other' }),
	invalid: (message: string, location: string, locationType = 'parameter') =>
		one(400, message, { domain: 'global', reason: 'invalid', location, locationType }),
	notImplemented: (what: string) =>
		one(400, `${what} is not modelled by the Sheets stand-in.`, { domain: 'global', reason: 'badRequest' }),
	/** files.create by a service account outside a shared drive (Google's answer since 2025). */
	storageQuotaExceeded: () =>
		one(403, "The user's Drive storage quota has been exceeded.", { domain: 'usageLimits', reason: 'storageQuotaExceeded' }),
	/** An injected fault, as Drive words it. */
	fault: (status: number) =>
		status === 429
			? one(429, 'Rate Limit Exceeded', { domain: 'usageLimits', reason: 'rateLimitExceeded' })
			: one(status, 'Backend Error', { domain: 'global', reason: 'backendError' }),
};

/**
 * A Drive folder the pack may be told to make files in: in someone's My Drive (`owner`), or in a
 * shared drive (`driveId`: the drive owns what is in it). Members may add files as writers.
 */
export interface DriveFolder {
	id: string;
	name: string;
	owner?: string;
	driveId?: string;
	members: Array<{ emailAddress: string; role: DrivePermission['role'] }>;
}

/**
 * A Google service account signs in with an address of this form. Since 2025 Google gives
 * service accounts no Drive storage: they cannot own files ("Service accounts don't have storage
 * quota and can't own any files": Drive's shared drives guide), so a file they make must belong to
 * a shared drive. A service account acting as a Workspace user (domain-wide delegation) signs in as
 * that user instead.
 */
export const isServiceAccount = (email: string) => /@[^@\s]+\.gserviceaccount\.com$/i.test(email.trim());

/** What the Drive routes need from the stand-in. */
export interface DriveHost {
	lookupToken(token: string): TokenInfo | null;
	find(spreadsheetId: string): Spreadsheet | undefined;
	all(): Iterable<Spreadsheet>;
	folder(folderId: string): DriveFolder | undefined;
	/** A new empty spreadsheet (one "Sheet1", sheetId 0) owned by `owner` (none in a shared drive), open to `access`, stored. */
	createBlank(title: string, owner: string | undefined, access: string[]): Spreadsheet;
	changed(): void;
}

export interface DriveAnswer {
	status: number;
	body: unknown;
	operation: string;
	spreadsheetId?: string;
	user?: string;
}

/** The Drive route for a method and path, or null when it is not one the stand-in answers. */
export function driveOperation(method: string, pathname: string): { operation: string; fileId?: string } | null {
	if (pathname === '/drive/v3/files') {
		if (method === 'GET') return { operation: 'drive.files.list' };
		if (method === 'POST') return { operation: 'drive.files.create' };
		return null;
	}
	const permissions = /^\/drive\/v3\/files\/([^/]+)\/permissions$/.exec(pathname);
	if (permissions && method === 'POST') return { operation: 'drive.permissions.create', fileId: safeDecode(permissions[1]) };
	return null;
}

/** The role `user` holds on a spreadsheet: its owner, a Drive permission, or writer by plain sharing. */
export function roleOf(spreadsheet: Spreadsheet, user: string): DrivePermission['role'] | null {
	if (spreadsheet.owner === user) return 'owner';
	const permission = (spreadsheet.permissions ?? []).find((p) => p.type === 'user' && p.emailAddress === user);
	if (permission) return permission.role;
	if (spreadsheet.sharedWith === 'anyone' || spreadsheet.sharedWith.includes(user)) return 'writer';
	return null;
}

const CAN_WRITE = new Set(['owner', 'organizer', 'fileOrganizer', 'writer']);
export const canWrite = (role: string | null) => role !== null && CAN_WRITE.has(role);

/** The caller behind the bearer token, with a Drive scope. */
export function driveUser(host: DriveHost, req: IncomingMessage): string {
	const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
	if (!match) throw driveErrors.loginRequired();
	const info = host.lookupToken(match[1].trim());
	if (!info) throw driveErrors.invalidCredentials();
	if (!info.scopes.some((scope) => scope === DRIVE_SCOPE || scope === DRIVE_FILE_SCOPE)) throw driveErrors.insufficientScopes();
	return info.email;
}

function parseBody(raw: string): Record<string, unknown> {
	if (!raw) return {};
	try {
		const body = JSON.parse(raw) as unknown;
		return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	} catch {
		throw driveErrors.invalid('Invalid JSON payload received.', 'body', 'other');
	}
}

/** Only the fields asked for (`fields=id,name` or `*`), else Drive's default fields. */
function select(resource: Record<string, unknown>, fields: string | null, defaults: string[]): Record<string, unknown> {
	if (fields && fields.trim() === '*') return resource;
	const wanted = fields ? fields.split(',').map((f) => f.trim()).filter(Boolean) : defaults;
	return Object.fromEntries(Object.entries(resource).filter(([key]) => key === 'kind' || wanted.includes(key)));
}

/** A stable permission id per account, as Drive uses one id per user across files. */
function permissionId(type: string, email: string | undefined): string {
	if (type === 'anyone') return 'anyoneWithLink';
	const digits = BigInt(`0x${createHash('sha256').update(`${type}:${email ?? ''}`).digest('hex').slice(0, 16)}`).toString();
	return digits.padStart(20, '0').slice(-20);
}

function fileResource(spreadsheet: Spreadsheet): Record<string, unknown> {
	return {
		kind: 'drive#file',
		id: spreadsheet.spreadsheetId,
		name: spreadsheet.properties.title,
		mimeType: SPREADSHEET_MIME_TYPE,
		...(spreadsheet.appProperties ? { appProperties: { ...spreadsheet.appProperties } } : {}),
		...(spreadsheet.owner ? { owners: [{ kind: 'drive#user', emailAddress: spreadsheet.owner }] } : {}),
		...(spreadsheet.parents ? { parents: [...spreadsheet.parents] } : {}),
		...(spreadsheet.driveId ? { driveId: spreadsheet.driveId } : {}),
	};
}

/** permissions.create: gives a user (or anyone) a role on the file; the same user again keeps one permission. */
export function createPermission(host: DriveHost, user: string, fileId: string, query: URLSearchParams, raw: string): DrivePermission & { kind: string } {
	const spreadsheet = host.find(fileId);
	const role = spreadsheet ? roleOf(spreadsheet, user) : null;
	if (!spreadsheet || role === null) throw driveErrors.fileNotFound(fileId);
	if (!canWrite(role)) throw driveErrors.insufficientFilePermissions();
	const body = parseBody(raw);
	const type = String(body.type ?? '');
	const wantedRole = String(body.role ?? '');
	if (!type) throw driveErrors.required('type');
	if (!['user', 'group', 'domain', 'anyone'].includes(type)) throw driveErrors.invalid(`Invalid permission type: ${type}`, 'permission.type', 'other');
	if (!wantedRole) throw driveErrors.required('role');
	if (!['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader'].includes(wantedRole)) {
		throw driveErrors.invalid(`Invalid permission role: ${wantedRole}`, 'permission.role', 'other');
	}
	if (wantedRole === 'owner' && query.get('transferOwnership') !== 'true') {
		throw driveErrors.invalid("The transferOwnership parameter must be enabled when the permission role is 'owner'.", 'transferOwnership');
	}
	if (wantedRole === 'owner') throw driveErrors.notImplemented('Transferring ownership');
	const emailAddress = typeof body.emailAddress === 'string' ? body.emailAddress.trim() : '';
	if ((type === 'user' || type === 'group') && !emailAddress) throw driveErrors.required('emailAddress');
	if (type === 'domain') throw driveErrors.notImplemented('Sharing with a domain');

	const permissions = (spreadsheet.permissions ??= []);
	const id = permissionId(type, emailAddress.toLowerCase());
	const notify = (type === 'user' || type === 'group') && query.get('sendNotificationEmail') !== 'false';
	let permission = permissions.find((p) => p.id === id);
	if (permission) permission.role = wantedRole as DrivePermission['role'];
	else {
		permission = { id, type: type as DrivePermission['type'], role: wantedRole as DrivePermission['role'], ...(emailAddress ? { emailAddress } : {}), notified: notify };
		permissions.push(permission);
	}
	if (type === 'anyone') spreadsheet.sharedWith = 'anyone';
	else if (spreadsheet.sharedWith !== 'anyone' && !spreadsheet.sharedWith.includes(emailAddress)) spreadsheet.sharedWith.push(emailAddress);
	host.changed();
	return { kind: 'drive#permission', ...permission };
}

export function permissionResource(permission: DrivePermission, fields: string | null): Record<string, unknown> {
	const { notified: _notified, ...resource } = permission;
	return select({ kind: 'drive#permission', ...resource }, fields, ['id', 'type', 'role']);
}

/** files.create, metadata only: an empty Google Sheets file (other kinds of file are not modelled). */
export function createFile(host: DriveHost, user: string, query: URLSearchParams, raw: string): Record<string, unknown> {
	const body = parseBody(raw);
	const mimeType = String(body.mimeType ?? '');
	if (mimeType !== SPREADSHEET_MIME_TYPE) throw driveErrors.notImplemented(`Creating a Drive file of type "${mimeType || 'application/octet-stream'}"`);
	const appProperties: Record<string, string> = {};
	for (const [key, value] of Object.entries((body.appProperties ?? {}) as Record<string, unknown>)) {
		if (Buffer.byteLength(key) + Buffer.byteLength(String(value)) > 124) {
			throw driveErrors.invalid(`The property ${key} is too long: a key and its value may hold 124 bytes together.`, 'appProperties', 'other');
		}
		appProperties[key] = String(value);
	}
	const folder = parentFolder(host, user, body.parents, query);
	// Who owns the new file: the shared drive, else its maker, who must be able to own files.
	const owner = folder?.driveId ? undefined : user;
	if (owner !== undefined && isServiceAccount(owner)) throw driveErrors.storageQuotaExceeded();
	const access = [...new Set([user, ...(folder ? [...(folder.owner ? [folder.owner] : []), ...folder.members.map((m) => m.emailAddress)] : [])])];
	const spreadsheet = host.createBlank(typeof body.name === 'string' && body.name ? body.name : 'Untitled spreadsheet', owner, access);
	if (Object.keys(appProperties).length) spreadsheet.appProperties = appProperties;
	if (folder) {
		spreadsheet.parents = [folder.id];
		if (folder.driveId) spreadsheet.driveId = folder.driveId;
	}
	host.changed();
	return select(fileResource(spreadsheet), query.get('fields'), ['id', 'name', 'mimeType']);
}

/**
 * The folder named in files.create's `parents` (Drive v3 takes one), which the caller may add
 * to: a folder in a shared drive is found only with supportsAllDrives=true, as in Drive.
 */
function parentFolder(host: DriveHost, user: string, parents: unknown, query: URLSearchParams): DriveFolder | null {
	if (parents === undefined || parents === null) return null;
	if (!Array.isArray(parents) || parents.some((p) => typeof p !== 'string')) throw driveErrors.invalid('Invalid value for parents.', 'parents', 'other');
	if (parents.length === 0) return null;
	if (parents.length > 1) throw driveErrors.invalid('Increasing the number of parents is not allowed.', 'parents', 'other');
	const folderId = parents[0] as string;
	const folder = host.folder(folderId);
	const role = folder ? folderRole(folder, user) : null;
	if (!folder || role === null || (folder.driveId && query.get('supportsAllDrives') !== 'true')) throw driveErrors.fileNotFound(folderId);
	if (!canWrite(role)) throw driveErrors.insufficientFilePermissions();
	return folder;
}

function folderRole(folder: DriveFolder, user: string): DrivePermission['role'] | null {
	if (folder.owner === user) return 'owner';
	return folder.members.find((member) => member.emailAddress === user)?.role ?? null;
}

type Clause = (spreadsheet: Spreadsheet) => boolean;

/** Drive's search language, the part the pack uses: name, mimeType, trashed, appProperties has, joined by and. */
export function parseQuery(q: string): Clause[] {
	const text = `(?:'((?:[^'\\\\]|\\\\.)*)')`;
	const unescape = (value: string) => value.replace(/\\(.)/g, '$1');
	const patterns: Array<[RegExp, (m: RegExpExecArray) => Clause]> = [
		[new RegExp(`^\\s*name\\s*=\\s*${text}`), (m) => (s) => s.properties.title === unescape(m[1])],
		[new RegExp(`^\\s*name\\s+contains\\s+${text}`), (m) => (s) => s.properties.title.includes(unescape(m[1]))],
		[new RegExp(`^\\s*mimeType\\s*=\\s*${text}`), (m) => () => unescape(m[1]) === SPREADSHEET_MIME_TYPE],
		[/^\s*trashed\s*=\s*(true|false)/, (m) => () => m[1] === 'false'],
		[
			new RegExp(`^\\s*appProperties\\s+has\\s*\\{\\s*key\\s*=\\s*${text}\\s+and\\s+value\\s*=\\s*${text}\\s*\\}`),
			(m) => (s) => s.appProperties?.[unescape(m[1])] === unescape(m[2]),
		],
	];
	const clauses: Clause[] = [];
	let rest = q;
	while (rest.trim() !== '') {
		const found = patterns.map(([pattern, make]) => [pattern.exec(rest), make] as const).find(([match]) => match);
		if (!found) throw driveErrors.invalid('Invalid Value', 'q');
		const [match, make] = found;
		clauses.push(make(match!));
		rest = rest.slice(match![0].length);
		const and = /^\s+and\s+/.exec(rest);
		if (and) rest = rest.slice(and[0].length);
		else if (rest.trim() !== '') throw driveErrors.invalid('Invalid Value', 'q');
	}
	return clauses;
}

/** files.list: the caller's spreadsheets (owned or shared with them by name) matching `q`, oldest first. */
export function listFiles(host: DriveHost, user: string, query: URLSearchParams): Record<string, unknown> {
	const clauses = parseQuery(query.get('q') ?? '');
	// Shared-drive files are listed only when asked for (includeItemsFromAllDrives with supportsAllDrives).
	const allDrives = query.get('includeItemsFromAllDrives') === 'true' && query.get('supportsAllDrives') === 'true';
	const files = [...host.all()]
		.filter((s) => s.owner === user || (s.sharedWith !== 'anyone' && s.sharedWith.includes(user)))
		.filter((s) => allDrives || !s.driveId)
		.filter((s) => clauses.every((clause) => clause(s)))
		.map((s) => select(fileResource(s), innerFields(query.get('fields')), ['id', 'name', 'mimeType']));
	return { kind: 'drive#fileList', incompleteSearch: false, files };
}

/** `files(id,name)` -> `id,name`; `*` and no fields as they are. */
function innerFields(fields: string | null): string | null {
	if (!fields) return null;
	const inner = /files\(([^)]*)\)/.exec(fields);
	return inner ? inner[1] : fields;
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
