// SPDX-License-Identifier: MIT
// The residents' status page: reads offices.json, then each office's
// status.json (and forecast.json in the office view) from the city feed
// (docs/feed.md). No build step, no libraries.
"use strict";

const TEXT = {
  ja: {
    title: "窓口の混雑状況", loading: "読み込み中…", offices: "区役所・支所の一覧",
    level: { low: "空いています", moderate: "やや混雑", high: "混雑", very_high: "大変混雑" },
    waiting: "待っている人", people: (n) => `${n}人`, wait: "待ち時間の目安",
    minutes: (a, b) => (a === b ? `約${a}分` : `${a}〜${b}分`), soon: "すぐ呼ばれます", none: "—",
    asof: (t) => `${t} 現在`, stale: "情報が古くなっています",
    staleLong: (m) => `最後の更新から${m}分たっています。実際の状況と違うことがあります。`,
    unreachable: "情報を取得できませんでした", service: { Open: "受付中", Closed: "受付時間外", Suspended: "受付を一時停止中" },
    details: "窓口ごとの状況と、すいている時間帯", back: "一覧にもどる", category: "手続き",
    serving: "呼び出し中", forecast: "いつもの混み具合（曜日・30分ごと）",
    best: (t) => `すいている時間帯のめやす: ${t}ごろ`, noForecast: "まだ十分なデータがありません",
    closedToday: (d) => `本日は受付がありません。${d}曜日の混み具合です。`, closedDay: "この曜日は受付がありません",
    days: ["日", "月", "火", "水", "木", "金", "土"], busy: (t, s) => `${t} 混み具合 ${s}（最大100）`,
    foot: "色だけでなく言葉と記号でも混み具合を示しています。",
    crowd: "館内の人数", unknown: "情報なし",
    closed: {
      weekly: (w) => `本日は${w}曜日のためお休みです`, holiday: (n) => `本日は祝日（${n}）のためお休みです`,
      year_end: () => "本日は年末年始のためお休みです", special: () => "本日は休業日です",
    },
    next: (d, o, c) => `次の受付: ${d} ${o}〜${c}`, date: (m, d, w) => `${m}月${d}日(${w})`,
    afterClosure: (n) => `${n}日間のお休み明けのため、混雑が予想されます`,
  },
  en: {
    title: "Ward office waiting times", loading: "Loading…", offices: "Offices",
    level: { low: "Not busy", moderate: "Fairly busy", high: "Busy", very_high: "Very busy" },
    waiting: "People waiting", people: (n) => `${n}`, wait: "Estimated wait",
    minutes: (a, b) => (a === b ? `about ${a} min` : `${a}–${b} min`), soon: "Called soon", none: "—",
    asof: (t) => `as of ${t}`, stale: "Out of date",
    staleLong: (m) => `Last updated ${m} min ago. The real situation may differ.`,
    unreachable: "Could not load the status", service: { Open: "Open", Closed: "Closed now", Suspended: "Service paused" },
    details: "Each counter and the best time to visit", back: "Back to the list", category: "Service",
    serving: "Now serving", forecast: "Usually busy (by weekday, every 30 min)",
    best: (t) => `Usually quietest around ${t}`, noForecast: "Not enough data yet",
    closedToday: (d) => `No service today. Showing ${d}.`, closedDay: "No service on this day",
    days: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], busy: (t, s) => `${t} busyness ${s} of 100`,
    foot: "Busyness is shown by word and symbol as well as colour.",
    crowd: "People inside", unknown: "No data yet",
    closed: {
      weekly: (w) => `Closed today (${w})`, holiday: (n) => `Closed today for a national holiday (${n})`,
      year_end: () => "Closed for the New Year holidays", special: () => "Closed today",
    },
    next: (d, o, c) => `Next opening: ${d}, ${o}–${c}`, date: (m, d, w) => `${w} ${m}/${d}`,
    afterClosure: (n) => `Expect crowds: the first day after ${n} days closed`,
  },
};
const SYMBOL = { low: "●", moderate: "▲", high: "■", very_high: "◆" };
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const REFRESH_MS = 60000;

const params = new URLSearchParams(location.search);
let lang = params.get("lang") || (navigator.language || "ja").slice(0, 2);
if (!TEXT[lang]) lang = "ja";
let offices = [];
let chosenDay = null;

const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
};
const t = () => TEXT[lang];
const pick = (names) => (names && (names[lang] || names.ja)) || "";
const hhmm = (iso) => iso.slice(11, 16);

// Minutes since the document's last_updated, and whether ttl has passed.
function freshness(doc) {
  const updated = Date.parse(doc.last_updated);
  const age = (Date.now() - updated) / 1000;
  return { stale: !(age <= doc.ttl), minutes: Math.max(0, Math.round(age / 60)) };
}

