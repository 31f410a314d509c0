import fc from 'fast-check';
import { normalizeLead } from '../../../nodes/core';
import { readConsentAnswer } from '../../../nodes/core/normalize/consentWording';

/**
 * Consent to texts as the normalizer reads it: only a field about texts (or a TCPA disclosure
 * naming texts) whose value affirms it; never a refusal, a negation or a general terms agreement.
 */

const at = { receivedAt: '2026-11-22T15:00:00Z' };
const DISCLOSURE =
	'By clicking Submit, I agree to receive calls and text messages, including by autodialer and prerecorded voice, from Sunrise Mortgage at the number provided. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to opt out, HELP for help.';

function consentOf(payload: Record<string, unknown>) {
	const result = normalizeLead({ email: 'a@example.com', ...payload }, at);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return { consent: result.lead.consent, warnings: result.warnings, extra: result.lead.extra };
}

describe('consent written as a refusal is not consent', () => {
	it.each([
		['sms_consent', 'I agree to NOT receive texts'],
		['sms_consent', 'Yes, but do not text me'],
		['sms_consent', 'By submitting I decline texts'],
		['sms_consent', "I agree, but please don't text me"],
		['sms_consent', 'I agree to receive texts. I do not want calls.'],
		['text_opt_in', 'Yes - never text me'],
		['sms_opt_in', 'I refuse text messages'],
		['tcpa', 'I agree to receive calls but not texts'],
		['tcpa_consent', 'By submitting I decline texts and calls'],
		['consent_to_contact', 'Yes, without texts'],
	])('%s: %j', (field, value) => {
		const { consent, warnings } = consentOf({ [field]: value });
		expect(consent.sms).toBe(false);
		// The exact words are the consent evidence.
		expect(consent.text).toBe(value);
		expect(warnings.join(' ')).toMatch(/refusal/);
	});

	it('a refusal in the texts field wins over a TCPA consent whose disclosure names texts', () => {
		const { consent, extra } = consentOf({ tcpa: 'yes', tcpa_text: DISCLOSURE, sms_consent: 'I agree to NOT receive texts' });
		expect(consent).toMatchObject({ sms: false, call: true, prerecordedVoice: true, text: DISCLOSURE });
		expect(extra.sms_consent).toBe('I agree to NOT receive texts');
	});

	it('a "no" for texts wins over a "yes" for texts in another field', () => {
		expect(consentOf({ sms_opt_in: 'yes', text_consent: 'no' }).consent.sms).toBe(false);
	});

	it.each([['declined'], ['not given'], ['pending'], ['N/A'], ['No consent'], ['unsubscribed'], ['opted out'], ['maybe']])(
		'sms_consent %j is not consent',
		(value) => {
			expect(consentOf({ sms_consent: value }).consent.sms).toBe(false);
		},
	);
});

describe('a general terms agreement is not consent to texts', () => {
	it.each([['agree_to_terms'], ['i_agree'], ['agree'], ['I agree to the Terms of Service'], ['accept_privacy_policy'], ['terms']])(
		'%s: "yes" gives no consent, and is kept in extra',
		(field) => {
			const { consent, extra } = consentOf({ [field]: 'yes' });
			expect(consent).toMatchObject({ sms: false, call: false, email: false, prerecordedVoice: false, capturedAt: null });
			expect(extra[field]).toBe('yes');
		},
	);

	it('a Facebook terms checkbox is not consent; an SMS checkbox is', () => {
		const terms = normalizeLead({ email: 'a@example.com', custom_disclaimer_responses: [{ checkbox_key: 'terms_and_conditions', is_checked: '1' }] }, at);
		expect(terms.ok && terms.lead.consent.sms).toBe(false);
		const sms = normalizeLead({ email: 'a@example.com', custom_disclaimer_responses: [{ checkbox_key: 'sms_optin', is_checked: '1' }] }, at);
		expect(sms.ok && sms.lead.consent.sms).toBe(true);
	});
});

