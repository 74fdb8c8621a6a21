// SPDX-License-Identifier: MIT
// Staff console: one window's buttons and the live queue, over the local API
// (docs/api.md). The token and the chosen window are kept in localStorage.
'use strict';

const TOKEN_KEY = 'machiai.token';
const WINDOW_KEY = 'machiai.window';
const NOTICE_MAX_BYTES = 511; // PUT /v1/notice takes less than 512 bytes a language

const $ = (id) => document.getElementById(id);
let status = null;
let busy = false;

function token() {
	return localStorage.getItem(TOKEN_KEY) || '';
}

function myWindow() {
	return localStorage.getItem(WINDOW_KEY) || '';
}

function text(obj, fallback) {
	if (!obj) return fallback || '';
	return obj.ja || obj.en || fallback || '';
}

function show(id, on) {
	$(id).hidden = !on;
}

function say(kind, ja, en) {
	const m = $('message');
	m.className = 'message ' + kind;
	m.textContent = '';
	m.append(ja);
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

// Words for counter staff for the API's error codes (the API's own message
// is for integrators and is not shown).
const TOKEN_WRONG = [
	'この合言葉では操作できません。入力した文字をもう一度確かめてください（大文字と小文字も区別します）。分からないときは、機器の設置担当者に聞いてください。',
	'This token does not work. Check what you typed (capital letters count) and try again, or ask the person who set up the sign.',
];
const ERRORS = {
	unauthorized: TOKEN_WRONG,
	forbidden: ['これは発券機の合言葉です。窓口では使えません。窓口用の合言葉（machiai.conf の [api] token）を入れてください。',
		'This is the kiosk\'s token: it only issues tickets. Enter the staff token ([api] token in machiai.conf).'],
	nobody_waiting: ['お待ちの方はいません。', 'Nobody is waiting for this window.'],
	window_closed: ['この窓口は閉じています。先に「窓口を開ける」を押してください。', 'This window is closed. Open it first.'],
	no_ticket: ['この窓口に呼出中の番号はありません。', 'No ticket is called at this window.'],
	day_closed: ['本日の受付は終了しています。', 'The office day is not open.'],
	bad_state: ['その操作はいまの状態ではできません。', 'Not possible in the current state.'],
	suspended: ['いまは発券を止めています。', 'Issuing tickets is paused.'],
	journal_failed: ['記録に失敗しました。機器の管理者に連絡してください。', 'Could not save. Call the administrator.'],
};

// A request to the API. @tok: the token to send (default: the saved one).
async function api(method, path, body, tok) {
	const headers = { 'Authorization': 'Bearer ' + (tok === undefined ? token() : tok) };
	let res;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	try {
		res = await fetch(path, {
			method,
			headers,
			cache: 'no-store',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch (e) {
		return { ok: false, code: 'network', ja: '機器と通信できません。ネットワークを確認してください。', en: 'Cannot reach the appliance. Check the network.' };
	}
	let data = null;
	try {
		data = await res.json();
	} catch (e) {
		data = null;
	}
	if (res.ok) return { ok: true, data };
	const code = data && data.error ? data.error : 'http_' + res.status;
	const words = ERRORS[code] || ['操作できませんでした（' + code + '）。', 'That did not work (' + code + ').'];
	return { ok: false, code, ja: words[0], en: words[1] };
}

// A refused token: forget it and ask for it again.
function tokenRefused() {
	localStorage.removeItem(TOKEN_KEY);
	say('error', TOKEN_WRONG[0], TOKEN_WRONG[1]);
	render();
}

function windowInfo() {
	if (!status) return null;
	return status.windows.find((w) => w.id === myWindow()) || null;
}

// 今後の受付日: the next 14 days of GET /v1/calendar, fetched again when the day changes.
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
let calendarDay = '';

function calendarReason(d) {
	if (d.kind === 'holiday' && d.holiday) return ['祝日（' + d.holiday.ja + '）', d.holiday.en];
	if (d.kind === 'year_end') return ['年末年始', 'New Year holidays'];
	if (d.kind === 'special') return ['臨時閉庁', 'Closed this day'];
	return ['閉庁日', 'Closed'];
}

function renderCalendar(days) {
	const list = $('calendar-list');
	list.textContent = '';
	for (const d of days) {
		const li = document.createElement('li');
		const en = document.createElement('span');
		let ja;

		li.dataset.date = d.date;
		li.className = d.open ? 'open' : 'closed';
		en.className = 'en';
		if (d.open) {
			ja = d.hours.map((h) => h.open + '–' + h.close).join(', ');
			if (d.kind === 'special') {
				ja += '（特別）';
				en.textContent = 'special hours';
			}
		} else {
			[ja, en.textContent] = calendarReason(d);
		}
		li.append(Number(d.date.slice(5, 7)) + '/' + Number(d.date.slice(8)) + '(' +
			WEEKDAYS[d.weekday] + ') ' + ja);
		if (en.textContent) li.append(' ', en);
		list.append(li);
	}
	show('calendar-panel', days.length > 0);
}

async function calendarLoad() {
	if (!status || status.service.day === calendarDay) return;
	calendarDay = status.service.day;
	try {
		const res = await fetch('/v1/calendar', { cache: 'no-store' });
		if (!res.ok) throw new Error(res.status);
		renderCalendar((await res.json()).days.slice(0, 14));
	} catch (e) {
		calendarDay = ''; // asked again with the next status
	}
}

function render() {
	if (!status) return;
	calendarLoad();
	$('office').textContent = text(status.office.name);
	const haveToken = token() !== '';
	const w = windowInfo();
	show('setup', !haveToken);
	show('pick', haveToken && !w);
	show('counter', haveToken && !!w);
	show('queue', true);
	show('notice-panel', haveToken);
	if (haveToken && !w) renderPick();
	if (w) renderCounter(w);
	renderQueue();
	if (haveToken) renderNotice();
}

function renderPick() {
	const list = $('window-list');
	list.textContent = '';
	for (const w of status.windows) {
		const b = document.createElement('button');
		b.type = 'button';
		b.dataset.window = w.id;
		b.textContent = text(w.label, w.id);
		const sub = document.createElement('span');
		sub.className = 'sub';
		sub.textContent = (w.label && w.label.en ? w.label.en + ' · ' : '') + w.categories.join(', ') + (w.open ? '' : ' · 閉 closed');
		b.append(sub);
		b.addEventListener('click', () => {
			localStorage.setItem(WINDOW_KEY, w.id);
			quiet();
			render();
		});
		list.append(b);
	}
}

function renderCounter(w) {
	$('window-name').textContent = text(w.label, w.id) + (w.label && w.label.en ? ' / ' + w.label.en : '');
	$('now-ticket').textContent = w.ticket || '—';
	$('now-state').textContent = !w.ticket ? '空き / Free'
		: w.state === 'serving' ? '対応中 / Serving'
		: '呼出中 / Called' + (w.recalls ? '（再呼出 ' + w.recalls + ' 回 / recalled ' + w.recalls + '×）' : '');
	const dayOpen = status.service.status !== 'closed';
	$('btn-call').disabled = busy || !w.open || !dayOpen;
	$('btn-recall').disabled = busy || !w.ticket || w.state !== 'called';
	$('btn-no-show').disabled = busy || !w.ticket || w.state !== 'called';
	$('btn-done').disabled = busy || !w.ticket;
	$('open-state').textContent = w.open ? 'この窓口は開いています / Open' : 'この窓口は閉じています / Closed';
	$('btn-open').textContent = w.open ? '窓口を閉じる / Close window' : '窓口を開ける / Open window';
	$('btn-open').disabled = busy;
	if (!w.open) show('close-confirm', false);
}

function renderQueue() {
	const body = $('queue-body');
	body.textContent = '';
	for (const c of status.categories) {
		const tr = document.createElement('tr');
		const w = c.wait;
		const cells = [
			c.id + ' ' + text(c.name),
			String(c.waiting),
			c.serving.length ? c.serving.join(' ') : '—',
			w && w.median !== null ? w.low + '〜' + w.high + '分' : '—',
			c.last_issued || '—',
		];
		cells.forEach((v, i) => {
			const td = document.createElement('td');
			td.textContent = v;
			if (i === 1) td.className = 'num';
			td.dataset.col = ['category', 'waiting', 'serving', 'wait', 'last'][i];
			tr.append(td);
		});
		tr.dataset.category = c.id;
		body.append(tr);
	}
}

// ---- the notice: one field per language the sign shows ----

const LANG_NAMES = {
	ja: ['日本語', 'Japanese'],
	en: ['English', ''],
	'zh-Hans': ['中文', 'Chinese'],
	ko: ['한국어', 'Korean'],
	vi: ['Tiếng Việt', 'Vietnamese'],
	'ja-easy': ['やさしい日本語', 'Easy Japanese'],
};
let noticeLangs = []; // the languages of the fields, ja first
const noticeEdited = new Set(); // fields changed here and not saved yet

function noticeNow() {
	return (status && status.service.notice) || {};
}

function noticeField(l) {
	return $('notice-' + l);
}

// Fields for the sign's languages; those not being edited follow the sign.
function renderNotice() {
	const langs = status.languages && status.languages.length ? status.languages : ['ja'];
	if (langs.join() !== noticeLangs.join()) {
		const box = $('notice-fields');
		box.textContent = '';
		for (const l of langs) {
			const names = LANG_NAMES[l] || [l, ''];
			const label = document.createElement('label');
			label.htmlFor = 'notice-' + l;
			label.textContent = names[0];
			if (names[1]) {
				const en = document.createElement('span');
				en.className = 'en';
				en.textContent = names[1];
				label.append(en);
			}
			const input = document.createElement('input');
			input.type = 'text';
			input.id = 'notice-' + l;
			input.lang = l === 'ja-easy' ? 'ja' : l;
			input.dataset.lang = l;
			input.addEventListener('input', () => {
				noticeEdited.add(l);
				show('notice-stale', false);
			});
			box.append(label, input);
		}
		noticeLangs = langs.slice();
	}
	const now = noticeNow();
	for (const l of noticeLangs) {
		if (!noticeEdited.has(l)) noticeField(l).value = now[l] || '';
	}
}

// What PUT /v1/notice is to get: the sign's notice, with the fields edited here.
function noticeBody() {
	const body = Object.assign({}, noticeNow());
	for (const l of noticeEdited) {
		const v = noticeField(l).value.trim();
		if (v) body[l] = v;
		else delete body[l];
	}
	return body;
}

// Languages whose old text would stay beside a new Japanese one.
function noticeStale() {
	const now = noticeNow();
	if (!noticeEdited.has('ja') || noticeField('ja').value.trim() === (now.ja || '')) return [];
	return noticeLangs.filter((l) => l !== 'ja' && !noticeEdited.has(l) && now[l]);
}

async function noticeSave(body) {
	show('notice-stale', false);
	quiet(); // the last save's message is not this one's
	const enc = new TextEncoder();
	for (const l of Object.keys(body)) {
		if (enc.encode(body[l]).length > NOTICE_MAX_BYTES) {
			const n = (LANG_NAMES[l] || [l])[0];
			say('error', n + 'のお知らせが長すぎます。短くしてください。', 'The ' + n + ' notice is too long. Please shorten it.');
			return;
		}
	}
	const r = await api('PUT', '/v1/notice', body);
	if (r.ok) {
		noticeEdited.clear();
		if (status && r.data && r.data.notice) status.service.notice = r.data.notice;
		renderNotice();
		say('ok', 'お知らせを表示しました', 'Notice shown on the sign');
	} else if (r.code === 'unauthorized') {
		tokenRefused();
	} else {
		say('error', r.ja, r.en);
	}
}

function noticeSubmit() {
	const stale = noticeStale();
	if (stale.length) {
		const names = stale.map((l) => (LANG_NAMES[l] || [l])[0]).join('、');
		const p = $('notice-stale-text');
		p.textContent = '日本語だけが新しくなります。' + names + ' のお知らせは前のままです。';
		const en = document.createElement('span');
		en.className = 'en';
		en.textContent = 'Only the Japanese changes: ' + stale.map((l) => (LANG_NAMES[l] || [l])[0]).join(', ') + ' would keep the old notice.';
		p.append(en);
		p.dataset.stale = stale.join(',');
		show('notice-stale', true);
		return;
	}
	noticeSave(noticeBody());
}

// ---- actions ----

async function act(action) {
	const w = myWindow();
	busy = true;
	render();
	const r = await api('POST', '/v1/windows/' + encodeURIComponent(w) + '/' + action, {});
	busy = false;
	if (r.ok) {
		const t = r.data.ticket;
		const done = {
			call: [t + ' を呼び出しました', 'Called ' + t],
			recall: [t + ' を再度呼び出しました', 'Recalled ' + t],
			'no-show': ['不在にしました', 'Marked as no-show'],
			done: ['完了しました', 'Finished'],
		}[action];
		say('ok', done[0], done[1]);
	} else if (r.code === 'unauthorized') {
		tokenRefused();
	} else {
		say('error', r.ja, r.en);
	}
	await refresh();
}

async function setOpen(open) {
	const w = windowInfo();
	if (!w) return;
	show('close-confirm', false);
	busy = true;
	render();
	const r = await api('PUT', '/v1/windows/' + encodeURIComponent(w.id), { open });
	busy = false;
	if (r.ok) say('ok', r.data.open ? '窓口を開けました' : '窓口を閉じました', r.data.open ? 'Window opened' : 'Window closed');
	else if (r.code === 'unauthorized') tokenRefused();
	else say('error', r.ja, r.en);
	await refresh();
}

async function refresh() {
	try {
		const res = await fetch('/v1/status', { cache: 'no-store' });
		if (res.ok) status = await res.json();
	} catch (e) {
		// the stream reconnects by itself; keep the last state on screen
	}
	render();
}

function connect() {
	const es = new EventSource('/v1/stream');
	es.addEventListener('status', (ev) => {
		status = JSON.parse(ev.data);
		$('conn').className = 'conn ok';
		$('conn').textContent = '最新 / Live · ' + status.generated_at.slice(11, 16);
		render();
	});
	es.onerror = () => {
		$('conn').className = 'conn bad';
		$('conn').textContent = '再接続中… / Reconnecting…';
	};
}

// The token is checked when it is entered (GET /v1/auth changes nothing),
// not when a citizen is waiting for the first call.
$('token-form').addEventListener('submit', async (e) => {
	e.preventDefault();
	const t = $('token').value.trim();
	const button = $('token-form').querySelector('button');
	if (!t) return;
	button.disabled = true;
	say('info', '合言葉を確かめています…', 'Checking the token…');
	const r = await api('GET', '/v1/auth', undefined, t);
	button.disabled = false;
	if (r.ok) {
		localStorage.setItem(TOKEN_KEY, t);
		$('token').value = '';
		say('ok', '合言葉を確かめました。窓口を選んでください。', 'The token is right. Pick your window.');
	} else if (r.code === 'unauthorized') {
		say('error', TOKEN_WRONG[0], TOKEN_WRONG[1]);
		$('token').select();
	} else {
		say('error', r.ja, r.en);
	}
	render();
});
$('forget-token').addEventListener('click', () => {
	localStorage.removeItem(TOKEN_KEY);
	render();
});
$('change-window').addEventListener('click', () => {
	localStorage.removeItem(WINDOW_KEY);
	show('close-confirm', false);
	render();
});
$('btn-call').addEventListener('click', () => act('call'));
$('btn-recall').addEventListener('click', () => act('recall'));
$('btn-no-show').addEventListener('click', () => act('no-show'));
$('btn-done').addEventListener('click', () => act('done'));
$('btn-open').addEventListener('click', () => {
	const w = windowInfo();
	if (!w) return;
	if (w.open) show('close-confirm', true); // closing asks first
	else setOpen(true);
});
$('close-yes').addEventListener('click', () => setOpen(false));
$('close-no').addEventListener('click', () => show('close-confirm', false));
$('notice-form').addEventListener('submit', (e) => {
	e.preventDefault();
	noticeSubmit();
});
$('notice-clear-others').addEventListener('click', () => {
	const body = noticeBody();
	for (const l of $('notice-stale-text').dataset.stale.split(',')) delete body[l];
	noticeSave(body);
});
$('notice-keep-others').addEventListener('click', () => noticeSave(noticeBody()));
$('notice-back').addEventListener('click', () => show('notice-stale', false));

refresh().then(async () => {
	// A saved token that the appliance no longer takes is asked for again now.
	if (token()) {
		const r = await api('GET', '/v1/auth');
		if (!r.ok && (r.code === 'unauthorized' || r.code === 'forbidden')) tokenRefused();
	}
});
connect();
