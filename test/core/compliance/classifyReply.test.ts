import fc from 'fast-check';
import { classifyReply, REPLY_KEYWORDS } from '../../../nodes/core';

describe('classifyReply', () => {
	it.each([
		// CTIA / Twilio keywords, any case and punctuation
		['STOP', 'opt-out'], ['stop', 'opt-out'], ['Stop.', 'opt-out'], ['STOP!!!', 'opt-out'], [' stop ', 'opt-out'],
		['StopAll', 'opt-out'], ['STOP ALL', 'opt-out'], ['Unsubscribe', 'opt-out'], ['cancel', 'opt-out'], ['END', 'opt-out'],
		['Quit', 'opt-out'], ['REVOKE', 'opt-out'], ['optout', 'opt-out'], ['Opt out', 'opt-out'], ['opt-out', 'opt-out'],
		['stop please', 'opt-out'], ['Please stop', 'opt-out'], ['Not interested. STOP', 'opt-out'], ['STOP 🛑', 'opt-out'],
		// plain-language revocations (FCC 24-24)
		['Stop texting me', 'opt-out'], ['please stop texting me!', 'opt-out'], ['Take me off your list', 'opt-out'],
		['take me off the list please', 'opt-out'], ['Please remove me', 'opt-out'], ["Don't text me", 'opt-out'],
		['Don’t text me anymore', 'opt-out'], ['do not contact me again', 'opt-out'], ['No more texts', 'opt-out'],
		['Remove my number from your list', 'opt-out'], ['unsubscribe me', 'opt-out'], ['opt me out', 'opt-out'],
		['Stop calling me', 'opt-out'], ['Wrong number', 'opt-out'], ['leave me alone', 'opt-out'], ['How do I opt out?', 'opt-out'],
		['I already got a loan, stop sending me messages', 'opt-out'],
		// opt-in and help
		['START', 'opt-in'], ['Start.', 'opt-in'], ['unstop', 'opt-in'], ['start please', 'opt-in'],
		['HELP', 'help'], ['help?', 'help'], ['Info', 'help'], ['INFO.', 'help'],
		// ordinary replies that merely contain a keyword
		["I'll stop by Friday", 'other'], ['Can you stop by the house?', 'other'], ['Cancel the appraisal, we found another house', 'other'],
		['End of the month works for me', 'other'], ['The end', 'other'], ['I quit my job last week, does that matter?', 'other'],
		['Can you help me with my application?', 'other'], ['Need more info on rates', 'other'], ['Start the paperwork', 'other'],
		["Don't call me before 5pm", 'other'], ['Yes', 'other'], ['Sounds good, thanks!', 'other'], ['', 'other'],
		["Please don't stop texting me, this is helpful", 'other'],
		// issue 12, class 7: clear revocations that came back `other`
		['Wrong #', 'opt-out'], ['wrong #!', 'opt-out'], ['Alto', 'opt-out'], ['ALTO!', 'opt-out'], ['No más mensajes', 'opt-out'],
		['no mas mensajes por favor', 'opt-out'], ["Don't ever text me again", 'opt-out'], ['Do not ever call me again', 'opt-out'],
		['dont u ever message me', 'opt-out'], ['CANCEL ALL', 'opt-out'], ['End texts', 'opt-out'], ['end all messages', 'opt-out'],
		['Discontinue calls', 'opt-out'], ['halt texting', 'opt-out'], ['Cancel these texts please', 'opt-out'], ['Yes stop', 'opt-out'],
		['Yes STOP', 'opt-out'], ['ok stop', 'opt-out'], ['No. STOP', 'opt-out'], ['no stop', 'opt-out'], ['Stop, yes', 'opt-out'],
		// Spanish, with or without accents
		['Para', 'opt-out'], ['parar', 'opt-out'], ['Basta', 'opt-out'], ['Ya basta', 'opt-out'], ['Cancelar', 'opt-out'], ['cancelar todo', 'opt-out'],
		['Alto, por favor', 'opt-out'], ['Ya no me mande mensajes', 'opt-out'], ['Ya no me envíe mensajes', 'opt-out'], ['ya no me envie mas textos', 'opt-out'],
		['No me llames', 'opt-out'], ['No me vuelvas a llamar', 'opt-out'], ['no vuelvan a escribirme', 'opt-out'], ['Deja de escribirme', 'opt-out'],
		['Dejen de mandarme mensajes', 'opt-out'], ['No quiero recibir mensajes', 'opt-out'], ['Quiero darme de baja', 'opt-out'],
		['Número equivocado', 'opt-out'], ['Bórrenme de la lista', 'opt-out'], ['NO MÁS LLAMADAS', 'opt-out'],
		// ordinary sentences stay ordinary
		['Cancel my appointment', 'other'], ['Can we cancel my appointment tomorrow?', 'other'], ["Don't stop", 'other'],
		["don't ever stop texting me, love the updates", 'other'], ['Yes', 'other'], ['No', 'other'], ['No thanks', 'other'], ['Si', 'other'],
		['No START', 'other'], ['Para mañana por favor', 'other'], ['Para cuando es la cita?', 'other'], ['No envié los papeles todavía', 'other'],
		['No me llames antes de las 5', 'other'], ['Gracias', 'other'], ['End of the day works', 'other'], ['Cancel the call at 3, I will call you', 'other'],
	])('%j -> %s', (text, expected) => {
		expect(classifyReply(text)).toBe(expected);
	});

	it('never throws and always answers one of the four intents, whatever it is given', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()), (value) => {
				expect(['opt-out', 'opt-in', 'help', 'other']).toContain(classifyReply(value));
			}),
			{ numRuns: 500 },
		);
	});

	const decorate = (word: string) =>
		fc.tuple(
			fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }),
			fc.constantFrom('', ' ', '  ', '\n'),
			fc.constantFrom('', '.', '!', '!!', '?', ' :)', '...'),
		).map(([upper, pad, tail]) => pad + [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + tail + pad);

	it('reads every keyword in any case, with any punctuation or spacing around it', () => {
		const cases = (['opt-out', 'opt-in', 'help'] as const).flatMap((intent) => REPLY_KEYWORDS[intent].map((word) => [intent, word] as const));
		fc.assert(
			fc.property(fc.constantFrom(...cases).chain(([intent, word]) => decorate(word).map((text) => [intent, text] as const)), ([intent, text]) => {
				expect(classifyReply(text)).toBe(intent);
			}),
			{ numRuns: 500 },
		);
	});

	it('finds a revocation wherever it stands in a longer reply', () => {
		const before = fc.constantFrom('', 'Hi. ', 'Thanks but ', 'I found a lender, ', 'ok ', 'Sorry — ');
		const revocation = fc.constantFrom('stop texting me', 'take me off your list', 'please remove me', "don't text me", 'do not call me', 'no more messages', 'unsubscribe');
		const after = fc.constantFrom('', '.', ' please', ' thanks', '!! ', ', I am not interested');
		fc.assert(
			fc.property(before, revocation, after, fc.boolean(), (a, r, b, shout) => {
				const text = `${a}${r}${b}`;
				expect(classifyReply(shout ? text.toUpperCase() : text)).toBe('opt-out');
			}),
			{ numRuns: 300 },
		);
	});

	it('does not take an ordinary sentence that merely contains a keyword as a revocation', () => {
		const keyword = fc.constantFrom('stop', 'end', 'cancel', 'quit', 'start', 'help', 'info');
		const sentence = fc.constantFrom(
			(k: string) => `I'll ${k} by ${'Friday'}`,
			(k: string) => `Can you ${k} by the house tomorrow?`,
			(k: string) => `We need to ${k} the appraisal order first`,
			(k: string) => `What time does the open house ${k}?`,
			(k: string) => `My realtor said to ${k} the inspection`,
			(k: string) => `The ${k} of the month works`,
		);
		fc.assert(
			fc.property(keyword, sentence, fc.boolean(), (k, make, shout) => {
				const text = make(k);
				expect(classifyReply(shout ? text.toUpperCase() : text)).toBe('other');
			}),
			{ numRuns: 300 },
		);
	});

	it('property: every opt-out keyword and Spanish revocation is read in any case, with or without accents, next to yes/no/ok', () => {
		const revocations = fc.constantFrom(
			...REPLY_KEYWORDS['opt-out'], 'stop all', 'cancel all', 'end texts', "don't ever text me again", 'wrong #', 'no más mensajes',
			'ya no me mande mensajes', 'ya no me envíe mensajes', 'no me llame', 'deja de escribirme', 'número equivocado',
		);
		const beside = fc.constantFrom('', 'yes ', 'Yes, ', 'ok ', 'no, ', 'No. ', 'si ', 'sí, ', 'ya ');
		const after = fc.constantFrom('', ' please', ' por favor', ' gracias', '!', '.', ' ok');
		const accent = (text: string) => text.replace(/a/g, 'á').replace(/e/g, 'é').replace(/o/g, 'ó');
		fc.assert(
			fc.property(revocations, beside, after, fc.boolean(), fc.boolean(), (r, b, a, shout, accents) => {
				let text = `${b}${r}${a}`;
				if (accents) text = accent(text);
				expect(classifyReply(shout ? text.toUpperCase() : text)).toBe('opt-out');
			}),
			{ numRuns: 500 },
		);
	});
});
