export * from './referral';
export {
	applyReferralStatus,
	ReferralUpdateError,
	type ReferralChange,
	type ReferralUpdate,
} from './applyReferralStatus';
export { partnerMessage, type PartnerMessageEvent, type PartnerMessageOptions } from './partnerMessage';
export {
	PARTNER_VIEW_HEADERS,
	clientDisplayName,
	MAX_NEXT_STEP_LENGTH,
	minimizeReferral,
	nextStepFor,
	nextStepProblem,
	partnerView,
	partnerViewTable,
	type PartnerViewOptions,
	type PartnerViewRow,
} from './partnerView';
export { staleReferrals, type StaleOptions, type StaleReason, type StaleReferral } from './staleReferrals';
export { REFERRAL_COLUMNS, referralFromRow, referralToRow, typedInstant, type ReferralRowOptions, type ReferralRowResult } from './rows';
