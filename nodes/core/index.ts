/**
 * The library API of n8n-nodes-mortgage-followup: pure functions, no n8n, no network, no clock
 * reads (time is always a parameter). `require('n8n-nodes-mortgage-followup')` gives this module.
 */
export * from './lead';
export * from './geo';
export * from './normalize';
export * from './safeText';
export * from './touch';
export * from './scoring';
export * from './cadence';
export * from './compliance';
export * from './referral';
export * from './scoreboard';
export * from './signedLink';
export * from './callOutcome';
export * from './callTask';
