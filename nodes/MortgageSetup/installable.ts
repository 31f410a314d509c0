/**
 * A shipped workflow template (workflows/*.json) made ready for one LO's n8n, as the setup
 * workflow installs it through n8n's API and the sandbox imports it: credentials bound by type,
 * the error workflow set, and the LO's email typed into the few email nodes that must work without
 * the tracker (the rejected-lead alert, the error alert). Everything else about the LO comes from
 * the tracker's Settings tab at run time. Pure: no n8n imports, so the sandbox uses it too.
 */

export interface TemplateNode {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string }>;
	[more: string]: unknown;
}

export interface WorkflowTemplate {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[more: string]: unknown;
}

export interface InstallOptions {
	/**
	 * The LO's credentials (what the setup workflow's own nodes use, and the secrets it made): a
	 * template's credential is bound to the one of its type with the same name, else to the only
	 * one of its type; left as it is when that is ambiguous.
	 */
	credentials?: Array<{ id: string; name: string; type: string }>;
	/** The id of "Mortgage: error alerts" in this n8n, set as every other workflow's Error workflow. */
	errorWorkflowId?: string;
	/** The LO's email, for email nodes the template leaves empty. */
	loEmail?: string;
	/** Parameters every node of this pack gets (the sandbox's hidden stand-in addresses; none in a user's n8n). */
	packNodeParameters?: Record<string, unknown>;
}

const PACK_NODE_PREFIX = 'n8n-nodes-mortgage-followup.';

const EMAIL_NODE = 'n8n-nodes-base.emailSend';

/** The template with the LO's email in its empty email fields (fromEmail, toEmail). */
export function withLoEmail<T extends { nodes: Array<{ type: string; parameters?: Record<string, unknown> }> }>(workflow: T, loEmail: string): T {
	if (!loEmail) return workflow;
	for (const node of workflow.nodes) {
		if (node.type !== EMAIL_NODE || !node.parameters) continue;
		for (const field of ['fromEmail', 'toEmail']) if (node.parameters[field] === '') node.parameters[field] = loEmail;
	}
	return workflow;
}

/**
 * What n8n's public API accepts to create the workflow (name, nodes, connections, settings;
 * anything else is refused), bound to this n8n. The template is not changed.
 */
export function installable(template: WorkflowTemplate, options: InstallOptions = {}): { name: string; nodes: TemplateNode[]; connections: Record<string, unknown>; settings: Record<string, unknown> } {
	const copy = JSON.parse(JSON.stringify(template)) as WorkflowTemplate;
	withLoEmail(copy, options.loEmail ?? '');
	const known = options.credentials ?? [];
	for (const node of copy.nodes) {
		if (options.packNodeParameters && node.type.startsWith(PACK_NODE_PREFIX)) node.parameters = { ...node.parameters, ...options.packNodeParameters };
		for (const [type, wanted] of Object.entries(node.credentials ?? {})) {
			const ofType = known.filter((c) => c.type === type);
			const credential = ofType.find((c) => c.name === wanted.name) ?? (ofType.length === 1 ? ofType[0] : undefined);
			if (credential) node.credentials![type] = { id: credential.id, name: credential.name };
		}
	}
	const settings: Record<string, unknown> = { ...(copy.settings ?? {}) };
	const isErrorWorkflow = copy.nodes.some((node) => node.type === 'n8n-nodes-base.errorTrigger');
	if (options.errorWorkflowId && !isErrorWorkflow) settings.errorWorkflow = options.errorWorkflowId;
	return { name: copy.name, nodes: copy.nodes, connections: copy.connections, settings };
}

/** A workflow as n8n's API lists it (only what finding an installed template needs). */
export interface ListedWorkflow {
	id?: unknown;
	name?: unknown;
	nodes?: unknown;
	[more: string]: unknown;
}

/**
 * The installed copy of a template in this n8n, if any: the workflow with its name, or one that
 * carries a node of the template (node ids are kept on install), so a renamed copy still counts.
 * What a second setup run keeps instead of installing the template twice. Archived copies (n8n
 * 2.x) do not count.
 */
export function findInstalled<T extends ListedWorkflow>(template: WorkflowTemplate, workflows: readonly T[]): T | undefined {
	const ids = new Set(template.nodes.map((node) => node.id).filter((id): id is string => typeof id === 'string' && id !== ''));
	// n8n 2.x lists archived workflows too: an archived copy is not an installed one.
	workflows = workflows.filter((w) => w.isArchived !== true);
	return (
		workflows.find((w) => w.name === template.name) ??
		workflows.find((w) => Array.isArray(w.nodes) && (w.nodes as Array<{ id?: unknown }>).some((node) => typeof node.id === 'string' && ids.has(node.id)))
	);
}
