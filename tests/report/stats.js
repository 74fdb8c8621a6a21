// SPDX-License-Identifier: MIT
// The console's statistics page in headless Chromium against a live machiaid
// with known journals: every chart is drawn with the figures of the JSON of
// GET /v1/report, the page reads in Japanese and English, the kiosk's token
// is refused in words, a tablet and a 390 px phone need no sideways
// scrolling, and "today" follows the browser's (pinned) clock.
// Usage: node tests/report/stats.js URL REPORT.json SCREENSHOT_DIR
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const [url, reportFile, shots] = process.argv.slice(2);
const TOKEN = 'machiai-demo-token-change-me';
const KIOSK = 'machiai-demo-kiosk-token-change-me';
const R = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const PAGE = url + '/console/stats.html?from=' + R.from + '&to=' + R.to;

function check(what, ok, detail) {
	if (!ok) throw new Error(what + (detail !== undefined ? ': ' + JSON.stringify(detail) : ''));
	console.log('ok - ' + what);
}

const pct = (v) => (v === null ? '—' : (v * 100).toFixed(1) + '%');

async function marks(page, sel, key) {
	return page.$$eval(sel, (els, k) => els.map((e) => ({
		key: e.getAttribute(k), value: Number(e.getAttribute('data-value')),
		h: Number(e.getAttribute('height')), w: Number(e.getAttribute('width')),
	})), key);
}

