/**
 * The compliance gate's library API: consent, quiet hours, Sundays, holidays and caps as data
 * (strictest wins), reply classification and email content checks. Pure: time is a parameter.
 */
export {
	checkTouch,
	CONFIRMATION_WINDOW_MS,
	CONSENT_GIVEN_VALUES,
	consentGiven,
	decideTouch,
	NOT_OPTED_OUT_VALUES,
	optedOut,
	type CheckTouchInput,
	type CheckTouchResult,
	type ComplianceLead,
	type ComplianceVerdict,
	type Flag,
	type HistoryTouch,
	type TouchDecision,
} from './checkTouch';
export { ComplianceInputError } from './calendar';
export {
	AUTOMATED_VOICE_RULES,
	FEDERAL_RULE,
	RULE_VERSIONS,
	STATE_RULES,
	UNVERIFIED_STATE_RULES,
	type CallingRule,
	type PhoneChannel,
	type PolicyOverrides,
} from './rules';
export { HOLIDAYS, holidayDates, easterSunday, type HolidayDate, type HolidayRow } from './holidays';
export {
	AREA_CODE_STATES,
	areaCodeOwner,
	NON_US_AREA_CODES,
	NON_US_NANP_COUNTRIES,
	stateForAreaCode,
	US_NON_GEOGRAPHIC_CODES,
	type NanpCountry,
	type NanpOwner,
} from './areaCodes';
export { locateLead, type LeadLocation } from './location';
export { classifyReply, REPLY_KEYWORDS, type ReplyIntent } from './replies';
export { replyConsent, replyKindOf, type LeadReply, type ReplyChannel, type ReplyConsentEffect, type ReplyKind, type ReplyReading } from './replyConsent';
export {
	checkEmailContent,
	checkTextContent,
	DECEPTIVE_SUBJECT_MARKERS,
	type ContentCheck,
	type ContentOptions,
	type ContentProblem,
	type EmailContent,
} from './content';
export { complianceLeadFrom, historyFromTouches, isFirstWrittenMessage } from './records';
export {
	emailKey,
	personConsent,
	personKeyFor,
	personStateFrom,
	phoneKey,
	trackerPersonOf,
	withPersonOptOut,
	PERSON_CHANNELS,
	PERSON_KEY_OF,
	type ConsentLogEntry,
	type PersonChannel,
	type PersonConsent,
	type PersonConsentState,
	type PersonRow,
} from './personConsent';
export {
	CAN_SPAM_OPT_OUT_DAYS,
	UNSUBSCRIBE_ACTION,
	UNSUBSCRIBE_LINK_DAYS,
	makeUnsubscribeLink,
	unsubscribeLinksIn,
	verifyUnsubscribeLink,
	type FoundLink,
} from './unsubscribeLink';
export { emailAddressOf, emailReplyText } from './emailReply';
