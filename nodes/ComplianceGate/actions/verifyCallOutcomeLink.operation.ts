import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { CALL_OUTCOME_RULES, LO_ACTIVITIES, LO_ACTIVITY_KINDS, loPage, verifyActivityLink, verifyCallOutcomeLink } from '../../core';
import { currentInstant } from '../../shared/clock';
import { routeItems } from '../../shared/routeItems';
import { linkSecretOf } from './linkSecret';

const show = { show: { operation: ['verifyCallOutcomeLink'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Link',
		name: 'linkKind',
		type: 'options',
		default: 'callOutcome',
		displayOptions: show,
		options: [
			{ name: 'Call Outcome (From a Call Task)', value: 'callOutcome' },
			{ name: 'My Activity Page', value: 'activity', description: 'The page where you log a call from your own phone, a note or a coffee' },
		],
	},
	{
		displayName: 'Query Field',
		name: 'outcomeQueryField',
		type: 'string',
		default: 'query',
		displayOptions: show,
		description: 'The item field with the link\'s parameters. The Webhook node puts them in "query".',
	},
];

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value)).trim();

/**
 * Items are requests to the call outcome (or activity) webhook. A genuine, unexpired link leaves
 * on "Valid Link" as an event Log Call Outcome takes as it is (kind, leadId, outcome, taskId, at;
 * for the activity page the chosen activity and note from the form, or none yet); a forged,
 * changed, cut-short or expired one leaves on "Refused" with the reason in plain words. Nothing
 * is written here.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secret = await linkSecretOf(ctx);
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	return routeItems(ctx, { outputs: ['valid', 'refused'] as const, errorOutput: 'refused' }, (item, itemIndex) => {
		const json = item.json;
		const field = text(ctx.getNodeParameter('outcomeQueryField', itemIndex, 'query')) || 'query';
		const query = json[field] !== null && typeof json[field] === 'object' ? (json[field] as IDataObject) : {};
		if (ctx.getNodeParameter('linkKind', itemIndex, 'callOutcome') === 'activity') {
			const check = verifyActivityLink(query, { secret, now });
			if (!check.valid) return { output: 'refused', json: { link: { valid: false, reason: check.reason, message: check.message } } };
			const body = json.body !== null && typeof json.body === 'object' ? (json.body as IDataObject) : {};
			const chosen = text(body.activity);
			const activity = Object.prototype.hasOwnProperty.call(LO_ACTIVITIES, chosen) ? chosen : null;
			if (chosen && !activity) return { output: 'refused', json: { link: { valid: false, reason: 'incomplete', message: `"${chosen}" is not one of the activities on the page.` } } };
			return {
				output: 'valid',
				json: {
					kind: 'activity',
					leadId: check.leadId,
					activity,
					note: text(body.note).slice(0, 500),
					at: now,
					link: { valid: true, expiresAt: check.expiresAt },
					// The page the link opens: one button per activity, posting back to the same link.
					page: loPage({
						title: 'Log what you did',
						text: `For lead ${check.leadId}. One tap logs it in your tracker.`,
						buttons: LO_ACTIVITY_KINDS.map((kind) => ({ field: 'activity', value: kind, label: LO_ACTIVITIES[kind].label })),
						note: true,
					}),
				},
			};
		}
		const check = verifyCallOutcomeLink(query, { secret, now });
		if (!check.valid) return { output: 'refused', json: { link: { valid: false, reason: check.reason, message: check.message } } };
		return {
			output: 'valid',
			json: {
				kind: 'call-outcome',
				leadId: check.leadId,
				outcome: check.outcome,
				taskId: check.taskId,
				label: CALL_OUTCOME_RULES[check.outcome].label,
				at: now,
				link: { valid: true, expiresAt: check.expiresAt },
				// Opening the link (GET) shows this page; the browser posts it back at once, and the
				// POST is what logs the call, so a mail app's link scanner logs nothing.
				page: loPage({
					title: `Log this call: ${CALL_OUTCOME_RULES[check.outcome].label}`,
					text: 'Logging it in your tracker. If nothing happens, tap the button.',
					buttons: [{ field: 'confirm', value: check.outcome, label: `Log: ${CALL_OUTCOME_RULES[check.outcome].label}` }],
					autoSubmit: true,
				}),
			},
		};
	});
}
