import { sleep, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { sandboxSettings } from '../../shared/sandbox';
import { TRACKER_SCOPES, locateTracker, spreadsheetIdOf } from '../../tracker/locate';
import { identityOf } from '../../tracker/settings';
import { TRACKER_TABS } from '../../tracker/template';
import { Tracker } from '../../tracker/tracker';
import { openGoogleSession } from '../../transport/sheets';
import { TwilioCallError, findIncomingNumber, messagingServices, openTwilioSession, type TwilioSession } from '../../transport/twilio';

/**
 * Is everything switched on? Re-runnable any time, writes nothing. One line per check, each "OK"
 * or what to do, in plain words: the tracker (reachable, every tab), the identity every first
 * text and email must carry (name, NMLS ID, postal address, email), the sending number (on the
 * Twilio account, can text, on a Messaging Service with a registered 10DLC campaign as far as
 * Twilio's API tells), the reply and delivery webhook at the public n8n address (and the number
 * pointing at it), the landline check and its cost, and, when the item carries the workflows
 * from n8n's API (the setup workflow's n8n node), each workflow active with the error workflow.
 * Right after the setup switched the workflows on it can wait for their webhooks to listen: n8n
 * 2.x publishes a workflow in the background (its API answers "active" before the triggers are
 * registered), so a single probe would report a workflow that is only a few seconds from live.
 */

export const description: INodeProperties[] = [
	{
		displayName: 'Spreadsheet ID',
		name: 'spreadsheetId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty: the tracker of this Google account',
		displayOptions: { show: { operation: ['healthCheck'] } },
	},
	{
		displayName: 'Wait for Webhooks (Seconds)',
		name: 'webhookWait',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 600 },
		description:
			'Right after switching the workflows on (the setup): how long to wait for the reply and lead webhooks of the workflows that n8n says are active to start listening (n8n 2.x switches them on in the background). 0: one look at the reply webhook.',
		displayOptions: { show: { operation: ['healthCheck'] } },
	},
];

export interface HealthLine extends IDataObject {
	check: string;
	ok: boolean;
	message: string;
}

