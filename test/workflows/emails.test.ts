/**
 * Issue 14 item 1 for the emails the workflow templates build with n8n expressions: whatever a
 * lead source, a borrower's reply, a partner row or an error message puts into the item, the
 * email n8n's own expression engine renders from it carries no control character, NUL or bidi
 * override. Every Send Email node of workflows/*.json is rendered from an item whose every field
 * the expression reads holds hostile text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workflow, type INode, type INodeExecutionData, type INodeTypes, type IDataObject } from 'n8n-workflow';
import { hasUnsafeCharacters } from '../../nodes/core/safeText';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');
const HOSTILE = 'Ann\u0000\u0007\u001b[31m\u0085 \u202Elive.example\u202C \u2066x\u2069\u200F\u061C\u000B {{firstName}}';
const EMAIL_FIELDS = ['toEmail', 'subject', 'text', 'html'];

interface EmailNode {
	file: string;
	node: INode;
}

function emailNodes(): EmailNode[] {
	return readdirSync(WORKFLOWS)
		.filter((file) => file.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { nodes: INode[] };
			return workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.emailSend').map((node) => ({ file, node }));
		});
}

/**
 * Another node's output (`$('Your details').first().json.x`) is read as the item's own here: the
 * test has no earlier nodes, and what matters is that the value, wherever from, is cleaned.
 */
const asItem = (expression: string) => expression.replace(/\$\((['"])[^'"]+\1\)\.(?:first\(\)|last\(\)|item)\.json/g, '$json');

/** An item where every `$json.a.b` the expression reads is `text` (a method call's target stays text). */
function itemFor(expression: string, text: string): IDataObject {
	const item: IDataObject = {};
	for (const match of expression.matchAll(/\$json((?:\.[A-Za-z_]\w*)+)/g)) {
		let names = match[1].slice(1).split('.');
		if (expression[(match.index ?? 0) + match[0].length] === '(') names = names.slice(0, -1);
		let target = item;
		names.forEach((name, index) => {
			if (index === names.length - 1) {
				if (typeof target[name] !== 'object') target[name] = text;
			} else {
				if (typeof target[name] !== 'object' || target[name] === null) target[name] = {};
				target = target[name] as IDataObject;
			}
		});
	}
	return item;
}

const nodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as never,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as never,
	getKnownTypes: () => ({}),
};

function render({ node }: EmailNode, field: string, text: string): string {
	const value = asItem(String(node.parameters[field] ?? ''));
	// The Workflow drops parameters its (empty) node type does not declare: give it a copy.
	const workflow = new Workflow({ id: 'emails', nodes: [structuredClone(node)], connections: {}, active: false, nodeTypes });
	const input: INodeExecutionData[] = [{ json: itemFor(value, text) }];
	return String(workflow.expression.getParameterValue(value, null, 0, 0, node.name, input, 'manual', {}) ?? '');
}

const cases = emailNodes().flatMap((email) =>
	EMAIL_FIELDS.filter((field) => typeof email.node.parameters[field] === 'string' && String(email.node.parameters[field]).includes('$json')).map(
		(field) => [`${email.file} "${email.node.name}" ${field}`, email, field] as const,
	),
);

describe('emails the workflow templates build', () => {
	it('the templates have Send Email nodes to check', () => {
		expect(cases.length).toBeGreaterThan(10);
	});

	it.each(cases.filter(([, , field]) => field !== 'toEmail'))('%s: hostile item data renders without control, NUL or bidi characters', (_name, email, field) => {
		const rendered = render(email, field, HOSTILE);
		expect(hasUnsafeCharacters(rendered)).toBe(false);
		// Where the item's text shows in the email, the hostile text shows too, cleaned, not dropped.
		if (render(email, field, 'Ann plain').includes('Ann plain')) expect(rendered).toContain('live.example');
	});
});
