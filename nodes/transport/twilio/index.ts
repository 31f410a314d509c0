export { openTwilioSession, noAnswerOf, TwilioNoAnswer, TWILIO_API_ROOT, TWILIO_CREDENTIAL, type TwilioAnswer, type TwilioContext, type TwilioCredentials, type TwilioApi, type TwilioSession, type TwilioSessionOptions } from './session';
export { backoffOf, repeatableCall, refusalOfAnswer, TwilioCallError, type Backoff, type RefusedText, type RetryPolicy } from './retry';
export { outcomeOf, TWILIO_ERROR_OUTCOMES, type OutcomeRule, type TwilioOutcome } from './errors';
export { findSentText, recentTexts, sendText, textsSentFrom, type RecentText, type SentText, type TextRequest } from './messages';
export { findIncomingNumber, listIncomingNumbers, setSmsWebhook, type IncomingNumber } from './phoneNumbers';
export { isTwilioSignatureValid, twilioSignature, type SignedParams } from './signature';
export { lineTypeOf, messagingServices, type MessagingService } from './services';
