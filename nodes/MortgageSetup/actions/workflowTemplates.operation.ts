import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { SANDBOX_PARAMETER } from '../../shared/sandbox';
import { findInstalled, installable, type ListedWorkflow } from '../installable';
import { ALL_TEMPLATES, ERROR_ALERTS, WORKFLOW_TEMPLATES } from '../templates';

const showFor = { show: { operation: ['workflowTemplates'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Which',
		name: 'which',
		type: 'options',
		default: 'errorAlerts',
		displayOptions: showFor,
		options: [
			{ name: 'The Error Alerts', value: 'errorAlerts', description: 'Installed first: the others name it as their Error workflow' },
			{ name: 'All the Others', value: 'others' },
			{ name: 'Which Are Installed', value: 'installed', description: 'From the workflows n8n lists (the input items): the pack\'s workflows found by name or by their nodes, and those missing' },
		],
	},
	{
		displayName: 'Error Workflow ID',
		name: 'errorWorkflowId',
		type: 'string',
		default: '',
		description: 'The ID n8n gave the installed error alerts',
		displayOptions: { show: { operation: ['workflowTemplates'], which: ['others'] } },
	},
	{
		displayName: 'More Credentials',
		name: 'moreCredentials',
		type: 'json',
		default: '[]',
		description: 'Credentials made by the setup (what n8n\'s "Create a credential" answers for each: its ID, name and type), bound by name',
		displayOptions: { show: { operation: ['workflowTemplates'], which: ['errorAlerts', 'others'] } },
	},
	{
		displayName: 'Your Email',
		name: 'loEmail',
		type: 'string',
		default: '',
		placeholder: 'jordan@riverahomeloans.com',
		description: 'Typed into the alerts that must work without the tracker (the error and rejected-lead emails)',
		displayOptions: { show: { operation: ['workflowTemplates'], which: ['errorAlerts', 'others'] } },
	},
];

/**
 * The bundled workflow templates ready for n8n's API ("Create a workflow"): one item per workflow
 * with `workflow` (name, nodes, connections, settings), bound to the credentials the input item's
 * workflow uses (the setup workflow itself, read through n8n's API: whatever credential its nodes
 * have of a type, the installed workflows get), with the error workflow and the LO's email.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const which = ctx.getNodeParameter('which', 0, 'errorAlerts') as string;
	if (which === 'installed') return [[{ json: installedOf(ctx.getInputData().map((item) => item.json as ListedWorkflow)), pairedItem: { item: 0 } }]];
	const errorWorkflowId = String(ctx.getNodeParameter('errorWorkflowId', 0, '') ?? '').trim();
	const loEmail = String(ctx.getNodeParameter('loEmail', 0, '') ?? '').trim();
	if (which === 'others' && !errorWorkflowId) {
		throw new NodeOperationError(ctx.getNode(), 'Error Workflow ID is empty', { description: 'Give the ID of the installed "Mortgage: error alerts" (the previous n8n node\'s output).' });
	}
	const credentials: Array<{ id: string; name: string; type: string }> = [];
	const add = (type: string, credential: { id?: string | null; name?: string } | undefined) => {
		if (credential?.id && !credentials.some((c) => c.id === credential.id && c.type === type)) credentials.push({ id: String(credential.id), name: String(credential.name ?? ''), type });
	};
	for (const item of ctx.getInputData()) {
		const nodes = Array.isArray(item.json.nodes) ? (item.json.nodes as IDataObject[]) : [];
		for (const node of nodes) for (const [type, credential] of Object.entries((node.credentials ?? {}) as Record<string, { id?: string | null; name?: string }>)) add(type, credential);
	}
	for (const [type, credential] of Object.entries(ctx.getNode().credentials ?? {})) add(type, credential);
	let more = ctx.getNodeParameter('moreCredentials', 0, '[]') as unknown;
	// A list, JSON of one, or JSON of that JSON (an expression's string through n8n's JSON field).
	for (let depth = 0; typeof more === 'string' && depth < 2; depth++) {
		try {
			more = JSON.parse(more.trim() || '[]');
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'More Credentials is not valid JSON', { description: 'A list of { id, name, type }, as n8n\'s "Create a credential" answers.' });
		}
	}
	for (const made of Array.isArray(more) ? (more as IDataObject[]) : []) add(String(made.type ?? ''), made as { id?: string; name?: string });
	const templates = which === 'errorAlerts' ? [ERROR_ALERTS] : WORKFLOW_TEMPLATES;
	// In the sandbox the installer carries the stand-ins' addresses: the installed nodes get them too.
	const sandbox = String(ctx.getNode().parameters?.[SANDBOX_PARAMETER] ?? '');
	const packNodeParameters = sandbox ? { [SANDBOX_PARAMETER]: sandbox } : undefined;
	// `credentials` (ids, names and types, no secrets): what the next Workflow Templates node takes as
	// More Credentials, its input being the installed error alerts rather than the setup workflow.
	return [
		templates.map((template) => ({
			json: { name: template.name, workflow: installable(template, { credentials, errorWorkflowId, loEmail, packNodeParameters }) as unknown as IDataObject, credentials: credentials as unknown as IDataObject[] },
			pairedItem: { item: 0 },
		})),
	];
}

/**
 * Which of the pack's workflows this n8n already has (a second run of the setup keeps them and
 * installs nothing twice), and which it lacks. One item: `installed` ({ name, id } of the copies
 * found), `missing` (template names).
 */
export function installedOf(workflows: ListedWorkflow[]): IDataObject {
	const installed: IDataObject[] = [];
	const missing: string[] = [];
	for (const template of ALL_TEMPLATES) {
		const found = findInstalled(template, workflows);
		if (found) installed.push({ template: template.name, name: String(found.name ?? ''), id: String(found.id ?? '') });
		else missing.push(template.name);
	}
	return { installed, missing };
}
