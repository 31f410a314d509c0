import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Tracker } from '../../tracker/tracker';

export const description: INodeProperties[] = [];

/**
 * One locked read of Leads, Cadences, Touches and Settings, then the cadence engine. "Due" gets
 * one item per touch due now, claimed for this run (with its lead and the settings, ready for the
 * compliance gate and the SMS node); "Problems" gets unreadable lead rows, cadence table problems,
 * steps not sent and touches another run holds or left uncertain (each with its reason), so
 * nothing disappears silently.
 */
export async function execute(_ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const found = await tracker.dueTouches();
	const { leadOf, settings } = found;
	const paired = { item: 0 };
	// Each engine object is let go as its item is made (only one copy of the due touches at a time).
	const engineDue = found.due as Array<(typeof found.due)[number] | null>;
	const due: INodeExecutionData[] = new Array(engineDue.length);
	for (let k = 0; k < engineDue.length; k++) {
		const touch = engineDue[k]!;
		// Object.assign, not a spread: in Node 20 spreading these objects gives each copy its own hidden
		// class (hundreds of bytes more per item); the engine's objects have known, plain keys.
		const json = Object.assign({}, touch) as unknown as IDataObject;
		json.lead = leadOf(touch.leadId) as unknown as IDataObject;
		json.settings = settings;
		due[k] = { json, pairedItem: paired };
		engineDue[k] = null;
	}
	found.due.length = 0;
	const problems: INodeExecutionData[] = [
		...found.invalid.map((status) => ({ kind: 'lead-row', leadId: status.leadId, problems: status.problems as unknown as IDataObject[] })),
		...found.cadenceProblems.map((problem) => ({ kind: 'cadence-table', field: problem.field, message: problem.message })),
		// Claimed by another run (held) or by a run that stopped half-way (uncertain): not sent here.
		...found.claimed.map((claim) => ({ kind: 'touch-claimed', ...claim })),
	].map((json) => ({ json: json as IDataObject, pairedItem: paired }));
	// Skipped steps can be several per lead: each engine object is let go as its item is made.
	const skipped = found.skipped as Array<(typeof found.skipped)[number] | null>;
	for (let k = 0; k < skipped.length; k++) {
		problems.push({ json: Object.assign({ kind: 'skipped-step' }, skipped[k]!) as unknown as IDataObject, pairedItem: paired });
		skipped[k] = null;
	}
	skipped.length = 0;
	return [due, problems];
}
