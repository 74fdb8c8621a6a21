// SPDX-License-Identifier: MIT
// Stream fan-out: N clients on /v1/stream; for each of W writes, the time
// from sending the write until every client has the event of its seq.
// Usage: node bench/daemon-fanout.js URL TOKEN CLIENTS WRITES
'use strict';
const http = require('http');

const [url, token, nClients, nWrites] = [process.argv[2], process.argv[3],
	Number(process.argv[4] || 50), Number(process.argv[5] || 100)];
const u = new URL(url);
const seen = []; // per client: highest seq received
const waiters = [];

function client(i) {
	return new Promise((resolve, reject) => {
		seen[i] = -1;
		const req = http.get({ host: u.hostname, port: u.port, path: '/v1/stream', agent: false }, (res) => {
			let buf = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => {
				buf += chunk;
				let k;
				while ((k = buf.indexOf('\n\n')) >= 0) {
					const ev = buf.slice(0, k);
					buf = buf.slice(k + 2);
					const m = /^id: (\d+)$/m.exec(ev);
					if (m) {
						seen[i] = Math.max(seen[i], Number(m[1]));
						if (seen[i] >= 0) resolve();
						check();
					}
				}
			});
		});
		req.on('error', reject);
	});
}

function check() {
	const min = Math.min(...seen);
	for (let j = waiters.length - 1; j >= 0; j--) {
		if (min >= waiters[j].seq) {
			waiters[j].resolve();
			waiters.splice(j, 1);
		}
	}
}

function post() {
	return new Promise((resolve, reject) => {
		const body = '{"category":"A"}';
		const req = http.request({ host: u.hostname, port: u.port, path: '/v1/tickets', method: 'POST',
			headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(body) } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
		req.end(body);
	});
}

async function status() {
	const res = await fetch(url + '/v1/status');
	return (await res.json()).seq;
}

function pct(a, p) {
	const s = [...a].sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
}

async function main() {
	await Promise.all(Array.from({ length: nClients }, (_, i) => client(i)));
	const times = [];
	for (let w = 0; w < nWrites; w++) {
		const seq = (await status()) + 1;
		const t0 = process.hrtime.bigint();
		const all = new Promise((resolve) => waiters.push({ seq, resolve }));
		const code = await post();
		if (code !== 201) throw new Error('write answered ' + code);
		check();
		await all;
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	console.log(`fan-out to ${nClients} clients, ${nWrites} writes: write sent -> every client has it: ` +
		`p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`);
	process.exit(0);
}

main().catch((e) => {
	console.error('FAIL: ' + e.message);
	process.exit(1);
});
