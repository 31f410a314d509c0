import { toStateCode, zipInfo, zonesForLabel, zonesForState, US_STATE_CODES } from '../geo';
import { stateForAreaCode } from './areaCodes';
import { STATE_RULES } from './rules';
import { zoneClock } from './zoneClock';

/**
 * Where a lead may be, for the calling-hour rules: the zones whose local time must be legal and
 * the states whose rules apply. Evidence in order of strength: ZIP, the lead's own time zone, the
 * address state, the phone's area code. The area code never narrows what the address says; it
 * only adds the rules of a state that presumes residents by area code (FL, OK, CT).
 */
export interface LeadLocation {
	/** What located the lead. `unknown`: nothing did, so every US zone and state rule applies. */
	basis: 'zip' | 'timeZone' | 'state' | 'area-code' | 'unknown';
	/** IANA zones the lead may be in: a time is legal only if legal in all of them. */
	zones: string[];
	/** States whose rules apply because the lead is (or may be) there. */
	states: string[];
	/** States whose rules apply only by their area-code presumption. */
	presumedStates: string[];
}

export interface LocatableLead {
	phone?: string | null;
	state?: string | null;
	zip?: string | number | null;
	timeZone?: string | null;
}

/** Offsets in mid-January and mid-July 2026: two zones with the same pair keep the same clock. */
function sameClock(a: string, b: string): boolean {
	if (a === b) return true;
	const ca = zoneClock(a);
	const cb = zoneClock(b);
	if (ca === null || cb === null) return false;
	const january = Date.UTC(2026, 0, 15);
	const july = Date.UTC(2026, 6, 15);
	return ca.offsetAt(january) === cb.offsetAt(january) && ca.offsetAt(july) === cb.offsetAt(july);
}

function addZones(into: string[], zones: readonly string[]): void {
	for (const zone of zones) if (!into.some((known) => sameClock(known, zone))) into.push(zone);
}

function zipOf(value: string | number | null | undefined): string | null {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 99999) {
		return String(value).padStart(5, '0');
	}
	if (typeof value !== 'string') return null;
	const match = /^\s*(\d{5})(?:-?\d{4})?\s*$/.exec(value);
	return match ? match[1] : null;
}

/** Every representative zone of the 50 states and DC: where a lead nobody can place may be. */
let everyStateZone: string[] | undefined;
function allStateZones(): string[] {
	if (everyStateZone === undefined) {
		everyStateZone = [];
		for (const state of US_STATE_CODES) {
			if (['PR', 'VI', 'GU', 'AS', 'MP'].includes(state)) continue;
			addZones(everyStateZone, zonesForState(state));
		}
	}
	return everyStateZone;
}

const memo = new Map<string, LeadLocation>();

export function locateLead(lead: LocatableLead): LeadLocation {
	// Only the phone's area-code state matters, so leads sharing an address share the answer.
	const areaState = stateForAreaCode(lead.phone);
	const key = `${lead.zip ?? ''}|${lead.timeZone ?? ''}|${lead.state ?? ''}|${areaState ?? ''}`;
	const known = memo.get(key);
	if (known !== undefined) return known;
	const location = locate(lead, areaState);
	if (memo.size > 50_000) memo.clear();
	memo.set(key, location);
	return location;
}

function locate(lead: LocatableLead, areaState: string | null): LeadLocation {
	const zip = zipOf(lead.zip);
	const fromZip = zip === null ? null : zipInfo(zip);
	const addressState = typeof lead.state === 'string' ? toStateCode(lead.state) : null;
	// "EST", "Central", "MST", "UTC-5": the real zones they may mean (null: says nothing).
	const labelZones = zonesForLabel(lead.timeZone)?.filter((zone) => zoneClock(zone) !== null) ?? [];

	const zones: string[] = [];
	const states: string[] = [];
	let basis: LeadLocation['basis'];
	if (fromZip !== null) {
		basis = 'zip';
		// A ZIP near a zone line may be in several: each must be legal.
		addZones(zones, fromZip.timeZones);
		states.push(fromZip.state);
		// A ZIP and a state that disagree: the lead may be in either, so both count.
		if (addressState !== null && addressState !== fromZip.state) {
			states.push(addressState);
			addZones(zones, zonesForState(addressState));
		}
	} else if (labelZones.length > 0) {
		basis = 'timeZone';
		if (addressState !== null) {
			states.push(addressState);
			const stateZones = zonesForState(addressState);
			// The state narrows an ambiguous label ("MST" in Colorado); a label that is none of the
			// state's clocks contradicts the address: keep both.
			const agreeing = labelZones.filter((zone) => stateZones.some((stateZone) => sameClock(zone, stateZone)));
			if (agreeing.length > 0) addZones(zones, agreeing);
			else {
				addZones(zones, labelZones);
				addZones(zones, stateZones);
			}
		} else {
			addZones(zones, labelZones);
			if (areaState !== null) states.push(areaState);
		}
	} else if (addressState !== null) {
		basis = 'state';
		addZones(zones, zonesForState(addressState));
		states.push(addressState);
	} else if (areaState !== null) {
		basis = 'area-code';
		addZones(zones, zonesForState(areaState));
		states.push(areaState);
	} else {
		basis = 'unknown';
		zones.push(...allStateZones());
		states.push(...Object.keys(STATE_RULES));
	}

	const presumedStates: string[] = [];
	if (areaState !== null && !states.includes(areaState) && STATE_RULES[areaState]?.areaCodePresumption) {
		presumedStates.push(areaState);
	}
	return { basis, zones, states, presumedStates };
}
