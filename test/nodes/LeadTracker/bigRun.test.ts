import { DEFAULT_CADENCES, dueTouches } from '../../../nodes/core/cadence';
import { readTable, recordOf } from '../../../nodes/tracker/table';
import { touchOf, trackedLeadOf } from '../../../nodes/tracker/records';
import { TRACKER_TABS } from '../../../nodes/tracker/template';
import { seededRandom } from '../../bench/support';
import { startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

/**
 * Big runs read the tabs by columns and run the cadence engine a chunk of leads at a time. Here a
 * tracker larger than a chunk, with duplicate leadIds, blank cells, touches in every state and a
 * reordered Touches tab, must give exactly what one dueTouches call over the whole tab gives.
 */
const NOW = '2026-03-09T15:00:00.000Z';
const tab = (key: string) => TRACKER_TABS.find((t) => t.key === key)!;
const header = (key: string) => tab(key).columns.map((c) => c.header);
let h: TrackerHarness;
afterEach(() => h?.close());

function buildTracker(leads: number) {
	const random = seededRandom(42);
	const now = Date.parse(NOW);
	const leadHeader = header('leads');
	const touchHeader = [...header('touches')].reverse();
	const cadences = ['purchase-3-6m', 'refi-now', 'long-term-nurture', ''];
	const stages = ['new', 'contacted', 'nurture', 'application', 'closed', 'lost', 'contacted'];
	const leadRows: unknown[][] = [leadHeader];
	const touchRows: unknown[][] = [touchHeader];
	for (let i = 0; i < leads; i++) {
		const id = i % 97 === 5 ? `ld_${i - 1}` : `ld_${i}`; // some duplicate ids
		const receivedAt = new Date(now - Math.floor(random() * 400 * 86_400_000)).toISOString();
		const record: Record<string, unknown> = {
			leadId: id, receivedAt, firstName: `First${i}`, phone: `+1305${String(i).padStart(7, '0')}`, state: i % 3 ? 'FL' : 'CA',
			timeZone: i % 11 === 0 ? '' : 'America/New_York', timeline: ['3-6m', '6m+', '', 'now'][i % 4], loanPurpose: i % 2 ? 'purchase' : 'refinance',
			stage: stages[i % stages.length], cadenceId: cadences[i % cadences.length], touchCount: i % 5, optOutSms: i % 13 === 0,
			lastReplyAt: i % 17 === 0 ? new Date(now - 86_400_000).toISOString() : '', consentSms: true,
		};
		leadRows.push(leadHeader.map((name) => record[name] ?? ''));
		for (let t = 0; t < i % 4; t++) {
			const verdict = ['sent', 'deferred', 'blocked', 'received'][(i + t) % 4];
			const touch: Record<string, unknown> = {
				touchId: verdict === 'received' ? `in:${i}:${t}` : `${id}:${record.cadenceId || 'purchase-3-6m'}:${t + 1}`, leadId: id,
				at: new Date(now - (t + 1) * 3 * 86_400_000).toISOString(), channel: 'sms', direction: verdict === 'received' ? 'inbound' : 'outbound',
				cadenceId: record.cadenceId, step: t + 1, verdict, sendAfter: verdict === 'deferred' ? new Date(now - 3_600_000).toISOString() : '',
				reason: verdict === 'received' && t === 2 ? 'opt-out' : '',
			};
			touchRows.push(touchHeader.map((name) => touch[name] ?? ''));
		}
	}
	const cadenceHeader = header('cadences');
	return TRACKER_TABS.map((t) => {
		if (t.key === 'leads') return { title: t.title, rows: leadRows };
		if (t.key === 'touches') return { title: t.title, rows: touchRows };
		if (t.key === 'cadences') return { title: t.title, rows: [cadenceHeader, ...DEFAULT_CADENCES.map((s) => cadenceHeader.map((n) => (s as unknown as Record<string, unknown>)[n] ?? ''))] };
		if (t.key === 'settings') return { title: t.title, rows: [['setting', 'value'], ['defaultTimeZone', 'America/Chicago'], ['replyPause', 'P2D']] };
		return { title: t.title, rows: [header(t.key)] };
	});
}

/** The reference: the whole tabs as rows, one call of the engine, with the Settings the tracker plans with. */
function engineOverTabs(spreadsheetId: string) {
	const leadsTable = readTable(tab('leads'), h.standIn.readCells(spreadsheetId, 'Leads') as never);
	const touchesTable = readTable(tab('touches'), h.standIn.readCells(spreadsheetId, 'Touches') as never);
	const leads = leadsTable.rows.map((row) => trackedLeadOf(recordOf(leadsTable, row)));
	const result = dueTouches({
		leads,
		cadences: DEFAULT_CADENCES,
		touches: touchesTable.rows.map((row) => touchOf(recordOf(touchesTable, row))),
		now: NOW,
		options: { defaultTimeZone: 'America/Chicago', replyPause: 'P2D' },
	});
	return { leadsTable, leads, result };
}

it('Get Due Touches over more leads than a chunk gives what one dueTouches call gives', async () => {
	h = await startTrackerHarness();
	const spreadsheetId = h.standIn.createSpreadsheet({ sheets: buildTracker(1234) });
	const [due, problems] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: NOW });

	// The reference: the whole tabs as rows, one call of the engine.
	const { leads, result } = engineOverTabs(spreadsheetId);
	const leadById = new Map(leads.map((lead) => [lead.leadId, lead]));
	expect(result.due.length).toBeGreaterThan(200);
	expect(due.map((item) => item.json)).toEqual(result.due.map((touch) => ({ ...touch, lead: leadById.get(touch.leadId), settings: { defaultTimeZone: 'America/Chicago', replyPause: 'P2D' } })));
	expect(problems.map((item) => item.json)).toEqual([
		...result.leads.filter((s) => s.state === 'invalid').map((s) => ({ kind: 'lead-row', leadId: s.leadId, problems: s.problems })),
		...result.cadenceProblems.map((p) => ({ kind: 'cadence-table', field: p.field, message: p.message })),
		...result.skipped.map((skip) => ({ kind: 'skipped-step', ...skip })),
	]);
	expect(result.skipped.length).toBeGreaterThan(0);
});

