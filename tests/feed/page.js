// SPDX-License-Identifier: MIT
// The residents' page in headless Chromium, served by the test nginx.
// Usage: node page.js BASE_URL STATUS_JSON SHOT_DIR MODE
//   MODE fresh: the figures of STATUS_JSON (the published document) are shown,
//               no stale mark; office view with categories and forecast chart.
//   MODE stale: the stale mark is shown.
"use strict";
const fs = require("fs");
const { chromium } = require("playwright-core");
const { lowContrast } = require("./contrast");

const [base, statusFile, shots, mode] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(statusFile, "utf8"));
const fail = (m) => { console.error(`page.js: ${m}`); process.exitCode = 1; };

// The forecast chart opens on the day of the document, or on a day without
// service on the next day that has a forecast. The browser clock and the
// document's time are set to a Sunday and to a Wednesday, whatever today is.
async function dayChoice(browser, doc) {
  const fc = JSON.parse(fs.readFileSync(statusFile.replace(/status\.json$/, "forecast.json"), "utf8"));
  const names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  const has = (i) => (fc.days[names[i]] || []).length > 0;
  for (const [date, wd] of [["2026-12-06", 0], ["2026-12-09", 3]]) {
    let want = wd;
    while (!has(want) && want !== (wd + 6) % 7) want = (want + 1) % 7;
    const at = `${date}T10:00:00+09:00`;
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 740 },
      locale: "ja-JP" });
    const page = await ctx.newPage();
    await page.clock.install({ time: new Date(Date.parse(at) + 5000) });
    await page.route("**/status.json", async (route) => {
      const res = await route.fetch();
      const d = await res.json();
      d.last_updated = at;
      await route.fulfill({ response: res, json: d });
    });
    await page.goto(`${base}/status/?lang=ja#office=${encodeURIComponent(doc.office.id)}`);
    await page.waitForSelector(".chart .bar", { timeout: 10000 });
    const pressed = await page.locator(".days button[aria-pressed=true]").textContent();
    const label = ["日", "月", "火", "水", "木", "金", "土"][want];
    if (pressed !== label) fail(`${date}: chart opens on '${pressed}', expected '${label}'`);
    const note = await page.locator(".closed-today").count();
    if (note !== (want !== wd ? 1 : 0)) fail(`${date}: ${note} closed-today notes`);
    await page.screenshot({ path: `${shots}/status-office-${date}-ja.png`, fullPage: true });
    await ctx.close();
  }
}

// A national holiday: the card says why the office is closed and when it opens next.
async function holiday(browser, doc) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 740 },
    locale: "ja-JP" });
  const page = await ctx.newPage();
  const at = "2027-01-11T10:00:00+09:00";
  await page.clock.install({ time: new Date(Date.parse(at) + 5000) });
  await page.route("**/status.json", async (route) => {
    const res = await route.fetch();
    const d = await res.json();
    d.last_updated = at;
    d.service = { status: "Closed", note: null,
      today: { kind: "holiday", holiday: { ja: "成人の日", en: "Coming of Age Day" }, hours: [] },
      next_opening: { date: "2027-01-12", open: "08:30", close: "17:15", closed_before: 3 } };
    await route.fulfill({ response: res, json: d });
  });
  await page.goto(`${base}/status/?lang=ja`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  const card = page.locator(`li[data-office="${doc.office.id}"]`);
  const why = await card.locator(".closed-reason").textContent();
  if (why !== "本日は祝日（成人の日）のためお休みです") fail(`holiday: '${why}'`);
  const next = await card.locator(".next-opening").textContent();
  if (next !== "次の受付: 1月12日(火) 08:30〜17:15") fail(`holiday: next '${next}'`);
  const crowd = await card.locator(".after-closure").textContent();
  if (crowd !== "3日間のお休み明けのため、混雑が予想されます") fail(`holiday: '${crowd}'`);
  await page.locator(".langs button[data-lang=en]").click();
  await card.locator(".closed-reason", { hasText: "Coming of Age Day" }).waitFor({ timeout: 10000 });
  const nextEn = await card.locator(".next-opening").textContent();
  if (nextEn !== "Next opening: Tue 1/12, 08:30–17:15") fail(`holiday: English next '${nextEn}'`);
  await page.screenshot({ path: `${shots}/status-list-holiday-en.png`, fullPage: true });
  await ctx.close();
}

