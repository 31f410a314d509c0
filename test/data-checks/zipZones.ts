/**
 * Derives the ZIP -> state and time zone table (nodes/core/data/zipZones.ts) from two
 * devDependencies that the pack does not ship: `zipcodes` (ZIP centroids) and `tz-lookup` (the
 * time-zone map, from timezone-boundary-builder), plus the hand-kept corrections in
 * nodes/core/data/zoneCorrections.ts (each row with its source).
 *
 *   npm run check:zip-zones             re-derives the table and fails when the committed one differs
 *   npm run check:zip-zones -- --write  writes the table (after a zipcodes/tz-lookup/corrections update)
 *
 * How a ZIP gets its zones:
 * 1. Single-zone states and territories: the state's zone.
 * 2. Otherwise the zone at the ZIP's centroid, snapped to the state's zones (geo.ts: one
 *    representative per clock), unless a correction row names the zone the ZIP keeps.
 * 3. Border ZIPs: tz-lookup is asked at 16 points around the centroid (8 bearings at 5 and 10 km).
 *    Every other clock of the state seen there is added, so the gate allows only times legal in
 *    all of them. A point counts only when it lies in a US zone (not Mexico or Canada) and the
 *    ZIP centroid nearest to it is in the same state (a state line is not a zone line for the
 *    ZIP's residents).
 * 4. A correction's `also` zones are added.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { ZONE_CORRECTIONS } from '../../nodes/core/data/zoneCorrections';
import { US_STATE_CODES, zonesForState } from '../../nodes/core/geo';

const OUTPUT = path.join(__dirname, '../../nodes/core/data/zipZones.ts');
const RING_KM = [5, 10];
const BEARINGS = [0, 45, 90, 135, 180, 225, 270, 315];

/** US zones of the IANA zone.tab (country codes US, PR, VI, GU, AS, MP): a sample elsewhere is abroad. */
const US_IANA_ZONES = new Set([
	'America/New_York', 'America/Detroit', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello',
	'America/Indiana/Indianapolis', 'America/Indiana/Vincennes', 'America/Indiana/Winamac',
	'America/Indiana/Marengo', 'America/Indiana/Petersburg', 'America/Indiana/Vevay', 'America/Chicago',
	'America/Indiana/Tell_City', 'America/Indiana/Knox', 'America/Menominee', 'America/North_Dakota/Center',
	'America/North_Dakota/New_Salem', 'America/North_Dakota/Beulah', 'America/Denver', 'America/Boise',
	'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'America/Juneau', 'America/Sitka',
	'America/Metlakatla', 'America/Yakutat', 'America/Nome', 'America/Adak', 'Pacific/Honolulu',
	'America/Puerto_Rico', 'America/St_Thomas', 'Pacific/Guam', 'Pacific/Pago_Pago', 'Pacific/Saipan',
]);

