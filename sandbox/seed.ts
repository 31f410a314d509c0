/**
 * Gives the sandbox its tracker spreadsheet the first time the stack starts: every tab of the
 * tracker template with its headers, the default cadences, the sandbox LO's settings and two
 * referral partners (so a referral update can show that a partner sees only their own
 * referrals). Later starts keep whatever is there: the sandbox's data survives restarts.
 */
import { SANDBOX } from './config';
import type { SandboxServer } from './server';
import { SANDBOX_SERVICE_ACCOUNT } from './workflowsForSandbox';

interface TemplateModule {
	TRACKER_TABS: ReadonlyArray<{ title: string; key: string; columns: ReadonlyArray<{ header: string }> }>;
}

interface CoreModule {
	DEFAULT_CADENCES: ReadonlyArray<Record<string, unknown>>;
}

interface LocateModule {
	TRACKER_MARK: { key: string; value: string };
}

interface SeedableSheets {
	listSpreadsheets(): Array<{ spreadsheetId: string }>;
	getSpreadsheet(spreadsheetId: string): { sharedWith: string[] | 'anyone'; appProperties?: Record<string, string> };
	readTab(spreadsheetId: string, title: string): string[][];
	writeCells(spreadsheetId: string, range: string, rows: unknown[][]): void;
	flush(): void;
	createSpreadsheet(seed: {
		spreadsheetId: string;
		title: string;
		sheets: Array<{ title: string; rows: unknown[][] }>;
	}): string;
	createFolder(folder: { name?: string; sharedDrive?: boolean; members?: string[] }): string;
}

export const SANDBOX_PARTNERS = [
	{
		partnerId: 'p-sunrise-realty',
		name: 'Dana Brooks',
		company: 'Sunrise Realty',
		email: 'dana@sunrise-realty.example',
		phone: '+13055550171',
		notifyChannel: 'email',
		viewSpreadsheetId: '',
		active: 'TRUE',
	},
	{
		partnerId: 'p-harbor-homes',
		name: 'Luis Ortega',
		company: 'Harbor Homes',
		email: 'luis@harbor-homes.example',
		phone: '+13055550172',
		notifyChannel: 'email',
		viewSpreadsheetId: '',
		active: 'TRUE',
	},
];

/**
 * `n8nBaseUrl` is this start's n8n (its port may change between starts): the Settings tab's
 * publicN8nAddress is written again on every start. The sandbox fills Settings as the setup form
 * does for an LO; the workflows carry no identity.
 */
