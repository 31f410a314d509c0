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
