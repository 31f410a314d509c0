import type { RunOptions } from './lock';

/**
 * Tracker writes that arrive in one n8n process while the same kind of write to the same tracker is
 * under way (a burst of lead webhooks, a queue-mode worker's concurrent jobs) wait for it and then
 * go together: one lock cycle, one read and one write for all of them, instead of one each queued
 * behind the lock. A burst of 200 leads then costs Google a few dozen requests instead of ~1,600,
 * which under the 60-writes-a-minute quota is the difference between seconds and half an hour.
 *
 * Each run gets the results of its own records, in order, as if it had written alone after the
 * runs before it (a lead saved by an earlier run in the group comes back "updated", not "created").
 * If the shared write fails, every run in the group fails with that error; the writes are
 * idempotent, so running any of them again is safe. Other processes are kept apart by the lock.
 */
export type TrackerWrite<In, Out> = (records: In[], options: RunOptions) => Promise<Out[]>;

interface Member<Out> {
	from: number;
	count: number;
	holder?: string;
	resolve(results: Out[]): void;
	reject(error: unknown): void;
}

interface Group<In, Out> {
	write: TrackerWrite<In, Out>;
	records: In[];
	options: RunOptions[];
	members: Array<Member<Out>>;
}

/** Per key: absent when idle, null while a write runs with nobody waiting, else the group waiting. */
const waiting = new Map<string, Group<unknown, unknown> | null>();

/**
 * Writes `records` with `write`, together with the other runs of the same `key` that arrive while
 * one is writing. The key names the write and the tracker as seen by one Google account, e.g.
 * "upsertLeads|<spreadsheet>|<account>|<endpoint>|live".
 */
export async function writeTogether<In, Out>(key: string, records: In[], options: RunOptions, write: TrackerWrite<In, Out>): Promise<Out[]> {
	if (!waiting.has(key)) {
		waiting.set(key, null);
		try {
			return await write(records, options);
		} finally {
			startNext(key);
		}
	}
	return new Promise<Out[]>((resolve, reject) => {
		let group = waiting.get(key) as Group<In, Out> | null | undefined;
		if (!group) {
			group = { write, records: [], options: [], members: [] };
			waiting.set(key, group as Group<unknown, unknown>);
		}
		group.members.push({ from: group.records.length, count: records.length, holder: options.lock?.holder, resolve, reject });
		for (const record of records) group.records.push(record);
		group.options.push(options);
	});
}

function startNext(key: string): void {
	const group = waiting.get(key);
	if (!group) {
		waiting.delete(key);
		return;
	}
	waiting.set(key, null);
	group.write(group.records, optionsOf(group)).then(
		(results) => {
			for (const member of group.members) member.resolve(results.slice(member.from, member.from + member.count));
		},
		(error: unknown) => {
			for (const member of group.members) member.reject(error);
		},
	).finally(() => startNext(key));
}

/** The group writes at the latest of its runs' clocks, under the first run's lock settings, naming every run. */
function optionsOf(group: Group<unknown, unknown>): RunOptions {
	const [first] = group.options;
	const now = group.options.reduce((latest, o) => (Date.parse(o.now) > Date.parse(latest) ? o.now : latest), first.now);
	const holders = group.members.map((m) => m.holder).filter((h): h is string => !!h);
	const holder = holders.length > 1 ? `${holders[0]} and ${holders.length - 1} more run${holders.length > 2 ? 's' : ''} written together` : holders[0];
	return { ...first, now, lock: { ...first.lock, ...(holder ? { holder } : {}) } };
}
