/**
 * The trigger's webhook lifecycle on Twilio (n8n's webhookMethods): on activation the chosen
 * Twilio number's "A message comes in" webhook (SmsUrl, HTTP POST) is pointed at this trigger; on
 * deactivation it is put back as it was, but only while it still points here. A webhook that
 * points somewhere else (another app, another workflow, a TwiML App) is never replaced silently:
 * activation stops with a message saying where it points, unless "Replace a Webhook Set
 * Elsewhere" is on.
 */
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import { sandboxSettings } from '../shared/sandbox';
import { findIncomingNumber, listIncomingNumbers, openTwilioSession, setSmsWebhook, TwilioCallError, type IncomingNumber, type TwilioSession } from '../transport/twilio';
import { signingAuthToken } from './credential';
import { legacyUrlOf } from './receive';

/** What activation changed on Twilio, kept in the node's static data until deactivation. */
interface Claim extends IDataObject {
	phoneNumber: string;
	numberSid: string;
	/** The SmsUrl this trigger set. */
	smsUrl: string;
	previousSmsUrl: string;
	previousSmsMethod: string;
	previousSmsApplicationSid: string;
}

const CLAIM = 'twilioNumberWebhook';

export const smsWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			// Without the Auth Token no text could be accepted: say so now, not on the first text.
			await signingAuthToken(this);
			if (!manages(this)) return true;
			const { number, ours } = await numberAndUrl(this);
			if (number.smsUrl === ours && !number.smsApplicationSid) {
				// Already here (set by an earlier activation, or by hand): deactivation lets go of it.
				if (!claimOf(this)) remember(this, { ...claimFor(number, ours), previousSmsUrl: '', previousSmsMethod: 'POST', previousSmsApplicationSid: '' });
				return true;
			}
			refuseIfElsewhere(this, number, ours);
			return false;
		},

		async create(this: IHookFunctions): Promise<boolean> {
			if (!manages(this)) return true;
			const { session, number, ours } = await numberAndUrl(this);
			if (number.smsUrl === ours && !number.smsApplicationSid) return true;
			refuseIfElsewhere(this, number, ours);
			const earlier = claimOf(this);
			// A claim on this number that is still in place keeps what was there before it.
			const keep = earlier && earlier.numberSid === number.sid && earlier.smsUrl === number.smsUrl ? earlier : null;
			await twilioCall(this, () => setSmsWebhook(session, number.sid, { smsUrl: ours, smsMethod: 'POST', clearSmsApplication: number.smsApplicationSid !== '' }));
			// This trigger's own address of version 0.1 is not something to put back.
			const wasOurs = !number.smsApplicationSid && legacyUrlOf(this, this.getNodeWebhookUrl('default') ?? '').includes(number.smsUrl);
			remember(this, {
				...claimFor(number, ours),
				previousSmsUrl: keep ? keep.previousSmsUrl : wasOurs ? '' : number.smsUrl,
				previousSmsMethod: keep ? keep.previousSmsMethod : wasOurs ? 'POST' : number.smsMethod,
				previousSmsApplicationSid: keep ? keep.previousSmsApplicationSid : number.smsApplicationSid,
			});
			return true;
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			const claim = claimOf(this);
			if (!claim) return true;
			const session = await sessionOf(this);
			const number = await twilioCall(this, () => findIncomingNumber(session, claim.phoneNumber));
			// Put back only what is still ours: someone may have pointed the number elsewhere since.
			if (number && number.sid === claim.numberSid && number.smsUrl === claim.smsUrl) {
				await twilioCall(this, () =>
					setSmsWebhook(session, number.sid, {
						smsUrl: claim.previousSmsApplicationSid ? '' : claim.previousSmsUrl,
						smsMethod: claim.previousSmsMethod === 'GET' ? 'GET' : 'POST',
						restoreSmsApplication: claim.previousSmsApplicationSid || undefined,
					}),
				);
			}
			forget(this);
			return true;
		},
	},
};

function manages(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('setUpNumber', true) !== false;
}

async function sessionOf(ctx: IHookFunctions): Promise<TwilioSession> {
	try {
		return await openTwilioSession(ctx, { root: sandboxSettings(ctx).twilioRoot });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Check the Twilio credential' });
	}
}

