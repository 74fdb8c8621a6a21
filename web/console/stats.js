// SPDX-License-Identifier: MIT
// Statistics page of the staff console: GET /v1/report (docs/report.md) for a
// date range, drawn as SVG charts made here from the data (no chart library),
// with the staff token the console keeps in localStorage.
'use strict';

const TOKEN_KEY = 'machiai.token';
const SVG = 'http://www.w3.org/2000/svg';
const WEEKDAYS = [['日', 'Sun'], ['月', 'Mon'], ['火', 'Tue'], ['水', 'Wed'], ['木', 'Thu'], ['金', 'Fri'], ['土', 'Sat']];
const TABLES = [
	['summary', '期間の合計', 'Summary'], ['categories', '種類別', 'By category'],
	['windows', '窓口別', 'By window'], ['half_hours', '時間帯別', 'By half-hour'],
	['days', '日別', 'By day'], ['week', '曜日・時間帯別', 'Week'], ['skipped', '読めなかった行', 'Skipped lines'],
];

const $ = (id) => document.getElementById(id);
let report = null;

function token() {
	return localStorage.getItem(TOKEN_KEY) || '';
}

function say(kind, ja, en) {
	const m = $('message');
	m.className = 'message ' + kind;
	m.textContent = ja;
	if (en) {
		const s = document.createElement('span');
		s.className = 'en';
		s.textContent = en;
		m.append(s);
	}
}

function quiet() {
	$('message').textContent = '';
	$('message').className = 'message';
}

// An HTML or SVG element with attributes and children.
function h(tag, attrs, ...kids) {
	const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v !== undefined && v !== null) e.setAttribute(k, v);
	}
	for (const k of kids) {
		if (k !== null && k !== undefined) e.append(k);
	}
	return e;
}

function bi(ja, en) {
	return [ja, h('span', { class: 'en' }, en)];
}

// A figure as the report gives it; '—' when there is none.
function num(v) {
	return v === null || v === undefined ? '—' : String(v);
}

function pct(v) {
	return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
}

