/**
 * The workflow templates the setup installs, bundled with the pack (the same files as
 * workflows/*.json: what an LO would import by hand). The error alerts come first: the others name
 * it as their Error workflow.
 */
import callOutcomes from '../../workflows/call-outcomes.json';
import dripCadence from '../../workflows/drip-cadence.json';
import emailReplies from '../../workflows/email-replies.json';
import errorAlerts from '../../workflows/error-alerts.json';
import referralUpdate from '../../workflows/referral-update.json';
import repliesAndStatus from '../../workflows/replies-and-status.json';
import speedToLead from '../../workflows/speed-to-lead.json';
import weeklyScoreboard from '../../workflows/weekly-scoreboard.json';
import type { WorkflowTemplate } from './installable';

export const ERROR_ALERTS = errorAlerts as unknown as WorkflowTemplate;

/**
 * Every template but the error alerts, in the order the setup installs them: every workflow an LO
 * needs. The email replies need the LO's mailbox (an IMAP credential): without one the setup
 * installs them switched off and its last page says what to do.
 */
export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [repliesAndStatus, speedToLead, dripCadence, callOutcomes, referralUpdate, weeklyScoreboard, emailReplies] as unknown as WorkflowTemplate[];

/** What the setup installs, error alerts first. */
export const ALL_TEMPLATES: WorkflowTemplate[] = [ERROR_ALERTS, ...WORKFLOW_TEMPLATES];