async function noSideways(page, what) {
	const m = await page.evaluate(() => ({
		doc: document.documentElement.scrollWidth, win: window.innerWidth,
		svg: Math.max(...[...document.querySelectorAll('.chart svg')].map((s) => s.getBoundingClientRect().right)),
	}));
	check(what + ': no sideways scrolling, charts inside', m.doc <= m.win && m.svg <= m.win, m);
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		const ctx = await browser.newContext({ viewport: { width: 1024, height: 1366 }, timezoneId: 'Asia/Tokyo' });
		const page = await ctx.newPage();
		const errors = [];
		page.on('pageerror', (e) => errors.push(String(e)));

		// No token yet: asked for; the kiosk's is refused in words; the staff's is kept.
		await page.goto(PAGE);
		await page.waitForSelector('#setup:not([hidden])');
		await page.fill('#token', KIOSK);
		await page.click('#token-form button[type=submit]');
		await page.waitForSelector('#message.error');
		const msg = await page.textContent('#message');
		check('the kiosk token refused in words', msg.includes('発券機の合言葉') && msg.includes('kiosk'), msg);
		await page.fill('#token', TOKEN);
		await page.click('#token-form button[type=submit]');
		await page.waitForSelector('#result:not([hidden]) #chart-waits svg');

		const body = await page.textContent('body');
		check('Japanese and English', ['時間帯別の待ち時間', 'Waits by time of day', '種類別の発券数', 'Tickets by category',
			'混雑する時間帯', 'Busiest half-hours of the week', '的中率', "How often the sign's band held"].every((s) => body.includes(s)));

		// Cards.
		const card = (k) => page.textContent(`[data-card="${k}"] .card-value`);
		check('card: tickets', (await card('issued')) === String(R.total.issued), await card('issued'));
		check('card: mean wait', (await card('wait-mean')) === String(R.total.wait.mean), await card('wait-mean'));
		check('card: 90th percentile', (await card('wait-p90')) === String(R.total.wait.p90));
		check('card: band held', (await card('coverage')) === pct(R.total.band.coverage), await card('coverage'));
		check('card: soon then late', (await card('soon-late')) === `${R.total.band.soon_late} / ${R.total.band.soon}`);
		check('card: peak occupancy', (await card('peak')) === String(R.total.peak_occupancy));

		// Waits by half-hour: one bar per half-hour with waits, the JSON's mean, heights in proportion.
		const withWaits = R.half_hours.filter((s) => s.wait.n > 0);
		const bars = await marks(page, '#chart-waits rect.bar', 'data-slot');
		check('waits: a bar per half-hour', bars.length === withWaits.length && bars.length > 10, [bars.length, withWaits.length]);
		check('waits: the JSON\'s means', bars.every((b, i) => b.key === withWaits[i].slot && b.value === withWaits[i].wait.mean));
		const big = bars.reduce((a, b) => (b.value > a.value ? b : a));
		check('waits: heights in proportion', bars.every((b) => Math.abs(b.h / big.h - b.value / big.value) < 0.01));
		const dots = await marks(page, '#chart-waits circle.p90-dot', 'data-slot');
		check('waits: the 90th percentiles', dots.length === withWaits.length && dots.every((d, i) => d.value === withWaits[i].wait.p90));

		// Tickets by category.
		const cats = await marks(page, '#chart-categories rect[data-category]', 'data-category');
		check('categories: the JSON\'s counts', cats.length === R.categories.length &&
			cats.every((c, i) => c.key === R.categories[i].id && c.value === R.categories[i].issued), cats);
		const cbig = cats.reduce((a, b) => (b.value > a.value ? b : a));
		check('categories: lengths in proportion', cats.every((c) => Math.abs(c.w / cbig.w - c.value / cbig.value) < 0.01));

		// The week's heat map.
		const cells = await page.$$eval('#chart-heat rect.cell', (els) => els.map((e) => ({
			wd: Number(e.dataset.weekday), slot: e.dataset.slot, value: Number(e.dataset.value),
			a: Number(/rgba\([^)]*, ([0-9.]+)\)/.exec(e.getAttribute('fill'))[1]),
		})));
		check('heat map: a cell per weekday and half-hour', cells.length === R.week.length, [cells.length, R.week.length]);
		check('heat map: the JSON\'s tickets per day', R.week.every((w) =>
			cells.some((c) => c.wd === w.weekday && c.slot === w.slot && c.value === w.issued_per_day)));
		const hot = cells.reduce((a, b) => (b.value > a.value ? b : a));
		check('heat map: the busiest is the darkest', cells.every((c) => c.a <= hot.a));

		// Band coverage per day.
		const days = R.days.filter((d) => d.band.n > 0);
		const cov = await page.$$eval('#chart-band circle.coverage-dot', (els) => els.map((e) => [e.dataset.date, Number(e.dataset.value)]));
		check('band coverage: a point per day', cov.length === days.length && cov.length >= 2);
		check('band coverage: the JSON\'s coverage', cov.every(([d, v], i) => d === days[i].date && v === days[i].band.coverage));

		// Tables.
		for (const c of R.categories) {
			const row = await page.$$eval(`#table-categories tr[data-key="${c.id}"] td`, (tds) =>
				Object.fromEntries(tds.map((td) => [td.dataset.col, td.textContent])));
			check(`table: category ${c.id}`, row.issued === String(c.issued) && row.wait_mean === String(c.wait.mean) &&
				row.wait_p90 === String(c.wait.p90) && row.coverage === pct(c.band.coverage), row);
		}
		for (const w of R.windows) {
			const u = await page.textContent(`#table-windows tr[data-key="${w.id}"] td[data-col="utilisation"]`);
			check(`table: window ${w.id} utilisation`, u === pct(w.utilisation), u);
		}
		const drawMs = Number(await page.evaluate(() => document.body.dataset.drawMs));
		check('drawn in under a second', drawMs >= 0 && drawMs < 1000, drawMs);
		await page.screenshot({ path: shots + '/stats-tablet.png', fullPage: true });
		await page.screenshot({ path: shots + '/stats.png' });

		// The CSV download: a file with the BOM and the JSON's figures.
		const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#downloads button[data-table="categories"]')]);
		const csv = fs.readFileSync(await dl.path());
		check('CSV download: BOM and Japanese headers', csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf &&
			csv.toString('utf8').includes('区分,名称,発券'));
		check('CSV download: its name', dl.suggestedFilename() === `machiai-categories-${R.from}-${R.to}.csv`, dl.suggestedFilename());

		// A tablet held upright and a phone.
		for (const [w, hgt, name] of [[768, 1024, 'tablet'], [390, 844, 'phone']]) {
			await page.setViewportSize({ width: w, height: hgt });
			await page.waitForFunction((ww) => {
				const s = document.querySelector('#chart-waits svg');
				return s && Number(s.getAttribute('width')) <= ww;
			}, w);
			await noSideways(page, name);
		}
		await page.screenshot({ path: shots + '/stats-phone.png', fullPage: true });

		// "Today" by the browser's clock, pinned to Thursday 26 November 2026, 15:00 in Tokyo.
		await page.setViewportSize({ width: 1024, height: 900 });
		await page.clock.setFixedTime(new Date('2026-11-26T15:00:00+09:00'));
		await page.click('button[data-range="today"]');
		await page.waitForFunction(() => document.getElementById('office').textContent.includes('2026-11-26 – 2026-11-26'));
		check('today: the browser\'s date', (await page.inputValue('#from')) === '2026-11-26' &&
			(await page.textContent('[data-card="issued"] .card-value')) === '3');
		check('no page errors', errors.length === 0, errors);
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.error('FAIL: ' + e.message);
	process.exit(1);
});
