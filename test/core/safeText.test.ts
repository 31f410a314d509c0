import fc from 'fast-check';
import { newReferral, normalizeLead, partnerMessage, partnerViewTable, renderTemplate } from '../../nodes/core';
import { NAME_ALPHABET, hasUnsafeCharacters, isPlausibleName, stripUnsafeCharacters } from '../../nodes/core/safeText';

/**
 * Hostile names and invisible characters: a lead source controls `first_name`, and the LO's
 * first text carries it from the LO's own number; a partner's sheet shows whatever the tracker holds.
 */

const at = { receivedAt: '2026-11-22T15:00:00Z' };
const GREETING = 'Hi {{firstName|there}}, this is {{loName}} with Sunrise Mortgage (NMLS {{nmlsId}}).';
const IDENTITY = { loName: 'Ana Ruiz', nmlsId: '123456' };

/** The name as it lands in the greeting "Hi <name>, this is...". */
function greetedName(text: string): string {
	const match = /^Hi (.*?), this is Ana Ruiz/s.exec(text);
	if (match === null) throw new Error(`greeting not found in ${JSON.stringify(text)}`);
	return match[1];
}

function greetingFor(firstName: unknown): { text: string; lead: ReturnType<typeof normalizeLead> } {
	const lead = normalizeLead({ email: 'a@example.com', first_name: firstName }, at);
	if (!lead.ok) throw new Error(JSON.stringify(lead.errors));
	return { text: renderTemplate(GREETING, { ...IDENTITY, firstName: lead.lead.firstName }).text, lead };
}

describe('stripUnsafeCharacters', () => {
	it('removes control characters, NUL and bidi controls; keeps tabs, line breaks, accents and emoji', () => {
		expect(stripUnsafeCharacters('a\u0000b\u0007c\u001bd\u007fe\u0085f')).toBe('abcdef');
		expect(stripUnsafeCharacters('pay at \u202Emoc.elpmaxe\u202C now')).toBe('pay at moc.elpmaxe now');
		expect(stripUnsafeCharacters('\u2066x\u2067y\u2068z\u2069\u202A\u202B\u202D\u200E\u200F')).toBe('xyz');
		expect(stripUnsafeCharacters('Hi José 👋\n\tSee you')).toBe('Hi José 👋\n\tSee you');
		expect(hasUnsafeCharacters('plain')).toBe(false);
		expect(hasUnsafeCharacters('x\u202Ey')).toBe(true);
	});
});

describe('isPlausibleName', () => {
	it.each([['José'], ["O'Neil"], ['D’Angelo'], ['Smith-Jones'], ['Mary Jo'], ['J.R.'], ['J.'], ['Anne-Marie'], ['van der Berg'], ['de la Cruz'], ['李小龍'], ['Nguyễn'], ['Zoë'], ['St. John'], ['Al'], ['Müller-Lüdenscheidt']])(
		'%j is a name',
		(name) => expect(isPlausibleName(name)).toBe(true),
	);

	it.each([
		['Your Loan Is Denied. Reply At Evil.example Now'],
		['Your Loan Is Denied'],
		['evil.example'],
		['Evil.example'],
		['https://evil.example'],
		['www evil com'.replace(/ /g, '.')],
		['John3'],
		['R2D2'],
		['Bob!'],
		['a@b.co'],
		['<script>'],
		['Ann\u0000'],
		['Ev\u202Eil'],
		['=HYPERLINK("x")'],
		['--'],
		["'"],
		['Call. Me. Now.'],
		['x'.repeat(61)],
	])('%j is not a name', (name) => expect(isPlausibleName(name)).toBe(false));
});

