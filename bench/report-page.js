// SPDX-License-Identifier: MIT
// Time of the console's statistics page for a date range in headless
// Chromium: the report fetched (GET /v1/report), the charts drawn, and the
// whole from navigation to the last chart, median of RUNS loads.
// Usage: node bench/report-page.js URL TOKEN FROM TO RUNS
'use strict';
const { chromium } = require('playwright-core');

const [url, token, from, to, runs] = process.argv.slice(2);

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	const fetchMs = [], drawMs = [], totalMs = [];
	let marks = 0;
	try {
		const ctx = await browser.newContext({ viewport: { width: 1024, height: 1366 } });
		await ctx.addInitScript((t) => localStorage.setItem('machiai.token', t), token);
		const page = await ctx.newPage();
		for (let i = 0; i < Number(runs); i++) {
			const t0 = Date.now();
			await page.goto(`${url}/console/stats.html?from=${from}&to=${to}`);
			await page.waitForFunction(() => document.body.dataset.drawMs !== undefined, null, { timeout: 60000 });
			totalMs.push(Date.now() - t0);
			fetchMs.push(Number(await page.evaluate(() => document.body.dataset.fetchMs)));
			drawMs.push(Number(await page.evaluate(() => document.body.dataset.drawMs)));
			marks = await page.evaluate(() => document.querySelectorAll('.chart svg *').length);
		}
	} finally {
		await browser.close();
	}
	const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
	console.log(`page: fetch ${med(fetchMs)} ms, draw ${med(drawMs)} ms, navigation to drawn ${med(totalMs)} ms ` +
		`(median of ${runs}; draw max ${Math.max(...drawMs)} ms; ${marks} SVG elements)`);
	if (Math.max(...drawMs) >= 1000) process.exit(1);
}

main().catch((e) => {
	console.error('FAIL: ' + e.message);
	process.exit(1);
});