function ymd(d) {
	const p = (n) => String(n).padStart(2, '0');
	return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

function setRange(kind) {
	const now = new Date();
	const from = new Date(now);
	if (kind === 'week') from.setDate(now.getDate() - ((now.getDay() + 6) % 7));
	else if (kind === 'month') from.setDate(1);
	else if (kind !== 'today') from.setDate(now.getDate() - Number(kind) + 1);
	$('from').value = ymd(from);
	$('to').value = ymd(now);
}

async function get(path) {
	let res;
	try {
		res = await fetch(path, { headers: { 'Authorization': 'Bearer ' + token() }, cache: 'no-store' });
	} catch (e) {
		return { status: 0 };
	}
	return res;
}

async function load() {
	const from = $('from').value, to = $('to').value;
	if (!token()) {
		$('setup').hidden = false;
		return;
	}
	say('info', '集計しています…', 'Computing…');
	const t0 = performance.now();
	const res = await get('/v1/report?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
	if (res.status === 401 || res.status === 403) {
		$('setup').hidden = false;
		say('error', res.status === 403
			? 'これは発券機の合言葉です。統計には職員用の合言葉（machiai.conf の [api] token）が要ります。'
			: '合言葉が違います。職員用の合言葉を入れてください。',
		res.status === 403 ? 'This is the kiosk\'s token; statistics need the staff token ([api] token).'
			: 'The token does not work. Enter the staff token.');
		return;
	}
	if (res.status !== 200) {
		let msg = '';
		try {
			msg = (await res.json()).message || '';
		} catch (e) {
			msg = '';
		}
		say('error', res.status === 0 ? '機器に接続できません。' : '集計できませんでした: ' + msg,
			res.status === 0 ? 'Cannot reach the sign.' : 'Could not compute the statistics.');
		return;
	}
	report = await res.json();
	const t1 = performance.now();
	draw();
	document.body.dataset.fetchMs = String(Math.round(t1 - t0));
	document.body.dataset.drawMs = String(Math.round(performance.now() - t1));
	quiet();
	if (report.days_reported === 0)
		say('info', 'この期間の記録はありません。', 'No journal for these dates.');
}

function card(key, ja, en, value, sub) {
	return h('div', { class: 'card', 'data-card': key },
		h('div', { class: 'card-label' }, ...bi(ja, en)),
		h('div', { class: 'card-value' }, value),
		sub ? h('div', { class: 'card-sub' }, sub) : null);
}

function drawCards(r) {
	const t = r.total;
	const overShare = t.called ? ' (' + (100 * t.over_target / t.called).toFixed(1) + '%)' : '';
	const peakAt = t.peak_at ? t.peak_at.slice(0, 10) + ' ' + t.peak_at.slice(11, 16) : '';
	$('cards').replaceChildren(
		card('issued', '発券', 'Tickets', num(t.issued), '対応済 ' + t.served + ' / 不在 ' + t.no_show + ' / 取消 ' + t.cancelled),
		card('wait-mean', '平均待ち（分）', 'Mean wait, min', num(t.wait.mean), '中央値 median ' + num(t.wait.median)),
		card('wait-p90', '90%点（分）', '90th percentile, min', num(t.wait.p90), '最大 max ' + num(t.wait.max)),
		card('over-target', r.target_wait + '分超の待ち', 'Waits over ' + r.target_wait + ' min', num(t.over_target) + overShare),
		card('service-mean', '平均対応時間（分）', 'Mean service, min', num(t.service.mean)),
		card('coverage', '予測の的中率', 'Band held', pct(t.band.coverage), t.band.inside + ' / ' + t.band.n),
		card('soon-late', '「まもなく」後' + r.soon_late_minutes + '分超', '"Soon", then over ' + r.soon_late_minutes + ' min',
			num(t.band.soon_late) + ' / ' + t.band.soon),
		card('peak', '最大在室人数', 'Peak occupancy', num(t.peak_occupancy), peakAt),
		card('utilisation', '窓口の稼働率', 'Window utilisation', pct(t.utilisation), num(t.open_hours) + ' h'),
		card('reservations', '予約の来庁', 'Reservations kept', num(t.reservations.kept) + ' / ' + t.reservations.booked,
			'不来庁 missed ' + t.reservations.missed));
}

// Round @v up to a number of the 1-2-5 series.
function nice(v) {
	if (!(v > 0)) return 1;
	const p = Math.pow(10, Math.floor(Math.log10(v)));
	for (const m of [1, 2, 5, 10]) {
		if (v <= m * p) return m * p;
	}
	return 10 * p;
}

function chartWidth(id) {
	return Math.max(300, Math.floor($(id).clientWidth || 300));
}

function yAxis(svg, x0, x1, y0, y1, top, unit) {
	for (let i = 0; i <= 4; i++) {
		const y = y0 - (y0 - y1) * i / 4;
		svg.append(h('svg:line', { x1: x0, x2: x1, y1: y, y2: y, class: 'grid' }),
			h('svg:text', { x: x0 - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(+(top * i / 4).toFixed(1))));
	}
	svg.append(h('svg:text', { x: x0 - 4, y: y1 - 8, class: 'axis', 'text-anchor': 'end' }, unit));
}

function drawWaits(r) {
	const rows = r.half_hours.filter((s) => s.wait.n > 0);
	const W = chartWidth('chart-waits'), H = 260, L = 40, R = 8, T = 24, B = 36;
	const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': '時間帯別の待ち時間 Waits by time of day' });
	if (!rows.length) {
		$('chart-waits').replaceChildren(h('p', { class: 'note' }, ...bi('待ち時間の記録がありません。', 'No waits recorded.')));
		return;
	}
	const top = nice(Math.max(...rows.map((s) => Math.max(s.wait.mean, s.wait.p90))));
	const bw = (W - L - R) / rows.length;
	const y = (v) => H - B - (H - B - T) * v / top;
	yAxis(svg, L, W - R, H - B, T, top, '分 min');
	const pts = [];
	rows.forEach((s, i) => {
		const x = L + i * bw;
		svg.append(h('svg:rect', {
			class: 'bar', x: x + bw * 0.15, width: Math.max(1, bw * 0.7), y: y(s.wait.mean), height: H - B - y(s.wait.mean),
			'data-slot': s.slot, 'data-value': s.wait.mean,
		}, h('svg:title', {}, `${s.slot} 平均 mean ${s.wait.mean} / 90% ${s.wait.p90} 分 min (n=${s.wait.n})`)));
		pts.push([x + bw / 2, y(s.wait.p90)]);
		if (bw >= 26)
			svg.append(h('svg:text', { x: x + bw / 2, y: y(s.wait.mean) - 3, class: 'value', 'text-anchor': 'middle' }, String(s.wait.mean)));
		if (s.slot.endsWith(':00') || rows.length < 12)
			svg.append(h('svg:text', { x: x + bw / 2, y: H - B + 16, class: 'axis', 'text-anchor': 'middle' }, s.slot.replace(/^0/, '')));
	});
	svg.append(h('svg:polyline', { class: 'p90', points: pts.map((p) => p.join(',')).join(' ') }));
	pts.forEach((p, i) => svg.append(h('svg:circle', { class: 'p90-dot', cx: p[0], cy: p[1], r: 3, 'data-slot': rows[i].slot, 'data-value': rows[i].wait.p90 })));
	$('chart-waits').replaceChildren(svg);
}

function drawCategories(r) {
	const rows = r.categories;
	const W = chartWidth('chart-categories');
	// On a narrow screen each name goes above its bar, so that long names are not cut.
	const narrow = W < 560, bh = 26, lh = narrow ? 18 : 0;
	const L = narrow ? 4 : Math.min(200, W * 0.35), R = 70, T = 8;
	const H = T + rows.length * (lh + bh + 8) + 8;
	const top = nice(Math.max(1, ...rows.map((c) => c.issued)));
	const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': '種類別の発券数 Tickets by category' });
	rows.forEach((c, i) => {
		const y = T + i * (lh + bh + 8) + lh;
		const w = (W - L - R) * c.issued / top;
		svg.append(
			narrow ? h('svg:text', { x: L, y: y - 5, class: 'label' }, c.name.ja)
				: h('svg:text', { x: L - 6, y: y + bh / 2 + 5, class: 'label', 'text-anchor': 'end' }, c.name.ja),
			h('svg:rect', { class: 'bar cat', x: L, y, width: Math.max(0, w), height: bh, 'data-category': c.id, 'data-value': c.issued },
				h('svg:title', {}, `${c.name.ja} / ${c.name.en}: ${c.issued}`)),
			h('svg:text', { x: L + w + 6, y: y + bh / 2 + 5, class: 'value' }, String(c.issued)));
	});
	$('chart-categories').replaceChildren(svg);
}

function drawHeat(r) {
	const cells = r.week;
	if (!cells.length) {
		$('chart-heat').replaceChildren(h('p', { class: 'note' }, ...bi('記録がありません。', 'Nothing recorded.')));
		return;
	}
	const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => cells.some((c) => c.weekday === d));
	const slotIndex = (s) => Number(s.slice(0, 2)) * 2 + (s.slice(3) === '30' ? 1 : 0);
	const k0 = Math.min(...cells.map((c) => slotIndex(c.slot)));
	const k1 = Math.max(...cells.map((c) => slotIndex(c.slot)));
	const W = chartWidth('chart-heat'), L = 34, T = 22, R = 4;
	const cw = (W - L - R) / (k1 - k0 + 1), ch = 28;
	const H = T + days.length * ch + 4;
	const max = Math.max(...cells.map((c) => c.issued_per_day), 0.0001);
	const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': '混雑する時間帯 Busiest half-hours' });
	for (let k = k0; k <= k1; k++) {
		if (k % 2 === 0 && (cw >= 14 || k % 4 === 0))
			svg.append(h('svg:text', { x: L + (k - k0) * cw, y: T - 6, class: 'axis' }, String(k / 2)));
	}
	days.forEach((d, row) => {
		svg.append(h('svg:text', { x: L - 6, y: T + row * ch + ch / 2 + 5, class: 'label', 'text-anchor': 'end' }, WEEKDAYS[d][0]));
		for (const c of cells.filter((x) => x.weekday === d)) {
			const k = slotIndex(c.slot);
			const a = c.issued_per_day / max;
			svg.append(h('svg:rect', {
				class: 'cell', x: L + (k - k0) * cw, y: T + row * ch, width: Math.max(1, cw - 1), height: ch - 1,
				fill: `rgba(11, 94, 215, ${(0.08 + 0.92 * a).toFixed(3)})`,
				'data-weekday': d, 'data-slot': c.slot, 'data-value': c.issued_per_day,
			}, h('svg:title', {}, `${WEEKDAYS[d][0]} ${WEEKDAYS[d][1]} ${c.slot}: ${c.issued_per_day} 枚/日 per day, 平均待ち mean wait ${num(c.mean_wait)} 分 min`)));
		}
	});
	$('chart-heat').replaceChildren(svg);
}

function drawBand(r) {
	const rows = r.days.filter((d) => d.band.n > 0);
	const W = chartWidth('chart-band'), H = 220, L = 40, R = 8, T = 20, B = 30;
	if (!rows.length) {
		$('chart-band').replaceChildren(h('p', { class: 'note' },
			...bi('発券時の予測が記録された日がありません。', 'No day has the band recorded at issue.')));
		return;
	}
	const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': '予測の的中率 Band coverage' });
	const x = (i) => L + (rows.length === 1 ? (W - L - R) / 2 : (W - L - R) * i / (rows.length - 1));
	const y = (v) => H - B - (H - B - T) * v;
	yAxis(svg, L, W - R, H - B, T, 100, '%');
	svg.append(h('svg:line', { class: 'target', x1: L, x2: W - R, y1: y(0.8), y2: y(0.8) }));
	svg.append(h('svg:polyline', { class: 'coverage', points: rows.map((d, i) => x(i) + ',' + y(d.band.coverage)).join(' ') }));
	const every = Math.max(1, Math.ceil(rows.length / Math.max(2, Math.floor((W - L) / 70))));
	rows.forEach((d, i) => {
		svg.append(h('svg:circle', { class: 'coverage-dot', cx: x(i), cy: y(d.band.coverage), r: rows.length > 60 ? 2 : 4, 'data-date': d.date, 'data-value': d.band.coverage },
			h('svg:title', {}, `${d.date}: ${pct(d.band.coverage)} (${d.band.inside}/${d.band.n})`)));
		if (i % every === 0 || i === rows.length - 1) {
			const anchor = i === 0 ? 'start' : i === rows.length - 1 ? 'end' : 'middle';
			svg.append(h('svg:text', { x: x(i), y: H - B + 16, class: 'axis', 'text-anchor': anchor }, d.date.slice(5)));
		}
	});
	$('chart-band').replaceChildren(svg);
}

function table(id, head, rows) {
	const t = $(id);
	t.replaceChildren(
		h('thead', {}, h('tr', {}, ...head.map(([ja, en]) => h('th', {}, ...bi(ja, en))))),
		h('tbody', {}, ...rows.map(([key, cells]) =>
			h('tr', { 'data-key': key }, ...cells.map(([col, v]) => h('td', { 'data-col': col }, v))))));
}

function drawTables(r) {
	table('table-categories', [['種類', 'Category'], ['発券', 'Issued'], ['呼出', 'Called'], ['対応済', 'Served'],
		['不在', 'No-show'], ['取消', 'Cancelled'], ['閉庁時待ち', 'Waiting at close'], ['平均待ち', 'Mean wait'],
		['90%点', 'p90'], ['最大', 'Max'], ['平均対応', 'Mean service'], ['目標超過', 'Over target'], ['的中率', 'Band held']],
	r.categories.map((c) => [c.id, [['name', c.name.ja], ['issued', num(c.issued)], ['called', num(c.called)],
		['served', num(c.served)], ['no_show', num(c.no_show)], ['cancelled', num(c.cancelled)],
		['closed_waiting', num(c.closed_waiting)], ['wait_mean', num(c.wait.mean)], ['wait_p90', num(c.wait.p90)],
		['wait_max', num(c.wait.max)], ['service_mean', num(c.service.mean)], ['over_target', num(c.over_target)],
		['coverage', pct(c.band.coverage)]]]));
	table('table-windows', [['窓口', 'Window'], ['呼出', 'Called'], ['対応済', 'Served'], ['不在', 'No-show'],
		['平均対応', 'Mean service'], ['開設（時間）', 'Open, h'], ['稼働率', 'Utilisation']],
	r.windows.map((w) => [w.id, [['label', w.label.ja], ['called', num(w.called)], ['served', num(w.served)],
		['no_show', num(w.no_show)], ['service_mean', num(w.service.mean)], ['open_hours', num(w.open_hours)],
		['utilisation', pct(w.utilisation)]]]));
}

async function download(name) {
	const res = await get(`/v1/report?from=${$('from').value}&to=${$('to').value}&format=csv&table=${name}`);
	if (res.status !== 200) {
		say('error', 'ダウンロードできませんでした。', 'Download failed.');
		return;
	}
	const url = URL.createObjectURL(await res.blob());
	const a = h('a', { href: url, download: `machiai-${name}-${$('from').value}-${$('to').value}.csv` });
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function draw() {
	const r = report;
	$('office').textContent = r.office.name.ja + ' ' + r.from + ' – ' + r.to;
	$('result').hidden = false;
	drawCards(r);
	drawWaits(r);
	drawCategories(r);
	drawHeat(r);
	drawBand(r);
	drawTables(r);
	$('downloads').replaceChildren(...TABLES.map(([name, ja, en]) =>
		h('button', { type: 'button', class: 'small', 'data-table': name }, ...bi(ja, en))));
	$('skipped-panel').hidden = r.skipped.length === 0;
	$('skipped').replaceChildren(...r.skipped.map((s) => h('li', {}, `${s.file}:${s.line}: ${s.reason}`)),
		r.skipped_total > r.skipped.length ? h('li', {}, `… +${r.skipped_total - r.skipped.length}`) : null);
}

$('range').addEventListener('submit', (e) => {
	e.preventDefault();
	load();
});
for (const b of document.querySelectorAll('[data-range]')) {
	b.addEventListener('click', () => {
		setRange(b.dataset.range);
		load();
	});
}
$('downloads').addEventListener('click', (e) => {
	const b = e.target.closest('button[data-table]');
	if (b) download(b.dataset.table);
});
$('token-form').addEventListener('submit', async (e) => {
	e.preventDefault();
	const tok = $('token').value.trim();
	const res = await fetch('/v1/auth', { headers: { 'Authorization': 'Bearer ' + tok }, cache: 'no-store' });
	if (res.status !== 200) {
		say('error', res.status === 403 ? 'これは発券機の合言葉です。職員用の合言葉を入れてください。' : '合言葉が違います。',
			res.status === 403 ? 'This is the kiosk\'s token. Enter the staff token.' : 'The token does not work.');
		return;
	}
	localStorage.setItem(TOKEN_KEY, tok);
	$('setup').hidden = true;
	load();
});
let resizeTimer = null;
window.addEventListener('resize', () => {
	clearTimeout(resizeTimer);
	resizeTimer = setTimeout(() => {
		if (report) draw();
	}, 150);
});

const q = new URLSearchParams(location.search);
if (q.get('from') && q.get('to')) {
	$('from').value = q.get('from');
	$('to').value = q.get('to');
} else {
	setRange('30');
}
load();