it('Log Touches over more leads than a chunk writes what the engine says for each touched lead', async () => {
	h = await startTrackerHarness();
	const spreadsheetId = h.standIn.createSpreadsheet({ sheets: buildTracker(700) });
	const [due] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: NOW });
	const sent = due.map((item) => ({ ...item.json, verdict: 'sent', lead: undefined, settings: undefined }));
	const [logged] = await h.run({ operation: 'logTouches', spreadsheetId, now: NOW }, sent as never);
	expect(logged.every((item) => (item.json.tracker as { action: string }).action === 'logged')).toBe(true);

	// Each touched lead now stands where one engine call over the updated tabs puts it, with the
	// same Settings (time zone and reply pause) that Get Due Touches plans with.
	const { leadsTable, leads, result } = engineOverTabs(spreadsheetId);
	const touchedIds = new Set(due.map((item) => String((item.json as { leadId?: unknown }).leadId)));
	const firstRow = new Map<string, number>();
	leads.forEach((lead, i) => firstRow.has(lead.leadId) || firstRow.set(lead.leadId, i));
	expect(touchedIds.size).toBeGreaterThan(200);
	for (const id of touchedIds) {
		const i = firstRow.get(id)!;
		const status = result.leads[i];
		const row = recordOf(leadsTable, leadsTable.rows[i]);
		expect({ id, nextTouchAt: row.nextTouchAt, cadenceStep: row.cadenceStep }).toEqual({ id, nextTouchAt: status.nextTouchAt ?? '', cadenceStep: status.cadenceStep ?? '' });
	}
	const [again] = await h.run({ operation: 'logTouches', spreadsheetId, now: NOW }, sent as never);
	expect(again.every((item) => (item.json.tracker as { action: string }).action === 'duplicate')).toBe(true);
});
