/**
 * Shared by the install and scan checks: builds the pack (unless told not to) and packs it with
 * `npm pack` into a folder, as it would be published.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withDistLock } from '../../sandbox/distLock';

export const projectDir = path.resolve(__dirname, '..', '..');

/** Built and packed under the checkout's dist lock: a sandbox stack building meanwhile waits. */
export function packTarball(outDir: string, options: { build?: boolean } = {}): string {
	return withDistLock(projectDir, () => buildAndPack(outDir, options));
}

function buildAndPack(outDir: string, options: { build?: boolean }): string {
	if (options.build ?? !process.argv.includes('--no-build')) {
		process.stderr.write('building (npm run build)...\n');
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: projectDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const [packed] = JSON.parse(output) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
	process.stderr.write(
		`packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked\n`,
	);
	return path.join(outDir, path.basename(packed.filename));
}
