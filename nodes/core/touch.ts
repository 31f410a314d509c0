/**
 * The touch record shared by the cadence engine, the compliance gate, the SMS node and the
 * tracker's Touches tab: one row per attempted or planned contact with a lead.
 */

export const CHANNELS = ['sms', 'call', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `ai-voice` is an artificial or prerecorded voice call: it needs its own consent (FCC 24-17). */
export const CHECKED_CHANNELS = ['sms', 'call', 'email', 'ai-voice'] as const;
export type CheckedChannel = (typeof CHECKED_CHANNELS)[number];

export const TOUCH_PURPOSES = ['marketing', 'transactional', 'opt-out-confirmation'] as const;
export type TouchPurpose = (typeof TOUCH_PURPOSES)[number];

export const TOUCH_DIRECTIONS = ['outbound', 'inbound'] as const;
export type TouchDirection = (typeof TOUCH_DIRECTIONS)[number];

/**
 * What happened to the touch. `planned`: due, not yet sent; `sent` / `deferred` / `blocked`:
 * the compliance verdict at send time; `failed`: the provider refused it; `received`: an inbound
 * reply; `task`: a call task handed to the loan officer; `sending`: claimed by a run that is
 * sending it (the tracker's claim, replaced by the final state); `uncertain`: claimed by a run that
 * stopped before saying what happened: it may have gone out, and is never sent again by itself;
 * `outcome`: a call the loan officer made and logged with its outcome (one-tap link or activity page).
 */
export const TOUCH_VERDICTS = ['planned', 'sent', 'deferred', 'blocked', 'failed', 'received', 'task', 'sending', 'uncertain', 'outcome'] as const;
export type TouchVerdict = (typeof TOUCH_VERDICTS)[number];

export interface Touch {
	/** Idempotency key: `${leadId}:${cadenceId}:${step}` for cadence steps; unique per inbound message. */
	touchId: string;
	leadId: string;
	/** ISO-8601 instant. */
	at: string;
	channel: Channel;
	direction: TouchDirection;
	purpose?: TouchPurpose;
	cadenceId?: string | null;
	step?: number | null;
	verdict?: TouchVerdict;
	/** Stable reason code(s), e.g. `quiet-hours:FL`, joined with ", " when several. */
	reason?: string | null;
	/**
	 * For a `deferred` touch: the earliest legal instant the compliance gate found (ISO-8601). The
	 * cadence engine offers the touch again from then on.
	 */
	sendAfter?: string | null;
	/** Provider's id (Twilio Message SID). */
	providerId?: string | null;
	deliveryStatus?: string | null;
	error?: string | null;
	/** Message text as sent, or the reply's words for an inbound touch. */
	body?: string | null;
}

/** The deterministic key that makes a cadence step impossible to send twice. */
export function touchIdFor(leadId: string, cadenceId: string, step: number): string {
	return `${leadId}:${cadenceId}:${step}`;
}
