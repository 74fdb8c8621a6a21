// SPDX-License-Identifier: MIT
// The kiosk (発券機): big buttons per category; one tap issues a ticket with
// the kiosk's token, which may do nothing else, and machiai-printer prints
// it. When it cannot, the number is shown very large instead. Japanese, with
// やさしい日本語 and the visitor's language one tap away (docs/api.md).
'use strict';

const TOKEN_KEY = 'machiai.kiosk.token';
const RESULT_MS = 20000; // a printed ticket's screen
const RESULT_UNPRINTED_MS = 60000; // time to write the number down
const PRINT_WAIT_MS = 12000; // how long a print may take before the number is shown instead
const IDLE_MS = 60000; // back to Japanese after this long untouched

const $ = (id) => document.getElementById(id);

const T = {
	ja: {
		name: '日本語', prompt: 'ご用件を選んでください', waiting: '待ち {n}人',
		band: '約{low}〜{high}分', about: '約{min}分', soon: 'まもなく', unknown: '—',
		issuing: '発券しています…', take: '番号札をお取りください', number: 'あなたの番号',
		unprinted: '番号札を印刷できませんでした。この番号を控えるか、職員にお声がけください。',
		ahead: 'お待ちの方 {n}人・{wait}', away: '{time}ごろまでお呼びしません。外出されても大丈夫です',
		ok: '戻る', help: '職員を呼ぶ', help_sent: '職員が参ります。少々お待ちください。',
		suspended: 'ただいま受付を一時停止しています', closed: '本日の受付は終了しました',
		before: '受付開始前です', ask: '職員にお声がけください',
		opens: '受付は {date} {time}からです', opens_today: '受付は {time}からです',
		error: '発券できませんでした。職員にお声がけください。',
	},
	'ja-easy': {
		name: 'やさしい にほんご', prompt: 'なにを しに きましたか。えらんで ください',
		waiting: 'まっている ひと {n}にん', band: '{low}〜{high}ぷん ぐらい', about: '{min}ぷん ぐらい',
		soon: 'もうすぐ', unknown: '—', issuing: 'ばんごうふだ を だしています…',
		take: 'ばんごうふだ を とって ください', number: 'あなた の ばんごう',
		unprinted: 'ばんごうふだ が でません でした。この ばんごう を メモ するか、しょくいん に いって ください。',
		ahead: 'まえ に {n}にん・{wait}', away: '{time} まで よびません。そと に でても だいじょうぶ です',
		ok: 'もどる', help: 'しょくいん を よぶ', help_sent: 'しょくいん が きます。すこし まって ください。',
		suspended: 'いま ばんごうふだ を だして いません', closed: 'きょう の うけつけ は おわりました',
		before: 'まだ うけつけ の まえ です', ask: 'しょくいん に いって ください',
		opens: 'うけつけ は {date} {time} から です', opens_today: 'うけつけ は {time} から です',
		error: 'ばんごうふだ を だせません でした。しょくいん に いって ください。',
	},
	en: {
		name: 'English', prompt: 'Please choose what you came for', waiting: '{n} waiting',
		band: 'about {low}–{high} min', about: 'about {min} min', soon: 'soon', unknown: '—',
		issuing: 'Printing your ticket…', take: 'Please take your ticket', number: 'Your number',
		unprinted: 'Your ticket could not be printed. Please write down this number or ask a member of staff.',
		ahead: '{n} people ahead · {wait}', away: 'We will not call you before {time}. You may go out until then.',
		ok: 'Done', help: 'Call staff', help_sent: 'A member of staff is coming. Please wait.',
		suspended: 'Ticket issuing is paused.', closed: 'Reception is closed for today.',
		before: 'Reception has not opened yet.', ask: 'Please ask a member of staff.',
		opens: 'Reception opens {date} at {time}.', opens_today: 'Reception opens at {time}.',
		error: 'No ticket could be issued. Please ask a member of staff.',
	},
	'zh-Hans': {
		name: '中文', prompt: '请选择您要办理的业务', waiting: '等候 {n}人',
		band: '约{low}～{high}分钟', about: '约{min}分钟', soon: '即将叫号', unknown: '—',
		issuing: '正在出票…', take: '请取走您的号码牌', number: '您的号码',
		unprinted: '号码牌无法打印。请记下此号码或询问工作人员。',
		ahead: '前面还有 {n}人・{wait}', away: '{time}之前不会叫号。您可以暂时外出。',
		ok: '完成', help: '呼叫工作人员', help_sent: '工作人员马上就来，请稍候。',
		suspended: '暂停发号。', closed: '今日受理已结束。', before: '尚未开始受理。',
		ask: '请询问工作人员。', opens: '受理时间：{date} {time}起', opens_today: '受理时间：{time}起', error: '无法出票。请询问工作人员。',
	},
	ko: {
		name: '한국어', prompt: '용건을 선택해 주세요', waiting: '대기 {n}명',
		band: '약 {low}~{high}분', about: '약 {min}분', soon: '곧 호출', unknown: '—',
		issuing: '번호표를 발행하고 있습니다…', take: '번호표를 받아 가세요', number: '고객님의 번호',
		unprinted: '번호표를 인쇄하지 못했습니다. 이 번호를 적어 두시거나 직원에게 말씀해 주세요.',
		ahead: '앞에 {n}명・{wait}', away: '{time}경까지는 호출하지 않습니다. 외출하셔도 괜찮습니다.',
		ok: '확인', help: '직원 호출', help_sent: '직원이 곧 옵니다. 잠시 기다려 주세요.',
		suspended: '번호표 발행을 잠시 중지했습니다.', closed: '오늘 접수는 종료되었습니다.',
		before: '아직 접수 시작 전입니다.', ask: '직원에게 말씀해 주세요.',
		opens: '접수는 {date} {time}부터입니다.', opens_today: '접수는 {time}부터입니다.',
		error: '번호표를 발행하지 못했습니다. 직원에게 말씀해 주세요.',
	},
	vi: {
		name: 'Tiếng Việt', prompt: 'Vui lòng chọn việc bạn cần làm', waiting: '{n} người chờ',
		band: 'khoảng {low}–{high} phút', about: 'khoảng {min} phút', soon: 'sắp tới', unknown: '—',
		issuing: 'Đang in phiếu…', take: 'Vui lòng lấy phiếu của bạn', number: 'Số của bạn',
		unprinted: 'Không in được phiếu. Vui lòng ghi lại số này hoặc hỏi nhân viên.',
		ahead: 'Còn {n} người trước bạn · {wait}', away: 'Chúng tôi sẽ không gọi trước {time}. Bạn có thể ra ngoài đến lúc đó.',
		ok: 'Xong', help: 'Gọi nhân viên', help_sent: 'Nhân viên sẽ đến ngay. Vui lòng chờ.',
		suspended: 'Tạm dừng phát số.', closed: 'Hôm nay đã hết giờ tiếp nhận.',
		before: 'Chưa đến giờ tiếp nhận.', ask: 'Vui lòng hỏi nhân viên.',
		opens: 'Tiếp nhận từ {time} {date}.', opens_today: 'Tiếp nhận từ {time}.',
		error: 'Không phát được số. Vui lòng hỏi nhân viên.',
	},
};

