/**
 * The shipped workflows carry no placeholders (issue 16): nothing an LO must type inside a node.
 * What is theirs comes from the tracker's Settings tab at run time, or is bound at install
 * (credentials, the error workflow, the email of the alerts that must work without the tracker).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { installable, type WorkflowTemplate } from '../../../nodes/MortgageSetup/installable';

const DIR = path.join(__dirname, '../../../workflows');
const templates = readdirSync(DIR)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, text: readFileSync(path.join(DIR, file), 'utf8') }));

describe('workflow templates', () => {
	it.each(templates.map((t) => [t.file, t.text]))('%s has no placeholder to replace', (_file, text) => {
		expect(text.match(/YOUR_[A-Z_]+|YOUR NAME|YOUR-N8N-ADDRESS|you@example\.com|team-lead@example\.com/g) ?? []).toEqual([]);
	});

	it.each(templates.map((t) => [t.file, JSON.parse(t.text) as WorkflowTemplate]))('%s: tracker nodes find the tracker, SMS nodes take the identity from Settings', (_file, workflow) => {
		for (const node of workflow.nodes) {
			const p = node.parameters ?? {};
			if (/\.(mortgageLeadTracker|mortgageReferralStatus)$/.test(node.type)) expect([node.name, p.spreadsheetId ?? '']).toEqual([node.name, '']);
			if (node.type.endsWith('.mortgageSms')) {
				// Empty (the node reads Settings) or an expression reading the item's settings.
				for (const field of ['from', 'loName', 'nmlsId', 'company', 'statusCallback']) {
					expect([node.name, field, String(p[field] ?? '').replace(/^=\{\{ \$json\.settings\.\w+ \}\}$/, '')]).toEqual([node.name, field, '']);
				}
			}
		}
	});

	it('installs bound to the LO: credentials by type, the error workflow, the email of the alerts', () => {
		const speed = JSON.parse(templates.find((t) => t.file === 'speed-to-lead.json')!.text) as WorkflowTemplate;
		const ready = installable(speed, {
			credentials: [
				{ id: 'tw1', name: 'My Twilio', type: 'mortgageTwilioApi' },
				{ id: 'sm1', name: 'My email', type: 'smtp' },
				{ id: 'h1', name: 'Lead webhook secret', type: 'httpHeaderAuth' },
				{ id: 'h2', name: 'Drip run secret', type: 'httpHeaderAuth' },
			],
			errorWorkflowId: 'err1',
			loEmail: 'jordan@riverahomeloans.com',
		});
		expect(Object.keys(ready).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
		expect(ready.settings.errorWorkflow).toBe('err1');
		const rejected = ready.nodes.find((n) => n.name === 'Email me the rejected lead')!;
		expect([rejected.parameters?.fromEmail, rejected.parameters?.toEmail]).toEqual(['jordan@riverahomeloans.com', 'jordan@riverahomeloans.com']);
		expect(rejected.credentials?.smtp).toEqual({ id: 'sm1', name: 'My email' });
		const text = ready.nodes.find((n) => n.type.endsWith('.mortgageSms'))!;
		expect(Object.values(text.credentials ?? {})).toEqual([{ id: 'tw1', name: 'My Twilio' }]);
		// Several of a type: the one with the template's name.
		expect(ready.nodes.find((n) => n.name === 'New lead')!.credentials?.httpHeaderAuth).toEqual({ id: 'h1', name: 'Lead webhook secret' });
		// The template itself is unchanged.
		expect(speed.nodes.find((n) => n.name === 'Email me the rejected lead')!.parameters?.toEmail).toBe('');
	});
});