/** The number as Twilio has it, and the URL Twilio should call for it (this trigger). */
async function numberAndUrl(ctx: IHookFunctions): Promise<{ session: TwilioSession; number: IncomingNumber; ours: string }> {
	let phoneNumber = String(ctx.getNodeParameter('phoneNumber', '') ?? '').trim();
	if (phoneNumber === '') {
		// Left empty: the account's number, when it has just one (the usual LO); else the LO picks.
		const session = await sessionOf(ctx);
		const numbers = (await twilioCall(ctx, () => listIncomingNumbers(session))).filter((n) => n.sms);
		if (numbers.length !== 1) {
			throw new NodeOperationError(ctx.getNode(), numbers.length ? `The Twilio account ${session.accountSid} has ${numbers.length} numbers that can text: which one do borrowers text?` : `The Twilio account ${session.accountSid} has no number that can text`, {
				description: numbers.length ? `Set "Twilio Number" to one of ${numbers.map((n) => n.phoneNumber).join(', ')}` : 'Buy a number with SMS in the Twilio Console (Phone Numbers > Buy a number), or check the credential is for the right account',
			});
		}
		phoneNumber = numbers[0].phoneNumber;
	}
	if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber)) {
		throw new NodeOperationError(ctx.getNode(), `"Twilio Number" must be your Twilio number in international format such as +13055550100, got "${phoneNumber}"`, {
			description: 'Set the number borrowers text, or turn off "Point the Number at This Trigger" to set its webhook yourself',
		});
	}
	const session = await sessionOf(ctx);
	const number = await twilioCall(ctx, () => findIncomingNumber(session, phoneNumber));
	if (!number) {
		throw new NodeOperationError(ctx.getNode(), `The Twilio account ${session.accountSid} has no number ${phoneNumber}`, {
			description: 'Check "Twilio Number" (Twilio Console > Phone Numbers > Active numbers) and that the credential is for the account that owns it',
		});
	}
	return { session, number, ours: ownUrl(ctx) };
}

/** The URL Twilio should call: the Public URL when n8n sits behind a proxy, else the node's own. */
function ownUrl(ctx: IHookFunctions): string {
	const publicUrl = String(ctx.getNodeParameter('publicUrl', '') ?? '').trim();
	return publicUrl || (ctx.getNodeWebhookUrl('default') ?? '');
}

function refuseIfElsewhere(ctx: IHookFunctions, number: IncomingNumber, ours: string): void {
	if (ctx.getNodeParameter('replaceWebhook', false) === true) return;
	const legacy = legacyUrlOf(ctx, ctx.getNodeWebhookUrl('default') ?? '');
	if (number.smsApplicationSid) {
		throw new NodeOperationError(ctx.getNode(), `Your Twilio number ${number.phoneNumber} hands incoming texts to the TwiML App ${number.smsApplicationSid}, not to this trigger`, {
			description: 'Nothing was changed. To have this workflow receive the texts instead, turn on "Replace a Webhook Set Elsewhere" and activate again.',
		});
	}
	if (number.smsUrl && number.smsUrl !== ours && !legacy.includes(number.smsUrl)) {
		throw new NodeOperationError(ctx.getNode(), `Your Twilio number ${number.phoneNumber} already sends incoming texts to ${number.smsUrl}, not to this trigger (${ours})`, {
			description:
				'Nothing was changed, so whatever receives those texts now keeps receiving them. To have this workflow receive them instead, turn on "Replace a Webhook Set Elsewhere" and activate again; on deactivation the old address is put back.',
		});
	}
}

async function twilioCall<T>(ctx: IHookFunctions, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		const refusal = error instanceof TwilioCallError ? error.refusal : null;
		throw new NodeOperationError(ctx.getNode(), refusal ? `Twilio: ${(error as Error).message}` : (error as Error), {
			description:
				refusal?.outcome === 'configuration'
					? 'Check the Twilio credential (Account SID and Auth Token)'
					: 'Twilio could not be reached or refused the change; try activating again in a minute',
		});
	}
}

function claimFor(number: IncomingNumber, ours: string): Pick<Claim, 'phoneNumber' | 'numberSid' | 'smsUrl'> {
	return { phoneNumber: number.phoneNumber, numberSid: number.sid, smsUrl: ours };
}

function claimOf(ctx: IHookFunctions): Claim | null {
	const claim = ctx.getWorkflowStaticData('node')[CLAIM] as Claim | undefined;
	return claim && typeof claim.numberSid === 'string' ? claim : null;
}

function remember(ctx: IHookFunctions, claim: Claim): void {
	ctx.getWorkflowStaticData('node')[CLAIM] = claim;
}

function forget(ctx: IHookFunctions): void {
	delete ctx.getWorkflowStaticData('node')[CLAIM];
}