// Pictograms, drawn for a 64 x 64 box with the current colour.
const ICONS = {
	ticket: '<rect x="10" y="16" width="44" height="32" rx="4"/><path d="M40 16v32" stroke-dasharray="4 4"/><path d="M18 28h14M18 36h10"/>',
	certificate: '<path d="M16 8h24l10 10v38H16z"/><path d="M40 8v10h10"/><path d="M22 28h20M22 36h20"/><circle cx="40" cy="47" r="5"/>',
	moving: '<path d="M6 40V22h30v18"/><path d="M36 28h12l8 8v4H36"/><circle cx="16" cy="44" r="5"/><circle cx="46" cy="44" r="5"/>',
	family: '<circle cx="22" cy="16" r="6"/><circle cx="42" cy="16" r="6"/><circle cx="32" cy="34" r="4"/><path d="M12 54V32a10 10 0 0 1 20 0M32 32a10 10 0 0 1 20 0v22M26 54V44a6 6 0 0 1 12 0v10"/>',
	tax: '<rect x="12" y="8" width="40" height="48" rx="4"/><path d="M20 18h24v10H20z"/><path d="M20 36h4M30 36h4M40 36h4M20 46h4M30 46h4M40 46h4"/>',
	insurance: '<path d="M32 8l20 8v14c0 14-9 22-20 26-11-4-20-12-20-26V16z"/><path d="M32 22v18M23 31h18"/>',
	pension: '<circle cx="32" cy="20" r="10"/><path d="M14 56c2-12 9-18 18-18s16 6 18 18"/><path d="M50 30v26"/>',
	child: '<circle cx="32" cy="14" r="7"/><path d="M20 30l12-6 12 6M32 24v16M24 56l8-16 8 16"/>',
	welfare: '<path d="M32 54C14 42 8 32 8 22a11 11 0 0 1 24-4 11 11 0 0 1 24 4c0 10-6 20-24 32z"/>',
	consultation: '<path d="M8 12h32v22H22l-8 8v-8H8z"/><path d="M28 40v4h14l8 8v-8h6V24H46"/>',
	reservation: '<rect x="8" y="12" width="48" height="42" rx="4"/><path d="M8 24h48M20 6v12M44 6v12"/><path d="M22 38l7 7 13-13"/>',
};

