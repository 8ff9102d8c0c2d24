// cadence.js against a small fake DOM (run by test_cadence_widget.py with Node.js; real browsers: tests/browser).
// Just enough of the DOM API the script uses, to hold its logic: debouncing, latest answer wins, text only,
// widgets added later (a StreamField block) set up once. Exits non-zero on the first broken expectation.
"use strict";
const fs = require("fs");
const check = (ok, what) => {
  if (!ok) {
    console.error(`not so: ${what}`);
    process.exitCode = 1;
  }
};
class El {
  constructor(attrs = {}, children = []) { this.attrs = attrs; this.children = children; this.hidden = !!attrs.hidden; this.textContent = attrs.text || ""; this.nodeType = 1; this.listeners = {}; this.value = attrs.value || ""; this.dataset = attrs.dataset || {}; }
  matches(sel) { return sel === "[data-ks-cadence]" ? "ks" in this.attrs : false; }
  all() { return this.children.flatMap((c) => [c, ...c.all()]); }
  querySelectorAll(sel) { return this.all().filter((e) => e.is(sel)); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
  is(sel) {
    if (sel === "input") return this.attrs.tag === "input";
    if (sel === "[data-ks-cadence]") return "ks" in this.attrs;
    const m = sel.match(/^\[([\w-]+)(?:="(\w+)")?\]$/);
    if (!m) throw new Error("selector " + sel);
    return m[1] in this.attrs && (m[2] === undefined || this.attrs[m[1]] === m[2]);
  }
  addEventListener(type, f) { this.listeners[type] = f; }
}
function widget(shown, value) {
  const sentence = (lang) => new El({ "data-ks-cadence-row": lang, hidden: true }, [new El({ "data-ks-cadence-sentence": lang })]);
  const input = new El({ tag: "input", value });
  const live = new El({ "data-ks-cadence-live": "" }, [sentence("sv"), sentence("en"), new El({ "data-ks-cadence-error": "", hidden: true })]);
  return { root: new El({ ks: "", dataset: { ksCadenceUrl: "/p/", ksCadenceShown: shown } }, [input, live]), input, live };
}
const page = widget("två gånger per år", "två gånger per år");
const docEl = new El({}, [page.root]);
let observer;
global.Node = { ELEMENT_NODE: 1 };
global.document = { readyState: "complete", documentElement: docEl };
global.MutationObserver = class { constructor(f) { observer = f; } observe() {} };
const calls = [];
global.fetch = async (url, opts) => {
  calls.push(url);
  const text = new URLSearchParams(url.split("?")[1]).get("text");
  await new Promise((r) => setTimeout(r, text === "slow" ? 200 : 5));
  if (opts.signal.aborted) { const e = new Error("aborted"); e.name = "AbortError"; throw e; }
  return { ok: true, json: async () => (text === "bad" ? { sv: null, en: null, error: "Skriv per vad" } : { sv: "Möten: " + text, en: "Meets: " + text, error: null }) };
};
global.AbortController = class { constructor() { this.signal = { aborted: false }; } abort() { this.signal.aborted = true; } };
eval(fs.readFileSync(process.argv[2], "utf8"));
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const row = (w, lang) => w.live.querySelector(`[data-ks-cadence-row="${lang}"]`);
(async () => {
  check(calls.length === 0, "no fetch for a server-rendered value");
  // typing: debounced, one request for a burst
  page.input.value = "vid"; page.input.listeners.input();
  page.input.value = "vid behov"; page.input.listeners.input();
  await wait(500);
  check(calls.length === 1 && calls[0] === "/p/?text=vid+behov", "one debounced request " + calls);
  check(row(page, "sv").querySelector("[data-ks-cadence-sentence]").textContent === "Möten: vid behov" && !row(page, "sv").hidden, "sv shown");
  page.input.value = "bad"; page.input.listeners.input(); await wait(500);
  const err = page.live.querySelector("[data-ks-cadence-error]");
  check(err.textContent === "Skriv per vad" && !err.hidden && row(page, "en").hidden, "error shown, rows hidden");
  // a slow answer overtaken by a newer one is not shown
  page.input.value = "slow"; page.input.listeners.input(); await wait(400);
  page.input.value = "fast"; page.input.listeners.input(); await wait(600);
  check(row(page, "en").querySelector("[data-ks-cadence-sentence]").textContent === "Meets: fast", "latest wins: " + row(page, "en").querySelector("[data-ks-cadence-sentence]").textContent);
  // emptied: nothing shown, no request
  const before = calls.length;
  page.input.value = " "; page.input.listeners.input(); await wait(500);
  check(calls.length === before && row(page, "sv").hidden && err.hidden, "empty clears");
  // a StreamField block added later with its value set after insertion
  const added = widget("", "");
  added.input.value = "varannan månad";
  observer([{ addedNodes: [added.root] }]);
  await wait(100);
  check(calls.at(-1) === "/p/?text=varannan+m%C3%A5nad", "added widget previews its value " + calls.at(-1));
  check(row(added, "sv").querySelector("[data-ks-cadence-sentence]").textContent === "Möten: varannan månad", "added shown");
  observer([{ addedNodes: [added.root] }]);  // moved: not set up twice
  await wait(50);
  check(calls.length === 5, `five requests in all, not ${calls.length}`);
  if (!process.exitCode) console.log("ok");
})();
