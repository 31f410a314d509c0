import type { ColumnSheet, TrackerRecord } from './table';
import { cellAt } from './table';

/**
 * Touch claims: before a touch goes out, Get Due Touches writes a `sending` row for it in Touches
 * (holding the tracker lock, so two runs never claim the same touch), and returns only touches
 * nobody holds. Log Touches turns that row into the touch's final state. What a touch's latest
 * row says decides whether a run may send it:
 * - `sending`, younger than CLAIM_LEASE_MS: another run is sending it: skip;
 * - `sending`, older: that run stopped half-way (n8n killed, a crash): the text or email may or may
 *   not have gone out, so it is marked `uncertain` for the LO and never sent again automatically;
 * - `uncertain`: the same, until the LO settles it (types a final verdict, or deletes the rows);
 * - anything else: the cadence engine decides, as before (deferred touches come back, sent ones do not).
 */

export const SENDING = 'sending';
export const UNCERTAIN = 'uncertain';

/** How long a claim holds without a final state: far above a drip run (seconds), below a day. */
export const CLAIM_LEASE_MS = 15 * 60_000;

export interface LatestState {
	/** Data index of the row (sheet row = index + 2). */
	index: number;
	verdict: string;
	loggedAt: string;
}

/** The latest outbound Touches row of each touchId in `wanted`, in one pass over the tab. */
export function latestStates(sheet: ColumnSheet, wanted: ReadonlySet<string>): Map<string, LatestState> {
	const latest = new Map<string, LatestState>();
	if (!wanted.size) return latest;
	const ids = sheet.values.get('touchId');
	if (!ids) return latest;
	for (let t = 0; t < sheet.count; t++) {
		const touchId = String(ids.get(t) ?? '');
		if (!wanted.has(touchId) || cellAt(sheet, 'direction', t) === 'inbound') continue;
		latest.set(touchId, { index: t, verdict: String(cellAt(sheet, 'verdict', t) ?? ''), loggedAt: String(cellAt(sheet, 'loggedAt', t) ?? '') });
	}
	return latest;
}

export type ClaimState = 'free' | 'held' | 'lapsed' | 'uncertain';

/** What a touch's latest row means for a run at `now` (see the file comment). */
export function claimState(latest: LatestState | undefined, now: string): ClaimState {
	if (!latest) return 'free';
	if (latest.verdict === UNCERTAIN) return 'uncertain';
	if (latest.verdict !== SENDING) return 'free';
	const since = Date.parse(latest.loggedAt);
	// A claim without a readable time is treated as lapsed: never sent again, shown to the LO.
	return !Number.isNaN(since) && Date.parse(now) - since < CLAIM_LEASE_MS ? 'held' : 'lapsed';
}

/** The Touches row of a claim (or of a lapsed claim marked uncertain) for a due touch. */
export function claimRecord(
	touch: { touchId: string; leadId: string; channel: string; purpose: string; cadenceId: string; step: number },
	verdict: typeof SENDING | typeof UNCERTAIN,
	now: string,
	reason: string,
): TrackerRecord {
	return {
		touchId: touch.touchId,
		leadId: touch.leadId,
		at: now,
		channel: touch.channel,
		direction: 'outbound',
		purpose: touch.purpose,
		cadenceId: touch.cadenceId,
		step: touch.step,
		verdict,
		reason,
		loggedAt: now,
	};
}
