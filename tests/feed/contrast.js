// SPDX-License-Identifier: MIT
// The residents' page's texts that fail WCAG AA contrast (4.5:1) or are under
// 12 px: runs in the page (page.evaluate(lowContrast)); a line per text.
const lowContrast = () => {
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bg = (e) => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  const bad = [];
  for (const e of document.querySelectorAll("body *")) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || e.offsetParent === null) continue;
    const cs = getComputedStyle(e);
    const a = lum(cs.color), b = lum(bg(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5 || parseFloat(cs.fontSize) < 12)
      bad.push(`${e.tagName}.${e.className} '${e.textContent.trim().slice(0, 20)}' ${ratio.toFixed(2)}:1 ${cs.fontSize}`);
  }
  return bad;
};

module.exports = { lowContrast };
