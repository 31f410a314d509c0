/**
 * The workflow templates the setup installs, bundled with the pack (the same files as
 * workflows/*.json: what an LO would import by hand). The error alerts come first: the others name
 * it as their Error workflow.
 */
import dripCadence from '../../workflows/drip-cadence.json';
import errorAlerts from '../../workflows/error-alerts.json';
import referralUpdate from '../../workflows/referral-update.json';
import repliesAndStatus from '../../workflows/replies-and-status.json';
import speedToLead from '../../workflows/speed-to-lead.json';
import weeklyScoreboard from '../../workflows/weekly-scoreboard.json';
import type { WorkflowTemplate } from './installable';

export const ERROR_ALERTS = errorAlerts as unknown as WorkflowTemplate;

/** Every template but the error alerts, in the order the setup installs them. */
export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [repliesAndStatus, speedToLead, dripCadence, referralUpdate, weeklyScoreboard] as unknown as WorkflowTemplate[];