describe('names that are not names never reach a text', () => {
	it('the attack from issue 14: the greeting falls back, the raw value is kept apart as evidence', () => {
		const attack = 'Your Loan Is Denied. Reply At Evil.example Now';
		const { text, lead } = greetingFor(attack);
		expect(text).toBe('Hi there, this is Ana Ruiz with Sunrise Mortgage (NMLS 123456).');
		if (!lead.ok) return;
		expect(lead.lead.firstName).toBeNull();
		expect(lead.lead.extra.namesNotUsed).toEqual({ first_name: attack });
		expect(lead.lead.extra.first_name).toBeUndefined();
		expect(lead.warnings.join(' ')).toMatch(/does not look like a name/);
	});

	it('a full name that is a sentence gives no first or last name', () => {
		const lead = normalizeLead({ email: 'a@example.com', name: 'Your Loan Is Denied Reply At Evil Example Now' }, at);
		expect(lead.ok && [lead.lead.firstName, lead.lead.lastName]).toEqual([null, null]);
		expect(lead.ok && lead.lead.extra.namesNotUsed).toEqual({ name: 'Your Loan Is Denied Reply At Evil Example Now' });
	});

	it('real names still come through, title-cased', () => {
		expect(greetingFor('MARIA').text).toMatch(/^Hi Maria, /);
		expect(greetingFor("o'neil").text).toMatch(/^Hi O'Neil, /);
		expect(greetingFor('José Luis').text).toMatch(/^Hi José Luis, /);
	});

	it('renderTemplate itself refuses a hostile name from a hand-edited row', () => {
		const text = renderTemplate(GREETING, { ...IDENTITY, firstName: 'Click evil.example\u202E now' }).text;
		expect(text).toBe('Hi there, this is Ana Ruiz with Sunrise Mortgage (NMLS 123456).');
	});

	it('control and bidi characters in any merge value or in the template are stripped', () => {
		const text = renderTemplate('Hi {{firstName}}\u0000, call {{loPhone}}\u202E.', { firstName: 'Ann', loPhone: '555\u0007-0100' }).text;
		expect(text).toBe('Hi Ann, call 555-0100.');
	});
});

// --- property over generated hostile names ---

const HOSTILE_PARTS = [
	'evil.example', 'https://evil.example/x', 'www.evil.example', 'Reply STOP', 'Your loan is denied.', 'call 555-0100', '1', '42', '@', '#', '$', '%',
	'=cmd|', '<b>', '\u0000', '\u0007', '\u001b[31m', '\u202E', '\u202D', '\u2066', '\u2069', '\u200F', '\u0085', '\n', '\t', '😀', '™', '™', '/', '\\', '"', ';', ':',
];
const NAME_PARTS = ['Ann', 'José', "O'Neil", 'van', 'Lee', 'Marie-Claire', 'J.', 'Zoë', '李', 'Now', 'Reply', 'At', 'Your', 'Loan', 'Is', 'Denied'];

const hostileName = fc.oneof(
	fc
		.tuple(fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), fc.constantFrom(...NAME_PARTS)), { minLength: 1, maxLength: 9 }), fc.constantFrom(' ', '', '.', '-'))
		.map(([parts, separator]) => parts.join(separator)),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' ')),
);

describe('property: nothing outside a name alphabet reaches a composed text', () => {
	it('through the normalizer and the template', () => {
		fc.assert(
			fc.property(hostileName, (name) => {
				const { text } = greetingFor(name);
				const greeted = greetedName(text);
				expect(NAME_ALPHABET.test(greeted)).toBe(true);
				expect(hasUnsafeCharacters(text)).toBe(false);
				if (greeted !== 'there') expect(isPlausibleName(greeted)).toBe(true);
			}),
			{ numRuns: 3000 },
		);
	});

	it('straight into the template (a row typed by hand)', () => {
		fc.assert(
			fc.property(hostileName, hostileName, (firstName, lastName) => {
				const text = renderTemplate('Hi {{firstName|there}}, this is Ana Ruiz. {{lastName}}', { firstName, lastName }).text;
				expect(NAME_ALPHABET.test(greetedName(text))).toBe(true);
				expect(NAME_ALPHABET.test(text.slice(text.indexOf('Ruiz.') + 5))).toBe(true);
				expect(hasUnsafeCharacters(text)).toBe(false);
			}),
			{ numRuns: 2000 },
		);
	});

	it("into a partner's sheet and the partner's note", () => {
		fc.assert(
			fc.property(hostileName, hostileName, hostileName, (firstName, lastName, nextStep) => {
				const referral = { ...newReferral({ referralId: 'R-1', partnerId: 'P-1', receivedAt: '2026-11-02T15:00:00.000Z', firstName, lastName }), nextStep };
				const [, row] = partnerViewTable([referral], 'P-1');
				const client = row[0];
				expect(client === 'Your client' || NAME_ALPHABET.test(client)).toBe(true);
				for (const cell of row) expect(hasUnsafeCharacters(cell)).toBe(false);
				for (const kind of ['received', 'status', 'next-step'] as const) {
					const message = partnerMessage(referral, { kind }, { partnerName: firstName, loanOfficerName: lastName });
					expect(hasUnsafeCharacters(message)).toBe(false);
				}
			}),
			{ numRuns: 1000 },
		);
	});
});
