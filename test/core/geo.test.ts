import fc from 'fast-check';
import {
	US_STATE_CODES,
	singleZoneOf,
	stateForZip,
	timeZoneForZip,
	toStateCode,
	zipInfo,
	zonesForState,
} from '../../nodes/core/geo';

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
		expect(zipInfo(zip)).toEqual({ zip, state, timeZone: zone });
		expect(timeZoneForZip(zip)).toBe(zone);
		expect(stateForZip(zip)).toBe(state);
	});

	it('knows nothing of unknown, malformed or military ZIPs', () => {
		for (const zip of ['00000', '99999', '3310', '331011', 'abcde', '', '09001' /* APO Europe */]) {
			expect(zipInfo(zip)).toBeNull();
			expect(timeZoneForZip(zip)).toBeNull();
		}
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