let status = null;
let setup = null;
let lang = 'ja';
let busy = false;
let resultTimer = null;
let idleTimer = null;

function t(key, l) {
	const table = T[l || lang] || T.ja;
	return table[key] !== undefined ? table[key] : T.ja[key];
}

function fill(s, values) {
	return s.replace(/\{(\w+)\}/g, (m, k) => (values[k] !== undefined ? String(values[k]) : m));
}

function token() {
	return localStorage.getItem(TOKEN_KEY) || '';
}

function name(obj, l) {
	return (obj && (obj[l] || obj.ja)) || '';
}

function waitText(w, l) {
	if (!w || w.low === null || w.low === undefined) return t('unknown', l);
	if (w.soon) return t('soon', l);
	if (w.low === w.high) return fill(t('about', l), { min: w.low });
	return fill(t('band', l), { low: w.low, high: w.high });
}

// Text in Japanese, and under it in the chosen language when that is another.
function twoLines(el, ja, other) {
	el.textContent = ja;
	if (other && other !== ja) {
		const s = document.createElement('span');
		s.className = 'l2';
		s.lang = lang;
		s.textContent = other;
		el.append(s);
	}
}

function icon(kind) {
	const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
	svg.setAttribute('viewBox', '0 0 64 64');
	svg.setAttribute('aria-hidden', 'true');
	svg.setAttribute('class', 'icon');
	svg.innerHTML = ICONS[kind] || ICONS.ticket;
	return svg;
}

function renderLangs() {
	const nav = $('langs');
	nav.replaceChildren();
	for (const l of ['ja'].concat(setup ? setup.languages : [])) {
		const b = document.createElement('button');
		b.type = 'button';
		b.lang = l;
		b.dataset.lang = l;
		b.textContent = t('name', l);
		b.setAttribute('aria-pressed', String(l === lang));
		b.addEventListener('click', () => {
			lang = l;
			touched();
			render();
		});
		nav.append(b);
	}
}

// What the office's service state says about issuing now: null when open.
function closedKey() {
	const svc = status && status.service;
	if (!svc || svc.status === 'open') return null;
	if (svc.status === 'suspended') return 'suspended';
	const today = svc.hours && svc.hours.today;
	const now = status.generated_at ? status.generated_at.slice(11, 16) : '';
	return today && now && now < today.open ? 'before' : 'closed';
}

// When reception opens next, in language @l: today's opening time before it,
// the next day's after closing; '' when the status does not say.
function opensText(key, l) {
	const hours = status.service.hours || {};
	if (key === 'before' && hours.today) return fill(t('opens_today', l), { time: hours.today.open });
	const next = key === 'closed' && hours.next;
	if (!next || !next.date || !next.open) return '';
	const locale = { ja: 'ja', 'ja-easy': 'ja', en: 'en-GB', 'zh-Hans': 'zh-CN', ko: 'ko', vi: 'vi' }[l] || 'ja';
	const date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', day: 'numeric',
		weekday: 'short' }).format(new Date(next.date + 'T00:00:00Z'));
	return fill(t('opens', l), { date, time: next.open });
}

