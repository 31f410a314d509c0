/**
 * The field names lead sources use, matched case-, space-, underscore- and hyphen-insensitively
 * (`normalizeKey`). Each alias names the lead field it fills and a rank: when several input fields
 * fill the same lead field, the lowest rank wins (a mobile number beats a work number).
 */

export type Target =
	| 'firstName'
	| 'lastName'
	| 'fullName'
	| 'phone'
	| 'email'
	| 'state'
	| 'zip'
	| 'loanPurpose'
	| 'cashOut'
	| 'timeline'
	| 'sourceId'
	| 'sourceDetail'
	| 'partnerId'
	| 'receivedAt'
	| 'timeZone'
	| 'consentAll'
	| 'consentSms'
	| 'consentCall'
	| 'consentEmail'
	| 'consentVoice'
	| 'consentText'
	| 'consentCapturedAt';

export interface Alias {
	target: Target;
	rank: number;
}

/** The lead fields a custom mapping (node parameter) may point an input field at. */
export const MAPPABLE_FIELDS: Readonly<Record<string, Target>> = {
	firstName: 'firstName',
	lastName: 'lastName',
	fullName: 'fullName',
	phone: 'phone',
	email: 'email',
	state: 'state',
	zip: 'zip',
	loanPurpose: 'loanPurpose',
	cashOut: 'cashOut',
	timeline: 'timeline',
	sourceId: 'sourceId',
	sourceDetail: 'sourceDetail',
	partnerId: 'partnerId',
	receivedAt: 'receivedAt',
	timeZone: 'timeZone',
	consent: 'consentAll',
	smsConsent: 'consentSms',
	callConsent: 'consentCall',
	emailConsent: 'consentEmail',
	prerecordedVoiceConsent: 'consentVoice',
	consentText: 'consentText',
	consentCapturedAt: 'consentCapturedAt',
};