/** The webhook path of the SMS Reply Trigger in the replies workflow (status callbacks and replies). */
const SMS_WEBHOOK_PATH = 'mortgage-sms';
/** The lead webhook of the speed-to-lead workflow. */
const LEAD_WEBHOOK_PATH = 'mortgage-leads';
const REPLIES_WORKFLOW = /^Mortgage: replies/;
const SPEED_TO_LEAD_WORKFLOW = /^Mortgage: speed-to-lead/;
const MORTGAGE_WORKFLOW = /^Mortgage:/;

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const input = ctx.getInputData()[0]?.json ?? {};
	const lines: HealthLine[] = [];
	const ok = (check: string, message: string) => lines.push({ check, ok: true, message });
	const todo = (check: string, message: string) => lines.push({ check, ok: false, message });
	// The workflows, when the item carries them: either `workflows` on the item, or the items
	// themselves (n8n's "Get many workflows", as the setup workflow's n8n node hands them).
	const items = ctx.getInputData().map((item) => item.json);
	const workflows = Array.isArray(input.workflows) ? (input.workflows as IDataObject[]) : items.length && items.every((w) => typeof w.name === 'string' && 'nodes' in w) ? items : null;
	const waitMs = Math.min(600, Math.max(0, Number(ctx.getNodeParameter('webhookWait', 0, 0)) || 0)) * 1000;
	/** Listed by n8n as switched on (1.x `active`, 2.x a published version). */
	const activeNamed = (pattern: RegExp) => (workflows ?? []).some((w) => pattern.test(String(w.name ?? '')) && w.isArchived !== true && isActive(w));

	// 1. The tracker, and what it says.
	let settings: Record<string, string> | null = null;
	try {
		const session = await openGoogleSession(ctx, { scopes: TRACKER_SCOPES, maxRetries: 2, baseDelayMs: 500 });
		const spreadsheetId = spreadsheetIdOf(ctx.getNodeParameter('spreadsheetId', 0, '')) || (await locateTracker(session));
		const spreadsheet = await session.getSpreadsheet(spreadsheetId, 'properties.title,sheets.properties.title');
		const titles = new Set((spreadsheet.sheets ?? []).map((s) => String(s.properties?.title ?? '').toLowerCase()));
		const missing = TRACKER_TABS.filter((tab) => !titles.has(tab.title.toLowerCase())).map((tab) => tab.title);
		const name = spreadsheet.properties?.title ?? spreadsheetId;
		if (missing.length) todo('Tracker', `The tracker "${name}" lacks the tab${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: run the setup again (or a Lead Tracker node with Create Tracker > Add Missing Tabs).`);
		else ok('Tracker', `OK: "${name}" opens and has all ${TRACKER_TABS.length} tabs.`);
		if (!missing.includes('Settings')) settings = await new Tracker(session, spreadsheetId, { now: new Date(0).toISOString(), lock: {} }, spreadsheetId).freshSettings();
	} catch (error) {
		const { message, hint } = error as { message?: string; hint?: string };
		todo('Tracker', `The tracker cannot be opened: ${message ?? String(error)}.${hint ? ` ${hint}` : ''}`);
	}

	// 2. Who the texts and emails say they are from.
	const identity = identityOf(settings ?? {});
	if (settings) {
		const need: Array<[keyof typeof identity, string, string]> = [
			['loName', 'Your name', 'the first text to every lead must name you'],
			['nmlsId', 'NMLS ID', 'the first text to every lead must show it (SAFE Act)'],
			['postalAddress', 'Postal address', 'every marketing email must show it (CAN-SPAM)'],
			['loEmail', 'Your email', 'alerts and tasks go there'],
		];
		for (const [field, label, why] of need) {
			if (identity[field]) ok(label, `OK: ${identity[field]}.`);
			else todo(label, `${label} is missing: type it in the tracker's Settings tab, row ${field} (${why}).`);
		}
	} else {
		todo('Your details', 'Not checked: the tracker could not be read.');
	}

	// 3. The number texts go out from, as Twilio knows it.
	let twilio: TwilioSession | null = null;
	try {
		twilio = await openTwilioSession(ctx, { root: sandboxSettings(ctx).twilioRoot });
	} catch (error) {
		todo('Twilio', `The Twilio credential cannot be used: ${(error as Error).message}.`);
	}
	const publicAddress = identity.publicN8nAddress;
	// Probed before the number is read: the trigger points the number at itself while it is switched on.
	const replyUrl = publicAddress ? `${publicAddress}/webhook/${SMS_WEBHOOK_PATH}` : '';
	const replyStatus = settings && replyUrl ? await reachable(ctx, replyUrl, activeNamed(REPLIES_WORKFLOW) ? waitMs : 0) : null;
	const leadUrl = publicAddress ? `${publicAddress}/webhook/${LEAD_WEBHOOK_PATH}` : '';
	// The lead webhook is looked at right after a switch-on only (it is what the LO hands lead sources next).
	const leadStatus = settings && leadUrl && waitMs > 0 && activeNamed(SPEED_TO_LEAD_WORKFLOW) ? await reachable(ctx, leadUrl, waitMs) : undefined;
	let smsUrl: string | null = null;
	if (twilio && settings) {
		try {
			await checkSending(twilio, identity.sendingNumber, identity.messagingServiceSid, ok, todo, (url) => (smsUrl = url));
		} catch (error) {
			todo('Sending number', `Twilio could not be asked: ${twilioMessage(error)}. Run the check again in a minute.`);
		}
	}

	// 4. The public n8n address: where Twilio reports delivery and hands replies.
	if (!settings) {
		// already reported
	} else if (!publicAddress) {
		todo('Public address', 'Your n8n\'s public address is missing: type it in the Settings tab, row publicN8nAddress (e.g. https://you.app.n8n.cloud), so Twilio can report deliveries and hand replies.');
	} else {
		const url = replyUrl;
		const status = replyStatus;
		if (status === 403 || status === 401) ok('Reply webhook', `OK: ${url} answers (and refuses unsigned requests, as it should).`);
		else if (status === 404) todo('Reply webhook', `${url} is not listening: activate the workflow "Mortgage: replies, opt-outs and delivery status".`);
		else if (status === null) todo('Reply webhook', `${url} cannot be reached from here: check publicN8nAddress in the Settings tab is your n8n's address on the internet.`);
		else ok('Reply webhook', `OK: ${url} answers (${status}).`);
		if (leadStatus !== undefined) {
			if (leadStatus === 403 || leadStatus === 401) ok('Lead webhook', `OK: ${leadUrl} answers (and refuses leads without your secret, as it should).`);
			else if (leadStatus === 404) todo('Lead webhook', `${leadUrl} is not listening yet: open the workflow "Mortgage: speed-to-lead" in n8n; if it shows an activation error, fix what it says and switch it on again.`);
			else if (leadStatus === null) todo('Lead webhook', `${leadUrl} cannot be reached from here: check publicN8nAddress in the Settings tab.`);
			else ok('Lead webhook', `OK: ${leadUrl} answers (${leadStatus}).`);
		}
		if (smsUrl !== null) {
			if (smsUrl === url) ok('Replies', 'OK: your Twilio number hands incoming texts to that webhook.');
			else todo('Replies', smsUrl ? `Your Twilio number hands incoming texts to ${smsUrl}, not to ${url}: deactivate and activate the replies workflow (its trigger points the number at itself).` : `Your Twilio number hands incoming texts nowhere yet: activate the replies workflow (its trigger points the number at ${url}).`);
		}
	}

	// 5. Landlines.
	const lineCheck = (settings?.lineTypeCheck ?? '').trim().toLowerCase();
	if (['on', 'true', 'yes', '1'].includes(lineCheck)) ok('Landline check', 'OK: on. Each new lead\'s number is looked up once with Twilio Lookup (about $0.008 each); landlines get calls and email only.');
	else ok('Landline check', 'Off (optional): type "on" in the Settings tab, row lineTypeCheck, to look up each new lead\'s number once (about $0.008 each) and never text a landline.');

	// 6. The workflows, when the item carries them (n8n's API through the setup workflow's n8n node).
	if (!workflows) {
		todo('Workflows', 'Not checked here: this check has no n8n API access. Run "Mortgage: set up" again to check them, or look in n8n: every "Mortgage:" workflow active, with Settings > Error workflow "Mortgage: error alerts".');
	} else {
		// n8n 2.x lists archived workflows too: they are not the LO's workflows any more.
		const mortgage = workflows.filter((w) => MORTGAGE_WORKFLOW.test(String(w.name ?? '')) && !/set up/i.test(String(w.name)) && w.isArchived !== true);
		const errorWorkflow = mortgage.find((w) => /error alerts/i.test(String(w.name)));
		const problems: string[] = [];
		for (const w of mortgage) {
			if (w === errorWorkflow) continue;
			const active = isActive(w);
			const errorSet = errorWorkflow && (w.settings as IDataObject | undefined)?.errorWorkflow === errorWorkflow.id;
			const unbound = unboundCredentials(w);
			if (!active && unbound.length) problems.push(`"${w.name}" is off: it needs ${unbound.map(({ node, type }) => `${credentialLabel(type)}, picked in its node "${node}"`).join(', and ')}; then switch it on`);
			else if (!active) problems.push(`"${w.name}" is not active: open it and switch it on`);
			if (!errorSet) problems.push(`"${w.name}" has no error workflow: Settings > Error workflow > Mortgage: error alerts`);
		}
		if (!errorWorkflow) problems.push('"Mortgage: error alerts" is not installed: import error-alerts.json from the pack\'s workflows folder and pick your email credential in it (sending the setup form again installs only into an n8n without Mortgage workflows)');
		if (problems.length) todo('Workflows', `${problems.join('; ')}.`);
		else ok('Workflows', `OK: ${mortgage.length - 1} workflows active, each with the error alerts.`);
	}

	const allOk = lines.every((line) => line.ok);
	const text = lines.map((line) => `${line.ok ? 'OK' : 'TO DO'}  ${line.check}: ${line.message.replace(/^OK: /, '')}`).join('\n');
	return [[{ json: { ok: allOk, lines, text, html: htmlOf(lines) }, pairedItem: { item: 0 } }]];
}