function render() {
	document.documentElement.lang = lang;
	renderLangs();
	if (!status || !setup) return;
	twoLines($('office'), status.office.name.ja, lang !== 'ja' ? name(status.office.name, lang) : '');
	$('help').hidden = !setup.help;
	twoLines($('help'), t('help', 'ja'), lang !== 'ja' ? t('help') : '');
	const closed = closedKey();
	$('closed').hidden = !closed || !$('result').hidden;
	$('choose').hidden = !!closed || !$('result').hidden;
	if (closed) {
		$('closed').dataset.state = closed;
		$('closed-text').textContent = t(closed, 'ja');
		$('closed-text2').textContent = lang !== 'ja' ? t(closed) + ' ' + t('ask') : t('ask', 'ja');
		$('closed-opens').textContent = opensText(closed, 'ja');
		$('closed-opens2').textContent = lang !== 'ja' ? opensText(closed, lang) : '';
		return;
	}
	twoLines($('prompt'), t('prompt', 'ja'), lang !== 'ja' ? t('prompt') : '');
	const list = $('categories');
	list.replaceChildren();
	for (const c of setup.categories) {
		const doc = status.categories.find((x) => x.id === c.id);
		if (!doc) continue;
		const b = document.createElement('button');
		b.type = 'button';
		b.className = 'category';
		b.dataset.category = c.id;
		b.disabled = busy;
		const label = document.createElement('span');
		label.className = 'label';
		twoLines(label, doc.name.ja, lang !== 'ja' ? name(doc.name, lang) : '');
		const info = document.createElement('span');
		info.className = 'info';
		info.dataset.waiting = String(doc.waiting);
		info.textContent = fill(t('waiting'), { n: doc.waiting }) + '　' + waitText(doc.wait);
		b.append(icon(c.icon), label, info);
		b.addEventListener('click', () => issue(c.id));
		list.append(b);
	}
}

function touched() {
	clearTimeout(idleTimer);
	idleTimer = setTimeout(() => {
		lang = 'ja';
		render();
	}, IDLE_MS);
}

function closeResult() {
	clearTimeout(resultTimer);
	$('result').hidden = true;
	busy = false;
	lang = 'ja';
	render();
}

// The result screen: "take your ticket", or the number very large when it did not print.
function showResult(ticket, printed, pending) {
	const r = $('result');
	const l2 = lang !== 'ja' ? lang : '';
	r.hidden = false;
	r.dataset.state = pending ? 'printing' : printed ? 'printed' : 'unprinted';
	r.dataset.ticket = ticket.ticket;
	$('choose').hidden = true;
	$('closed').hidden = true;
	twoLines($('result-head'), pending ? t('issuing', 'ja') : printed ? t('take', 'ja') : t('number', 'ja'),
		l2 ? (pending ? t('issuing') : printed ? t('take') : t('number')) : '');
	$('result-number').textContent = ticket.ticket;
	const cat = status && status.categories.find((x) => x.id === ticket.category);
	twoLines($('result-category'), cat ? cat.name.ja : ticket.category, cat && l2 ? name(cat.name, l2) : '');
	const wait = (l) => fill(t('ahead', l), { n: ticket.waiting_before, wait: waitText(ticket.wait, l) });
	twoLines($('result-wait'), wait('ja'), l2 ? wait(l2) : '');
	const note = $('result-note');
	note.replaceChildren();
	if (!printed && !pending) twoLines(note, t('unprinted', 'ja'), l2 ? t('unprinted') : '');
	const away = ticket.print && ticket.print.away_until;
	if (away && !pending) {
		const p = document.createElement('div');
		p.className = 'away';
		twoLines(p, fill(t('away', 'ja'), { time: away }), l2 ? fill(t('away'), { time: away }) : '');
		note.append(p);
	}
	twoLines($('result-ok'), t('ok', 'ja'), l2 ? t('ok') : '');
	clearTimeout(resultTimer);
	if (!pending) resultTimer = setTimeout(closeResult, printed ? RESULT_MS : RESULT_UNPRINTED_MS);
}

