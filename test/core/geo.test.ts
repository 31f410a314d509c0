import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
	US_STATE_CODES,
	singleZoneOf,
	stateForZip,
	timeZoneForZip,
	toStateCode,
	zipInfo,
	zonesForLabel,
	zonesForState,
} from '../../nodes/core/geo';
import { ZONE_CORRECTIONS } from '../../nodes/core/data/zoneCorrections';

// Each row is a known fact about where the ZIP is and which clock it keeps.
const HARD_ZIPS: Array<[zip: string, state: string, zone: string, place: string]> = [
	['32501', 'FL', 'America/Chicago', 'Pensacola FL (panhandle, Central)'],
	['32401', 'FL', 'America/Chicago', 'Panama City FL (Bay County, Central)'],
	['32301', 'FL', 'America/New_York', 'Tallahassee FL (Eastern)'],
	['33101', 'FL', 'America/New_York', 'Miami FL'],
	['79901', 'TX', 'America/Denver', 'El Paso TX (Mountain)'],
	['75201', 'TX', 'America/Chicago', 'Dallas TX'],
	['37902', 'TN', 'America/New_York', 'Knoxville TN (East Tennessee)'],
	['37201', 'TN', 'America/Chicago', 'Nashville TN'],
	['38103', 'TN', 'America/Chicago', 'Memphis TN'],
	['40202', 'KY', 'America/New_York', 'Louisville KY'],
	['42101', 'KY', 'America/Chicago', 'Bowling Green KY (Central)'],
	['46320', 'IN', 'America/Chicago', 'Hammond IN (Lake County, Central)'],
	['47708', 'IN', 'America/Chicago', 'Evansville IN (Vanderburgh County, Central)'],
	['46204', 'IN', 'America/New_York', 'Indianapolis IN'],
	['49201', 'MI', 'America/New_York', 'Jackson MI'],
	['49858', 'MI', 'America/Chicago', 'Menominee MI (Central)'],
	['49935', 'MI', 'America/Chicago', 'Iron River MI (Iron County, Central)'],
	['58102', 'ND', 'America/Chicago', 'Fargo ND'],
	['58601', 'ND', 'America/Denver', 'Dickinson ND (Mountain)'],
	['57701', 'SD', 'America/Denver', 'Rapid City SD (Mountain)'],
	['57104', 'SD', 'America/Chicago', 'Sioux Falls SD'],
	['68102', 'NE', 'America/Chicago', 'Omaha NE'],
	['69361', 'NE', 'America/Denver', 'Scottsbluff NE (Mountain)'],
	['67735', 'KS', 'America/Denver', 'Goodland KS (Sherman County, Mountain)'],
	['66101', 'KS', 'America/Chicago', 'Kansas City KS'],
	['83702', 'ID', 'America/Boise', 'Boise ID (Mountain)'],
	['83814', 'ID', 'America/Los_Angeles', "Coeur d'Alene ID (Pacific)"],
	['97914', 'OR', 'America/Boise', 'Ontario OR (Malheur County, Mountain)'],
	['97201', 'OR', 'America/Los_Angeles', 'Portland OR'],
	['99501', 'AK', 'America/Anchorage', 'Anchorage AK'],
	['99546', 'AK', 'America/Adak', 'Adak AK (Aleutians, Hawaii-Aleutian time)'],
	['85001', 'AZ', 'America/Phoenix', 'Phoenix AZ (no DST)'],
	['86515', 'AZ', 'America/Denver', 'Window Rock AZ (Navajo Nation, observes DST)'],
	['96813', 'HI', 'Pacific/Honolulu', 'Honolulu HI'],
	['00901', 'PR', 'America/Puerto_Rico', 'San Juan PR'],
	['89883', 'NV', 'America/Denver', 'West Wendover NV (officially Mountain)'],
];

