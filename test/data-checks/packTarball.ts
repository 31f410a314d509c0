/**
 * Shared by the install and scan checks: builds the pack (unless told not to) and packs it with
 * `npm pack` into a folder, as it would be published.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const projectDir = path.resolve(__dirname, '..', '..');

export function packTarball(outDir: string, options: { build?: boolean } = {}): string {
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