async function checkSending(
	twilio: TwilioSession,
	sendingNumber: string,
	messagingServiceSid: string,
	ok: (check: string, message: string) => void,
	todo: (check: string, message: string) => void,
	smsUrlIs: (url: string) => void,
): Promise<void> {
	if (!sendingNumber && !messagingServiceSid) {
		todo('Sending number', 'No sending number: type your Twilio number in the Settings tab, row sendingNumber (e.g. +13055550100).');
		return;
	}
	const services = await messagingServices(twilio).catch(() => null);
	if (sendingNumber) {
		const number = await findIncomingNumber(twilio, sendingNumber);
		if (!number) {
			todo('Sending number', `${sendingNumber} is not a number of your Twilio account ${twilio.accountSid}: check the row sendingNumber in the Settings tab against Twilio Console > Phone Numbers > Active numbers (and that the Twilio credential is for that account).`);
			return;
		}
		smsUrlIs(number.smsUrl);
		if (!number.sms) {
			todo('Sending number', `${sendingNumber} cannot send texts (Twilio lists no SMS for it): buy a number with SMS, then type it in the row sendingNumber.`);
			return;
		}
		ok('Sending number', `OK: ${sendingNumber} is on your Twilio account and can text.`);
	}
	if (!services) {
		todo('10DLC campaign', 'Twilio\'s Messaging Services could not be read: check in Twilio Console > Messaging > Services that your number is on a service with a registered A2P 10DLC campaign.');
		return;
	}
	const service = messagingServiceSid ? services.find((s) => s.sid === messagingServiceSid) : services.find((s) => s.numbers.includes(sendingNumber));
	if (messagingServiceSid && !service) {
		todo('10DLC campaign', `The Messaging Service ${messagingServiceSid} (Settings, row messagingServiceSid) is not on your Twilio account: check the SID in Twilio Console > Messaging > Services.`);
	} else if (!service) {
		todo('10DLC campaign', `${sendingNumber} is on no Messaging Service: US carriers block texts from numbers without a registered A2P 10DLC campaign. Register your brand and campaign (docs/10dlc.md), then add the number to the campaign's Messaging Service.`);
	} else if (!service.a2pRegistered) {
		todo('10DLC campaign', `The Messaging Service "${service.friendlyName}" has no registered A2P 10DLC campaign yet (Twilio Console > Messaging > Regulatory compliance): texts to US numbers may be blocked until it is approved (docs/10dlc.md).`);
	} else {
		ok('10DLC campaign', `OK: ${messagingServiceSid ? 'texts go through' : `${sendingNumber} is on`} the Messaging Service "${service.friendlyName}", whose A2P 10DLC campaign Twilio reports registered.`);
	}
}