export async function seedSandboxTracker(sandbox: SandboxServer, log: (line: string) => void, n8nBaseUrl = 'http://127.0.0.1:5678', mode: 'full' | 'blank' = 'full'): Promise<void> {
	const sheets = sandbox.sheets as unknown as SeedableSheets | undefined;
	if (!sheets) {
		log('sandbox: no Google Sheets stand-in, so no tracker spreadsheet');
		return;
	}
	if (sheets.listSpreadsheets().some((s) => s.spreadsheetId === SANDBOX.spreadsheetId)) {
		if (mode === 'full') refreshPublicAddress(sheets, n8nBaseUrl);
		return;
	}
	if (mode === 'blank') {
		// What a newcomer with a service account does first: a blank Google Sheet, shared with it.
		sheets.createSpreadsheet({ spreadsheetId: SANDBOX.spreadsheetId, title: 'Mortgage Lead Tracker', sheets: [{ title: 'Sheet1', rows: [] }] });
		sheets.getSpreadsheet(SANDBOX.spreadsheetId).sharedWith = [SANDBOX_SERVICE_ACCOUNT, SANDBOX.loEmail];
		sheets.flush();
		log('sandbox: a blank spreadsheet shared with the service account, for the setup to fill');
		return;
	}

	let template: TemplateModule;
	let core: CoreModule;
	let locate: LocateModule;
	try {
		template = (await import('../nodes/tracker/template')) as TemplateModule;
		core = (await import('../nodes/core')) as unknown as CoreModule;
		locate = (await import('../nodes/tracker/locate')) as LocateModule;
	} catch (error) {
		log(`sandbox: cannot seed the tracker yet (${(error as Error).message.split('\n')[0]})`);
		return;
	}

	const settings: Record<string, string> = {
		loName: SANDBOX.loName,
		nmlsId: SANDBOX.nmlsId,
		company: SANDBOX.company,
		companyNmlsId: '654321',
		postalAddress: '100 Biscayne Blvd, Miami, FL 33132',
		phone: SANDBOX.twilioNumber,
		loEmail: SANDBOX.loEmail,
		loMobile: SANDBOX.loMobile,
		sendingNumber: SANDBOX.twilioNumber,
		publicN8nAddress: n8nBaseUrl,
		scoreboardEmails: `${SANDBOX.loEmail}, team.lead@example.com`,
		defaultTimeZone: 'America/New_York',
		replyPause: 'P3D',
		// The sandbox signs in as a service account, which cannot own files: partner sheets are made
		// in a shared drive's folder it belongs to, as an LO on Google Workspace would set it up.
		driveFolderId: sheets.createFolder({ name: 'Mortgage (shared drive)', sharedDrive: true, members: [SANDBOX_SERVICE_ACCOUNT, SANDBOX.loEmail] }),
	};
	const rowsFor = (key: string, headers: string[]): unknown[][] => {
		const pick = (record: Record<string, unknown>) => headers.map((h) => cell(record[h]));
		if (key === 'cadences') return core.DEFAULT_CADENCES.map(pick);
		if (key === 'partners') return SANDBOX_PARTNERS.map(pick);
		if (key === 'settings') return Object.entries(settings).map(([setting, value]) => pick({ setting, value, notes: '' }));
		return [];
	};

	sheets.createSpreadsheet({
		spreadsheetId: SANDBOX.spreadsheetId,
		title: `Mortgage tracker (${SANDBOX.loName}, sandbox)`,
		sheets: template.TRACKER_TABS.map((tab) => {
			const headers = tab.columns.map((column) => column.header);
			return { title: tab.title, rows: [headers, ...rowsFor(tab.key, headers)] };
		}),
	});
	// As the setup leaves it: shared with the service account and marked as the tracker, so the
	// nodes (no Spreadsheet ID in any workflow) find it (nodes/tracker/locate.ts).
	const spreadsheet = sheets.getSpreadsheet(SANDBOX.spreadsheetId);
	spreadsheet.sharedWith = [SANDBOX_SERVICE_ACCOUNT, SANDBOX.loEmail];
	spreadsheet.appProperties = { [locate.TRACKER_MARK.key]: locate.TRACKER_MARK.value };
	sheets.flush();
	log(`sandbox: created the tracker spreadsheet "${SANDBOX.spreadsheetId}" with the default cadences and two partners`);
}

function cell(value: unknown): unknown {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return value;
}

/** This start's n8n address in the Settings tab (status callbacks and links point at it). */
function refreshPublicAddress(sheets: SeedableSheets, n8nBaseUrl: string): void {
	const rows = sheets.readTab(SANDBOX.spreadsheetId, 'Settings');
	const header = rows[0] ?? [];
	const [settingColumn, valueColumn] = [header.indexOf('setting'), header.indexOf('value')];
	if (settingColumn < 0 || valueColumn < 0) return;
	const at = rows.findIndex((row, index) => index > 0 && row[settingColumn] === 'publicN8nAddress');
	if (at > 0 && rows[at][valueColumn] === n8nBaseUrl) return;
	const cells: unknown[] = Array.from({ length: Math.max(settingColumn, valueColumn) + 1 }, () => '');
	cells[settingColumn] = 'publicN8nAddress';
	cells[valueColumn] = n8nBaseUrl;
	sheets.writeCells(SANDBOX.spreadsheetId, `'Settings'!A${at > 0 ? at + 1 : rows.length + 1}`, [cells]);
}
