import type { PersonConsentState } from '../core/compliance';
import type { HeldLock, SheetsSession } from '../transport/sheets';
import { locked, type RunOptions } from './lock';
import { alignWithPerson, peopleOfTables } from './people';
import { isBlank, leadFields, mergeLead, plain } from './records';
import { changedRanges, readTable, recordOf, tabRange, type TrackerRecord } from './table';
import { readSheetDates } from './dates';
import { tabByKey } from './template';
import { appendRows, finalWrites, insertAndRelease, type Write } from './writes';

/**
 * Upsert Leads: one locked read of the Leads tab and the Consent log, one append for the new
 * leads, one batch write for the changed cells of known ones (and the lock's release); a run with
 * only new leads inserts them and releases in one request. Item order
 * is kept: results[i] belongs to leads[i]. Opt-outs belong to the person: a row for a phone or
 * email that is opted out anywhere in the tracker is written opted out, and each result carries
 * the person's state, which the instant text is checked against.
 */
const LEADS = tabByKey('leads');
const CONSENT = tabByKey('consent');

export interface UpsertResult {
	leadId: string;
	action: 'created' | 'updated' | 'unchanged';
	/** Sheet row of the lead in the Leads tab. */
	row: number;
	/** The person's opt-outs as the tracker holds them (every row with the phone / email, the Consent log). */
	person: PersonConsentState;
}

export async function upsertLeads(
	session: SheetsSession,
	spreadsheetId: string,
	leads: Array<Record<string, unknown>>,
	options: RunOptions,
): Promise<UpsertResult[]> {
	return locked(session, spreadsheetId, options, [tabRange(LEADS), tabRange(CONSENT)], async ([leadValues, consentValues], lock: HeldLock) => {
		await readSheetDates(session, spreadsheetId, [[LEADS, leadValues], [CONSENT, consentValues]]);
		const table = readTable(LEADS, leadValues);
		const consent = readTable(CONSENT, consentValues);
		// The incoming leads' own opt-outs count too (two rows for one person in one write).
		const people = peopleOfTables(table, consent, leads.map((lead) => leadFields(lead)));
		const idCol = table.column.get('leadId')!;
		const rowOfLead = new Map<string, number>();
		table.rows.forEach((row, i) => {
			const id = row[idCol];
			if (!isBlank(id) && !rowOfLead.has(String(id))) rowOfLead.set(String(id), i);
		});
		const changed = new Map<number, TrackerRecord>();
		const created = new Map<string, TrackerRecord>();
		const results: Array<{ leadId: string; action: UpsertResult['action']; existing?: number; person: PersonConsentState }> = [];

		for (const lead of leads) {
			const fields = leadFields(lead);
			const leadId = String(fields.leadId);
			const index = rowOfLead.get(leadId);
			if (index !== undefined) {
				const before = changed.get(index) ?? recordOf(table, table.rows[index]);
				const merged = mergeLead(before, fields);
				const person = people.stateOf(merged);
				alignWithPerson(merged, person);
				const same = [...table.column.keys()].every((name) => name === 'updatedAt' || (merged[name] ?? '') === (before[name] ?? ''));
				if (!same) changed.set(index, { ...merged, updatedAt: options.now });
				results.push({ leadId, action: same ? 'unchanged' : 'updated', existing: index, person });
			} else if (created.has(leadId)) {
				// The same lead twice in one write (a lead source retrying, runs written together).
				const before = created.get(leadId)!;
				const merged = mergeLead(before, fields);
				const person = people.stateOf(merged);
				alignWithPerson(merged, person);
				const same = [...table.column.keys()].every((name) => name === 'updatedAt' || (merged[name] ?? '') === (before[name] ?? ''));
				if (!same) created.set(leadId, merged);
				results.push({ leadId, action: same ? 'unchanged' : 'updated', person });
			} else {
				const record = mergeLead({ stage: 'new', touchCount: 0 }, fields);
				if (isBlank(record.receivedAt)) record.receivedAt = options.now;
				const person = people.stateOf(record);
				alignWithPerson(record, person);
				created.set(leadId, { ...record, updatedAt: options.now });
				results.push({ leadId, action: 'created', person });
			}
		}

		const newRows = [...created.values()];
		if (!changed.size && newRows.length && !table.addedHeaders.length) {
			// Only new leads (a lead webhook's usual run): inserted where values.append would put them
			// (after the last cell in column A, which is what it looks at) and released in ONE request,
			// so the instant text waits for three round trips, not four. We hold the lock: nobody
			// else adds rows meanwhile.
			let lastInA = 0;
			for (let r = leadValues.length - 1; r > 0; r--) {
				if (!isBlank(leadValues[r]?.[0])) {
					lastInA = r;
					break;
				}
			}
			if (await insertAndRelease(session, spreadsheetId, table, newRows, lastInA + 1, lock, 'adding new leads to the Leads tab')) {
				const firstRow = lastInA + 2;
				const rowOfNew = new Map([...created.keys()].map((id, i) => [id, firstRow + i]));
				return results.map((r) => ({ leadId: r.leadId, action: r.action, row: r.existing !== undefined ? r.existing + 2 : rowOfNew.get(r.leadId)!, person: r.person }));
			}
		}
		const firstNew = await appendRows(session, spreadsheetId, table, newRows, 'adding new leads to the Leads tab');
		const createdRow = new Map([...created.keys()].map((id, i) => [id, firstNew + i]));
		const writes: Write[] = [];
		for (const [index, record] of changed) {
			const after = table.header.map((name) => (table.column.get(name) !== undefined ? plain(record[name]) : ''));
			writes.push(...changedRanges(table, index + 2, table.rows[index], after));
		}
		await session.batchUpdateValues(spreadsheetId, finalWrites([table], writes, lock), 'updating the Leads tab');
		return results.map((r) => ({ leadId: r.leadId, action: r.action, row: r.existing !== undefined ? r.existing + 2 : createdRow.get(r.leadId)!, person: r.person }));
	});
}
