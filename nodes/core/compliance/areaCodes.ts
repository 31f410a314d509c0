/**
 * US geographic area codes (NANP) -> state, for the "where is the lead" fallback and the area-code
 * presumption of Florida, Oklahoma and Connecticut. Source: NANPA area code assignments by state
 * (nationalnanpa.com, "Area Code Maps" / NPA reports), overlays in service or announced through
 * 2025. Numbers port and phones move, so an area code is weak evidence: it locates a lead only
 * when nothing better is known. Codes not listed (Canada, the Caribbean, toll-free, non-geographic)
 * locate nothing. `npm run check:area-codes` compares this table with Google's libphonenumber
 * geocoding data (too big to ship for this): on 2026-11-24 all 359 codes it places agree.
 */
const AREA_CODES_BY_STATE: Readonly<Record<string, string>> = {
	AL: '205 251 256 334 483 659 938',
	AK: '907',
	AZ: '480 520 602 623 928',
	AR: '327 479 501 870',
	CA: '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951',
	CO: '303 719 720 748 970 983',
	CT: '203 475 860 959',
	DE: '302',
	DC: '202 771',
	FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
	GA: '229 404 470 478 678 706 762 770 912 943',
	HI: '808',
	ID: '208 986',
	IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
	IN: '219 260 317 463 574 765 812 930',
	IA: '319 515 563 641 712',
	KS: '316 620 785 913',
	KY: '270 364 502 606 859',
	LA: '225 318 337 457 504 985',
	ME: '207',
	MD: '227 240 301 410 443 667',
	MA: '339 351 413 508 617 774 781 857 978',
	MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
	MN: '218 320 507 612 651 763 924 952',
	MS: '228 601 662 769',
	MO: '235 314 417 557 573 636 660 816 975',
	MT: '406',
	NE: '308 402 531',
	NV: '702 725 775',
	NH: '603',
	NJ: '201 551 609 640 732 848 856 862 908 973',
	NM: '505 575',
	NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
	NC: '252 336 472 704 743 828 910 919 980 984',
	ND: '701',
	OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
	OK: '405 539 572 580 918',
	OR: '458 503 541 971',
	PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
	RI: '401',
	SC: '803 821 839 843 854 864',
	SD: '605',
	TN: '423 615 629 731 865 901 931',
	TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
	UT: '385 435 801',
	VT: '802',
	VA: '276 434 540 571 686 703 757 804 826 948',
	WA: '206 253 360 425 509 564',
	WV: '304 681',
	WI: '262 274 353 414 534 608 715 920',
	WY: '307',
	PR: '787 939',
	VI: '340',
	GU: '671',
	AS: '684',
	MP: '670',
};

/** Area code -> USPS state code. A code listed under two states is a table error, caught at load. */
export const AREA_CODE_STATES: Readonly<Record<string, string>> = Object.freeze(
	Object.entries(AREA_CODES_BY_STATE).reduce<Record<string, string>>((table, [state, codes]) => {
		for (const code of codes.split(' ')) {
			if (table[code] !== undefined) throw new Error(`Area code ${code} is listed under both ${table[code]} and ${state}`);
			table[code] = state;
		}
		return table;
	}, {}),
);

/**
 * NANP area codes outside the US: Canada and the Caribbean and Atlantic countries that share +1.
 * A number there is not a US number, whatever its format: US calling-hour rules say nothing about
 * it, and several are known SMS-pumping destinations, so the gate blocks texts and calls to them
 * unless the policy allows the country (`allowedCountries`). Source: NANPA, "Area codes by
 * geographic location" (nationalnanpa.com), December 2026; test/core/compliance/nonUsNumbers.test.ts
 * checks every code 200-999 against Google's libphonenumber metadata (a devDependency).
 * `zones` are the countries' clocks, used when a policy allows the country.
 */
export interface NanpCountry {
	/** ISO 3166 alpha-2 code, as `allowedCountries` names it. */
	country: string;
	name: string;
	codes: string;
	zones: readonly string[];
}