describe('consent to texts that is given', () => {
	it.each([
		[{ sms_consent: 'yes' }],
		[{ sms_opt_in: true }],
		[{ text_consent: 'checked' }],
		[{ sms_consent: 'I agree to receive text messages from Sunrise Mortgage.' }],
		[{ consent: { sms: 'yes' } }],
		[{ tcpa: 'yes', tcpa_text: DISCLOSURE }],
		[{ tcpa: DISCLOSURE }],
		[{ agree_to_text: '1' }],
	])('%j', (payload) => {
		expect(consentOf(payload).consent.sms).toBe(true);
	});

	it('a standard disclosure with "not a condition of purchase" and "Reply STOP to opt out" still reads as consent, kept word for word', () => {
		const { consent } = consentOf({ tcpa_consent: DISCLOSURE });
		expect(consent).toMatchObject({ sms: true, call: true, prerecordedVoice: true, text: DISCLOSURE, capturedAt: null });
		for (const clause of [
			'You can opt out of receiving texts at any time by replying STOP.',
			'Consent can be revoked at any time.',
			'Text STOP to 12345 to cancel.',
			'I understand I am not required to provide consent as a condition of purchase.',
		]) {
			expect(consentOf({ sms_consent: `I agree to receive texts from Sunrise Mortgage. ${clause}` }).consent.sms).toBe(true);
		}
	});

	it('a bare TCPA "yes" with no wording naming texts is not consent to texts (calls only), and says so', () => {
		const { consent, warnings } = consentOf({ tcpa: 'yes' });
		expect(consent).toMatchObject({ sms: false, call: true });
		expect(warnings.join(' ')).toMatch(/no field about texts/);
	});
});

// --- property: no consent sentence containing a negation or refusal is read as SMS consent ---

const HEADS = ['I agree', 'Yes', 'yes,', 'By submitting', 'By clicking Submit', 'I consent', 'I authorize Sunrise Mortgage', 'OK', 'Sure', 'I understand and agree', 'I would like to receive', 'Please text me', ''];
const REFUSALS = ['not', 'NOT', 'do not', "don't", 'don’t', 'never', 'decline', 'declined', 'refuse', 'no', 'No', 'without', "won't", 'cannot', "can't", 'except', 'opt out of', 'unsubscribe me from', 'stop sending', 'revoke', 'withdraw', 'reject', 'deny', 'nor', 'neither', 'no more'];
const BEFORE = ['to', 'I', 'please', 'and', 'but', 'me', 'you', 'that', ',', '-', 'would', 'really'];
const WORDS = ['to', 'receive', 'texts', 'text messages', 'SMS', 'calls', 'from', 'Sunrise Mortgage', 'at', 'the number', 'provided', 'marketing', 'me', 'any', 'automated', 'please', 'and', 'or', 'messages', 'today'];
const CLAUSES = ['', 'Consent is not a condition of purchase.', 'Reply STOP to opt out.', 'Msg & data rates may apply.', 'You may opt out at any time.'];

const refusalSentence = fc
	.record({
		head: fc.constantFrom(...HEADS),
		left: fc.array(fc.constantFrom(...WORDS), { maxLength: 5 }),
		before: fc.constantFrom(...BEFORE),
		refusal: fc.constantFrom(...REFUSALS),
		right: fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }),
		clause: fc.constantFrom(...CLAUSES),
		clauseFirst: fc.boolean(),
		shout: fc.boolean(),
		end: fc.constantFrom('', '.', '!', ' '),
	})
	.map(({ head, left, before, refusal, right, clause, clauseFirst, shout, end }) => {
		const core = [head, ...left, before, refusal, ...right].filter((w) => w !== '').join(' ') + end;
		const sentence = clause === '' ? core : clauseFirst ? `${clause} ${core}` : `${core} ${clause}`;
		return shout ? sentence.toUpperCase() : sentence;
	});

describe('property: a consent sentence with a negation or refusal is never SMS consent', () => {
	it('in a field about texts, alone or beside a TCPA consent with a disclosure naming texts', () => {
		fc.assert(
			fc.property(
				refusalSentence,
				fc.constantFrom('sms_consent', 'sms_opt_in', 'text_consent', 'ok_to_text', 'Do you agree to receive texts?'),
				fc.boolean(),
				(sentence, field, withTcpa) => {
					expect(readConsentAnswer(sentence)).toBe(false);
					const payload: Record<string, unknown> = { [field]: sentence };
					if (withTcpa) Object.assign(payload, { tcpa: 'yes', tcpa_text: DISCLOSURE });
					expect(consentOf(payload).consent.sms).toBe(false);
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('as a general TCPA consent value or its disclosure', () => {
		fc.assert(
			fc.property(refusalSentence, fc.constantFrom('tcpa', 'tcpa_consent', 'consent', 'express_consent'), fc.boolean(), (sentence, field, asDisclosure) => {
				const payload = asDisclosure ? { [field]: 'yes', tcpa_text: `${sentence} texts` } : { [field]: `${sentence} texts` };
				expect(consentOf(payload).consent.sms).toBe(false);
			}),
			{ numRuns: 2000 },
		);
	});

	it('only true, yes-like tokens or affirming sentences in a texts field give consent; anything else does not', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30 }), (value) => {
				const sms = consentOf({ sms_consent: value }).consent.sms;
				if (sms) expect(readConsentAnswer(value)).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});
});
