import { DateTime } from 'luxon';

/**
 * Where a lead is: state codes, ZIP -> state and IANA time zone, and the zones a state spans.
 *
 * ZIP -> zone uses the ZIP centroid from `zipcodes` and the polygon lookup of `tz-lookup` (the pair
 * that placed Pensacola FL, Hammond IN, El Paso TX and Ontario OR right in our research). A centroid
 * near a border can land in a neighbouring country's zone (Toronto, Matamoros, Regina...), so every
 * answer is snapped to one of the zones of the ZIP's own state: `timeZoneForZip(zip)` is always one
 * of `zonesForState(stateForZip(zip))`.
 */

/** 50 states, DC, and the inhabited territories with their own ZIPs. */
export const US_STATE_CODES: readonly string[] = Object.freeze([
	'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA',
	'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM',
	'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
	'WV', 'WI', 'WY', 'PR', 'VI', 'GU', 'AS', 'MP',
]);
const STATE_CODE_SET = new Set(US_STATE_CODES);

const EASTERN = 'America/New_York';
const CENTRAL = 'America/Chicago';
const MOUNTAIN = 'America/Denver';
const ARIZONA = 'America/Phoenix';
const PACIFIC = 'America/Los_Angeles';

/**
 * Every zone a state spans, one representative per distinct local-time rule, the state's main
 * zone first. Zones that differ only in pre-2007 history (America/Indiana/*, America/Detroit,
 * America/Kentucky/*...) share a representative because their clocks read the same today.
 * Idaho and Oregon use America/Boise, the IANA zone of southern Idaho and Malheur County.
 * Nevada: West Wendover is officially on Mountain time. Arizona: the Navajo Nation observes DST.
 * Alaska: the Aleutians west of 169.5°W are on Hawaii-Aleutian time (America/Adak).
 */
const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
	AL: [CENTRAL], AK: ['America/Anchorage', 'America/Adak'], AZ: [ARIZONA, MOUNTAIN], AR: [CENTRAL],
	CA: [PACIFIC], CO: [MOUNTAIN], CT: [EASTERN], DE: [EASTERN], DC: [EASTERN],
	FL: [EASTERN, CENTRAL], GA: [EASTERN], HI: ['Pacific/Honolulu'], ID: ['America/Boise', PACIFIC],
	IL: [CENTRAL], IN: [EASTERN, CENTRAL], IA: [CENTRAL], KS: [CENTRAL, MOUNTAIN],
	KY: [EASTERN, CENTRAL], LA: [CENTRAL], ME: [EASTERN], MD: [EASTERN], MA: [EASTERN],
	MI: [EASTERN, CENTRAL], MN: [CENTRAL], MS: [CENTRAL], MO: [CENTRAL], MT: [MOUNTAIN],
	NE: [CENTRAL, MOUNTAIN], NV: [PACIFIC, MOUNTAIN], NH: [EASTERN], NJ: [EASTERN], NM: [MOUNTAIN],
	NY: [EASTERN], NC: [EASTERN], ND: [CENTRAL, MOUNTAIN], OH: [EASTERN], OK: [CENTRAL],
	OR: [PACIFIC, 'America/Boise'], PA: [EASTERN], RI: [EASTERN], SC: [EASTERN],
	SD: [CENTRAL, MOUNTAIN], TN: [CENTRAL, EASTERN], TX: [CENTRAL, MOUNTAIN], UT: [MOUNTAIN],
	VT: [EASTERN], VA: [EASTERN], WA: [PACIFIC], WV: [EASTERN], WI: [CENTRAL], WY: [MOUNTAIN],
	PR: ['America/Puerto_Rico'], VI: ['America/St_Thomas'], GU: ['Pacific/Guam'],
	AS: ['Pacific/Pago_Pago'], MP: ['Pacific/Saipan'],
};

