import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a webhook receiver got: the form it carried and its headers. */
export interface ReceivedPost {
	path: string;
	params: Record<string, string>;
	headers: http.IncomingHttpHeaders;
}

/**
 * A tiny HTTP server standing where n8n's webhook would be: records every form POST and answers
 * with the status `answer` chooses (200 by default).
 */
export async function startReceiver(answer: (post: ReceivedPost) => number = () => 200): Promise<{
	url: string;
	posts: ReceivedPost[];
	close(): Promise<void>;
}> {
	const posts: ReceivedPost[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
			const post = { path: req.url ?? '/', params, headers: req.headers };
			posts.push(post);
			res.writeHead(answer(post), { 'Content-Type': 'text/xml' });
			res.end('<Response/>');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		posts,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