function showError(message) {
	const r = $('result');
	r.hidden = false;
	r.dataset.state = 'error';
	r.dataset.ticket = '';
	$('choose').hidden = true;
	twoLines($('result-head'), message.ja, lang !== 'ja' ? message.other : '');
	for (const id of ['result-number', 'result-category', 'result-wait', 'result-note'])
		$(id).textContent = '';
	twoLines($('result-ok'), t('ok', 'ja'), lang !== 'ja' ? t('ok') : '');
	clearTimeout(resultTimer);
	resultTimer = setTimeout(closeResult, RESULT_MS);
}

async function waitPrinted(ticket) {
	const until = Date.now() + PRINT_WAIT_MS;
	while (Date.now() < until && !$('result').hidden && $('result').dataset.ticket === ticket) {
		try {
			const res = await fetch('/v1/printer/jobs/' + encodeURIComponent(ticket), { cache: 'no-store' });
			const job = await res.json();
			if (job.state === 'printed') return true;
			if (job.state === 'failed') return false;
		} catch (e) {
			// the daemon restarting: keep asking until the time is up
		}
		await new Promise((ok) => setTimeout(ok, 300));
	}
	return false;
}

async function issue(category) {
	if (busy) return;
	busy = true;
	touched();
	render();
	let res, body;
	try {
		res = await fetch('/v1/tickets', {
			method: 'POST',
			headers: { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
			body: JSON.stringify({ category, lang }),
		});
		body = await res.json();
	} catch (e) {
		showError({ ja: t('error', 'ja'), other: t('error') });
		return;
	}
	if (res.status === 401) {
		localStorage.removeItem(TOKEN_KEY);
		busy = false;
		start();
		return;
	}
	if (res.status !== 201) {
		const key = body.error === 'suspended' ? 'suspended' : body.error === 'day_closed' ? 'closed' : 'error';
		showError({ ja: t(key, 'ja') + (key === 'error' ? '' : ' ' + t('ask', 'ja')), other: t(key) });
		return;
	}
	const job = body.print;
	if (!job || job.state === 'failed') {
		showResult(body, false, false); // no printer, or one known not to print now
		return;
	}
	showResult(body, false, true);
	const printed = job.state === 'printed' || (await waitPrinted(body.ticket));
	if (!$('result').hidden && $('result').dataset.ticket === body.ticket) showResult(body, printed, false);
}

async function help() {
	touched();
	$('help').disabled = true;
	try {
		await fetch('/v1/kiosk/help', {
			method: 'PUT',
			headers: { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
			body: JSON.stringify({ requested: true }),
		});
	} finally {
		twoLines($('help-note'), t('help_sent', 'ja'), lang !== 'ja' ? t('help_sent') : '');
		$('help-note').hidden = false;
		setTimeout(() => {
			$('help-note').hidden = true;
			$('help').disabled = false;
		}, RESULT_MS);
	}
}

function listen() {
	const es = new EventSource('/v1/stream');
	es.addEventListener('status', (e) => {
		status = JSON.parse(e.data);
		$('conn').hidden = true;
		if ($('result').hidden) render();
		document.body.dataset.ready = 'true';
	});
	es.onerror = () => {
		$('conn').hidden = false;
	};
}

async function start() {
	const m = /token=([^&]+)/.exec(location.hash);
	if (m) {
		localStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
		history.replaceState(null, '', location.pathname);
	}
	if (!token()) {
		$('setup').hidden = false;
		$('choose').hidden = true;
		return;
	}
	$('setup').hidden = true;
	setup = await (await fetch('/v1/kiosk', { cache: 'no-store' })).json();
	if (!setup.enabled) {
		// No [kiosk] in machiai.conf: nothing to issue with; say so for staff.
		$('closed').hidden = false;
		$('closed').dataset.state = 'off';
		$('closed-text').textContent = '発券機は設定されていません';
		$('closed-text2').textContent = 'machiai.conf: [kiosk] token';
		return;
	}
	render();
	listen();
}

$('token-form').addEventListener('submit', (e) => {
	e.preventDefault();
	localStorage.setItem(TOKEN_KEY, $('token').value.trim());
	$('token').value = '';
	start();
});
$('result-ok').addEventListener('click', closeResult);
$('help').addEventListener('click', help);
start();