describe('zipInfo / timeZoneForZip / stateForZip', () => {
	it.each(HARD_ZIPS)('%s is in %s on %s (%s)', (zip, state, zone) => {
		expect(zipInfo(zip)).toMatchObject({ zip, state, timeZone: zone });
		expect(zipInfo(zip)?.timeZones[0]).toBe(zone);
		expect(timeZoneForZip(zip)).toBe(zone);
		expect(stateForZip(zip)).toBe(state);
	});

	it('knows nothing of unknown, malformed or military ZIPs', () => {
		for (const zip of ['00000', '99999', '3310', '331011', 'abcde', '', '09001' /* APO Europe */]) {
			expect(zipInfo(zip)).toBeNull();
			expect(timeZoneForZip(zip)).toBeNull();
		}
	});

	it.each([
		['86030', 'Hotevilla'],
		['86034', 'Keams Canyon'],
		['86039', 'Kykotsmovi'],
		['86042', 'Polacca'],
		['86043', 'Second Mesa'],
	])('Hopi Reservation ZIP %s (%s) keeps Arizona time, with the Navajo clock around it', (zip) => {
		const info = zipInfo(zip);
		expect(info?.timeZone).toBe('America/Phoenix');
		expect(info?.timeZones).toEqual(['America/Phoenix', 'America/Denver']);
	});

	it('Tuba City 86045 has both clocks', () => {
		expect(zipInfo('86045')?.timeZones).toEqual(['America/Denver', 'America/Phoenix']);
	});

	it.each([
		['32424', 'Blountstown'],
		['32430', 'Clarksville'],
		['32449', 'Kinard / Wewahitchka (Calhoun County)'],
		['32465', 'Wewahitchka (northern Gulf County)'],
	])('Florida ZIP %s (%s), west of the Apalachicola, keeps Central time', (zip) => {
		expect(zipInfo(zip)?.timeZone).toBe('America/Chicago');
		expect(zipInfo(zip)?.timeZones).toContain('America/Chicago');
	});

	it.each([
		['37402', 'Chattanooga TN', ['America/New_York', 'America/Chicago']],
		['47586', 'Tell City IN', ['America/Chicago', 'America/New_York']],
		['86040', 'Page AZ (beside the Navajo Nation)', ['America/Phoenix', 'America/Denver']],
		['32424', 'Blountstown FL (on the Apalachicola)', ['America/Chicago', 'America/New_York']],
	])('ZIP %s (%s), within about 10 km of a zone line, has both zones', (zip, _place, zones) => {
		expect(zipInfo(zip)?.timeZones).toEqual(zones);
	});

	it('applies every correction row: its zone is the ZIP clock, its other zones are kept', () => {
		for (const row of ZONE_CORRECTIONS) {
			expect(row.source.length).toBeGreaterThan(20);
			for (const zip of row.zips) {
				expect(zipInfo(zip)?.timeZone).toBe(row.zone);
				for (const zone of row.also ?? []) expect(zipInfo(zip)?.timeZones).toContain(zone);
			}
		}
	});

	it('flags a few hundred ZIPs near a zone line, all in multi-zone states, each zone once and of the state', () => {
		let border = 0;
		for (let n = 0; n < 100_000; n++) {
			const info = zipInfo(String(n).padStart(5, '0'));
			if (info === null) continue;
			expect(new Set(info.timeZones).size).toBe(info.timeZones.length);
			for (const zone of info.timeZones) expect(zonesForState(info.state)).toContain(zone);
			if (info.timeZones.length > 1) {
				border++;
				expect(singleZoneOf(info.state)).toBeNull();
			}
		}
		expect(border).toBeGreaterThan(200);
		expect(border).toBeLessThan(400);
	});

	it('ships the ZIP table as compact data: no zipcodes or tz-lookup at run time', () => {
		const nodesDir = path.join(__dirname, '../../nodes');
		const sources = readdirSync(nodesDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
		for (const file of sources) {
			const text = readFileSync(path.join(nodesDir, file), 'utf8');
			expect([file, /(?:require\(|from |import\()\s*['"](?:zipcodes|tz-lookup)/.test(text)]).toEqual([file, false]);
		}
		expect(statSync(path.join(nodesDir, 'core/data/zipZones.ts')).size).toBeLessThan(100_000);
	});

	it('always answers one of the zones of the ZIP state', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 99999 }), (n) => {
				const info = zipInfo(String(n).padStart(5, '0'));
				if (info === null) return;
				expect(US_STATE_CODES).toContain(info.state);
				expect(zonesForState(info.state)).toContain(info.timeZone);
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('toStateCode', () => {
	it.each([
		['Florida', 'FL'],
		['fla', 'FL'],
		['FL', 'FL'],
		['tx ', 'TX'],
		['Calif.', 'CA'],
		['N.Y.', 'NY'],
		['new  york', 'NY'],
		['W. Va.', 'WV'],
		['District of Columbia', 'DC'],
		['Puerto Rico', 'PR'],
		['Miami, FL', 'FL'],
		['la', 'LA'],
	])('%j -> %s', (input, code) => expect(toStateCode(input)).toBe(code));

	it.each([['xx'], [''], ['Ontario'], ['Mexico'], [null], [undefined]])('%j is not a state', (input) => {
		expect(toStateCode(input)).toBeNull();
	});
});

describe('zonesForState / singleZoneOf', () => {
	it('lists every zone of multi-zone states', () => {
		expect(zonesForState('FL')).toEqual(['America/New_York', 'America/Chicago']);
		expect(zonesForState('AZ')).toEqual(['America/Phoenix', 'America/Denver']);
		for (const state of ['FL', 'TX', 'TN', 'KY', 'IN', 'MI', 'ND', 'SD', 'NE', 'KS', 'ID', 'OR', 'AK', 'AZ']) {
			expect(zonesForState(state).length).toBeGreaterThan(1);
			expect(singleZoneOf(state)).toBeNull();
		}
	});

	it('gives the one zone of single-zone states and territories', () => {
		expect(singleZoneOf('CA')).toBe('America/Los_Angeles');
		expect(singleZoneOf('NY')).toBe('America/New_York');
		expect(singleZoneOf('HI')).toBe('Pacific/Honolulu');
		expect(singleZoneOf('PR')).toBe('America/Puerto_Rico');
		expect(singleZoneOf('Georgia')).toBe('America/New_York');
		expect(zonesForState('ZZ')).toEqual([]);
	});

	it('covers the 50 states, DC and five territories, each with a zone', () => {
		expect(US_STATE_CODES).toHaveLength(56);
		for (const code of US_STATE_CODES) expect(zonesForState(code).length).toBeGreaterThan(0);
	});
});

describe('zonesForLabel: the zones a typed time-zone label means', () => {
	it.each([
		['EST', ['America/New_York']],
		['EDT', ['America/New_York']],
		['Eastern', ['America/New_York']],
		['Eastern Time', ['America/New_York']],
		['Eastern Standard Time', ['America/New_York']],
		['ET', ['America/New_York']],
		['US/Eastern', ['America/New_York']],
		['EST5EDT', ['America/New_York']],
		['CST', ['America/Chicago']],
		['Central', ['America/Chicago']],
		['CT', ['America/Chicago']],
		['Central Time (US & Canada)', ['America/Chicago']],
		['MST', ['America/Denver', 'America/Phoenix']],
		['Mountain', ['America/Denver', 'America/Phoenix']],
		['MDT', ['America/Denver']],
		['Arizona', ['America/Phoenix']],
		['PST', ['America/Los_Angeles']],
		['Pacific', ['America/Los_Angeles']],
		['pt', ['America/Los_Angeles']],
		['Alaska', ['America/Anchorage']],
		['AKST', ['America/Anchorage']],
		['HST', ['Pacific/Honolulu', 'America/Adak']],
		['Hawaii', ['Pacific/Honolulu']],
		['America/Chicago', ['America/Chicago']],
		['America/Indiana/Indianapolis', ['America/Indiana/Indianapolis']],
	])('%j -> %j', (label, zones) => {
		expect(zonesForLabel(label)).toEqual(zones);
	});

	it('reads a bare UTC offset as every US clock that shows it in winter or summer', () => {
		expect([...(zonesForLabel('UTC-5') ?? [])].sort()).toEqual(['America/Chicago', 'America/New_York']);
		expect([...(zonesForLabel('GMT-05:00') ?? [])].sort()).toEqual(['America/Chicago', 'America/New_York']);
		// Etc/GMT+5 is five hours *behind* UTC.
		expect([...(zonesForLabel('Etc/GMT+5') ?? [])].sort()).toEqual(['America/Chicago', 'America/New_York']);
		expect(zonesForLabel('-0700')).toEqual(expect.arrayContaining(['America/Denver', 'America/Phoenix', 'America/Los_Angeles']));
	});

	it.each([['UTC'], ['GMT'], ['Etc/UTC'], [''], ['  '], ['not a zone'], ['EST-ish'], [null], [undefined]])('%j places nobody', (label) => {
		expect(zonesForLabel(label)).toBeNull();
	});

	it('never answers a fixed-offset zone without DST for a US mainland label', () => {
		for (const label of ['EST', 'CST', 'PST', 'Eastern', 'Central', 'Pacific', 'ET', 'CT', 'PT', 'est', 'Cst']) {
			for (const zone of zonesForLabel(label) ?? []) expect(zone).toMatch(/^America\//);
		}
	});
});
