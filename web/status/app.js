// SPDX-License-Identifier: MIT
// The residents' status page: reads offices.json, then each office's
// status.json (and forecast.json in the office view) from the city feed
// (docs/feed.md). #office=ID shows one office; #office=ID&ticket=LABEL
// follows one ticket and alerts while the page is open. Texts are in i18n.js.
// No build step, no libraries, nothing sent anywhere: the language, the
// alert setting and the alerts already given stay in this browser.
"use strict";

const SYMBOL = { low: "●", moderate: "▲", high: "■", very_high: "◆" };
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const LIST_REFRESH_MS = 60000;
const ALERT_N_DEFAULT = 5;

const store = {
  get(k) { try { return localStorage.getItem(`machiai.${k}`); } catch (e) { return null; } },
  set(k, v) { try { localStorage.setItem(`machiai.${k}`, v); } catch (e) { /* private mode */ } },
};

function firstLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (TEXT[asked]) return asked;
  const kept = store.get("lang");
  if (TEXT[kept]) return kept;
  for (const l of navigator.languages || [navigator.language || "ja"]) {
    const low = l.toLowerCase();
    if (low.startsWith("zh")) return "zh-Hans";
    for (const code of ["ja", "en", "ko", "vi"]) if (low.startsWith(code)) return code;
  }
  return "ja";
}

let lang = firstLang();
let offices = [];
let chosenDay = null;
let timer = null;
let audio = null;

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
// A name in the page's language; where the office has none, English for the
// other foreign languages, Japanese for やさしい日本語 and as the last resort.
function pick(names) {
  if (!names) return "";
  if (names[lang]) return names[lang];
  if (lang !== "ja" && lang !== "ja-easy" && names.en) return names.en;
  return names.ja || "";
}
const hhmm = (iso) => iso.slice(11, 16);

function hashParams() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { office: p.get("office"), ticket: p.get("ticket") };
}

// Minutes since the document's last_updated, and whether ttl has passed.
function freshness(doc) {
  const age = (Date.now() - Date.parse(doc.last_updated)) / 1000;
  return { stale: !(age <= doc.ttl), minutes: Math.max(0, Math.round(age / 60)) };
}

