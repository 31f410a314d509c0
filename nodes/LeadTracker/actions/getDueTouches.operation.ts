import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getDueTouches } from '../tracker/tracker';
import { nodeError, openTracker } from './common';

export const description: INodeProperties[] = [];

/**
 * One read of Leads, Cadences, Touches and Settings, then the cadence engine. "Due" gets one item
 * per touch due now (with its lead and the settings, ready for the compliance gate and the SMS
 * node); "Problems" gets unreadable lead rows, cadence table problems and steps not sent (each with
 * its reason), so nothing disappears silently.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const tracker = await openTracker(ctx);
	let found;
	try {
		found = await getDueTouches(tracker.session, tracker.spreadsheetId, tracker.run);
	} catch (error) {
		throw nodeError(ctx, error);
	}
	const { result, snapshot } = found;
	const leadById = new Map(snapshot.leads.map((lead) => [lead.leadId, lead]));
	const paired = { item: 0 };
	const due: INodeExecutionData[] = result.due.map((touch) => ({
		json: { ...touch, lead: leadById.get(touch.leadId) as unknown as IDataObject, settings: snapshot.settings },
		pairedItem: paired,
	}));
	const problems: INodeExecutionData[] = [
		...result.leads
			.filter((status) => status.state === 'invalid')
			.map((status) => ({ kind: 'lead-row', leadId: status.leadId, problems: status.problems as unknown as IDataObject[] })),
		...result.cadenceProblems.map((problem) => ({ kind: 'cadence-table', field: problem.field, message: problem.message })),
		...result.skipped.map((skip) => ({ kind: 'skipped-step', ...skip })),
	].map((json) => ({ json: json as IDataObject, pairedItem: paired }));
	return [due, problems];
}