/** "First Name", "first_name", "FIRST-NAME", "firstName" -> "firstname". */
export function normalizeKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const TABLE: Array<[Target, number, string[]]> = [
	[
		'firstName',
		0,
		['firstName', 'first_name', 'First Name', 'fname', 'first', 'given_name', 'givenName', 'forename', 'borrowerFirstName', 'applicantFirstName', 'contactFirstName', 'customerFirstName', 'leadFirstName', 'FirstName1', 'BorrowerFirst'],
	],
	[
		'lastName',
		0,
		['lastName', 'last_name', 'Last Name', 'lname', 'last', 'surname', 'family_name', 'familyName', 'borrowerLastName', 'applicantLastName', 'contactLastName', 'customerLastName', 'leadLastName', 'LastName1', 'BorrowerLast'],
	],
	[
		'fullName',
		0,
		['fullName', 'full_name', 'name', 'Full Name', 'your_name', 'contact_name', 'contactName', 'borrower_name', 'borrowerName', 'applicant_name', 'customer_name', 'client_name', 'lead_name', 'displayName', 'display_name'],
	],
	['phone', 0, ['mobile', 'mobile_phone', 'mobilePhone', 'mobile_number', 'cell', 'cell_phone', 'cellPhone', 'cellphone_number', 'cell_number', 'phone_cell', 'sms_phone', 'text_phone']],
	[
		'phone',
		1,
		['phone', 'phone_number', 'phoneNumber', 'Phone Number', 'telephone', 'tel', 'primary_phone', 'primaryPhone', 'contact_phone', 'contactPhone', 'borrower_phone', 'borrowerPhone', 'phone1', 'day_phone', 'dayPhone', 'best_phone', 'bestPhone', 'best_phone_number'],
	],
	['phone', 2, ['home_phone', 'homePhone', 'phone_home', 'home_number', 'evening_phone', 'eveningPhone', 'phone2', 'alt_phone', 'alternate_phone']],
	['phone', 3, ['work_phone', 'workPhone', 'phone_work', 'business_phone', 'office_phone']],
	[
		'email',
		0,
		['email', 'email_address', 'emailAddress', 'Email Address', 'e_mail', 'mail', 'contact_email', 'contactEmail', 'borrower_email', 'borrowerEmail', 'primary_email', 'primaryEmail', 'work_email'],
	],
	['state', 0, ['property_state', 'propertyState', 'prop_state', 'propState', 'subject_property_state', 'stateAbbreviation', 'state_abbreviation', 'property_state_code']],
	['state', 1, ['state', 'state_code', 'stateCode', 'st', 'state_province', 'province', 'region', 'address_state', 'addressState', 'home_state', 'mailing_state', 'state_of_property']],
	['zip', 0, ['property_zip', 'propertyZip', 'property_zip_code', 'propertyZipCode', 'prop_zip', 'propZip', 'subject_property_zip', 'property_postal_code']],
	['zip', 1, ['zip', 'zipcode', 'zip_code', 'zipCode', 'postal_code', 'postalCode', 'postcode', 'post_code', 'zip5', 'address_zip', 'addressZip', 'home_zip', 'mailing_zip', 'zip_postal_code']],
	[
		'loanPurpose',
		0,
		['loanPurpose', 'loan_purpose', 'purpose', 'Loan Type', 'loan_type', 'loanType', 'mortgage_type', 'product_type', 'productType', 'loan_product', 'loanProduct', 'purpose_of_loan', 'loan_request_type', 'lead_type', 'leadType', 'what_are_you_looking_for', 'transaction_type', 'transactionType', 'product', 'loan_reason'],
	],
	['cashOut', 0, ['cashOut', 'cash_out', 'cash_out_amount', 'cashOutAmount', 'wants_cash_out', 'cash_out_refi', 'cashout_requested', 'cash_back']],
	[
		'timeline',
		0,
		['timeline', 'timeframe', 'time_frame', 'purchase_timeframe', 'purchaseTimeFrame', 'buying_timeline', 'move_timeline', 'how_soon', 'when', 'urgency', 'closing_timeline', 'purchase_timeline', 'refinance_timeline'],
	],
	[
		'sourceId',
		0,
		['id', 'lead_id', 'leadId', 'leadgen_id', 'leadgenId', 'source_id', 'sourceId', 'external_id', 'externalId', 'submission_id', 'submissionId', 'entry_id', 'entryId', 'response_id', 'contact_id', 'contactId', 'request_id', 'requestId', 'qfname', 'qf_name', 'QFName', 'application_id', 'applicationId', 'app_id', 'tracking_number', 'trackingNumber', 'lending_tree_id', 'lendingTreeId', 'lt_id', 'guid', 'uuid', 'vendor_lead_id', 'referral_id', 'referralId'],
	],
	[
		'sourceDetail',
		0,
		['lead_source', 'leadSource', 'source', 'source_detail', 'sourceDetail', 'campaign', 'campaign_name', 'campaignName', 'utm_campaign', 'form_name', 'formName', 'how_did_you_hear', 'how_did_you_hear_about_us', 'referral_source', 'channel', 'brand', 'sub_source', 'ad_name'],
	],
	[
		'partnerId',
		0,
		['partner_id', 'partnerId', 'partner', 'referral_partner', 'referral_partner_id', 'referralPartnerId', 'referrer_id', 'referrerId', 'referred_by', 'referredBy', 'referring_agent', 'referringAgent', 'referring_agent_id', 'agent_partner_id'],
	],
	[
		'receivedAt',
		0,
		['received_at', 'receivedAt', 'created_time', 'createdTime', 'created_at', 'createdAt', 'submitted_at', 'submittedAt', 'submit_date', 'submitDate', 'submitted', 'submission_date', 'submissionDate', 'date_submitted', 'dateSubmitted', 'timestamp', 'lead_date', 'leadDate', 'created', 'create_date', 'createDate', 'date_created', 'dateCreated', 'date_added', 'date', 'time'],
	],
	[
		'consentAll',
		0,
		// A general TCPA / contact consent: it covers texts only when its wording names texts.
		// General terms agreements (agree, i_agree, agree_to_terms) are not consent: they stay in extra.
		['tcpa', 'tcpa_consent', 'tcpaConsent', 'tcpa_opt_in', 'tcpaOptIn', 'tcpa_agree', 'tcpa_agreed', 'consent', 'consent_given', 'contact_consent', 'contactConsent', 'opt_in', 'optin', 'optIn', 'express_consent', 'expressConsent', 'marketing_consent', 'tcpa_compliant', 'consent_to_contact', 'permission_to_contact'],
	],
	[
		'consentSms',
		0,
		['sms_consent', 'smsConsent', 'sms_opt_in', 'smsOptIn', 'sms_optin', 'text_consent', 'textConsent', 'text_opt_in', 'textOptIn', 'consent_sms', 'consentSms', 'sms', 'ok_to_text', 'okToText', 'agree_to_text', 'accepts_sms', 'sms_permission'],
	],
	[
		'consentCall',
		0,
		['call_consent', 'callConsent', 'phone_consent', 'phoneConsent', 'call_opt_in', 'callOptIn', 'consent_call', 'consentCall', 'ok_to_call', 'okToCall', 'agree_to_call', 'voice_consent'],
	],
	['consentEmail', 0, ['email_consent', 'emailConsent', 'email_opt_in', 'emailOptIn', 'consent_email', 'consentEmail', 'ok_to_email', 'okToEmail', 'newsletter_opt_in', 'subscribe']],
	['consentVoice', 0, ['prerecorded_consent', 'prerecordedConsent', 'prerecorded_voice', 'prerecordedVoice', 'prerecordedVoiceConsent', 'artificial_voice_consent', 'robocall_consent', 'ai_voice_consent', 'autodialer_consent']],
	[
		'consentText',
		0,
		['consent_text', 'consentText', 'tcpa_text', 'tcpaText', 'tcpa_language', 'tcpaLanguage', 'tcpa_disclosure', 'tcpaDisclosure', 'consent_language', 'consentLanguage', 'disclosure', 'disclosure_text', 'consent_wording', 'tcpa_statement'],
	],
	['timeZone', 0, ['timeZone', 'time_zone', 'timezone', 'tz', 'lead_timezone', 'local_timezone', 'timezone_name', 'time_zone_name', 'user_timezone']],
	[
		'consentCapturedAt',
		0,
		['consent_captured_at', 'consentCapturedAt', 'consent_timestamp', 'consentTimestamp', 'consent_date', 'consentDate', 'consent_time', 'tcpa_timestamp', 'tcpaTimestamp', 'tcpa_date', 'opt_in_date', 'optInDate', 'opt_in_timestamp', 'optin_date', 'consented_at', 'consentedAt'],
	],
];

