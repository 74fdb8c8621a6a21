// SPDX-License-Identifier: MIT
// The ticket view of the residents' page in headless Chromium, against the
// feed the real machiaid publishes to the test nginx (tests/feed/follow.sh).
// Usage: node follow.js BASE_URL STATUS_JSON OFFICE_SH SHOT_DIR OFFICE_ID
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { chromium } = require("playwright-core");
const { lowContrast } = require("./contrast");

const [base, statusFile, officeSh, shots, officeId] = process.argv.slice(2);
const fail = (m) => { throw new Error(m); };
const office = (...a) => execFileSync("sh", [officeSh, ...a], { stdio: "inherit" });
const readDoc = () => { try { return JSON.parse(fs.readFileSync(statusFile, "utf8")); } catch (e) { return null; } };
const env = Object.fromEntries(fs.readFileSync(path.join(path.dirname(officeSh), "office.env"), "utf8")
  .trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
const LANGS = ["ja", "en", "zh-Hans", "ko", "vi", "ja-easy"];
const HTML_LANG = { ja: "ja", en: "en", "zh-Hans": "zh-Hans", ko: "ko", vi: "vi", "ja-easy": "ja" };
const catA = (d) => d.categories.find((c) => c.id === "A");

async function waitDoc(what, pred, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const d = readDoc();
    if (d && pred(d)) return d;
    if (Date.now() > end) fail(`feed: not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Width: nothing wider than the phone.
const noOverflow = async (page, where) => {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (w[0] > w[1]) fail(`${where}: ${w[0]} px wide in a ${w[1]} px window`);
};


(async () => {
  await waitDoc("8 waiting in A with bands", (d) => catA(d).queue.length === 8 &&
    catA(d).queue.every((q) => q.low != null));
  // The band given when A-008 was issued (what its paper says) is the feed's.
  const issued = JSON.parse(fs.readFileSync(path.join(path.dirname(officeSh), "issued.json"), "utf8"));
  const fed = catA(readDoc()).queue[7];
  if (issued.ticket !== "A-008" || fed.ticket !== "A-008" || issued.wait.low !== fed.low ||
      issued.wait.median !== fed.median || issued.wait.high !== fed.high)
    fail(`issued ${JSON.stringify(issued.wait)} for ${issued.ticket}, the feed ${JSON.stringify(fed)}`);
  const st = await (await fetch(`${env.API}/v1/status`)).json();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
  });
  const errors = [];
  try {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1, locale: "ja-JP" });
    await ctx.grantPermissions(["notifications"], { origin: base });
    // Record what the page asks of the browser: notifications and vibration.
    await ctx.addInitScript(() => {
      window.__notes = [];
      window.__vibes = 0;
      const Real = window.Notification;
      function Spy(title, opts) {
        window.__notes.push({ title, body: opts && opts.body });
        return new Real(title, opts);
      }
      Object.defineProperty(Spy, "permission", { get: () => Real.permission });
      Spy.requestPermission = (...a) => Real.requestPermission(...a);
      window.Notification = Spy;
      Object.defineProperty(Navigator.prototype, "vibrate", { configurable: true,
        value: () => { window.__vibes++; return true; } });
    });
    await ctx.route("**/status/offices.json", (route) => route.fulfill({ json: { version: "1.0",
      offices: [{ id: officeId, feed: `../offices/${officeId}/`, name: { ja: "テスト区役所", en: "Test Ward Office" } }] } }));
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    // The documents the page read, by last_updated: what it shows is checked against them.
    const seen = new Map();
    page.on("response", async (r) => {
      if (r.url().endsWith("/status.json") && r.status() === 200) {
        try { const d = await r.json(); seen.set(d.last_updated, d); } catch (e) { /* 304 */ }
      }
    });
    // The browser's clock is the daemon's (office time runs as real time).
    await page.clock.install({ time: new Date(Date.parse(st.generated_at) + 500) });

    const url = `${base}/status/#office=${officeId}&ticket=A-008`;
    await page.goto(url);
    const view = page.locator("section.ticket");
    await page.waitForSelector("section.ticket[data-ticket='A-008'][data-state=waiting]", { timeout: 15000 });
    const shownDoc = async () => {
      const at = await view.locator("time").getAttribute("datetime");
      const d = seen.get(at) || readDoc();
      if (d.last_updated !== at) fail(`the page shows a document of ${at}, not seen`);
      return d;
    };
    const check = async (want) => {
      const d = await shownDoc();
      const q = catA(d).queue;
      const i = q.findIndex((x) => x.ticket === "A-008");
      if (i !== want) fail(`feed puts A-008 at ${i} ahead, expected ${want}`);
      const ahead = await view.locator("[data-figure=ahead]").textContent();
      if (ahead !== `あなたの前に ${i}人`) fail(`ahead '${ahead}', the feed says ${i}`);
      const band = await view.locator("[data-figure=band]").textContent();
      const b = q[i];
      const wantBand = b.low === b.high ? `約${b.low}分` : `約${b.low}〜${b.high}分`;
      if (band !== wantBand) fail(`band '${band}', the feed says ${wantBand}`);
      const eta = await view.locator("[data-figure=eta]").textContent();
      const t = new Date(Date.parse(d.last_updated) + b.median * 60e3 + 9 * 3600e3);
      const r = new Date(Math.round(t.getTime() / 300e3) * 300e3);
      const hm = `${String(r.getUTCHours()).padStart(2, "0")}:${String(r.getUTCMinutes()).padStart(2, "0")}`;
      if (eta !== `${hm}ごろ`) fail(`time '${eta}', expected ${hm}ごろ`);
      const line = await view.locator(".ticket-line").textContent();
      if (line !== `A-008 ・ ${ahead} ・ ${band} ・ ${eta}`) fail(`ticket line '${line}'`);
      return d;
    };
    await check(7);
    if (await page.locator(".alert-banner").count()) fail("an alert with 7 ahead (N = 5)");
    const calling = await view.locator("[data-figure=calling]").textContent();
    if (calling !== "—") fail(`now calling '${calling}' before any call`);
    await noOverflow(page, "ticket view");
    const low = await page.evaluate(lowContrast);
    if (low.length) fail(`low contrast or tiny text: ${low.join("; ")}`);
    await page.screenshot({ path: `${shots}/follow-ticket-ja.png`, fullPage: true });

    // Two calls: 5 ahead, the alert at the default N = 5.
    office("call", "1");
    office("call", "2");
    await waitDoc("2 called", (d) => catA(d).queue.length === 6);
    await page.locator("button.refresh").click();
    await page.waitForSelector(".alert-banner[data-alert=near]", { timeout: 10000 });
    await check(5);
    const near = await page.locator(".alert-banner").textContent();
    if (near !== "まもなく順番です：あなたの前に 5人") fail(`banner '${near}'`);
    const nowCalling = await view.locator("[data-figure=calling]").textContent();
    if (nowCalling !== "A-001 A-002") fail(`now calling '${nowCalling}'`);
    let notes = await page.evaluate(() => window.__notes);
    if (notes.length !== 1 || !notes[0].body.includes("5人")) fail(`notifications ${JSON.stringify(notes)}`);
    if (!(await page.evaluate(() => window.__vibes))) fail("no vibration");
    // Drawn again: the alert is not given twice.
    await page.locator("button.refresh").click();
    await page.waitForSelector(".alert-banner[data-alert=near]");
    await page.screenshot({ path: `${shots}/follow-near-ja.png`, fullPage: true });

    // Called at window 1.
    office("call", "1", "A-008");
    await waitDoc("A-008 called", (d) => catA(d).now_serving.includes("A-008"));
    await page.locator("button.refresh").click();
    await page.waitForSelector("section.ticket[data-state=called]", { timeout: 10000 });
    const called = await view.locator(".called").textContent();
    if (called !== "お呼びしています：1番窓口へ") fail(`called '${called}'`);
    const size = await view.locator(".called").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    if (size < 28) fail(`the call is in ${size} px type`);
    if ((await page.locator(".alert-banner[data-alert=called]").textContent()) !== called) fail("no call banner");
    notes = await page.evaluate(() => window.__notes);
    if (notes.length !== 2 || notes[1].body !== called) fail(`notifications ${JSON.stringify(notes)}`);
    await noOverflow(page, "called");
    await page.screenshot({ path: `${shots}/follow-called-ja.png`, fullPage: true });

    // Not answered: what to do.
    office("no-show", "1");
    await waitDoc("A-008 no-show", (d) => catA(d).no_shows.some((n) => n.ticket === "A-008"));
    await page.locator("button.refresh").click();
    await page.waitForSelector("section.ticket[data-state=no_show]", { timeout: 10000 });
    const what = await view.locator(".what").textContent();
    if (!what.includes("窓口の職員にこの整理券を見せてください")) fail(`no-show advice '${what}'`);

    // Typing a number (in full-width, without the dash) finds the ticket.
    await page.fill("#find-number", "ａ７");
    await page.locator(".find button").click();
    await page.waitForSelector("section.ticket[data-ticket='A-007'][data-state=waiting]", { timeout: 10000 });

    // Every language: every text present, none left in English, no key shown raw, 360 px.
    const missing = await page.evaluate(() => {
      const shape = (o) => Object.entries(o).map(([k, v]) => `${k}:${typeof v}:${Array.isArray(v) ? v.length
        : typeof v === "object" ? Object.keys(v).sort().join("|") : ""}`).sort().join(",");
      return LANGS.filter((l) => shape(TEXT[l]) !== shape(TEXT.ja));
    });
    if (missing.length) fail(`languages with missing or extra texts: ${missing}`);
    for (const l of LANGS) {
      await page.locator(`.langs button[data-lang="${l}"]`).click();
      await page.waitForSelector(`html[lang="${HTML_LANG[l]}"] .langs button[data-lang="${l}"][aria-pressed=true]`);
      await page.waitForSelector("section.ticket[data-ticket='A-007']");
      const bad = await page.evaluate((lang) => {
        const main = document.getElementById("main").cloneNode(true);
        main.querySelectorAll(".cat-name").forEach((e) => e.remove()); // the office's own names
        const parts = [];
        const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) parts.push(walk.currentNode.textContent);
        const text = parts.join("\n");
        const out = [];
        if (/undefined|NaN|\[object/.test(text)) out.push("undefined/NaN");
        const raw = text.match(/\b[a-z]+[A-Z][A-Za-z]+\b/);
        if (raw) out.push(`raw key '${raw[0]}'`);
        if (lang !== "en") {
          const strings = (o) => Object.values(o).flatMap((v) => (typeof v === "string" ? [v]
            : typeof v === "object" ? strings(v) : []));
          const own = new Set(strings(TEXT[lang]));
          for (const s of strings(TEXT.en)) if (s.length > 3 && !own.has(s) && text.includes(s)) out.push(`English '${s}'`);
        }
        return out;
      }, l);
      if (bad.length) fail(`${l}: ${bad.join("; ")}`);
      await noOverflow(page, `ticket view in ${l}`);
      await page.screenshot({ path: `${shots}/follow-ticket-${l}.png`, fullPage: true });
      await page.goto(`${base}/status/#office=${officeId}`);
      await page.waitForSelector(`main > ul.cats li[data-category=A]`);
      await noOverflow(page, `office view in ${l}`);
      await page.goto(`${base}/status/`);
      await page.waitForSelector(`li[data-office="${officeId}"]`);
      await noOverflow(page, `list in ${l}`);
      await page.goto(`${base}/status/#office=${officeId}&ticket=A-007`);
      await page.waitForSelector("section.ticket[data-ticket='A-007']");
    }
    // A slow connection (400 ms round trip, 400 kbit/s down, as Chrome's "Slow 3G"):
    // the ticket view is up within 8 s, everything fetched included.
    const slow = await ctx.newPage();
    const cdp = await ctx.newCDPSession(slow);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400,
      downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
    const t0 = Date.now();
    await slow.goto(`${base}/status/#office=${officeId}&ticket=A-007`, { timeout: 20000 });
    await slow.waitForSelector("section.ticket[data-ticket='A-007'] [data-figure=ahead]", { timeout: 20000 });
    const took = Date.now() - t0;
    console.log(`slow connection: ticket view in ${took} ms, ${bytes} bytes`);
    if (took > 8000) fail(`slow connection: ticket view after ${took} ms`);
    await slow.close();

    // Chosen once, remembered: a new visit opens in the last language chosen.
    const again = await ctx.newPage();
    await again.goto(`${base}/status/#office=${officeId}&ticket=A-007`);
    await again.waitForSelector("section.ticket[data-ticket='A-007']");
    if ((await again.getAttribute("html", "lang")) !== "ja") fail("the language was not remembered");
    if (!(await again.locator(".langs button[data-lang=ja-easy][aria-pressed=true]").count())) fail("やさしい日本語 not remembered");
    await again.close();

    // The daemon is gone: once the ttl has passed, the stale mark.
    const d = await shownDoc();
    office("stop");
    await page.clock.fastForward((d.ttl + 10) * 1000);
    await page.waitForSelector("section.ticket [data-stale=true]", { timeout: 15000 });
    await page.screenshot({ path: `${shots}/follow-stale.png`, fullPage: true });
    if (errors.length) fail(`page errors: ${errors.join("; ")}`);
  } finally {
    await browser.close();
  }
  console.log("follow.js: ok");
})().catch((e) => { console.error(`follow.js: ${e.message || e}`); process.exit(1); });
