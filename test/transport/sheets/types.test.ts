/**
 * Our own Sheets/Drive body types (nodes/transport/sheets/types.ts) against the @googleapis/sheets
 * types, which follow Google's discovery document: everything we send must be a valid request body
 * there, and every answer Google may give must fit our answer types (nulls included). Checked by
 * the type checker (`npm test` runs it first); at run time the test only reports what the checker proved.
 */
import type { sheets_v4 } from '@googleapis/sheets';
import type * as ours from '../../../nodes/transport/sheets/types';

/** true when every From is a To (no distribution over unions). */
type Assignable<From, To> = [From] extends [To] ? true : false;
const holds = <T extends true>(value: T): T => value;

// What we send, as Google's request types.
const requests = [
	holds<Assignable<ours.Request, sheets_v4.Schema$Request>>(true),
	holds<Assignable<ours.Spreadsheet, sheets_v4.Schema$Spreadsheet>>(true),
	holds<Assignable<ours.BatchUpdateValuesRequest, sheets_v4.Schema$BatchUpdateValuesRequest>>(true),
	holds<Assignable<ours.ValueRange, sheets_v4.Schema$ValueRange>>(true),
	holds<Assignable<ours.ChartSpec, sheets_v4.Schema$ChartSpec>>(true),
	holds<Assignable<ours.SheetProperties, sheets_v4.Schema$SheetProperties>>(true),
];

// What Google answers, as our answer types.
const answers = [
	holds<Assignable<sheets_v4.Schema$Spreadsheet, ours.Spreadsheet>>(true),
	holds<Assignable<sheets_v4.Schema$BatchUpdateSpreadsheetResponse, ours.BatchUpdateSpreadsheetResponse>>(true),
	holds<Assignable<sheets_v4.Schema$Response, ours.Response>>(true),
	holds<Assignable<sheets_v4.Schema$BatchGetValuesResponse, ours.BatchGetValuesResponse>>(true),
	holds<Assignable<sheets_v4.Schema$BatchUpdateValuesResponse, ours.BatchUpdateValuesResponse>>(true),
	holds<Assignable<sheets_v4.Schema$AppendValuesResponse, ours.AppendValuesResponse>>(true),
	holds<Assignable<sheets_v4.Schema$UpdateValuesResponse, ours.UpdateValuesResponse>>(true),
	holds<Assignable<sheets_v4.Schema$EmbeddedChart, ours.EmbeddedChart>>(true),
	holds<Assignable<sheets_v4.Schema$ChartSpec, ours.ChartSpec>>(true),
	// A chart read back is sent back (updateChartSpec keeps the LO's own changes): both ways.
	holds<Assignable<sheets_v4.Schema$Request['updateChartSpec'], ours.Request['updateChartSpec']>>(true),
];

// A sanity check that the check can fail: an answer type is not a request type with a wrong field.
type WrongField = { addSheet: { properties: { sheetId: string } } };
const cannot: false = false as Assignable<WrongField, sheets_v4.Schema$Request>;

describe('Sheets body types', () => {
	it('our requests are valid googleapis requests and googleapis answers fit ours (type checker)', () => {
		expect([...requests, ...answers].every(Boolean)).toBe(true);
		expect(cannot).toBe(false);
	});
});