/** The nodes of a workflow (as n8n's API lists it) with a credential slot left empty. */
function unboundCredentials(workflow: IDataObject): Array<{ node: string; type: string }> {
	const nodes = Array.isArray(workflow.nodes) ? (workflow.nodes as IDataObject[]) : [];
	return nodes.flatMap((node) =>
		node.disabled === true ? [] : Object.entries((node.credentials ?? {}) as Record<string, { id?: string | null }>).filter(([, c]) => !c?.id).map(([type]) => ({ node: String(node.name), type })),
	);
}

/** What an LO makes in n8n (Credentials > Add credential) for a credential type, in plain words. */
function credentialLabel(type: string): string {
	if (type === 'imap') return 'your mailbox (in n8n: Credentials > Add credential > IMAP, with your email account\'s incoming mail server, user and password)';
	if (type === 'smtp') return 'your email account (in n8n: Credentials > Add credential > SMTP)';
	return `a "${type}" credential (in n8n: Credentials > Add credential)`;
}

/** 1.x says `active`; 2.x also names the published version. */
function isActive(workflow: IDataObject): boolean {
	return workflow.active === true || (typeof workflow.activeVersionId === 'string' && workflow.activeVersionId !== '');
}

/**
 * The HTTP status a POST without a signature or secret gets (it is refused, so nothing runs), or
 * null when nothing answers. With `waitMs`, a 404 (not registered yet) is asked again every two
 * seconds until then: a workflow n8n has just switched on in the background.
 */
async function reachable(ctx: IExecuteFunctions, url: string, waitMs = 0): Promise<number | null> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		let status: number | null;
		try {
			const answer = (await ctx.helpers.httpRequest({ method: 'POST', url, body: {}, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 10_000 })) as { statusCode?: number };
			status = Number(answer?.statusCode ?? 0) || null;
		} catch {
			status = null;
		}
		if (status !== 404 || Date.now() >= deadline) return status;
		await sleep(2000);
	}
}

function twilioMessage(error: unknown): string {
	if (error instanceof TwilioCallError) return error.refusal.message;
	return (error as Error)?.message ?? String(error);
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The lines as the setup's last form page shows them. */
function htmlOf(lines: HealthLine[]): string {
	const rows = lines.map((line) => `<li><strong>${line.ok ? '&#10003; OK' : '&#9888; To do'}</strong> &mdash; <strong>${escape(line.check)}</strong>: ${escape(line.message.replace(/^OK: /, ''))}</li>`);
	return `<ul>${rows.join('')}</ul>`;
}
