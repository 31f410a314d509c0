import type { Touch } from '../touch';
import { createEngine } from './dueTouches';
import { LeadLog, TouchIndex } from './touchLog';
import { renderTemplate, type MergeValues } from './template';
import type { CadenceStep, DueTouch, DueTouchesOptions, LeadCadenceStatus, TrackedLead } from './types';

export interface PreviewOptions {
	/** ISO-8601 instant the preview starts (what is due then is shown at that instant). */
	from: string;
	/** How many days ahead to look. */
	days: number;
	/** The lead's touches so far (default none). */
	touches?: readonly Touch[];
	/** Settings values for the merge fields (loName, nmlsId, company...); lead fields are filled in. */
	mergeFields?: MergeValues;
	options?: DueTouchesOptions;
}

export interface PreviewTouch extends DueTouch {
	/** When the drip would offer it (the compliance gate may still move it to a legal hour). */
	sendAt: string;
	/** The template with merge fields filled in. */
	text: string;
	/** Merge fields the text could not fill (typos, or values nobody gave). */
	unfilledFields: string[];
}

export interface CadencePreview {
	touches: PreviewTouch[];
	/** Where the lead stands at the end of the window. */
	status: LeadCadenceStatus;
}

const MAX_DAYS = 3660;
const DAY = 86_400_000;

/**
 * What this lead would receive over the next `days` days, step by step: the cadence engine run as
 * the drip would run it, with every offered touch assumed sent. For LOs checking a cadence before
 * turning it on, and for the sandbox. Uses `dueTouches`' own rules, so it cannot disagree with it.
 */
export function previewCadence(lead: TrackedLead, cadences: readonly CadenceStep[], options: PreviewOptions): CadencePreview {
	const from = Date.parse(options.from);
	if (Number.isNaN(from)) throw new Error(`from must be an ISO-8601 instant, got "${options.from}"`);
	if (!Number.isFinite(options.days) || options.days < 0 || options.days > MAX_DAYS) {
		throw new Error(`days must be a number from 0 to ${MAX_DAYS}, got ${options.days}`);
	}
	const until = from + options.days * DAY;
	const engine = createEngine(cadences, options.options);
	const log: Touch[] = (options.touches ?? []).filter((touch) => touch.leadId === lead.leadId);
	const fields: MergeValues = {
		firstName: lead.firstName,
		lastName: lead.lastName,
		fullName: [lead.firstName, lead.lastName].filter(Boolean).join(' ') || null,
		state: lead.state,
		loanPurpose: lead.loanPurpose && lead.loanPurpose !== 'unknown' ? lead.loanPurpose : null,
		targetDate: lead.targetDate,
		...options.mergeFields,
	};
	const touches: PreviewTouch[] = [];
	const leadLog = new LeadLog();
	let at = from;
	for (;;) {
		const due: DueTouch[] = [];
		new TouchIndex([lead], log, at, engine.cadenceNumbers, true).readInto(leadLog, 0);
		const status = engine.evaluate(lead, leadLog, at, due, []);
		const sendAt = new Date(at).toISOString();
		for (const touch of due) {
			const rendered = renderTemplate(touch.template, fields);
			touches.push({ ...touch, sendAt, text: rendered.text, unfilledFields: [...rendered.unknownFields, ...rendered.missingFields] });
			log.push({ touchId: touch.touchId, leadId: touch.leadId, at: sendAt, channel: touch.channel, direction: 'outbound', verdict: touch.channel === 'call' ? 'task' : 'sent' });
		}
		const next = status.nextTouchAt === null ? null : Date.parse(status.nextTouchAt);
		if (next === null || next > until) return { touches, status };
		// Time only moves forward: a next touch at this same instant was just offered.
		at = next > at ? next : at + 1;
	}
}
