import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The secret that signs the pack's one-tap links (the unsubscribe link in every marketing email).
 * n8n has no credential type for a link-signing secret, so the pack defines this one. It unlocks
 * nothing by itself: whoever knows it can make links that opt leads out, so keep it as private as
 * a password, and use a credential of its own for each kind of link.
 */
export class MortgageSignedLinkApi implements ICredentialType {
	name = 'mortgageSignedLinkApi';

	displayName = 'Mortgage Signed Link Secret API';

	icon: Icon = { light: 'file:icons/signedLink.svg', dark: 'file:icons/signedLink.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/docs/compliance.md#unsubscribe-links';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. the output of: openssl rand -hex 32',
			description:
				'At least 32 random characters. The workflow that puts links in emails and the one that opens them must use the same secret. Changing it makes every link already sent stop working.',
		},
	];
}