// The band of one category (never one band over several: they differ too much).
function waitBand(c) {
  if (c.wait.soon) return t().soon;
  if (c.wait.low == null || c.wait.high == null) return t().none;
  return t().minutes(c.wait.low, c.wait.high);
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

function asOf(doc) {
  return el("p", { class: "asof" }, el("time", { datetime: doc.last_updated, text: t().asof(hhmm(doc.last_updated)) }));
}

async function getJson(url) {
  // "no-cache": the browser revalidates (ETag), so an unchanged file costs a 304 only.
  const r = await fetch(url, { cache: "no-cache" });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function feedUrl(office, file) {
  return new URL(file, new URL(office.feed, new URL("offices.json", location.href))).href;
}

// Each category with its waiting count, its own band and who is being served.
function categoryList(doc) {
  const ul = el("ul", { class: "cats" });
  for (const c of doc.categories) {
    const serving = c.now_serving.length ? c.now_serving.join(" ") : (c.last_called || t().none);
    const booked = (c.reservations || []).reduce((n, r) => n + r.booked, 0);
    ul.append(el("li", { class: "cat", "data-category": c.id },
      el("h3", {}, el("span", { class: "cat-name", text: pick(c.name) }), " ", badge(c.level)),
      el("dl", { class: "figures" },
        el("div", {}, el("dt", { text: t().waiting }), el("dd", { "data-figure": "waiting", text: t().people(c.waiting) })),
        el("div", {}, el("dt", { text: t().wait }), el("dd", { "data-figure": "wait", text: waitBand(c) })),
        el("div", {}, el("dt", { text: t().serving }), el("dd", { "data-figure": "serving", text: serving }))),
      booked ? el("p", { class: "booked", text: t().reservations(booked) }) : null));
  }
  return ul;
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
  const waiting = doc.categories.reduce((n, c) => n + c.waiting, 0);
  li.classList.add(`level-${doc.level ? doc.level.code : "unknown"}`);
  if (f.stale) li.classList.add("stale");
  li.append(el("p", {}, badge(doc.level), " ",
    el("span", { class: `service ${doc.service.status}`, text: t().service[doc.service.status] })));
  li.append(...dayLines(doc));
  li.append(el("p", { class: "total" }, `${t().waiting}: `, el("strong", { "data-figure": "waiting", text: t().people(waiting) }),
    doc.occupancy ? el("span", { class: "crowd" }, ` ・ ${t().crowd}: `,
      el("strong", { "data-figure": "occupancy", text: t().people(doc.occupancy.count) })) : null));
  li.append(categoryList(doc), asOf(doc), staleMark(doc) || "");
  li.append(el("p", {}, el("a", { href: `#office=${encodeURIComponent(office.id)}`, text: t().details })));
  return li;
}

// Why there is no service today, and when reception opens next (service.today, next_opening).
function dayLines(doc) {
  const out = [];
  const today = doc.service.today, next = doc.service.next_opening;
  if (today && !today.hours.length) {
    const wd = new Date(Date.parse(doc.last_updated) + offsetMin(doc) * 60e3).getUTCDay();
    const f = t().closedWhy[today.kind];
    const why = today.kind === "holiday" && today.holiday ? f(pick(today.holiday))
      : today.kind === "weekly" ? f(t().days[wd]) : f ? f() : "";
    if (why) out.push(el("p", { class: "closed-reason", text: why }));
  }
  if (next && doc.service.status !== "Open") {
    const [y, m, d] = next.date.split("-").map(Number);
    const w = t().days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
    out.push(el("p", { class: "next-opening", "data-date": next.date,
      text: t().nextOpening(t().openDate(m, d, w), next.open, next.close) }));
    if (next.closed_before >= 3)
      out.push(el("p", { class: "after-closure", text: t().afterClosure(next.closed_before) }));
  }
  return out;
}

// The UTC offset of the document's time, in minutes.
function offsetMin(doc) {
  const off = /([+-])(\d\d):(\d\d)$/.exec(doc.last_updated);
  return off ? (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
}

async function showList() {
  const ul = el("ul", { class: "offices", "aria-label": t().offices });
  const results = await Promise.all(offices.map((o) =>
    getJson(feedUrl(o, "status.json")).then((d) => [o, d, null], (e) => [o, null, e])));
  for (const [o, d, e] of results) ul.append(officeCard(o, d, e));
  document.getElementById("main").replaceChildren(el("h2", { class: "sr", text: t().offices }), ul);
  return LIST_REFRESH_MS;
}

function forecastChart(fc, doc) {
  const box = el("section", { "aria-labelledby": "fc-title" });
  box.append(el("h3", { id: "fc-title", text: t().forecast }));
  const off = /([+-])(\d\d):(\d\d)$/.exec(doc.last_updated);
  const offMin = off ? (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
  const local = new Date(Date.parse(doc.last_updated) + offMin * 60e3);
  const today = local.getUTCDay();
  // The date of weekday i in the coming week (fc.dates, docs/feed.md): closed
  // or after a long closure.
  const docDate = local.toISOString().slice(0, 10);
  const dateOf = (i) => (fc && Array.isArray(fc.dates)
    ? fc.dates.find((x) => x.date >= docDate && x.weekday === DAYS[i]) : null) || null;
  const has = (i) => Boolean(fc && fc.days[DAYS[i]] && fc.days[DAYS[i]].length &&
    !(dateOf(i) && !dateOf(i).open));
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
  const date = dateOf(day);
  const after = date && date.open && date.after_closure && date.after_closure.factor > 1 ? date : null;
  if (after) {
    const [y, m, d] = after.date.split("-").map(Number);
    box.append(el("p", { class: "after-closure", "data-date": after.date,
      text: t().forecastAfterClosure(t().openDate(m, d, t().days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]),
        after.after_closure.closed_days) }));
  }
  const slots = (after ? after.slots : fc && fc.days[DAYS[day]]) || [];
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
  // After a long closure scores pass 100 (the usual peak): the tallest bar fills the chart.
  const top = Math.max(100, ...slots.map((s) => s.score));
  for (const s of slots) {
    const bar = el("div", { class: "bar" + (s === best ? " best" : ""), title: t().busy(s.start, s.score) });
    bar.style.height = `${Math.max(2, (100 * s.score) / top)}%`;
    chart.append(bar);
    axis.append(el("span", { text: s.start.endsWith(":00") ? s.start.slice(0, 2) : "" }));
  }
  box.append(chart, axis);
  return box;
}

// "A-035", "a35", "Ａ－０３５" all name the same ticket.
function labelKey(s) {
  return String(s || "").normalize("NFKC").toUpperCase().replace(/[^\p{L}\p{N}]/gu, "")
    .replace(/\d+/g, (d) => String(Number(d)));
}

function findForm(office) {
  const form = el("form", { class: "find", role: "search" });
  const input = el("input", { id: "find-number", name: "ticket", type: "text", autocomplete: "off",
    autocapitalize: "characters", required: "", maxlength: "16" });
  form.append(el("label", { for: "find-number", text: t().findLabel }), input,
    el("button", { type: "submit", text: t().findGo }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = input.value.normalize("NFKC").trim().toUpperCase();
    if (v) location.hash = `office=${encodeURIComponent(office.id)}&ticket=${encodeURIComponent(v)}`;
  });
  return el("section", { class: "find-box" }, el("h3", { text: t().find }), form);
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
    return LIST_REFRESH_MS;
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
  sec.append(asOf(doc), staleMark(doc) || "");
  main.replaceChildren(sec, categoryList(doc), findForm(office), forecastChart(fc, doc));
  return LIST_REFRESH_MS;
}

// Where ticket @label stands in @doc.
function ticketState(doc, label) {
  const key = labelKey(label);
  const same = (x) => labelKey(x) === key;
  for (const c of doc.categories) {
    const i = c.queue.findIndex((q) => same(q.ticket));
    if (i >= 0) return { kind: "waiting", cat: c, label: c.queue[i].ticket, ahead: i, band: c.queue[i] };
  }
  for (const c of doc.categories) {
    const s = c.now_serving.find(same);
    if (s) {
      const w = doc.windows.find((x) => same(x.now_serving)) ||
        doc.windows.find((x) => x.id === ((c.calls.find((k) => same(k.ticket)) || {}).window));
      return { kind: "called", cat: c, label: s, window: w };
    }
  }
  for (const c of doc.categories) {
    const n = c.no_shows.find((x) => same(x.ticket));
    if (n) return { kind: "no_show", cat: c, label: n.ticket, at: n.at };
  }
  for (const c of doc.categories) {
    const k = c.calls.find((x) => same(x.ticket));
    if (k) return { kind: "done", cat: c, label: k.ticket, at: k.at, window: doc.windows.find((w) => w.id === k.window) };
  }
  // Not listed: the category whose numbers look like it, to show who is being called.
  const prefix = key.replace(/\d+$/, "");
  const cat = doc.categories.find((c) => [...c.queue.map((q) => q.ticket), ...c.now_serving]
    .some((x) => labelKey(x).replace(/\d+$/, "") === prefix));
  return { kind: "unknown", cat, label };
}

// The estimated call time: last_updated + minutes, in the office's time, to 5 minutes.
function clockAt(doc, minutes) {
  const off = /([+-])(\d\d):(\d\d)$/.exec(doc.last_updated);
  const offMin = off ? (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
  const ms = Date.parse(doc.last_updated) + minutes * 60e3 + offMin * 60e3;
  const d = new Date(Math.round(ms / 300e3) * 300e3);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function alertN() {
  const n = Number(store.get("alertN"));
  return Number.isInteger(n) && n >= 1 && n <= 20 ? n : ALERT_N_DEFAULT;
}

// Alerts already given for a ticket, kept for this tab only.
function fired(officeId, label) {
  const k = `machiai.fired.${officeId}.${label}`;
  let v = {};
  try { v = JSON.parse(sessionStorage.getItem(k) || "{}"); } catch (e) { v = {}; }
  return { v, save: () => { try { sessionStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* none */ } } };
}

function beep() {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume();
    const now = audio.currentTime;
    [[880, 0], [660, 0.25], [880, 0.5]].forEach(([f, at]) => {
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, now + at);
      g.gain.exponentialRampToValueAtTime(0.3, now + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.22);
      o.connect(g).connect(audio.destination);
      o.start(now + at);
      o.stop(now + at + 0.24);
    });
  } catch (e) { /* no audio: the banner remains */ }
}

// Notification where allowed, vibration, a sound; the banner is always shown.
function alertNow(msg, tag) {
  document.body.dataset.alerted = tag;
  if ("Notification" in window && Notification.permission === "granted") {
    try { new Notification(t().alertTitle, { body: msg, tag, lang: HTML_LANG[lang] }); } catch (e) { /* mobile: banner */ }
  }
  if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
  beep();
}

function alertBox(state) {
  const box = el("section", { class: "alerts" }, el("h3", { text: t().alerts }));
  const sel = el("select", { id: "alert-n" });
  for (let n = 1; n <= 20; n++) sel.append(el("option", { value: String(n), text: t().people(n) }));
  sel.value = String(alertN());
  sel.addEventListener("change", () => { store.set("alertN", sel.value); render(); });
  const granted = "Notification" in window && Notification.permission === "granted";
  const on = el("button", { type: "button", id: "alert-on", text: t().alertOn });
  on.addEventListener("click", async () => {
    beep(); // a user gesture lets the page play sound later
    if ("Notification" in window && Notification.permission === "default") {
      try { await Notification.requestPermission(); } catch (e) { /* unsupported */ }
    }
    render();
  });
  box.append(el("p", {}, el("label", { for: "alert-n", text: t().alertN }), " ", sel));
  if (!granted && "Notification" in window && Notification.permission === "default") box.append(on);
  else if (!audio) box.append(on);
  box.append(el("p", { class: "note", text: granted ? t().alertGranted : t().alertBanner }));
  box.append(el("p", { class: "note", text: t().privacy }));
  if (state.kind !== "waiting") box.hidden = true;
  return box;
}

async function showTicket(id, label) {
  const main = document.getElementById("main");
  const office = offices.find((o) => o.id === id);
  if (!office) return showList();
  let doc;
  try {
    doc = await getJson(feedUrl(office, "status.json"));
  } catch (e) {
    main.replaceChildren(el("p", { class: "stale-mark", role: "status", text: `⚠ ${t().unreachable}` }),
      el("p", {}, el("a", { href: `#office=${encodeURIComponent(id)}`, text: t().details })));
    return 15000;
  }
  const st = ticketState(doc, label);
  const f = freshness(doc);
  const sec = el("section", { class: "card ticket" + (f.stale ? " stale" : ""), "data-office": id,
    "data-ticket": st.label, "data-state": st.kind });
  sec.append(el("p", {}, el("a", { href: `#office=${encodeURIComponent(id)}`, text: t().back })));
  sec.append(el("h2", {}, `${t().ticket} `, el("span", { class: "ticket-label", text: st.label }),
    st.cat ? el("span", { class: "cat-name", text: ` ${pick(st.cat.name)}` }) : null));

  const mark = fired(id, st.label);
  let banner = null;
  let fresh = false; // an alert given now: announced once, then shown quietly
  if (st.kind === "waiting") {
    const parts = [el("span", { class: "ticket-label", text: st.label }),
      el("span", { "data-figure": "ahead", text: st.ahead === 0 ? t().next : t().ahead(st.ahead) })];
    if (st.band.low != null && st.band.high != null) {
      parts.push(el("span", { "data-figure": "band", text: t().band(st.band.low, st.band.high) }));
      parts.push(el("span", { "data-figure": "eta", text: t().around(clockAt(doc, st.band.median)) }));
    } else {
      parts.push(el("span", { "data-figure": "band", text: t().noBand }));
    }
    const line = el("p", { class: "ticket-line" });
    parts.forEach((p, i) => { if (i) line.append(el("span", { class: "dot", "aria-hidden": "true", text: " ・ " })); line.append(p); });
    sec.append(line);
    if (st.ahead <= alertN()) {
      banner = t().near(st.ahead);
      if (!mark.v.near) {
        mark.v.near = true;
        fresh = true;
        alertNow(banner, "near");
      }
    }
  } else if (st.kind === "called") {
    const w = st.window ? pick(st.window.label) : "";
    banner = t().calledTo(w);
    sec.append(el("p", { class: "called", "data-figure": "called", text: banner }));
    if (!mark.v.called) {
      mark.v.called = true;
      fresh = true;
      alertNow(banner, "called");
    }
  } else if (st.kind === "no_show") {
    sec.append(el("p", { class: "no-show", "data-figure": "no-show", text: t().noShow(hhmm(st.at)) }),
      el("p", { class: "what", text: t().noShowWhat }));
  } else if (st.kind === "done") {
    sec.append(el("p", { "data-figure": "done", text: t().calledAt(hhmm(st.at), st.window ? pick(st.window.label) : "") }),
      el("p", { class: "what", text: t().notFoundWhat }));
  } else {
    sec.append(el("p", { "data-figure": "unknown", text: t().notFound }), el("p", { class: "what", text: t().notFoundWhat }));
  }
  mark.save();
  if (st.cat) {
    const calling = st.cat.now_serving.length ? st.cat.now_serving.join(" ") : (st.cat.last_called || t().none);
    sec.append(el("p", { class: "calling" }, `${t().nowCalling}: `, el("strong", { "data-figure": "calling", text: calling })));
  }
  sec.append(asOf(doc), staleMark(doc) || "");
  const again = el("button", { type: "button", class: "refresh", text: t().refresh });
  again.addEventListener("click", () => render());
  sec.append(el("p", {}, again));

  const top = banner ? el("div", { class: "alert-banner", role: fresh ? "alert" : "status",
    "data-alert": st.kind === "called" ? "called" : "near", text: banner }) : null;
  main.replaceChildren(...[top, sec, alertBox(st), findForm(office)].filter(Boolean));
  // The feed is republished at least every ttl / 2: look a few times per ttl.
  return Math.min(30000, Math.max(5000, (doc.ttl * 1000) / 4));
}

async function render() {
  document.documentElement.lang = HTML_LANG[lang];
  document.title = t().title;
  document.getElementById("title").textContent = t().title;
  document.getElementById("foot").textContent = t().foot;
  for (const b of document.querySelectorAll(".langs button"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  clearTimeout(timer);
  const h = hashParams();
  let next = LIST_REFRESH_MS;
  try {
    if (h.office && h.ticket) next = await showTicket(h.office, h.ticket);
    else if (h.office) next = await showOffice(h.office);
    else next = await showList();
  } finally {
    timer = setTimeout(render, next);
    document.body.dataset.ready = "true";
  }
}

async function start() {
  for (const b of document.querySelectorAll(".langs button")) {
    b.addEventListener("click", () => {
      lang = b.dataset.lang;
      store.set("lang", lang);
      render();
    });
  }
  window.addEventListener("hashchange", () => { chosenDay = null; render(); });
  try {
    offices = (await getJson("offices.json")).offices;
  } catch (e) {
    document.getElementById("main").replaceChildren(el("p", { class: "stale-mark", text: t().unreachable }));
    return;
  }
  await render();
}
start();
