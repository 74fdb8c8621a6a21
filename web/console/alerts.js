// SPDX-License-Identifier: MIT
// Staff console: what needs a member of staff away from the counter, from the
// status document's "printer" and "kiosk" (docs/status.md): the ticket
// printer's problem until it is fixed, and a visitor's call from the kiosk
// with a button to say it is answered.
'use strict';

(function () {
	const PROBLEMS = {
		paper_out: ['番号札の用紙がありません。ロール紙を入れてください。', 'Ticket printer: out of paper. Load a new roll.'],
		cover_open: ['番号札プリンターのふたが開いています。', 'Ticket printer: the cover is open.'],
		error: ['番号札プリンターにエラーが出ています。紙詰まりを確かめ、電源を入れ直してください。', 'Ticket printer: error. Check for a paper jam; switch it off and on.'],
		offline: ['番号札プリンターが止まっています。', 'Ticket printer: off line.'],
		unreachable: ['番号札プリンターにつながりません。電源とケーブルを確かめてください。', 'Ticket printer: not connected. Check its power and cable.'],
		no_report: ['番号札プリンターの状態がわかりません（machiai-printer が動いていません）。', 'Ticket printer: no report (machiai-printer is not running).'],
		paper_near_end: ['番号札の用紙が残りわずかです。', 'Ticket printer: paper running low.'],
	};
	const box = document.getElementById('alerts');

	function line(kind, words, button) {
		const p = document.createElement('p');
		p.className = 'alert ' + kind;
		p.dataset.kind = kind;
		p.append(words[0]);
		const en = document.createElement('span');
		en.className = 'en';
		en.textContent = words[1];
		p.append(en);
		if (button) p.append(button);
		return p;
	}

	async function answered() {
		await fetch('/v1/kiosk/help', {
			method: 'PUT',
			headers: {
				'Authorization': 'Bearer ' + (localStorage.getItem('machiai.token') || ''),
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({ requested: false }),
		});
	}

	function render(doc) {
		const lines = [];
		for (const code of (doc.printer && doc.printer.problems) || [])
			lines.push(line(code === 'paper_near_end' ? 'warning' : 'fault', PROBLEMS[code] || [code, code]));
		if (doc.kiosk && doc.kiosk.help) {
			const b = document.createElement('button');
			b.type = 'button';
			b.id = 'help-answered';
			b.textContent = '対応しました / Answered';
			b.addEventListener('click', answered);
			const at = doc.kiosk.help_at ? doc.kiosk.help_at.slice(11, 16) + ' ' : '';
			lines.push(line('help', [at + '発券機でお客様が職員をお呼びです。', 'A visitor at the ticket kiosk asks for staff.'], b));
		}
		box.replaceChildren(...lines);
		box.hidden = lines.length === 0;
	}

	new EventSource('/v1/stream').addEventListener('status', (e) => render(JSON.parse(e.data)));
})();
