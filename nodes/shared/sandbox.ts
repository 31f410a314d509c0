/**
 * The one way sandbox-only settings reach the nodes: a hidden node parameter that only the local
 * sandbox's workflows set (sandbox/workflowsForSandbox.ts writes it on every pack node). In a
 * user's n8n it is always empty, so the nodes talk to Google and Twilio and read the real clock.
 *
 * No environment variables and no files: n8n Cloud runs community nodes without either, and the
 * same workflow JSON then behaves the same in every n8n the sandbox starts (1.x, 2.x, queue mode).
 */
import type { INode, INodeProperties } from 'n8n-workflow';

/** Name of the hidden parameter; its value is a JSON object of SandboxSettings. */
export const SANDBOX_PARAMETER = 'sandbox';

/** Spread into every node description's properties (`properties: [...rest, sandboxProperty]`). */
export const sandboxProperty: INodeProperties = {
	displayName: 'Sandbox',
	name: SANDBOX_PARAMETER,
	type: 'hidden',
	default: '',
	description: 'Set only by the local sandbox: the stand-in addresses and the sandbox clock',
};

export interface SandboxSettings {
	/** Root of the Google stand-in (Sheets /v4, Drive /drive/v3, /token), no trailing slash. */
	googleRoot?: string;
	/** Root of the Twilio stand-in (/2010-04-01/...), no trailing slash. */
	twilioRoot?: string;
	/** GET answers `{ offsetMs }`: how far the sandbox clock is ahead of real time. */
	clockUrl?: string;
}

const KEYS = ['googleRoot', 'twilioRoot', 'clockUrl'] as const;

/**
 * The sandbox settings of the running node; `{}` in a user's n8n. Read from the node itself (not
 * getNodeParameter) so it works the same in execute, webhook, hook and load-options contexts and
 * is never evaluated as an expression. Anything that is not an http(s) address is ignored.
 */
export function sandboxSettings(ctx: { getNode(): INode }): SandboxSettings {
	const raw = ctx.getNode().parameters?.[SANDBOX_PARAMETER];
	if (raw === undefined || raw === null || raw === '') return {};
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			return {};
		}
	}
	if (typeof parsed !== 'object' || parsed === null) return {};
	const settings: SandboxSettings = {};
	for (const key of KEYS) {
		const value = (parsed as Record<string, unknown>)[key];
		if (typeof value === 'string' && /^https?:\/\/[^\s]+$/i.test(value.trim())) {
			settings[key] = value.trim().replace(/\/+$/, '');
		}
	}
	return settings;
}

/** The parameter value the sandbox writes into its workflows (the inverse of sandboxSettings). */
export function sandboxParameterValue(settings: SandboxSettings): string {
	return JSON.stringify(settings);
}