export const ALIASES: ReadonlyMap<string, Alias> = (() => {
	const map = new Map<string, Alias>();
	for (const [target, rank, names] of TABLE) {
		for (const name of names) {
			const key = normalizeKey(name);
			if (!map.has(key)) map.set(key, { target, rank });
		}
	}
	return map;
})();

/**
 * Question-style keys (Facebook custom questions, form builders): "when_are_you_looking_to_buy?",
 * "What is your timeframe", "Do you agree to receive texts (TCPA)". Ranked after exact aliases.
 */
export function aliasByContent(key: string): Alias | undefined {
	if (/timeline|timeframe|whenareyou|whendoyou|howsoon|whenwouldyou|whenisyour|whenplan/.test(key)) {
		return { target: 'timeline', rank: 5 };
	}
	if (/consent|optin|tcpa|agreeto|iagree/.test(key)) {
		// "I agree to the terms", "agree_to_privacy_policy": an agreement, not consent to be contacted.
		if (isTermsAgreement(key)) return undefined;
		if (/prerecord|artificial|robocall|aivoice/.test(key)) return { target: 'consentVoice', rank: 5 };
		if (/text$|language|disclosure|wording|statement/.test(key) && !/sms|texts|texting|textmessage/.test(key)) {
			return { target: 'consentText', rank: 5 };
		}
		if (/sms|text/.test(key)) return { target: 'consentSms', rank: 5 };
		if (/email/.test(key)) return { target: 'consentEmail', rank: 5 };
		if (/call|phone/.test(key)) return { target: 'consentCall', rank: 5 };
		if (/date|time|at$/.test(key)) return { target: 'consentCapturedAt', rank: 5 };
		return { target: 'consentAll', rank: 5 };
	}
	if (/loanpurpose|purposeof|loantype|buyorrefi|purchaseorrefi|refinanceorpurchase|lookingtobuyorrefi|typeofloan|whattypeof/.test(key)) {
		return { target: 'loanPurpose', rank: 5 };
	}
	if (/phone|mobile|cell/.test(key) && !/consent|ok|type|ext/.test(key)) return { target: 'phone', rank: 4 };
	if (/email/.test(key) && !/consent|optin|type/.test(key)) return { target: 'email', rank: 4 };
	return undefined;
}

/**
 * A key for agreeing to terms, a privacy policy or conditions, or a bare "I agree" naming no
 * channel and no TCPA consent: never consent to texts or calls.
 */
export function isTermsAgreement(normalizedKey: string): boolean {
	if (/sms|text|call|phone|email|voice|contact|tcpa|marketing/.test(normalizedKey)) return false;
	if (/terms|privacy|policy|conditions|tos$|eula|rules/.test(normalizedKey)) return true;
	return /^(?:i?agree[ds]?|iagreeto\w*|agreeto\w*|accept\w*)$/.test(normalizedKey) && !/consent|optin/.test(normalizedKey);
}

