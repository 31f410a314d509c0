import { optedOut, personConsent, PERSON_CHANNELS, type ConsentLogEntry, type PersonConsent, type PersonConsentState, type PersonRow } from '../core/compliance';
import type { CellValue } from '../transport/sheets';
import { OPT_OUT_COLUMNS } from './records';
import { cellAt, type ColumnSheet, type Table, type TrackerRecord } from './table';

/**
 * The person behind Leads rows, as the tracker stores it (../core/compliance/personConsent.ts has
 * the rule): Leads rows and Consent log rows as the core's inputs, and a row brought in line
 * with its person (an opted-out phone's new row is written opted out).
 */

export function personRowOf(record: TrackerRecord): PersonRow {
	return {
		phone: record.phone,
		email: record.email,
		optOut: { sms: record[OPT_OUT_COLUMNS.sms], call: record[OPT_OUT_COLUMNS.call], email: record[OPT_OUT_COLUMNS.email] },
	};
}

/** Everyone in the Leads rows (and the Consent log, where read). */
export function peopleOf(leads: Iterable<TrackerRecord>, consentLog: Iterable<TrackerRecord> = []): PersonConsent {
	return personConsent(mapped(leads, personRowOf), consentLog as Iterable<ConsentLogEntry>);
}

/** peopleOf over a Leads table and a Consent log table as read (no record per row), plus some records. */
export function peopleOfTables(leads: Table, consentLog: Table | null, more: TrackerRecord[] = []): PersonConsent {
	const at = (table: Table, row: CellValue[], name: string): CellValue | undefined => {
		const index = table.column.get(name);
		return index === undefined ? undefined : row[index];
	};
	function* leadRows(): Iterable<PersonRow> {
		for (const row of leads.rows) {
			yield { phone: at(leads, row, 'phone'), email: at(leads, row, 'email'), optOut: { sms: at(leads, row, OPT_OUT_COLUMNS.sms), call: at(leads, row, OPT_OUT_COLUMNS.call), email: at(leads, row, OPT_OUT_COLUMNS.email) } };
		}
		for (const record of more) yield personRowOf(record);
	}
	function* logRows(): Iterable<ConsentLogEntry> {
		if (!consentLog) return;
		for (const row of consentLog.rows) {
			yield { phone: at(consentLog, row, 'phone'), email: at(consentLog, row, 'email'), channel: at(consentLog, row, 'channel'), action: at(consentLog, row, 'action'), at: at(consentLog, row, 'at') };
		}
	}
	return personConsent(leadRows(), logRows());
}

/** Everyone in a Leads sheet read by columns (the cadence engine's read), one row at a time. */
export function peopleOfSheet(leads: ColumnSheet): PersonConsent {
	return personConsent(sheetRows(leads));
}

function* sheetRows(leads: ColumnSheet): Iterable<PersonRow> {
	const value = (name: string, i: number): CellValue => cellAt(leads, name, i);
	for (let i = 0; i < leads.count; i++) {
		const optOut = { sms: value(OPT_OUT_COLUMNS.sms, i), call: value(OPT_OUT_COLUMNS.call, i), email: value(OPT_OUT_COLUMNS.email, i) };
		// Only rows that opt out of something say anything about their person.
		if (!optedOut(optOut.sms) && !optedOut(optOut.call) && !optedOut(optOut.email)) continue;
		yield { phone: value('phone', i), email: value('email', i), optOut };
	}
}

/**
 * Sets the row's opt-out columns the person is opted out on (TRUE), leaving every other cell and
 * any opt-out it already has. Returns the channels it changed.
 */
export function alignWithPerson(record: TrackerRecord, person: PersonConsentState): string[] {
	const changed: string[] = [];
	for (const channel of PERSON_CHANNELS) {
		const column = OPT_OUT_COLUMNS[channel];
		if (person.optOut[channel] && !optedOut(record[column])) {
			record[column] = true;
			changed.push(channel);
		}
	}
	return changed;
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
	for (const item of items) yield f(item);
}