export const NON_US_NANP_COUNTRIES: readonly NanpCountry[] = Object.freeze([
	{
		country: 'CA',
		name: 'Canada',
		codes: '204 226 236 249 250 257 263 273 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519 548 579 581 584 587 600 604 613 622 633 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905 942',
		zones: ['America/St_Johns', 'America/Halifax', 'America/Toronto', 'America/Winnipeg', 'America/Regina', 'America/Edmonton', 'America/Vancouver', 'America/Whitehorse'],
	},
	{ country: 'AG', name: 'Antigua and Barbuda', codes: '268', zones: ['America/Antigua'] },
	{ country: 'AI', name: 'Anguilla', codes: '264', zones: ['America/Anguilla'] },
	{ country: 'BB', name: 'Barbados', codes: '246', zones: ['America/Barbados'] },
	{ country: 'BM', name: 'Bermuda', codes: '441', zones: ['Atlantic/Bermuda'] },
	{ country: 'BS', name: 'Bahamas', codes: '242', zones: ['America/Nassau'] },
	{ country: 'DM', name: 'Dominica', codes: '767', zones: ['America/Dominica'] },
	{ country: 'DO', name: 'Dominican Republic', codes: '809 829 849', zones: ['America/Santo_Domingo'] },
	{ country: 'GD', name: 'Grenada', codes: '473', zones: ['America/Grenada'] },
	{ country: 'JM', name: 'Jamaica', codes: '658 876', zones: ['America/Jamaica'] },
	{ country: 'KN', name: 'Saint Kitts and Nevis', codes: '869', zones: ['America/St_Kitts'] },
	{ country: 'KY', name: 'Cayman Islands', codes: '345', zones: ['America/Cayman'] },
	{ country: 'LC', name: 'Saint Lucia', codes: '758', zones: ['America/St_Lucia'] },
	{ country: 'MS', name: 'Montserrat', codes: '664', zones: ['America/Montserrat'] },
	{ country: 'SX', name: 'Sint Maarten', codes: '721', zones: ['America/Lower_Princes'] },
	{ country: 'TC', name: 'Turks and Caicos Islands', codes: '649', zones: ['America/Grand_Turk'] },
	{ country: 'TT', name: 'Trinidad and Tobago', codes: '868', zones: ['America/Port_of_Spain'] },
	{ country: 'VC', name: 'Saint Vincent and the Grenadines', codes: '784', zones: ['America/St_Vincent'] },
	{ country: 'VG', name: 'British Virgin Islands', codes: '284', zones: ['America/Tortola'] },
].map((row) => Object.freeze(row)));

/** Area code -> the non-US NANP country it belongs to. */
export const NON_US_AREA_CODES: Readonly<Record<string, NanpCountry>> = Object.freeze(
	NON_US_NANP_COUNTRIES.reduce<Record<string, NanpCountry>>((table, row) => {
		for (const code of row.codes.split(' ')) {
			if (table[code] !== undefined || AREA_CODE_STATES[code] !== undefined) throw new Error(`Area code ${code} is listed twice`);
			table[code] = row;
		}
		return table;
	}, {}),
);

/**
 * Non-geographic codes in US use that locate nothing (so the strictest US reading applies):
 * toll-free (8XX), 5XX personal communications services (500 is also Twilio's test range), 700,
 * 710 (US government), 900. Source: NANPA, "Non-geographic area codes".
 */
export const US_NON_GEOGRAPHIC_CODES: ReadonlySet<string> = new Set(
	'500 521 522 523 524 525 526 527 528 529 532 533 535 538 542 543 544 545 546 547 549 550 552 553 554 556 558 566 569 577 578 588 589 700 710 800 833 844 855 866 877 888 900'.split(' '),
);

/** Whose numbering a NANP number is: a US area code, a non-US country, or a code in use nowhere we know. */
export type NanpOwner = { kind: 'us' } | { kind: 'country'; country: NanpCountry } | { kind: 'unknown' };

const US_OWNER: NanpOwner = Object.freeze({ kind: 'us' });
const UNKNOWN_OWNER: NanpOwner = Object.freeze({ kind: 'unknown' });
const countryOwners = new Map<NanpCountry, NanpOwner>();

/** The owner of a NANP area code ("876" -> Jamaica). */
export function areaCodeOwner(areaCode: string): NanpOwner {
	if (AREA_CODE_STATES[areaCode] !== undefined || US_NON_GEOGRAPHIC_CODES.has(areaCode)) return US_OWNER;
	const country = NON_US_AREA_CODES[areaCode];
	if (country === undefined) return UNKNOWN_OWNER;
	let owner = countryOwners.get(country);
	if (owner === undefined) {
		owner = Object.freeze({ kind: 'country', country });
		countryOwners.set(country, owner);
	}
	return owner;
}

/**
 * The 10 national digits of a NANP number given as E.164 (+1...), 11 digits starting with 1, or
 * 10 digits with any punctuation; null for anything else (foreign numbers included).
 */
export function nanpDigits(phone: string | null | undefined): string | null {
	if (typeof phone !== 'string') return null;
	const trimmed = phone.trim();
	if (trimmed.startsWith('+') && !trimmed.startsWith('+1')) return null;
	let digits = trimmed.replace(/\D/g, '');
	if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
	// NXX-NXX-XXXX: neither the area code nor the exchange starts with 0 or 1.
	if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
	return digits;
}

/** The state a US phone number's area code belongs to, or null (unknown, foreign or non-geographic). */
export function stateForAreaCode(phone: string | null | undefined): string | null {
	const digits = nanpDigits(phone);
	return digits === null ? null : (AREA_CODE_STATES[digits.slice(0, 3)] ?? null);
}
