// SPDX-License-Identifier: MIT
// The staff console in headless Chromium against a live machiaid whose sign
// shows all six languages: a wrong token refused when it is entered, in
// words; pick a window, call next, recall, done; closing the window asks
// first; the notice in every language, keeping what the form does not
// change; a phone's width without sideways scrolling; a token that stops
// working found at load.
// Usage: node tests/daemon/console.js URL SCREENSHOT_DIR
'use strict';
const { chromium } = require('playwright-core');

const [url, shots] = process.argv.slice(2);
const TOKEN = 'test-token-0123456789';
const LANGS = ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'ja-easy'];

function check(what, ok, detail) {
	if (!ok) throw new Error(what + (detail !== undefined ? ': ' + JSON.stringify(detail) : ''));
	console.log('ok - ' + what);
}

async function status() {
	const res = await fetch(url + '/v1/status');
	return res.json();
}

// Another tablet or the ticket machine: a write straight to the API.
async function putNotice(body) {
	const res = await fetch(url + '/v1/notice', {
		method: 'PUT',
		headers: { 'Authorization': 'Bearer ' + TOKEN, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!res.ok) throw new Error('PUT /v1/notice: ' + res.status);
}

async function message(page) {
	return page.textContent('#message');
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

		// First visit: the token form. A wrong token is refused at once, in
		// plain words, changes nothing and is not kept.
		await page.waitForSelector('#setup:not([hidden])');
		// 今後の受付日: today's 休日開庁 (test.conf opens 2026-11-23, 勤労感謝の日), then the week.
		await page.waitForSelector('#calendar-panel:not([hidden]) li');
		const days = await page.$$eval('#calendar-list li', (l) => l.map((e) => e.textContent));
		check('upcoming days: 14', days.length === 14, days.length);
		check('upcoming days: today opens specially', days[0] === '11/23(月) 08:30–17:15（特別） special hours', days[0]);
		check('upcoming days: Saturday closed', days[5] === '11/28(土) 閉庁日 Closed', days[5]);
		check('upcoming days: Tuesday', days[1] === '11/24(火) 08:30–17:15', days[1]);
		const seq0 = (await status()).seq;
		await page.fill('#token', 'test-token-012345678');
		await page.click('#token-form button[type=submit]');
		await page.waitForSelector('#message.error');
		let msg = await message(page);
		check('wrong token refused when entered, in words', msg.includes('この合言葉では操作できません') &&
			msg.includes('This token does not work') && !/Authorization|Bearer|header/.test(msg), msg);
		check('wrong token not kept', (await page.evaluate(() => localStorage.getItem('machiai.token'))) === null);
		check('still asking for the token', await page.isVisible('#setup') && !(await page.isVisible('#pick')));

		await page.fill('#token', TOKEN);
		await page.click('#token-form button[type=submit]');
		await page.waitForSelector('#pick:not([hidden]) button[data-window="1"]');
		check('right token kept', (await page.evaluate(() => localStorage.getItem('machiai.token'))) === TOKEN);
		check('checking the tokens changed nothing', (await status()).seq === seq0);

		// pick window 1
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
		check('feedback in words', (await message(page)).includes('A-001'));
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

		// Closing the window: away from the frequent buttons, and it asks first.
		const pos = async (sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top, sel);
		const closeTop = await pos('#btn-open');
		check('close button above the number, away from the action buttons',
			closeTop < (await pos('#now-ticket')) && closeTop < (await pos('#btn-call')));
		await page.click('#btn-open');
		await page.waitForSelector('#close-confirm:not([hidden])');
		check('one tap does not close the window', (await status()).windows[0].open === true);
		await page.click('#close-no');
		await page.waitForSelector('#close-confirm', { state: 'hidden' });
		check('"keep it open" keeps it open', (await status()).windows[0].open === true);
		await page.click('#btn-open');
		await page.click('#close-yes');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('窓口を閉じました'));
		check('call next disabled at a closed window', await page.isDisabled('#btn-call'));
		check('window closed on /v1/status', (await status()).windows[0].open === false);
		await page.click('#btn-open'); // opening needs no question
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('窓口を開けました'));
		await page.waitForFunction(() => !document.querySelector('#btn-call').disabled);

		// The notice: a field for every language of the sign, showing the
		// notice as it is now, and following changes made elsewhere.
		const all = {};
		for (const l of LANGS) all[l] = 'old ' + l;
		await putNotice(all);
		await page.waitForFunction(() => document.querySelector('#notice-ko') &&
			document.querySelector('#notice-ko').value === 'old ko');
		const fields = await page.$$eval('#notice-fields input', (xs) => xs.map((x) => x.dataset.lang));
		check('a notice field for each of the sign\'s languages', fields.join() === LANGS.join(), fields);

		// Korean edited here while another tablet changes the English: only
		// the Korean is taken from the form, everything else is kept.
		await page.fill('#notice-ko', '새 공지');
		await putNotice(Object.assign({}, all, { en: 'changed elsewhere' }));
		await page.waitForFunction(() => document.querySelector('#notice-en').value === 'changed elsewhere');
		await page.click('#notice-form button[type=submit]');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('お知らせを表示しました'));
		let n = (await status()).service.notice;
		check('saving keeps the other languages and takes the edited one',
			n.ko === '새 공지' && n.en === 'changed elsewhere' && n['zh-Hans'] === 'old zh-Hans' &&
			n.vi === 'old vi' && n['ja-easy'] === 'old ja-easy' && n.ja === 'old ja', n);

		// A new Japanese text beside old translations: the console says so
		// and lets staff clear them, keep them or go back.
		await page.fill('#notice-ja', '本日は混雑しています');
		await page.click('#notice-form button[type=submit]');
		await page.waitForSelector('#notice-stale:not([hidden])');
		msg = await page.textContent('#notice-stale-text');
		check('old translations named before saving', msg.includes('English') && msg.includes('中文') &&
			msg.includes('前のまま'), msg);
		check('nothing saved yet', (await status()).service.notice.ja === 'old ja');
		await page.click('#notice-back');
		await page.waitForSelector('#notice-stale', { state: 'hidden' });
		await page.fill('#notice-en', 'Busy today');
		await page.click('#notice-form button[type=submit]');
		await page.waitForSelector('#notice-stale:not([hidden])');
		msg = await page.textContent('#notice-stale-text');
		check('a translation edited too is not named', !msg.includes('English') && msg.includes('한국어'), msg);
		await page.click('#notice-clear-others');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('お知らせを表示しました'));
		n = (await status()).service.notice;
		check('old translations cleared, the new ones shown',
			JSON.stringify(n) === JSON.stringify({ ja: '本日は混雑しています', en: 'Busy today' }), n);
		check('the form shows the notice as saved', (await page.inputValue('#notice-vi')) === '' &&
			(await page.inputValue('#notice-en')) === 'Busy today');

		// A phone, 360 and 390 px wide: no sideways scrolling, the number and
		// every button within the screen.
		for (const width of [360, 390]) {
			await page.setViewportSize({ width, height: 800 });
			await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
			const m = await page.evaluate(() => {
				const out = [];
				for (const sel of ['#now-ticket', '#btn-call', '#btn-recall', '#btn-no-show', '#btn-done',
					'#btn-open', '#change-window', '#notice-ja', 'tr[data-category="B"] td[data-col="last"]']) {
					const r = document.querySelector(sel).getBoundingClientRect();
					if (r.left < 0 || r.right > innerWidth) out.push(sel + ' ' + r.left + '-' + r.right);
				}
				return { scroll: document.documentElement.scrollWidth, inner: innerWidth, out };
			});
			check('no sideways scrolling at ' + width + ' px', m.scroll <= m.inner && m.out.length === 0, m);
			await page.screenshot({ path: shots + '/console-' + width + '.png', fullPage: true });
		}
		await page.setViewportSize({ width: 1024, height: 1366 });

		// A token that stops working (changed on the appliance): the next
		// action says so in words and asks for it again...
		await page.evaluate(() => localStorage.setItem('machiai.token', 'wrong'));
		await page.click('#btn-call');
		await page.waitForSelector('#setup:not([hidden])');
		msg = await message(page);
		check('wrong token explained', msg.includes('この合言葉では操作できません'), msg);
		check('no state change with a wrong token', (await status()).windows[0].ticket === null);
		await page.screenshot({ path: shots + '/console-token.png', fullPage: true });
		// ... and so does opening the page, before anyone presses a button.
		await page.evaluate(() => localStorage.setItem('machiai.token', 'wrong'));
		await page.reload();
		await page.waitForSelector('#setup:not([hidden])');
		await page.waitForFunction(() => document.querySelector('#message').textContent.includes('この合言葉では操作できません'));
		check('a token that no longer works is found at load', true);
		check('no script errors', errors.length === 0, errors);
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.error('FAIL: ' + e.message);
	process.exit(1);
});
