/**
 * The call task email the loan officer gets: the number as a `tel:` link, the step's notes, and
 * one signed button per call outcome (callOutcome.ts), so a tap logs the call in the tracker.
 */
import type { CallOutcomeLink } from './callOutcome';
import { escapeHtml } from './scoreboard/render';
import { stripUnsafeCharacters } from './safeText';

export interface CallTaskInput {
	/** The lead's name as the tracker has it (may be empty). */
	name: string;
	/** E.164 phone, or empty. */
	phone: string;
	/** Why the call is due, e.g. "Call attempt 2" (speed-to-lead step 3). */
	why: string;
	/** The cadence step's notes, merge fields filled. */
	notes: string;
	leadId: string;
	links: readonly CallOutcomeLink[];
	/** The loan officer's activity page for this lead, if there is one. */
	activityUrl?: string;
	/** The number is known to be wrong (Leads phoneStatus): no call link. */
	phoneBad?: boolean;
}

/** `tel:+13055550170` for an E.164 number (what a phone's mail app dials in one tap); null otherwise. */
export function telLink(phone: string): string | null {
	const digits = String(phone ?? '').replace(/[\s().-]/g, '');
	return /^\+[1-9]\d{6,14}$/.test(digits) ? `tel:${digits}` : null;
}

/**
 * The call task email: the number as a `tel:` link, the notes, and one button per outcome (a
 * tap logs the call in the tracker). Text and HTML say the same; every value in the HTML is escaped.
 */
export function callTaskMessage(given: CallTaskInput): { subject: string; text: string; html: string } {
	// Names and notes come from lead sources: no control or bidi characters in the subject or text either.
	const clean = (value: string) => stripUnsafeCharacters(String(value ?? '')).replace(/[\r\n]+/g, ' ');
	const input = { ...given, name: clean(given.name), phone: clean(given.phone), why: clean(given.why), notes: stripUnsafeCharacters(String(given.notes ?? '')), leadId: clean(given.leadId) };
	const tel = input.phoneBad ? null : telLink(input.phone);
	const who = input.name.trim() || 'your lead';
	const subject = `Call ${who} now (${input.why})`;
	const text = [
		`Call ${who}: ${tel ? `${input.phone} (${tel})` : input.phoneBad ? `${input.phone || 'no number'}, marked as a wrong number` : input.phone || 'no phone number on file'}`,
		`Why: ${input.why}`,
		`Notes: ${input.notes}`,
		'',
		'After the call, tap what happened (it is logged in your tracker):',
		...input.links.map((link) => `${link.label}: ${link.url}`),
		...(input.activityUrl ? ['', `Something else (a call from your own phone, a note, a coffee): ${input.activityUrl}`] : []),
		'',
		`Lead id: ${input.leadId}`,
	].join('\n');
	const font = 'font-family:Arial,sans-serif;font-size:15px;line-height:1.5';
	const button = (link: CallOutcomeLink) =>
		`<a href="${escapeHtml(link.url)}" style="display:inline-block;margin:4px 6px 4px 0;padding:10px 14px;border-radius:6px;background:${link.outcome === 'appointment-set' ? '#1a7f37' : '#0b5cad'};color:#fff;text-decoration:none;font-weight:bold">${escapeHtml(link.label)}</a>`;
	const html = [
		`<div style="${font}">`,
		`<p style="font-size:18px;margin:0 0 8px">Call <strong>${escapeHtml(who)}</strong></p>`,
		tel
			? `<p><a href="${escapeHtml(tel)}" style="display:inline-block;padding:12px 18px;border-radius:6px;background:#1a7f37;color:#fff;text-decoration:none;font-size:18px;font-weight:bold">Call ${escapeHtml(input.phone)}</a></p>`
			: `<p>${escapeHtml(input.phoneBad ? `${input.phone || 'No number'}: marked as a wrong number` : input.phone || 'No phone number on file')}</p>`,
		`<p><strong>Why:</strong> ${escapeHtml(input.why)}<br><strong>Notes:</strong> ${escapeHtml(input.notes)}</p>`,
		`<p style="margin-bottom:4px"><strong>After the call, tap what happened</strong> (it is logged in your tracker):</p>`,
		`<p>${input.links.map(button).join('')}</p>`,
		...(input.activityUrl ? [`<p><a href="${escapeHtml(input.activityUrl)}">Something else happened (a call from your own phone, a note, a coffee)</a></p>`] : []),
		`<p style="color:#666;font-size:12px">Lead id: ${escapeHtml(input.leadId)}</p>`,
		`</div>`,
	].join('\n');
	return { subject, text, html };
}

/**
 * A plain page for the loan officer's phone: a heading, a sentence, and (optionally) buttons that
 * post back to the same link, each as form field `field` = `value`.
 */
export function loPage(input: { title: string; text: string; buttons?: ReadonlyArray<{ field: string; value: string; label: string }>; autoSubmit?: boolean; note?: boolean }): string {
	const buttons = input.buttons ?? [];
	const form = buttons.length
		? `<form method="post" action="">` +
			buttons
				.map((button) => `<button type="submit" name="${escapeHtml(button.field)}" value="${escapeHtml(button.value)}" style="display:block;width:100%;margin:8px 0;padding:14px;font-size:17px;border:0;border-radius:8px;background:#0b5cad;color:#fff">${escapeHtml(button.label)}</button>`)
				.join('') +
			(input.note ? `<label style="display:block;margin-top:12px">Note (optional)<br><input name="note" maxlength="500" style="width:100%;padding:10px;font-size:16px"></label>` : '') +
			`</form>`
		: '';
	// A mail app's link scanner opens links without running scripts: only a person's browser submits.
	const submit = input.autoSubmit && buttons.length === 1
		? `<script>document.querySelector('button').click()</script>`
		: '';
	return (
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)}</title></head>` +
		`<body style="font-family:Arial,sans-serif;max-width:32em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222"><h1 style="font-size:1.4em">${escapeHtml(input.title)}</h1><p>${escapeHtml(input.text)}</p>${form}${submit}</body></html>`
	);
}
