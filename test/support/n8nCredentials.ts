/**
 * The credentials side of n8n for node tests: the pack's credential classes and n8n's own from n8n-nodes-base
 * (mortgageGoogleServiceAccountApi, mortgageGoogleSheetsOAuth2Api, mortgageTwilioApi...), their defaults applied as n8n does when it
 * decrypts a credential, and a credentials helper doing what n8n's CredentialsHelper does for
 * n8n-core's request helpers: parent types (extends), `authenticate` (a function, or the generic
 * form with `={{ $credentials... }}` expressions resolved by n8n-workflow), `preAuthentication`
 * for expirable tokens, and saving refreshed OAuth2 token data back into the test's credentials.
 */
import {
	NodeHelpers,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { existsSync } from 'node:fs';
import path from 'node:path';

const loaded = new Map<string, ICredentialType>();

/** The credential class of that type name: the pack's own (credentials/, e.g. mortgageTwilioApi), else n8n-nodes-base's (e.g. oAuth2Api). */
export function credentialType(name: string): ICredentialType {
	let type = loaded.get(name);
	if (!type) {
		const className = name.charAt(0).toUpperCase() + name.slice(1);
		// The pack's own credential types (only where n8n has none) first, then n8n-nodes-base's.
		const own = path.join(__dirname, '../../credentials', `${className}.credentials.ts`);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(existsSync(own) ? own : `n8n-nodes-base/dist/credentials/${className}.credentials.js`) as Record<string, new () => ICredentialType>;
		const Class = module[className];
		if (!Class) throw new Error(`neither the pack nor n8n-nodes-base has a credential type "${name}"`);
		type = new Class();
		loaded.set(name, type);
	}
	return type;
}

/** The type and the types it extends, nearest last (n8n's order of precedence). */
export function parentTypes(name: string): string[] {
	const parents: string[] = [];
	for (const parent of credentialType(name).extends ?? []) parents.push(...parentTypes(parent), parent);
	return parents;
}

function propertiesOf(name: string): INodeProperties[] {
	return [...parentTypes(name).flatMap((parent) => credentialType(parent).properties), ...credentialType(name).properties];
}

/** What n8n hands a node from getCredentials: the saved fields over the type's defaults (parents included). */
export function decrypted(name: string, saved: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const data: ICredentialDataDecryptedObject = {};
	for (const property of propertiesOf(name)) {
		if (property.type === 'notice') continue;
		if (property.default !== undefined && !(typeof property.default === 'string' && isExpression(property.default))) {
			data[property.name] = property.default as never;
		}
	}
	return { ...data, ...structuredClone(saved) };
}

/** A workflow holding the one node, for n8n-workflow's expression resolution. */
export function workflowFor(node: INode, nodeType: INodeType): Workflow {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	return new Workflow({ id: 'test-workflow', name: 'Test workflow', nodes: [node], connections: {}, active: false, nodeTypes });
}

/**
 * n8n's CredentialsHelper, for the methods n8n-core's request helpers call. `store` holds the
 * saved credentials by type; refreshed OAuth2 tokens are written into it, as n8n saves them.
 */
export function credentialsHelper(store: Record<string, ICredentialDataDecryptedObject>): ICredentialsHelper {
	const resolve = (value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): unknown => {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(node, value as string, 'internal', { $credentials: credentials }, undefined, '');
		return resolved ? String(resolved) : '';
	};
	const helper = {
		getParentTypes: (name: string) => parentTypes(name),
		async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions, workflow: Workflow, node: INode) {
			const type = credentialType(typeName);
			const { authenticate } = type;
			if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
			if (authenticate && typeof authenticate === 'object' && authenticate.type === 'generic') {
				requestOptions.headers = requestOptions.headers ?? {};
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				for (const [outerKey, inner] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(inner as Record<string, unknown>)) {
						target[outerKey] = target[outerKey] ?? {};
						target[outerKey][String(resolve(key, credentials, workflow, node))] = resolve(value, credentials, workflow, node);
					}
				}
			}
			return requestOptions;
		},
		async preAuthentication(helpers: unknown, credentials: ICredentialDataDecryptedObject, typeName: string, node: INode, expired: boolean) {
			const type = credentialType(typeName);
			const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
			if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
			if (credentials[expirable.name] !== '' && !expired) return undefined;
			const output = await type.preAuthentication.call(helpers as never, credentials);
			if (output[expirable.name] === undefined) return undefined;
			store[typeName] = { ...store[typeName], ...(output as ICredentialDataDecryptedObject) };
			return Object.assign(credentials, output);
		},
		async updateCredentialsOauthTokenData(_nodeCredentials: INodeCredentialsDetails, typeName: string, data: ICredentialDataDecryptedObject) {
			store[typeName] = { ...store[typeName], oauthTokenData: data.oauthTokenData };
		},
		async updateCredentials(_nodeCredentials: INodeCredentialsDetails, typeName: string, data: ICredentialDataDecryptedObject) {
			store[typeName] = { ...store[typeName], ...data };
		},
		getCredentialsProperties: (name: string) => propertiesOf(name),
		async getDecrypted(_additionalData: unknown, _nodeCredentials: INodeCredentialsDetails, typeName: string) {
			return decrypted(typeName, store[typeName] ?? {});
		},
		async getCredentials() {
			throw new Error('not used by the request helpers');
		},
	};
	return helper as unknown as ICredentialsHelper;
}

/**
 * Whether n8n would hand this credential to the node: the node declares it and its displayOptions
 * (e.g. `authentication: ['serviceAccount']`) match the node's parameters.
 */
export function nodeMayUse(nodeType: INodeType, parameters: INode['parameters'], node: INode, type: string): boolean {
	const declared = nodeType.description.credentials?.find((credential) => credential.name === type);
	if (!declared) return false;
	return NodeHelpers.displayParameter(parameters, declared, node, nodeType.description, parameters);
}
