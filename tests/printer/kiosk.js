// SPDX-License-Identifier: MIT
// The kiosk page in headless Chromium against a live machiaid, machiai-printer
// and the test printer: a tap issues and prints a ticket and the page shows its
// number; with the printer out of paper the number is shown very large, and the
// fault is in /v1/status and on the staff console; a suspended reception issues
// nothing. Usage: node tests/printer/kiosk.js URL SHOTS KIOSK_TOKEN TOKEN FAKE_DIR
// With --closed first (URL SHOTS KIOSK_TOKEN): a daemon after closing time; the
// kiosk says reception has ended and shows no button.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const closedOnly = process.argv[2] === '--closed';
const [url, shots, kioskToken, token, fake] = process.argv.slice(closedOnly ? 3 : 2);

function check(what, ok, detail) {
	if (!ok) throw new Error(what + (detail !== undefined ? ': ' + JSON.stringify(detail) : ''));
	console.log('ok - ' + what);
}

async function get(path) {
	return (await fetch(url + path)).json();
}

async function until(what, fn) {
	for (let i = 0; i < 150; i++) {
		if (await fn()) return;
		await new Promise((ok) => setTimeout(ok, 100));
	}
	throw new Error('timed out: ' + what);
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		const errors = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		if (closedOnly) {
			await page.goto(url + '/kiosk/#token=' + kioskToken);
			await page.waitForSelector('#closed[data-state="closed"]:not([hidden])');
			check('closed: no buttons', await page.isHidden('#choose'));
			check('closed: says so', (await page.textContent('#closed')).includes('本日の受付は終了しました'));
			const opens = await page.textContent('#closed-opens');
			check('closed: when it opens next', opens === '受付は 11月24日(火) 08:30からです', opens);
			await page.click('.langs button[data-lang="en"]');
			await page.waitForFunction(() =>
				document.querySelector('#closed').textContent.includes('Reception is closed for today'));
			check('closed: in the visitor\'s language too', true);
			const opens2 = await page.textContent('#closed-opens2');
			check('closed: when it opens next, in English', opens2 === 'Reception opens Tue 24 November at 08:30.', opens2);
			await page.screenshot({ path: shots + '/kiosk-closed.png' });
			check('no page errors', errors.length === 0, errors);
			return;
		}

		// Set up once with the kiosk's token in the address; it is kept, and taken out of the address.
		await page.goto(url + '/kiosk/#token=' + kioskToken);
		await page.waitForSelector('body[data-ready="true"]');
		check('token kept', (await page.evaluate(() => localStorage.getItem('machiai.kiosk.token'))) === kioskToken);
		check('token out of the address', !page.url().includes('token'));
		await page.waitForSelector('button.category[data-category="A"] svg.icon');
		check('a button per category with its pictogram',
			(await page.locator('button.category').count()) === 2);
		check('waiting count on the button',
			(await page.textContent('button[data-category="B"] .info')).includes('待ち 0人'));

		// The visitor's language is one tap away.
		await page.click('.langs button[data-lang="en"]');
		await page.waitForFunction(() =>
			document.querySelector('button[data-category="A"] .label').textContent.includes('Certificates'));
		check('English under the Japanese', (await page.textContent('#prompt')).includes('Please choose'));
		await page.screenshot({ path: shots + '/kiosk.png' });

		// One tap: a ticket, printed; the page shows its number.
		await page.click('button[data-category="A"]');
		await page.waitForSelector('#result[data-state="printed"]', { timeout: 20000 });
		const number = await page.textContent('#result-number');
		check('the page shows the number', number === 'A-001', number);
		const st = await get('/v1/status');
		check('/v1/status has the ticket', st.categories[0].last_issued === 'A-001', st.categories[0]);
		const job = await get('/v1/printer/jobs/A-001');
		check('printed, in English too', job.state === 'printed' && job.lang === 'en', job);
		check('on paper', fs.readdirSync(fake).some((f) => f.startsWith('conn-')));
		await page.screenshot({ path: shots + '/kiosk-printed.png' });
		await page.click('#result-ok');
		await page.waitForSelector('#choose:not([hidden])');
		check('back in Japanese', (await page.getAttribute('html', 'lang')) === 'ja');

		// Out of paper: the number very large, and the fault for staff.
		fs.writeFileSync(fake + '/mode', 'paper_out\n');
		await until('paper out in /v1/status', async () =>
			(await get('/v1/status')).printer.problems.includes('paper_out'));
		check('paper out in /v1/status', (await get('/v1/status')).printer.state === 'fault');
		await page.click('button[data-category="B"]');
		await page.waitForSelector('#result[data-state="unprinted"]');
		check('the number without paper', (await page.textContent('#result-number')) === 'B-001');
		const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#result-number')).fontSize));
		check('shown very large', size >= 200, size);
		check('note it or ask staff', (await page.textContent('#result-note')).includes('職員にお声がけください'));
		check('the ticket exists', (await get('/v1/status')).categories[1].last_issued === 'B-001');
		await page.screenshot({ path: shots + '/kiosk-unprinted.png' });

		// The call for staff, and the staff console showing both.
		await page.click('#result-ok');
		await page.click('#help');
		await page.waitForSelector('#help-note:not([hidden])');
		await until('help in /v1/status', async () => (await get('/v1/status')).kiosk.help === true);
		const console = await browser.newPage({ viewport: { width: 1024, height: 900 } });
		await console.goto(url + '/console/');
		// The kiosk's token is no staff token: the console says which one it is.
		await console.fill('#token', kioskToken);
		await console.click('#token-form button');
		await console.waitForFunction(() => document.querySelector('#message').textContent.includes('発券機の合言葉です'));
		check('console: the kiosk\'s token is refused, saying so', true);
		check('console: not kept', (await console.evaluate(() => localStorage.getItem('machiai.token'))) === null);
		await console.evaluate((t) => localStorage.setItem('machiai.token', t), token);
		await console.reload();
		await console.waitForSelector('#alerts .alert.fault');
		check('console: paper out', (await console.textContent('#alerts')).includes('用紙がありません'));
		check('console: the kiosk calls', (await console.textContent('#alerts')).includes('発券機でお客様が職員をお呼びです'));
		await console.screenshot({ path: shots + '/console-alerts.png' });
		await console.click('#help-answered');
		await until('help answered', async () => (await get('/v1/status')).kiosk.help === false);
		fs.writeFileSync(fake + '/mode', 'ok\n');
		await console.waitForSelector('#alerts', { state: 'hidden', timeout: 20000 });
		check('console: the fault goes when fixed', (await get('/v1/status')).printer.problems.length === 0);

		// Reception suspended: the kiosk says so and issues nothing.
		const seq = (await get('/v1/status')).seq;
		await fetch(url + '/v1/service', { method: 'PUT', headers: { Authorization: 'Bearer ' + token },
			body: JSON.stringify({ status: 'suspended' }) });
		await page.waitForSelector('#closed[data-state="suspended"]:not([hidden])');
		check('no buttons while suspended', await page.isHidden('#choose'));
		check('says so', (await page.textContent('#closed')).includes('受付を一時停止しています'));
		check('nothing issued', (await get('/v1/status')).seq === seq + 1);
		await fetch(url + '/v1/service', { method: 'PUT', headers: { Authorization: 'Bearer ' + token },
			body: JSON.stringify({ status: 'open' }) });
		await page.waitForSelector('#choose:not([hidden])');
		check('no page errors', errors.length === 0, errors);
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.error('not ok - ' + e.message);
	process.exit(1);
});
