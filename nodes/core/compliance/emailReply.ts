/**
 * An email reply as the lead wrote it: mail apps quote the message being answered below (or above)
 * the reply, and that quote is our own words ("reply STOP to opt out", the unsubscribe footer), not
 * the lead's. The reply's own text is what comes before the first quote marker.
 */

/** Lines that start the quoted original in the common mail apps (Gmail, Apple Mail, Outlook). */
const QUOTE_STARTS: readonly RegExp[] = [
	/^On .{1,300}wrote:\s*$/, // Gmail, Apple Mail (may wrap onto two lines: see below)
	/^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
	/^_{10,}\s*$/, // Outlook's rule above "From: ..."
	/^From: .+$/, // Outlook's header block
	/^Sent from my \w+/i, // mobile signature
	/^-- ?$/, // signature separator
];

/** The lead's own words in an email reply: quoted lines and everything from the quoted original on left out. */
export function emailReplyText(text: unknown): string {
	const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
	const own: string[] = [];
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index].trimEnd();
		// "On Tue, Dec 1, 2026 at 10:00 AM Jordan <jordan@...>" wrapped before "wrote:".
		if (/^On .{1,200}$/.test(line) && /^(?:.{0,100}\s)?wrote:\s*$/.test(lines[index + 1] ?? '')) break;
		if (QUOTE_STARTS.some((start) => start.test(line))) break;
		if (line.startsWith('>')) continue;
		own.push(line);
	}
	return own.join('\n').trim();
}

/** The address in a From header ("Maria Lopez <maria@example.com>" -> maria@example.com), lower-cased; null if none. */
export function emailAddressOf(from: unknown): string | null {
	const text = String(from ?? '');
	const match = /<([^<>\s]+@[^<>\s]+)>/.exec(text) ?? /([^\s<>"',;:]+@[^\s<>"',;:]+\.[^\s<>"',;:]+)/.exec(text);
	return match ? match[1].toLowerCase() : null;
}