/** How a nested object's fields are read. */
export type ContainerRole =
	/** The lead person: contact, borrower, sender (Zillow), applicant (LendingTree)... */
	| 'person'
	/** Property, address, loan, details: their state/zip/purpose fields describe the lead. */
	| 'about'
	/** Someone else: the loan officer, agent, co-borrower. Never mapped, kept in `extra`. */
	| 'other'
	/** A referral partner object: only its id is read (as partnerId). */
	| 'partner';

const CONTAINERS = new Map<string, ContainerRole>();
for (const key of ['contact', 'borrower', 'primaryborrower', 'applicant', 'primaryapplicant', 'sender', 'lead', 'customer', 'consumer', 'person', 'prospect', 'client', 'buyer', 'personalinfo', 'contactinfo', 'contactinformation', 'borrowerinfo', 'data', 'request', 'payload', 'body', 'fields', 'formdata', 'form', 'answers', 'submission', 'attributes', 'record', 'entry', 'leadinfo', 'leaddata', 'lendingtreeaffiliaterequest', 'lendingtreerequest', 'qfdata', 'consumerinfo', 'name']) {
	CONTAINERS.set(key, 'person');
}
for (const key of ['property', 'subjectproperty', 'propertyinfo', 'address', 'homeaddress', 'currentaddress', 'mailingaddress', 'location', 'residence', 'home', 'loan', 'loanrequest', 'loaninfo', 'loandetails', 'mortgage', 'details', 'quote', 'questions', 'consent', 'tcpa', 'consents', 'preferences', 'optins', 'timing', 'tracking', 'meta', 'metadata', 'source', 'leadsource']) {
	CONTAINERS.set(key, 'about');
}
for (const key of ['recipient', 'agent', 'loanofficer', 'lo', 'lender', 'realtor', 'coborrower', 'coapplicant', 'cobuyer', 'spouse', 'listingagent', 'buyersagent', 'buyeragent', 'sellersagent', 'team', 'owner', 'assignee', 'assignedto', 'broker', 'company', 'account', 'page', 'advertiser', 'listing']) {
	CONTAINERS.set(key, 'other');
}
for (const key of ['partner', 'referralpartner', 'referrer', 'referredby', 'referringagent', 'referral']) {
	CONTAINERS.set(key, 'partner');
}

/** Objects of consent flags: `consent: { sms: true, call: "yes", text: "...", capturedAt }`. */
export const CONSENT_CONTAINERS: ReadonlySet<string> = new Set(['consent', 'consents', 'tcpa', 'tcpaconsent', 'optins', 'optin', 'preferences', 'permissions', 'contactpreferences', 'communicationpreferences']);

const CONSENT_INNER: ReadonlyMap<string, Target> = new Map<string, Target>([
	['sms', 'consentSms'], ['text', 'consentSms'], ['texts', 'consentSms'], ['textmessage', 'consentSms'], ['textmessages', 'consentSms'],
	['call', 'consentCall'], ['calls', 'consentCall'], ['phone', 'consentCall'], ['voice', 'consentCall'],
	['email', 'consentEmail'], ['emails', 'consentEmail'],
	['prerecordedvoice', 'consentVoice'], ['prerecorded', 'consentVoice'], ['artificialvoice', 'consentVoice'], ['aivoice', 'consentVoice'], ['robocall', 'consentVoice'],
	['given', 'consentAll'], ['granted', 'consentAll'], ['agreed', 'consentAll'], ['accepted', 'consentAll'], ['value', 'consentAll'], ['checked', 'consentAll'], ['ischecked', 'consentAll'], ['optin', 'consentAll'],
	['wording', 'consentText'], ['language', 'consentText'], ['disclosure', 'consentText'], ['statement', 'consentText'], ['consenttext', 'consentText'],
	['capturedat', 'consentCapturedAt'], ['timestamp', 'consentCapturedAt'], ['date', 'consentCapturedAt'], ['at', 'consentCapturedAt'], ['time', 'consentCapturedAt'], ['createdat', 'consentCapturedAt'],
]);

/** A field inside a consent object: "sms", "call", "text" (the flag for texts), "capturedAt"... */
export function consentAlias(normalizedKey: string): Alias | undefined {
	const target = CONSENT_INNER.get(normalizedKey);
	if (target !== undefined) return { target, rank: 0 };
	if (isTermsAgreement(normalizedKey)) return undefined;
	const alias = ALIASES.get(normalizedKey) ?? aliasByContent(normalizedKey);
	return alias !== undefined && alias.target.startsWith('consent') ? alias : undefined;
}

export function containerRole(normalizedKey: string): ContainerRole {
	return CONTAINERS.get(normalizedKey) ?? 'about';
}