function waitBand(cats) {
  let lo = null, hi = null, soon = cats.length > 0;
  for (const c of cats) {
    if (!c.wait.soon) soon = false;
    if (c.wait.low == null || c.wait.high == null) continue;
    lo = lo == null ? c.wait.low : Math.min(lo, c.wait.low);
    hi = hi == null ? c.wait.high : Math.max(hi, c.wait.high);
  }
  if (soon) return t().soon;
  return lo == null ? t().none : t().minutes(lo, hi);
}

function badge(level) {
  if (!level) return el("span", { class: "badge unknown", "data-level": "unknown", text: t().unknown });
  const code = level.code;
  return el("span", { class: `badge ${code}`, "data-level": code },
    el("span", { "aria-hidden": "true", text: SYMBOL[code] || "" }), t().level[code] || code);
}

function staleMark(doc) {
  const f = freshness(doc);
  if (!f.stale) return null;
  return el("p", { class: "stale-mark", role: "status", "data-stale": "true" },
    `⚠ ${t().stale}: ${t().staleLong(f.minutes)}`);
}

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function feedUrl(office, file) {
  return new URL(file, new URL(office.feed, new URL("offices.json", location.href))).href;
}

function figures(doc) {
  const waiting = doc.categories.reduce((n, c) => n + c.waiting, 0);
  const dl = el("dl", { class: "figures" },
    el("div", {}, el("dt", { text: t().waiting }), el("dd", { "data-figure": "waiting", text: t().people(waiting) })),
    el("div", {}, el("dt", { text: t().wait }), el("dd", { "data-figure": "wait", text: waitBand(doc.categories) })));
  if (doc.occupancy)
    dl.append(el("div", { class: "hide-narrow" }, el("dt", { text: t().crowd }),
      el("dd", { "data-figure": "occupancy", text: t().people(doc.occupancy.count) })));
  return dl;
}

function officeCard(office, doc, err) {
  const li = el("li", { class: "card", "data-office": office.id });
  li.append(el("h2", {}, pick(office.name) || office.id));
  if (err) {
    li.classList.add("stale");
    li.append(el("p", { class: "stale-mark", role: "status" }, `⚠ ${t().unreachable}`));
    return li;
  }
  const f = freshness(doc);
  li.classList.add(`level-${doc.level ? doc.level.code : "unknown"}`);
  if (f.stale) li.classList.add("stale");
  li.append(el("p", {}, badge(doc.level), " ",
    el("span", { class: `service ${doc.service.status}`, text: t().service[doc.service.status] })));
  li.append(...dayLines(doc));
  li.append(figures(doc));
  li.append(el("p", { class: "asof" }, el("time", { datetime: doc.last_updated, text: t().asof(hhmm(doc.last_updated)) })));
  li.append(staleMark(doc) || "");
  li.append(el("p", {}, el("a", { href: `#office=${encodeURIComponent(office.id)}`, text: t().details })));
  return li;
}

// Why there is no service today, and when reception opens next (service.today, next_opening).
function dayLines(doc) {
  const out = [];
  const today = doc.service.today, next = doc.service.next_opening;
  if (today && !today.hours.length) {
    const wd = new Date(Date.parse(doc.last_updated) + offsetMin(doc) * 60e3).getUTCDay();
    const f = t().closed[today.kind];
    const why = today.kind === "holiday" && today.holiday ? f(pick(today.holiday))
      : today.kind === "weekly" ? f(t().days[wd]) : f ? f() : "";
    if (why) out.push(el("p", { class: "closed-reason", text: why }));
  }
  if (next && doc.service.status !== "Open") {
    const [y, m, d] = next.date.split("-").map(Number);
    const w = t().days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
    out.push(el("p", { class: "next-opening", "data-date": next.date,
      text: t().next(t().date(m, d, w), next.open, next.close) }));
    if (next.closed_before >= 3)
      out.push(el("p", { class: "after-closure", text: t().afterClosure(next.closed_before) }));
  }
  return out;
}

async function showList() {
  const main = document.getElementById("main");
  const ul = el("ul", { class: "offices", "aria-label": t().offices });
  const results = await Promise.all(offices.map((o) =>
    getJson(feedUrl(o, "status.json")).then((d) => [o, d, null], (e) => [o, null, e])));
  for (const [o, d, e] of results) ul.append(officeCard(o, d, e));
  main.replaceChildren(el("h2", { class: "sr", text: t().offices }), ul);
}