interface ZipRecord {
	zip: string;
	latitude: number;
	longitude: number;
	state: string;
	country: string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const codes = (require('zipcodes/lib/codes') as { codes: Record<string, ZipRecord> }).codes;
const tzLookup = require('tz-lookup') as (latitude: number, longitude: number) => string;
/* eslint-enable @typescript-eslint/no-require-imports */

function versionOf(name: string): string {
	return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** UTC offsets (minutes) mid-January and mid-July: a zone's clock rule. */
const rules = new Map<string, [number, number]>();
function ruleOf(zone: string): [number, number] {
	let rule = rules.get(zone);
	if (rule === undefined) {
		const winter = DateTime.fromObject({ year: 2026, month: 1, day: 15 }, { zone });
		const summer = DateTime.fromObject({ year: 2026, month: 7, day: 15 }, { zone });
		if (!winter.isValid) throw new Error(`not a zone: ${zone}`);
		rule = [winter.offset, summer.offset];
		rules.set(zone, rule);
	}
	return rule;
}

/** The state's zone that keeps the same clock as `found` (or the closest one). */
function snap(found: string, zones: readonly string[]): string {
	const rule = ruleOf(found);
	let best = zones[0];
	let bestScore = Infinity;
	for (const zone of zones) {
		const candidate = ruleOf(zone);
		const score = Math.abs(candidate[0] - rule[0]) * 2 + Math.abs(candidate[1] - rule[1]);
		if (score < bestScore) {
			best = zone;
			bestScore = score;
		}
	}
	return best;
}

/** The point `km` away from (latitude, longitude) on a bearing (degrees), on a sphere. */
function destination(latitude: number, longitude: number, km: number, bearing: number): [number, number] {
	const d = km / 6371;
	const b = (bearing * Math.PI) / 180;
	const p1 = (latitude * Math.PI) / 180;
	const l1 = (longitude * Math.PI) / 180;
	const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
	const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
	return [(p2 * 180) / Math.PI, (l2 * 180) / Math.PI];
}

/** The state of the ZIP centroid nearest to a point (a 0.2-degree grid, searched ring by ring). */
function nearestStateFinder(records: ZipRecord[]): (latitude: number, longitude: number) => string | null {
	const grid = new Map<string, ZipRecord[]>();
	const cell = (la: number, lo: number) => `${Math.floor(la * 5)},${Math.floor(lo * 5)}`;
	for (const record of records) {
		const key = cell(record.latitude, record.longitude);
		const list = grid.get(key);
		if (list) list.push(record);
		else grid.set(key, [record]);
	}
	return (latitude, longitude) => {
		const ci = Math.floor(latitude * 5);
		const cj = Math.floor(longitude * 5);
		const scale = Math.cos((latitude * Math.PI) / 180);
		let best: ZipRecord | null = null;
		let bestDistance = Infinity;
		// Ring r covers every point within r cells, so the nearest centroid found by ring r+1 is exact enough here.
		for (let ring = 1; ring <= 3 && best === null; ring++) {
			for (let i = ci - ring; i <= ci + ring; i++) {
				for (let j = cj - ring; j <= cj + ring; j++) {
					for (const record of grid.get(`${i},${j}`) ?? []) {
						const dx = (record.longitude - longitude) * scale;
						const dy = record.latitude - latitude;
						const distance = dx * dx + dy * dy;
						if (distance < bestDistance) {
							best = record;
							bestDistance = distance;
						}
					}
				}
			}
		}
		return best?.state ?? null;
	};
}

export interface DerivedZipZones {
	/** "FL America/New_York America/Chicago": a state and its zones, the ZIP's own clock first. */
	places: string[];
	/** Place index per ZIP 0..99999, -1 for no ZIP. */
	placeOf: Int16Array;
	zips: number;
	borderZips: number;
	/** ZIPs whose centroid the map places outside the US zones. */
	abroad: string[];
}

export function deriveZipZones(): DerivedZipZones {
	const states = new Set(US_STATE_CODES);
	const records = Object.values(codes)
		.filter((record) => record.country === 'US' && states.has(record.state) && /^\d{5}$/.test(record.zip))
		.sort((a, b) => a.zip.localeCompare(b.zip));
	const nearestState = nearestStateFinder(records);
	const corrections = new Map<string, (typeof ZONE_CORRECTIONS)[number]>();
	for (const row of ZONE_CORRECTIONS) {
		const zones = zonesForState(codes[row.zips[0]]?.state ?? '');
		for (const zone of [row.zone, ...(row.also ?? [])]) {
			if (!zones.includes(zone)) throw new Error(`correction for ${row.place}: ${zone} is not one of ${zones.join(', ')}`);
		}
		for (const zip of row.zips) corrections.set(zip, row);
	}

	const places: string[] = [];
	const index = new Map<string, number>();
	const placeOf = new Int16Array(100_000).fill(-1);
	let borderZips = 0;
	const abroad: string[] = [];
	for (const record of records) {
		const zones = zonesForState(record.state);
		let seen: string[];
		if (zones.length === 1) seen = [zones[0]];
		else {
			const correction = corrections.get(record.zip);
			const atCentroid = tzLookup(record.latitude, record.longitude);
			const around = new Set<string>(correction?.also ?? []);
			for (const km of RING_KM) {
				for (const bearing of BEARINGS) {
					const [latitude, longitude] = destination(record.latitude, record.longitude, km, bearing);
					const found = tzLookup(latitude, longitude);
					if (!US_IANA_ZONES.has(found) || nearestState(latitude, longitude) !== record.state) continue;
					around.add(snap(found, zones));
				}
			}
			// A centroid the map places abroad (northern ND reads America/Regina, Gambell AK on St.
			// Lawrence Island Asia/Anadyr) is snapped like any other: the state's zone of the nearest clock.
			const own = correction?.zone ?? snap(atCentroid, zones);
			if (!US_IANA_ZONES.has(atCentroid)) abroad.push(record.zip);
			seen = [own, ...zones.filter((zone) => zone !== own && around.has(zone))];
			if (seen.length > 1) borderZips++;
		}
		const key = `${record.state} ${seen.join(' ')}`;
		let place = index.get(key);
		if (place === undefined) {
			place = places.length;
			places.push(key);
			index.set(key, place);
		}
		placeOf[Number(record.zip)] = place;
	}
	// geo.ts decodes the table into one byte per ZIP (place index + 1).
	if (places.length > 254) throw new Error(`${places.length} places: more than geo.ts's one-byte table holds`);
	return { places, placeOf, zips: records.length, borderZips, abroad };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The generated module: places, a presence bitmap (base64) and runs of place over present ZIPs. */
export function renderZipZones(derived: DerivedZipZones): string {
	const bits = new Uint8Array(100_000 / 8);
	const runs: number[] = [];
	for (let zip = 0; zip < 100_000; zip++) {
		const place = derived.placeOf[zip];
		if (place < 0) continue;
		bits[zip >> 3] |= 1 << (zip & 7);
		if (runs.length > 0 && runs[runs.length - 2] === place) runs[runs.length - 1]++;
		else runs.push(place, 1);
	}
	let present = '';
	for (let i = 0; i < bits.length; i += 3) {
		const n = (bits[i] << 16) | ((bits[i + 1] ?? 0) << 8) | (bits[i + 2] ?? 0);
		present += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
		present += i + 1 < bits.length ? BASE64[(n >> 6) & 63] : '=';
		present += i + 2 < bits.length ? BASE64[n & 63] : '=';
	}
	const lines: string[] = [];
	for (let i = 0; i < runs.length; i += 24) lines.push(`\t${runs.slice(i, i + 24).join(', ')},`);
	const presentLines: string[] = [];
	for (let i = 0; i < present.length; i += 96) presentLines.push(`\t'${present.slice(i, i + 96)}'`);
	return `/**
 * ZIP -> state and time zones. GENERATED by test/data-checks/zipZones.ts (\`npm run check:zip-zones
 * -- --write\`) from zipcodes ${versionOf('zipcodes')} (ZIP centroids) and tz-lookup ${versionOf('tz-lookup')} (time-zone map), plus the
 * corrections in ./zoneCorrections.ts. Do not edit by hand: \`npm run check:zip-zones\` fails when
 * this file differs from what the data gives.
 *
 * ${derived.zips} ZIPs, ${derived.borderZips} of them near a time-zone line (several zones: a time is legal only if legal in all).
 * - ZIP_PLACES: "<state> <zone> [<other zone>...]", the ZIP's own clock first.
 * - ZIP_PRESENT: one bit per ZIP 00000-99999 (bit zip & 7 of byte zip >> 3), base64.
 * - ZIP_RUNS: pairs (place index, count) over the present ZIPs in increasing order.
 */

export const ZIP_PLACES: readonly string[] = [
${derived.places.map((place) => `\t'${place}',`).join('\n')}
];

export const ZIP_PRESENT =
${presentLines.join(' +\n')};

export const ZIP_RUNS: readonly number[] = [
${lines.join('\n')}
];
`;
}

function main(): void {
	const derived = deriveZipZones();
	const rendered = renderZipZones(derived);
	let committed = '';
	try {
		committed = readFileSync(OUTPUT, 'utf8');
	} catch {
		// no table yet
	}
	const summary = { check: 'zip-zones', zips: derived.zips, borderZips: derived.borderZips, places: derived.places.length, centroidsAbroad: derived.abroad.length, bytes: rendered.length };
	if (process.argv.includes('--write')) {
		writeFileSync(OUTPUT, rendered);
		process.stdout.write(`${JSON.stringify({ ...summary, written: path.relative(process.cwd(), OUTPUT) })}\n`);
		return;
	}
	const same = committed === rendered;
	process.stdout.write(`${JSON.stringify({ ...summary, same })}\n`);
	if (!same) {
		process.stderr.write('nodes/core/data/zipZones.ts differs from what zipcodes, tz-lookup and the corrections give: run npm run check:zip-zones -- --write and review the diff.\n');
		process.exitCode = 1;
	}
}

if (require.main === module) main();
