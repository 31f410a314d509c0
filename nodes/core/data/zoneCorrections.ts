/**
 * Known places where the centroid lookup behind nodes/core/data/zipZones.ts (tz-lookup, a lossy
 * compression of the time-zone map) gives the wrong clock. Input of the generator
 * (test/data-checks/zipZones.ts), which applies these rows on top of what it derives: `zone` is
 * the clock the ZIP keeps (it replaces the looked-up one), `also` adds clocks the ZIP's area
 * also uses. Border ZIPs keep every zone seen around them whatever a row says, so a correction
 * can only add strictness. Not read at run time: the generated table already holds the result.
 */

export interface ZoneCorrection {
	zips: readonly string[];
	/** The IANA zone (a representative of geo.ts's state zones) the ZIP keeps. */
	zone: string;
	/** Other zones the ZIP's area also uses: the gate allows only times legal in all of them. */
	also?: readonly string[];
	place: string;
	source: string;
}

export const ZONE_CORRECTIONS: readonly ZoneCorrection[] = [
	{
		zips: ['86030', '86034', '86039', '86042', '86043'],
		zone: 'America/Phoenix',
		also: ['America/Denver'],
		place: 'Hopi Reservation AZ: Hotevilla, Keams Canyon, Kykotsmovi, Polacca, Second Mesa',
		source:
			'The Hopi keep Arizona time (no DST) all year, while the Navajo Nation all around the reservation observes DST (Arizona press, azcentral 2016; AP). The ZIP areas reach Navajo homes too: both clocks.',
	},
	{
		zips: ['86045'],
		zone: 'America/Denver',
		also: ['America/Phoenix'],
		place: 'Tuba City AZ (Navajo Nation) beside Moenkopi (Hopi)',
		source: 'Both clocks are in use in Tuba City: Navajo Nation (DST) and the Hopi village of Moenkopi (no DST) (AP reporting).',
	},
	{
		zips: ['32421', '32424', '32430', '32449'],
		zone: 'America/Chicago',
		place: 'Calhoun County FL: Altha, Blountstown, Clarksville, Kinard/Wewahitchka',
		source: '49 CFR 71.5 (Florida: the Eastern/Central line follows the Apalachicola River); Calhoun County lies west of it, on Central time.',
	},
	{
		zips: ['32465'],
		zone: 'America/Chicago',
		place: 'Wewahitchka FL, northern Gulf County',
		source: '49 CFR 71.5 (Florida): Gulf County is split; its northern part, west of the Apalachicola River, is on Central time.',
	},
	{
		zips: ['49902', '49903', '49915', '49920', '49927', '49935', '49964'],
		zone: 'America/Chicago',
		place: 'Iron County MI: Alpha, Amasa, Caspian, Crystal Falls, Gaastra, Iron River, Stambaugh',
		source: '49 CFR 71.5(a): the line runs around Gogebic, Iron, Dickinson and Menominee counties, which are on Central time.',
	},
	{
		zips: ['49879'],
		zone: 'America/New_York',
		place: 'Republic MI, Marquette County',
		source: '49 CFR 71.5(a): Marquette County is east of the line, on Eastern time.',
	},
	{
		zips: ['99742', '99769'],
		zone: 'America/Anchorage',
		also: ['America/Adak'],
		place: 'St. Lawrence Island AK: Gambell, Savoonga',
		source:
			'The IANA tz database keeps the island on Alaska time (America/Nome); it lies west of 169°30′W, where the Aleutians keep Hawaii-Aleutian time (America/Adak). The map places Gambell in Asia/Anadyr. Both clocks.',
	},
];
