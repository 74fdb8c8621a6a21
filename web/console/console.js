// SPDX-License-Identifier: MIT
// Staff console: one window's buttons and the live queue, over the local API
// (docs/api.md). The token and the chosen window are kept in localStorage.
'use strict';

const TOKEN_KEY = 'machiai.token';
const WINDOW_KEY = 'machiai.window';

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

// Words for the API's error codes; the server's message is added for detail.
const ERRORS = {
	unauthorized: ['合言葉が違います。設定し直してください。', 'The token was refused. Enter it again.'],
	nobody_waiting: ['お待ちの方はいません。', 'Nobody is waiting for this window.'],
	window_closed: ['この窓口は閉じています。先に「窓口を開ける」を押してください。', 'This window is closed. Open it first.'],
	no_ticket: ['この窓口に呼出中の番号はありません。', 'No ticket is called at this window.'],
	day_closed: ['本日の受付は終了しています。', 'The office day is not open.'],
	bad_state: ['その操作はいまの状態ではできません。', 'Not possible in the current state.'],
	journal_failed: ['記録に失敗しました。機器の管理者に連絡してください。', 'Could not save. Call the administrator.'],
};

async function api(method, path, body) {
	let res;
	try {
		res = await fetch(path, {
			method,
			headers: {
				'Authorization': 'Bearer ' + token(),
				'Content-Type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch (e) {
		return { ok: false, ja: '通信できません。ネットワークを確認してください。', en: 'Cannot reach the appliance. Check the network.' };
	}
	let data = null;
	try {
		data = await res.json();
	} catch (e) {
		data = null;
	}
	if (res.ok) return { ok: true, data };
	const code = data && data.error ? data.error : 'http_' + res.status;
	const words = ERRORS[code] || ['操作できませんでした（' + code + '）。', 'Refused (' + code + ').'];
	if (code === 'unauthorized') localStorage.removeItem(TOKEN_KEY);
	return { ok: false, code, ja: words[0], en: words[1] + (data && data.message ? ' — ' + data.message : '') };
}

function windowInfo() {
	if (!status) return null;
	return status.windows.find((w) => w.id === myWindow()) || null;
}

function render() {
	if (!status) return;
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
			$('message').textContent = '';
			$('message').className = 'message';
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
	} else {
		say('error', r.ja, r.en);
	}
	await refresh();
}

async function toggleOpen() {
	const w = windowInfo();
	if (!w) return;
	busy = true;
	render();
	const r = await api('PUT', '/v1/windows/' + encodeURIComponent(w.id), { open: !w.open });
	busy = false;
	if (r.ok) say('ok', r.data.open ? '窓口を開けました' : '窓口を閉じました', r.data.open ? 'Window opened' : 'Window closed');
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

$('token-form').addEventListener('submit', (e) => {
	e.preventDefault();
	localStorage.setItem(TOKEN_KEY, $('token').value.trim());
	$('token').value = '';
	render();
});
$('forget-token').addEventListener('click', () => {
	localStorage.removeItem(TOKEN_KEY);
	render();
});
$('change-window').addEventListener('click', () => {
	localStorage.removeItem(WINDOW_KEY);
	render();
});
$('btn-call').addEventListener('click', () => act('call'));
$('btn-recall').addEventListener('click', () => act('recall'));
$('btn-no-show').addEventListener('click', () => act('no-show'));
$('btn-done').addEventListener('click', () => act('done'));
$('btn-open').addEventListener('click', toggleOpen);
$('notice-form').addEventListener('submit', async (e) => {
	e.preventDefault();
	const r = await api('PUT', '/v1/notice', { ja: $('notice-ja').value, en: $('notice-en').value });
	if (r.ok) say('ok', 'お知らせを表示しました', 'Notice shown on the sign');
	else say('error', r.ja, r.en);
});

refresh().then(() => {
	if (status && status.service.notice) {
		$('notice-ja').value = status.service.notice.ja || '';
		$('notice-en').value = status.service.notice.en || '';
	}
});
connect();