// The UTC offset of the document's time, in minutes.
function offsetMin(doc) {
  const off = /([+-])(\d\d):(\d\d)$/.exec(doc.last_updated);
  return off ? (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
}

function forecastChart(fc, doc) {
  const box = el("section", { "aria-labelledby": "fc-title" });
  box.append(el("h3", { id: "fc-title", text: t().forecast }));
  const today = new Date(Date.parse(doc.last_updated) + offsetMin(doc) * 60e3).getUTCDay();
  const has = (i) => Boolean(fc && fc.days[DAYS[i]] && fc.days[DAYS[i]].length);
  // On a day without service, residents planning a visit want the next day that has one.
  let day = chosenDay == null ? today : chosenDay;
  let moved = false;
  for (let k = 1; chosenDay == null && !has(day) && k < 7; k++) {
    if (has((today + k) % 7)) {
      day = (today + k) % 7;
      moved = true;
      break;
    }
  }
  const days = el("div", { class: "days", role: "group", "aria-label": t().forecast });
  DAYS.forEach((name, i) => {
    const b = el("button", { type: "button", "aria-pressed": String(i === day), text: t().days[i] });
    b.addEventListener("click", () => { chosenDay = i; render(); });
    days.append(b);
  });
  box.append(days);
  if (moved) box.append(el("p", { class: "closed-today", text: t().closedToday(t().days[day]) }));
  const slots = (fc && fc.days[DAYS[day]]) || [];
  if (!slots.length) {
    const any = DAYS.some((_, i) => has(i));
    box.append(el("p", { class: "no-forecast", text: any ? t().closedDay : t().noForecast }));
    return box;
  }
  let best = slots[0];
  for (const s of slots) if (s.score < best.score) best = s;
  box.append(el("p", { class: "best-time", "data-best": best.start, text: t().best(best.start) }));
  const chart = el("div", { class: "chart", role: "img", "aria-label": `${t().forecast}: ${t().best(best.start)}` });
  const axis = el("div", { class: "axis", "aria-hidden": "true" });
  for (const s of slots) {
    const bar = el("div", { class: "bar" + (s === best ? " best" : ""), title: t().busy(s.start, s.score) });
    bar.style.height = `${Math.max(2, s.score)}%`;
    chart.append(bar);
    axis.append(el("span", { text: s.start.endsWith(":00") ? s.start.slice(0, 2) : "" }));
  }
  box.append(chart, axis);
  return box;
}

async function showOffice(id) {
  const main = document.getElementById("main");
  const office = offices.find((o) => o.id === id);
  if (!office) return showList();
  let doc, fc = null;
  try {
    doc = await getJson(feedUrl(office, "status.json"));
  } catch (e) {
    main.replaceChildren(officeCard(office, null, e));
    return;
  }
  try { fc = await getJson(feedUrl(office, "forecast.json")); } catch (e) { fc = null; }
  const sec = el("section", { class: `card level-${doc.level ? doc.level.code : "unknown"}` +
    (freshness(doc).stale ? " stale" : ""), "data-office": id });
  sec.append(el("p", {}, el("a", { href: "#", text: t().back })));
  sec.append(el("h2", {}, pick(doc.office.name)));
  sec.append(el("p", {}, badge(doc.level), " ",
    el("span", { class: `service ${doc.service.status}`, text: t().service[doc.service.status] })));
  sec.append(...dayLines(doc));
  if (doc.service.note) sec.append(el("p", { text: pick(doc.service.note) }));
  sec.append(figures(doc));
  sec.append(el("p", { class: "asof" }, el("time", { datetime: doc.last_updated, text: t().asof(hhmm(doc.last_updated)) })));
  sec.append(staleMark(doc) || "");
  const table = el("table", {},
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: t().category }), el("th", { scope: "col", text: t().waiting }),
      el("th", { scope: "col", text: t().wait }), el("th", { scope: "col", class: "hide-narrow", text: t().serving }))));
  const tb = el("tbody");
  for (const c of doc.categories) {
    tb.append(el("tr", { "data-category": c.id },
      el("th", { scope: "row" }, pick(c.name), el("br"), badge(c.level)),
      el("td", { class: "num", text: t().people(c.waiting) }),
      el("td", { text: waitBand([c]) }),
      el("td", { class: "hide-narrow", text: c.now_serving.join(", ") || t().none })));
  }
  table.append(tb);
  main.replaceChildren(sec, table, forecastChart(fc, doc));
}

function render() {
  document.documentElement.lang = lang;
  document.title = t().title;
  document.getElementById("title").textContent = t().title;
  document.getElementById("foot").textContent = t().foot;
  for (const b of document.querySelectorAll(".langs button"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  const m = /office=([^&]+)/.exec(location.hash);
  return m ? showOffice(decodeURIComponent(m[1])) : showList();
}

async function start() {
  for (const b of document.querySelectorAll(".langs button"))
    b.addEventListener("click", () => { lang = b.dataset.lang; render(); });
  window.addEventListener("hashchange", () => { chosenDay = null; render(); });
  try {
    offices = (await getJson("offices.json")).offices;
  } catch (e) {
    document.getElementById("main").replaceChildren(el("p", { class: "stale-mark", text: t().unreachable }));
    return;
  }
  await render();
  document.body.dataset.ready = "true";
  setInterval(render, REFRESH_MS);
}
start();
