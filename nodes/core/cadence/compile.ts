import type { FieldError } from '../lead';
import { CHANNELS, type Channel } from '../touch';
import { parseDuration, type CalendarDuration } from './calendar';
import { MERGE_FIELDS, isMergeField, mergeFieldsIn } from './template';
import {
	CADENCE_ANCHORS,
	CADENCE_AUDIENCES,
	type CadenceAnchor,
	type CadenceAudience,
	type CadencePurpose,
	type CadenceStep,
} from './types';

/** Repeat k of step s is logged as step s + REPEAT_STRIDE·k, so steps stay 1..99. */
export const REPEAT_STRIDE = 100;

/** One checked cadence row, with its durations parsed once. */
export interface CompiledStep {
	cadenceId: string;
	step: number;
	offset: CalendarDuration;
	repeatEvery: CalendarDuration | null;
	channel: Channel;
	purpose: CadencePurpose;
	anchor: CadenceAnchor;
	audience: CadenceAudience;
	template: string;
	label: string | null;
	/** `:${cadenceId}:${step}`, the end of this step's touchId. */
	idSuffix: string;
}

export interface CompiledCadence {
	cadenceId: string;
	/** In order of offset (then step number). */
	steps: CompiledStep[];
	/** A cadence with a repeating step never finishes. */
	repeats: boolean;
}

export interface CompiledTable {
	cadences: Map<string, CompiledCadence>;
	problems: FieldError[];
}

const compiledTables = new WeakMap<readonly CadenceStep[], CompiledTable>();

/**
 * Checks the cadence table (the Cadences tab) and indexes it by cadenceId. A bad row is left out
 * and reported with its row number and field; the rest of the table still runs.
 */
export function compileCadences(rows: readonly CadenceStep[]): CompiledTable {
	const cached = compiledTables.get(rows);
	if (cached) return cached;
	const cadences = new Map<string, CompiledCadence>();
	const problems: FieldError[] = [];
	const seen = new Set<string>();
	rows.forEach((row, index) => {
		const where = `cadences[${index}]`;
		const rowProblems: FieldError[] = [];
		const problem = (field: string, message: string) => rowProblems.push({ field: `${where}.${field}`, message });
		if (row === null || typeof row !== 'object') {
			problems.push({ field: where, message: 'is not a cadence row' });
			return;
		}
		const cadenceId = typeof row.cadenceId === 'string' ? row.cadenceId.trim() : '';
		if (cadenceId === '') problem('cadenceId', 'is empty');
		const step = Number(row.step);
		if (!Number.isInteger(step) || step < 1 || step >= REPEAT_STRIDE) {
			problem('step', `must be a whole number from 1 to ${REPEAT_STRIDE - 1}, got ${JSON.stringify(row.step)}`);
		}
		const offset = parseDuration(row.offset);
		if (!offset) problem('offset', `must be an ISO-8601 duration such as PT0M, PT45M, P1D or P1M, got ${JSON.stringify(row.offset)}`);
		let repeatEvery: CalendarDuration | null = null;
		if (row.repeatEvery !== undefined && row.repeatEvery !== null && String(row.repeatEvery).trim() !== '') {
			repeatEvery = parseDuration(row.repeatEvery);
			if (!repeatEvery || repeatEvery.approxMs < 3_600_000) {
				problem('repeatEvery', `must be an ISO-8601 duration of at least an hour such as P1M, got ${JSON.stringify(row.repeatEvery)}`);
				repeatEvery = null;
			}
		}
		if (!CHANNELS.includes(row.channel)) problem('channel', `must be one of ${CHANNELS.join(', ')}, got ${JSON.stringify(row.channel)}`);
		if (row.purpose !== 'marketing' && row.purpose !== 'transactional') {
			problem('purpose', `must be marketing or transactional, got ${JSON.stringify(row.purpose)}`);
		}
		const anchor = (row.anchor ?? 'enrolment') as CadenceAnchor;
		if (!CADENCE_ANCHORS.includes(anchor)) problem('anchor', `must be one of ${CADENCE_ANCHORS.join(', ')}, got ${JSON.stringify(row.anchor)}`);
		const audience = (row.audience ?? 'lead') as CadenceAudience;
		if (!CADENCE_AUDIENCES.includes(audience)) {
			problem('audience', `must be one of ${CADENCE_AUDIENCES.join(', ')}, got ${JSON.stringify(row.audience)}`);
		}
		if (typeof row.template !== 'string' || row.template.trim() === '') {
			problem('template', 'is empty');
		} else {
			// A typo in a merge field is reported but keeps the step: renderTemplate reports it again at send time.
			const unknown = mergeFieldsIn(row.template).filter((name) => !isMergeField(name));
			if (unknown.length > 0) {
				problems.push({
					field: `${where}.template`,
					message: `uses unknown merge field(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}; known: ${MERGE_FIELDS.join(', ')}`,
				});
			}
		}
		const key = `${cadenceId}#${step}`;
		if (rowProblems.length === 0 && seen.has(key)) problem('step', `step ${step} appears twice in cadence "${cadenceId}"`);
		if (rowProblems.length > 0) {
			problems.push(...rowProblems);
			return;
		}
		seen.add(key);
		let cadence = cadences.get(cadenceId);
		if (!cadence) {
			cadence = { cadenceId, steps: [], repeats: false };
			cadences.set(cadenceId, cadence);
		}
		cadence.steps.push({
			cadenceId,
			step,
			offset: offset as CalendarDuration,
			repeatEvery,
			channel: row.channel,
			purpose: row.purpose,
			anchor,
			audience,
			template: row.template,
			label: row.label ?? null,
			idSuffix: `:${cadenceId}:${step}`,
		});
		if (repeatEvery || anchor === 'birthday') cadence.repeats = true;
	});
	for (const cadence of cadences.values()) {
		cadence.steps.sort((a, b) => a.offset.approxMs - b.offset.approxMs || a.step - b.step);
	}
	const table = { cadences, problems };
	compiledTables.set(rows, table);
	return table;
}