// The forecast on 12/29, in 年末年始: the coming dates are closed up to
// Monday 1/4, the first day after 6 days closed. The chart opens on that
// Monday with its scaled slots (the tallest bar fills the chart) and a warning
// line in every language; Tuesday (12/29, closed) shows the usual Tuesday.
async function afterClosureChart(browser, doc) {
  const fcFile = JSON.parse(fs.readFileSync(statusFile.replace(/status\.json$/, "forecast.json"), "utf8"));
  const at = "2026-12-29T10:00:00+09:00";
  const factor = 1.85;
  const mon = fcFile.days.mon.map((s) => ({ ...s, score: Math.round(s.score * factor),
    waiting: Math.round(s.waiting * factor * 10) / 10,
    wait_minutes: s.wait_minutes == null ? null : Math.round(s.wait_minutes * factor) }));
  const dates = ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]
    .map((date, i) => ({ date, weekday: ["tue", "wed", "thu", "fri", "sat", "sun"][i], open: false,
      after_closure: null, slots: [] }));
  dates.push({ date: "2027-01-04", weekday: "mon", open: true, slots: mon,
    after_closure: { closed_days: 6, extra_days: 4, factor, basis: "default" } });
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 740 },
    locale: "ja-JP" });
  const page = await ctx.newPage();
  await page.clock.install({ time: new Date(Date.parse(at) + 5000) });
  await page.route("**/status.json", async (route) => {
    const res = await route.fetch();
    const d = await res.json();
    d.last_updated = at;
    d.service = { status: "Closed", note: null, today: { kind: "year_end", holiday: null, hours: [] },
      next_opening: { date: "2027-01-04", open: "08:30", close: "17:15", closed_before: 6 } };
    await route.fulfill({ response: res, json: d });
  });
  await page.route("**/forecast.json", async (route) => {
    const res = await route.fetch();
    const f = await res.json();
    f.last_updated = at;
    f.dates = dates;
    await route.fulfill({ response: res, json: f });
  });
  await page.goto(`${base}/status/?lang=ja#office=${encodeURIComponent(doc.office.id)}`);
  await page.waitForSelector(".chart .bar", { timeout: 10000 });
  const fcBox = page.locator("section[aria-labelledby=fc-title]");
  const pressed = await fcBox.locator(".days button[aria-pressed=true]").textContent();
  if (pressed !== "月") fail(`after closure: chart opens on '${pressed}', expected '月'`);
  const line = fcBox.locator("p.after-closure");
  const ja = await line.textContent();
  if (ja !== "1月4日(月)は6日間のお休み明けのため、いつもより混雑が予想されます")
    fail(`after closure: '${ja}'`);
  const bars = await fcBox.locator(".chart .bar").count();
  if (bars !== mon.length) fail(`after closure: ${bars} bars for ${mon.length} slots`);
  const top = Math.max(...mon.map((s) => s.score));
  const tallest = await fcBox.locator(".chart .bar").evaluateAll((bs) =>
    Math.max(...bs.map((b) => parseFloat(b.style.height))));
  if (top > 100 && Math.abs(tallest - 100) > 0.01) fail(`after closure: tallest bar ${tallest}%`);
  await page.screenshot({ path: `${shots}/status-office-after-closure-ja.png`, fullPage: true });
  const texts = new Set([ja]);
  for (const lang of ["en", "zh-Hans", "ko", "vi", "ja-easy"]) {
    await page.locator(`.langs button[data-lang=${lang}]`).click();
    // The view is redrawn after the documents are fetched again.
    await page.waitForFunction((prev) => {
      const p = document.querySelector("section[aria-labelledby=fc-title] p.after-closure");
      return p && !prev.includes(p.textContent);
    }, [...texts], { timeout: 10000 }).catch(() => {});
    const text = await fcBox.locator("p.after-closure").textContent();
    if (texts.has(text) || !text.includes("6") || !text.includes("4"))
      fail(`after closure, ${lang}: '${text}'`);
    if (lang === "en" && text !== "Mon 1/4 is the first day after 6 days closed: expect more crowds than usual")
      fail(`after closure, en: '${text}'`);
    texts.add(text);
  }
  // Tuesday's date (today) is closed: the usual Tuesday, no warning.
  await fcBox.locator(".days button").nth(2).click();
  await page.waitForSelector("section[aria-labelledby=fc-title] .days button:nth-child(3)[aria-pressed=true]");
  const warn = await page.locator("section[aria-labelledby=fc-title] p.after-closure").count();
  if (warn !== 0) fail(`after closure: ${warn} warnings on Tuesday`);
  await ctx.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1, locale: "ja-JP" });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

    await page.goto(`${base}/status/?lang=ja`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
    const card = page.locator(`li[data-office="${doc.office.id}"]`);
    const waiting = doc.categories.reduce((n, c) => n + c.waiting, 0);
    const shown = await card.locator(".total [data-figure=waiting]").textContent();
    if (shown !== `${waiting}人`) fail(`waiting shows '${shown}', document says ${waiting}`);
    const level = await card.locator(".badge").first().getAttribute("data-level");
    if (level !== doc.level.code) fail(`level shows ${level}, document says ${doc.level.code}`);
    const asof = await card.locator("time").textContent();
    if (!asof.includes(doc.last_updated.slice(11, 16))) fail(`as-of '${asof}' vs ${doc.last_updated}`);
    const stale = await card.locator("[data-stale=true]").count();
    await page.screenshot({ path: `${shots}/status-list-ja-${mode}.png`, fullPage: true });

    if (mode === "fresh") {
      if (stale !== 0) fail("stale mark on a fresh document");
      // Each category's own band: never one band over the whole office.
      const band = (c) => (c.wait.soon ? "すぐ呼ばれます" : c.wait.low == null ? "—"
        : c.wait.low === c.wait.high ? `約${c.wait.low}分` : `${c.wait.low}〜${c.wait.high}分`);
      const bands = await card.locator("[data-figure=wait]").allTextContents();
      const want = doc.categories.map(band);
      if (JSON.stringify(bands) !== JSON.stringify(want)) fail(`list bands ${bands}, expected ${want}`);

      // Office view: every category with its own figures, the forecast chart.
      await card.locator("a").click();
      await page.waitForSelector(".chart .bar", { timeout: 10000 });
      for (const c of doc.categories) {
        const row = page.locator(`main > ul.cats li[data-category="${c.id}"]`);
        const n = await row.locator("[data-figure=waiting]").textContent();
        if (n !== `${c.waiting}人`) fail(`category ${c.id}: shows '${n}', document says ${c.waiting}`);
        // Who is being served stays visible on a phone.
        const sv = row.locator("[data-figure=serving]");
        const want = c.now_serving.length ? c.now_serving.join(" ") : (c.last_called || "—");
        if (!(await sv.isVisible()) || (await sv.textContent()) !== want)
          fail(`category ${c.id}: serving '${await sv.textContent()}' (visible ${await sv.isVisible()}), expected '${want}'`);
      }
      // Contrast (WCAG AA, 4.5:1) and size of every text element in the view.
      const low = await page.evaluate(lowContrast);
      if (low.length) fail(`low contrast or tiny text: ${low.join("; ")}`);
      const best = await page.locator(".best-time").getAttribute("data-best");
      if (!/^\d\d:[03]0$/.test(best || "")) fail(`no best time (${best})`);
      await page.screenshot({ path: `${shots}/status-office-ja.png`, fullPage: true });
      // Monday's chart (the seeded history has a busy Monday morning).
      await page.locator(".days button", { hasText: "月" }).click();
      await page.waitForSelector(".chart .bar");
      await page.screenshot({ path: `${shots}/status-office-monday-ja.png`, fullPage: true });

      await page.locator(".langs button[data-lang=en]").click();
      // The view is redrawn after the documents are fetched again.
      await page.locator("li.cat dt", { hasText: "People waiting" }).first().waitFor({ timeout: 10000 });
      await page.waitForSelector(".chart .bar");
      const name = await page.locator(`li.cat[data-category="${doc.categories[0].id}"] .cat-name`).textContent();
      if (name !== doc.categories[0].name.en) fail(`English category name '${name}'`);
      const enWaiting = await page.locator(`main > ul.cats li[data-category="${doc.categories[0].id}"] [data-figure=waiting]`).textContent();
      if (enWaiting !== String(doc.categories[0].waiting)) fail(`English waiting '${enWaiting}'`);
      await page.setViewportSize({ width: 1024, height: 900 });
      await page.screenshot({ path: `${shots}/status-office-en-wide.png`, fullPage: true });
      await dayChoice(browser, doc);
      await holiday(browser, doc);
      await afterClosureChart(browser, doc);
    } else {
      if (stale !== 1) fail("no stale mark on an old document");
      const text = await card.locator("[data-stale=true]").textContent();
      if (!text.includes("情報が古くなっています")) fail(`stale text '${text}'`);
      await page.locator(".langs button[data-lang=en]").click();
      await page.waitForSelector("html[lang=en]");
      await page.waitForSelector(`li[data-office="${doc.office.id}"] [data-stale=true]`);
      await page.screenshot({ path: `${shots}/status-list-en-stale.png`, fullPage: true });
    }
    if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  } finally {
    await browser.close();
  }
  if (!process.exitCode) console.log(`page.js ${mode}: ok`);
})().catch((e) => { console.error(e); process.exit(1); });