/** Full names, postal abbreviations with the dots removed, and common spellings -> USPS code. */
const STATE_ALIASES: Readonly<Record<string, string>> = {
	alabama: 'AL', ala: 'AL', alaska: 'AK', alas: 'AK', arizona: 'AZ', ariz: 'AZ', arkansas: 'AR',
	ark: 'AR', california: 'CA', calif: 'CA', cal: 'CA', cali: 'CA', colorado: 'CO', colo: 'CO',
	col: 'CO', connecticut: 'CT', conn: 'CT', delaware: 'DE', del: 'DE',
	'district of columbia': 'DC', 'washington dc': 'DC', 'washington d c': 'DC', 'wash dc': 'DC',
	florida: 'FL', fla: 'FL', flor: 'FL', georgia: 'GA', hawaii: 'HI', "hawai'i": 'HI', idaho: 'ID',
	ida: 'ID', illinois: 'IL', ill: 'IL', ills: 'IL', indiana: 'IN', ind: 'IN', iowa: 'IA',
	kansas: 'KS', kan: 'KS', kans: 'KS', kentucky: 'KY', ken: 'KY', kent: 'KY', louisiana: 'LA',
	maine: 'ME', maryland: 'MD', massachusetts: 'MA', mass: 'MA', michigan: 'MI', mich: 'MI',
	minnesota: 'MN', minn: 'MN', mississippi: 'MS', miss: 'MS', missouri: 'MO', montana: 'MT',
	mont: 'MT', nebraska: 'NE', neb: 'NE', nebr: 'NE', nevada: 'NV', nev: 'NV',
	'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'n mex': 'NM', 'new york': 'NY',
	'north carolina': 'NC', 'n carolina': 'NC', 'north dakota': 'ND', 'n dakota': 'ND', 'n dak': 'ND',
	ohio: 'OH', oklahoma: 'OK', okla: 'OK', oregon: 'OR', ore: 'OR', oreg: 'OR', pennsylvania: 'PA',
	penn: 'PA', penna: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 's carolina': 'SC',
	'south dakota': 'SD', 's dakota': 'SD', 's dak': 'SD', tennessee: 'TN', tenn: 'TN',
	texas: 'TX', tex: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', washington: 'WA',
	wash: 'WA', 'west virginia': 'WV', 'w virginia': 'WV', 'w va': 'WV', wva: 'WV',
	wisconsin: 'WI', wis: 'WI', wisc: 'WI', wyoming: 'WY', wyo: 'WY', 'puerto rico': 'PR',
	'virgin islands': 'VI', 'us virgin islands': 'VI', 'u s virgin islands': 'VI', usvi: 'VI',
	guam: 'GU', 'american samoa': 'AS', 'northern mariana islands': 'MP',
	'northern marianas': 'MP', cnmi: 'MP',
};

/**
 * The USPS code of a state given as a code, name or abbreviation ("Florida", "fla", "FL", "tx ",
 * "Calif.", "N.Y."), or null when it is not a US state or territory.
 */
export function toStateCode(input: string | null | undefined): string | null {
	if (typeof input !== 'string' || input.length === 0 || input.length > 64) return null;
	const key = input
		.toLowerCase()
		.replace(/[.]/g, '')
		.replace(/[\s_-]+/g, ' ')
		.trim();
	if (key.length === 2) {
		const code = key.toUpperCase();
		return STATE_CODE_SET.has(code) ? code : null;
	}
	const alias = STATE_ALIASES[key.replace(/^the /, '').replace(/^state of /, '')];
	if (alias !== undefined) return alias;
	// "FL - Florida", "Miami, FL", "Texas (TX)": try the parts, last first (city, state).
	const parts = key.split(/\s*[,/()|]\s*|\s+-\s+/).filter((part) => part.length > 0);
	if (parts.length > 1) {
		for (let i = parts.length - 1; i >= 0; i--) {
			const code = toStateCode(parts[i]);
			if (code !== null) return code;
		}
	}
	return null;
}

export interface ZipInfo {
	zip: string;
	/** USPS code of the state or territory the ZIP belongs to. */
	state: string;
	/** IANA zone, always one of `zonesForState(state)`. */
	timeZone: string;
}

interface ZipRecord {
	latitude: number;
	longitude: number;
	state: string;
	country: string;
}

type TzLookup = (latitude: number, longitude: number) => string;

// Loaded on first use: the ZIP table is ~5 MB of JavaScript (about 0.4 s to load), which an n8n
// instance should pay only when a node actually needs it.
let zipTable: Readonly<Record<string, ZipRecord>> | undefined;
let tzLookup: TzLookup | undefined;

function zipRecord(zip: string): ZipRecord | undefined {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	zipTable ??= (require('zipcodes/lib/codes') as { codes: Record<string, ZipRecord> }).codes;
	return Object.prototype.hasOwnProperty.call(zipTable, zip) ? zipTable[zip] : undefined;
}

