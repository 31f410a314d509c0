export { createTwilioClient, type TwilioClient, type TwilioCredentials } from './client';
export { TwilioRequestClient, withIdempotencyKey } from './requestClient';
export { outcomeOf, TWILIO_ERROR_OUTCOMES, type OutcomeRule, type TwilioOutcome } from './errors';
export { recentTexts, refusalOf, sendText, type RecentText, type RefusedText, type RetryPolicy, type SentText, type TextRequest } from './messages';
