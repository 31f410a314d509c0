/**
 * The compliance gate's library API: consent, quiet hours, Sundays, holidays and caps as data
 * (strictest wins), reply classification and email content checks. Pure: time is a parameter.
 */
export {
	checkTouch,
	decideTouch,
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
	FEDERAL_RULE,
	RULE_VERSIONS,
	STATE_RULES,
	UNVERIFIED_STATE_RULES,
	type CallingRule,
	type PolicyOverrides,
} from './rules';
export { HOLIDAYS, holidayDates, easterSunday, type HolidayDate, type HolidayRow } from './holidays';
export { AREA_CODE_STATES, stateForAreaCode } from './areaCodes';
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
