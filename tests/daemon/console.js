// SPDX-License-Identifier: MIT
// The staff console in headless Chromium against a live machiaid:
// enter the token, pick a window, tap "call next", and see the number
// change on /v1/status; then recall, done, and an error shown in words.
// Usage: node tests/daemon/console.js URL SCREENSHOT_DIR
'use strict';
const { chromium } = require('playwright-core');

const [url, shots] = process.argv.slice(2);
const TOKEN = 'test-token-0123456789';

function check(what, ok, detail) {
	if (!ok) throw new Error(what + (detail !== undefined ? ': ' + JSON.stringify(detail) : ''));
	console.log('ok - ' + what);
}

async function status() {
	const res = await fetch(url + '/v1/status');
	return res.json();
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1024, height: 1366 } });
		const errors = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		await page.goto(url + '/console/');

		// first visit: the token form, nothing else to press
		await page.waitForSelector('#setup:not([hidden])');
		await page.fill('#token', TOKEN);
		await page.click('#token-form button[type=submit]');
		check('token kept in localStorage',
			(await page.evaluate(() => localStorage.getItem('machiai.token'))) === TOKEN);

		// pick window 1
		await page.waitForSelector('#pick:not([hidden]) button[data-window="1"]');
		await page.click('button[data-window="1"]');
		await page.waitForSelector('#counter:not([hidden])');
		check('window name shown', (await page.textContent('#window-name')).includes('1番窓口'));

		// the queue comes live from the stream
		await page.waitForSelector('#conn.ok');
		await page.waitForFunction(() =>
			document.querySelector('tr[data-category="A"] td[data-col="waiting"]').textContent === '3');
		check('queue shows 3 waiting in A', true);

		const before = await status();
		check('window 1 free before', before.windows[0].ticket === null, before.windows[0]);

		// tap call next
		await page.click('#btn-call');
		await page.waitForFunction(() => document.querySelector('#now-ticket').textContent === 'A-001');
		const after = await status();
		check('/v1/status: window 1 calls A-001', after.windows[0].ticket === 'A-001' &&
			after.windows[0].state === 'called', after.windows[0]);
		check('/v1/status: seq moved on', after.seq === before.seq + 1, [before.seq, after.seq]);
		check('feedback in words', (await page.textContent('#message')).includes('A-001'));
		await page.waitForFunction(() =>
			document.querySelector('tr[data-category="A"] td[data-col="waiting"]').textContent === '2');
		check('queue updated live', true);
		await page.screenshot({ path: shots + '/console.png', fullPage: true });

		// recall, then done
		await page.click('#btn-recall');
		await page.waitForFunction(() => document.querySelector('#now-state').textContent.includes('再呼出 1'));
		check('recall counted', (await status()).windows[0].recalls === 1);
		await page.click('#btn-done');
		await page.waitForFunction(() => document.querySelector('#now-ticket').textContent === '—');
		check('done frees the window', (await status()).windows[0].ticket === null);

		// close the window, and call next is refused with words
		await page.click('#btn-open');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('窓口を閉じました'));
		check('call next disabled at a closed window', await page.isDisabled('#btn-call'));
		check('window closed on /v1/status', (await status()).windows[0].open === false);
		await page.click('#btn-open');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('窓口を開けました'));
		await page.waitForFunction(() => !document.querySelector('#btn-call').disabled);

		// set the notice
		await page.fill('#notice-ja', '本日は混雑しています');
		await page.fill('#notice-en', 'Busy today');
		await page.click('#notice-form button[type=submit]');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('お知らせ'));
		const n = (await status()).service.notice;
		check('notice set', n.ja === '本日は混雑しています' && n.en === 'Busy today', n);

		// a wrong token: the error is said in words and the token is asked again
		await page.evaluate(() => localStorage.setItem('machiai.token', 'wrong'));
		await page.click('#btn-call');
		await page.waitForSelector('#setup:not([hidden])');
		const msg = await page.textContent('#message');
		check('wrong token explained', msg.includes('合言葉が違います'), msg);
		check('no state change with a wrong token', (await status()).windows[0].ticket === null);
		await page.screenshot({ path: shots + '/console-token.png', fullPage: true });
		check('no script errors', errors.length === 0, errors);
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.error('FAIL: ' + e.message);
	process.exit(1);
});