function lookupZone(latitude: number, longitude: number): string | null {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	tzLookup ??= require('tz-lookup') as TzLookup;
	try {
		return tzLookup(latitude, longitude);
	} catch {
		return null;
	}
}

/** UTC offsets (minutes) in mid-January and mid-July of a fixed year: the zone's clock rule. */
const zoneRules = new Map<string, [number, number]>();
function ruleOf(zone: string): [number, number] | null {
	let rule = zoneRules.get(zone);
	if (rule === undefined) {
		const winter = DateTime.fromObject({ year: 2026, month: 1, day: 15 }, { zone });
		const summer = DateTime.fromObject({ year: 2026, month: 7, day: 15 }, { zone });
		if (!winter.isValid || !summer.isValid) return null;
		rule = [winter.offset, summer.offset];
		zoneRules.set(zone, rule);
	}
	return rule;
}

/** Minutes between two offsets around the clock (+12:00 and -12:00 are neighbours). */
function offsetDistance(a: number, b: number): number {
	const d = Math.abs(a - b) % 1440;
	return Math.min(d, 1440 - d);
}

/** The state's zone that keeps the same clock as `found` (or the closest one). */
function snapToStateZone(found: string | null, zones: readonly string[]): string {
	const rule = found === null ? null : ruleOf(found);
	if (rule === null) return zones[0];
	let best = zones[0];
	let bestScore = Infinity;
	for (const zone of zones) {
		const candidate = ruleOf(zone);
		if (candidate === null) continue;
		const score =
			offsetDistance(candidate[0], rule[0]) * 2 + offsetDistance(candidate[1], rule[1]);
		if (score < bestScore) {
			best = zone;
			bestScore = score;
		}
	}
	return best;
}

/**
 * ZIPs whose centroid tz-lookup places on the wrong side of a county time-zone line (checked
 * against the county: Iron County MI keeps Central time; Republic MI is in Marquette County).
 */
const ZONE_CORRECTIONS: Readonly<Record<string, string>> = {
	'49902': CENTRAL, // Alpha, Iron County MI
	'49903': CENTRAL, // Amasa, Iron County MI
	'49915': CENTRAL, // Caspian, Iron County MI
	'49920': CENTRAL, // Crystal Falls, Iron County MI
	'49927': CENTRAL, // Gaastra, Iron County MI
	'49935': CENTRAL, // Iron River, Iron County MI
	'49964': CENTRAL, // Stambaugh, Iron County MI
	'49879': EASTERN, // Republic, Marquette County MI
};

const zipMemo = new Map<string, ZipInfo | null>();

/**
 * State and time zone of a 5-digit US ZIP, or null when the ZIP is unknown (or belongs to military
 * mail, APO/FPO, or the freely associated states, which have no place in a lead's address).
 */
export function zipInfo(zip: string): ZipInfo | null {
	if (typeof zip !== 'string' || !/^\d{5}$/.test(zip)) return null;
	const memo = zipMemo.get(zip);
	if (memo !== undefined) return memo;
	let info: ZipInfo | null = null;
	const record = zipRecord(zip);
	if (record !== undefined && record.country === 'US' && STATE_CODE_SET.has(record.state)) {
		const zones = STATE_ZONES[record.state];
		const timeZone =
			zones.length === 1
				? zones[0]
				: (ZONE_CORRECTIONS[zip] ??
					snapToStateZone(lookupZone(record.latitude, record.longitude), zones));
		info = { zip, state: record.state, timeZone };
	}
	zipMemo.set(zip, info);
	return info;
}

/** IANA time zone of a 5-digit ZIP, or null when unknown. */
export function timeZoneForZip(zip: string): string | null {
	return zipInfo(zip)?.timeZone ?? null;
}

/** USPS state code of a 5-digit ZIP, or null when unknown. */
export function stateForZip(zip: string): string | null {
	return zipInfo(zip)?.state ?? null;
}

/**
 * Every IANA zone the state spans (one representative per distinct local-time rule, main zone
 * first), e.g. FL -> America/New_York, America/Chicago. Accepts anything `toStateCode` accepts;
 * unknown states give [].
 */
export function zonesForState(state: string): string[] {
	const code = toStateCode(state);
	return code === null ? [] : [...STATE_ZONES[code]];
}

/** The zone of a state that lies in a single zone, else null (multi-zone or unknown state). */
export function singleZoneOf(state: string): string | null {
	const zones = zonesForState(state);
	return zones.length === 1 ? zones[0] : null;
}
