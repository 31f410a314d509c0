import { DEFAULT_CADENCES } from '../nodes/core/cadence';
import { SETTINGS_ROWS, TRACKER_TABS, type TabSpec } from '../nodes/tracker/template';

/** Example rows per tab (fictional people, 555 numbers). */
const EXAMPLES: Record<string, Array<Record<string, unknown>>> = {
	leads: [
		{ leadId: 'ld_3f9a1c2b7d4e5f60', receivedAt: '2026-03-09T14:03:00.000Z', firstName: 'Jane', lastName: "O'Neil", phone: '+13055550142', email: 'jane@example.com', state: 'FL', zip: '33101', timeZone: 'America/New_York', loanPurpose: 'purchase', cashOut: false, timeline: '3-6m', source: 'web-form', sourceDetail: 'Website', stage: 'new', cadenceId: 'purchase-3-6m', touchCount: 0, consentSms: true, consentCall: true, consentEmail: true, consentPrerecordedVoice: false, consentCapturedAt: '2026-03-09T14:03:00.000Z', consentText: 'I agree to receive calls and texts', optOutSms: false, optOutCall: false, optOutEmail: false },
		{ leadId: 'ld_8c1d2e3f4a5b6c7d', receivedAt: '2026-03-08T18:20:00.000Z', firstName: 'Luis', lastName: 'Garcia', phone: '+15125550199', email: 'luis@example.com', state: 'TX', zip: '78701', timeZone: 'America/Chicago', loanPurpose: 'refinance', cashOut: true, timeline: 'now', source: 'referral', partnerId: 'p-sunrise-realty', stage: 'contacted', cadenceId: 'refinance', touchCount: 3, consentSms: true, consentCall: true, consentEmail: true, consentPrerecordedVoice: false },
	],
	touches: [
		{ touchId: 'ld_3f9a1c2b7d4e5f60:purchase-3-6m:1', leadId: 'ld_3f9a1c2b7d4e5f60', at: '2026-03-09T14:03:30.000Z', channel: 'sms', direction: 'outbound', purpose: 'marketing', cadenceId: 'purchase-3-6m', step: 1, verdict: 'sent', providerId: 'SM0123456789abcdef0123456789abcdef', deliveryStatus: 'delivered', body: 'Hi Jane, this is Jordan with Rivera Home Loans...', loggedAt: '2026-03-09T14:03:31.000Z' },
		{ touchId: 'ld_8c1d2e3f4a5b6c7d:refinance:2', leadId: 'ld_8c1d2e3f4a5b6c7d', at: '2026-03-09T02:00:00.000Z', channel: 'sms', direction: 'outbound', purpose: 'marketing', cadenceId: 'refinance', step: 2, verdict: 'deferred', reason: 'quiet-hours:TX', sendAfter: '2026-03-09T14:00:00.000Z', loggedAt: '2026-03-09T02:00:01.000Z' },
	],
	referrals: [
		{ referralId: 'rf_001', partnerId: 'p-sunrise-realty', leadId: 'ld_8c1d2e3f4a5b6c7d', firstName: 'Luis', lastName: 'Garcia', source: 'referral', status: 'contacted', receivedAt: '2026-03-08T18:20:00.000Z', contactedAt: '2026-03-08T18:25:00.000Z', lastChangeAt: '2026-03-08T18:25:00.000Z', nextStep: 'Gathering documents' },
	],
	partners: [
		{ partnerId: 'p-sunrise-realty', name: 'Maria Chen', company: 'Sunrise Realty', email: 'maria@example.com', phone: '+15125550123', notifyChannel: 'email', viewSpreadsheetId: '', active: true },
	],
	consent: [
		{ eventId: 'SMabcdef0123456789abcdef0123456789', leadId: 'ld_8c1d2e3f4a5b6c7d', phone: '+15125550199', channel: 'sms', action: 'opt-out', at: '2026-03-09T15:10:00.000Z', words: 'STOP', source: 'sms-reply', recordedAt: '2026-03-09T15:10:01.000Z' },
	],
	settings: SETTINGS_ROWS.map((s) => ({ setting: s.setting, value: s.example, notes: s.notes })),
	cadences: DEFAULT_CADENCES as unknown as Array<Record<string, unknown>>,
	locks: [],
};

function csvCell(value: unknown): string {
	if (value === undefined || value === null) return '';
	let text = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
	// Same CSV safety as the node's writes: text starting with = + - @ is prefixed with '.
	if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvOf(tab: TabSpec): string {
	const headers = tab.columns.map((c) => c.header);
	const lines = [headers, ...EXAMPLES[tab.key].map((row) => headers.map((h) => row[h]))].map((row) => row.map(csvCell).join(','));
	return lines.join('\r\n') + '\r\n';
}

export function trackerTemplateFiles(): Record<string, string> {
	const definition = {
		$comment: 'Generated from nodes/tracker/template.ts by sheets-templates/generate.ts. Do not edit by hand.',
		tabs: TRACKER_TABS.map((tab) => ({ ...tab, frozenRows: 1, csv: `${tab.title.replace(/\W+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.csv` })),
		settings: SETTINGS_ROWS,
	};
	const files: Record<string, string> = { 'tracker.json': JSON.stringify(definition, null, '\t') + '\n' };
	for (const tab of definition.tabs) files[tab.csv] = csvOf(TRACKER_TABS.find((t) => t.key === tab.key)!);
	return files;
}
