import fc from 'fast-check';
import { DEFAULT_CADENCES, MERGE_FIELDS, compileCadences, mergeFieldsIn, previewCadence, renderTemplate } from '../../../nodes/core';

const SETTINGS = { loName: 'Dana Ruiz', nmlsId: '123456', company: 'Harbor Home Loans', loPhone: '(305) 555-0100', companyAddress: '1 Bay St, Miami FL' };

describe('the default cadences', () => {
	it('never mention rates, payments or approval (no promises in automated messages)', () => {
		const forbidden = /\b(rates?|apr|interest|payments?|approv\w*|pre-?approv\w*|pre-?qualif\w*|qualif\w*|guarantee\w*|lowest|points?|lock)\b/i;
		const offenders = DEFAULT_CADENCES.filter((row) => forbidden.test(row.template)).map((row) => `${row.cadenceId}#${row.step}: ${forbidden.exec(row.template)?.[0]}`);
		expect(offenders).toEqual([]);
	});

	it('are a valid table using only known merge fields, with every cadence the pack relies on', () => {
		const { cadences, problems } = compileCadences(DEFAULT_CADENCES);
		expect(problems).toEqual([]);
		expect([...cadences.keys()].sort()).toEqual([
			'dormant-reengagement', 'long-term-nurture', 'past-client', 'purchase-3-6m', 'purchase-6m-plus',
			'referral', 'refinance', 'speed-to-lead', 'timeline-check-in',
		]);
		for (const row of DEFAULT_CADENCES) for (const field of mergeFieldsIn(row.template)) expect(MERGE_FIELDS).toContain(field);
	});

	it('follow the brief\'s 3-6 month purchase sequence: day 1 call + text, 2 call, 3 email, 7 text, 14 call, 30 email, 45 text, 60 call, 90 email, then monthly', () => {
		const preview = previewCadence(
			{ leadId: 'ld_p', receivedAt: '2026-04-01T14:00:00Z', timeZone: 'America/Chicago', cadenceId: 'purchase-3-6m', firstName: 'Lee' },
			DEFAULT_CADENCES,
			{ from: '2026-04-01T14:00:00Z', days: 180, mergeFields: SETTINGS },
		);
		const day = (at: string) => Math.round((Date.parse(at) - Date.parse('2026-04-01T14:00:00Z')) / 86_400_000) + 1;
		expect(preview.touches.map((t) => `${day(t.sendAt)}:${t.channel}`)).toEqual([
			'1:sms', '1:call', '2:call', '3:email', '7:sms', '14:call', '30:email', '45:sms', '60:call', '90:email', '123:sms', '154:sms',
		]);
		expect(preview.touches[0].text).toBe('Hi Lee, this is Dana Ruiz with Harbor Home Loans. Thanks for reaching out about buying a home! When is a good time for a quick call?');
		expect(preview.touches.every((t) => t.unfilledFields.length === 0 && !t.text.includes('{{'))).toBe(true);
	});

	it('send a referral to the LO at once and thank the partner', () => {
		const preview = previewCadence({ leadId: 'ld_r', receivedAt: '2026-04-01T14:00:00Z', cadenceId: 'referral', firstName: 'Kim' }, DEFAULT_CADENCES, {
			from: '2026-04-01T14:00:00Z',
			days: 0,
			mergeFields: { ...SETTINGS, partnerName: 'Sam at Bay Realty' },
		});
		expect(preview.touches.map((t) => [t.channel, t.audience])).toEqual([['call', 'lead'], ['sms', 'partner']]);
		expect(preview.touches[1].text).toContain('Thanks for referring Kim, Sam at Bay Realty!');
	});
});

describe('renderTemplate', () => {
	it('fills merge fields, uses a fallback for an empty value, and reports what it could not fill', () => {
		expect(renderTemplate('Hi {{firstName|there}}, {{loName}} here (NMLS {{ nmlsId }}).', { firstName: null, loName: 'Dana', nmlsId: 42 })).toEqual({
			text: 'Hi there, Dana here (NMLS 42).',
			unknownFields: [],
			missingFields: [],
			complete: true,
		});
		const typo = renderTemplate('Hi {{fristName}}, {{loName}} here.', { firstName: 'Ann' });
		expect(typo.text).toBe('Hi, here.');
		expect(typo.unknownFields).toEqual(['fristName']);
		expect(typo.missingFields).toEqual(['loName']);
		expect(typo.complete).toBe(false);
		// A custom column the LO added is a field too.
		expect(renderTemplate('See you at {{openHouse}}', { openHouse: '12 Elm St' }).text).toBe('See you at 12 Elm St');
	});

	it('never prints a raw {{field}} to a borrower, whatever the template and values (property)', () => {
		const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !s.includes('{') && !s.includes('}')), name.map((n) => `{{${n}}}`), name.map((n) => `{{${n}|x}}`)), { maxLength: 10 }),
				fc.dictionary(name, fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !s.includes('{')), fc.constant(null))),
				(parts, fields) => {
					const rendered = renderTemplate(parts.join(' '), fields);
					expect(rendered.text).not.toMatch(/\{\{/);
					for (const unknown of rendered.unknownFields) expect(Object.keys(fields)).not.toContain(unknown);
				},
			),
		);
	});
});
