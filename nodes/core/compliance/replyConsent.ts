import { emailReplyText } from './emailReply';
import { classifyReply } from './replies';

/**
 * What a lead's reply does to their consent, beside the classifier that reads the words
 * (replies.ts). A revocation (STOP, "take me off your list") opts the lead out of that channel at
 * once; START opts them back in and is itself the consent, captured when they sent it; any other
 * reply is a reply (it pauses the cadence, see the engine's reply pause) and changes no consent;
 * HELP changes nothing. Opt-outs and opt-ins are evidence: the Consent log keeps each one, with
 * the exact words.
 */

/** How the reply is to be read: `auto` reads the words; the others are what the workflow already knows. */
export type ReplyReading = 'auto' | 'reply' | 'opt-out' | 'opt-in';

export type ReplyKind = 'reply' | 'opt-out' | 'opt-in' | 'help';

/** The channels a lead can reply on (and opt out of, each on its own). */
export type ReplyChannel = 'sms' | 'call' | 'email';

export interface LeadReply {
	channel: ReplyChannel;
	words: string;
	/** ISO instant the lead replied. */
	at: string;
	reading: ReplyReading;
}

export interface ReplyConsentEffect {
	kind: ReplyKind;
	/** Set when the reply is a real reply: the cadence engine pauses from it. */
	lastReplyAt?: string;
	/** The lead's opt-out of the reply's channel, when the reply changes it. */
	optOut?: Partial<Record<ReplyChannel, boolean>>;
	/** The lead's consent on the reply's channel, when the reply gives it (opt-in only). */
	consent?: Partial<Record<ReplyChannel, boolean>>;
	consentCapturedAt?: string;
	/** The Consent log gets this entry: opt-outs and opt-ins are kept as evidence. */
	evidence: 'opt-out' | 'opt-in' | null;
}

/** What kind of reply this is: the words read by classifyReply for `auto`, else as given. */
export function replyKindOf(words: string, reading: ReplyReading): ReplyKind {
	const intent = reading === 'auto' ? classifyReply(words) : reading;
	return intent === 'other' ? 'reply' : intent;
}

/** The reply's effect on the lead's consent, opt-out and last reply. */
export function replyConsent(reply: LeadReply): ReplyConsentEffect {
	// An email reply quotes our own message ("reply STOP...", the unsubscribe footer): only the lead's own words count.
	const kind = replyKindOf(reply.channel === 'email' ? emailReplyText(reply.words) : reply.words, reply.reading);
	switch (kind) {
		case 'opt-out':
			return { kind, optOut: { [reply.channel]: true }, evidence: 'opt-out' };
		case 'opt-in':
			return { kind, optOut: { [reply.channel]: false }, consent: { [reply.channel]: true }, consentCapturedAt: reply.at, evidence: 'opt-in' };
		case 'reply':
			return { kind, lastReplyAt: reply.at, evidence: null };
		case 'help':
			return { kind, evidence: null };
	}
}
