/*
 * The cadence widget's live preview (wagtail_kultursamverkan.cadence_field.CadenceWidget).
 *
 * Every element with data-ks-cadence is set up once: when the page loads, and whenever one is added
 * later (a StreamField block added, duplicated or loaded by Wagtail's telepath), found by a
 * MutationObserver. A pause in typing asks the admin endpoint for the sentence in Swedish and English
 * and writes it into the aria-live region as text (never as HTML). Only the latest answer is shown.
 */
(() => {
  "use strict";

  const DELAY_MS = 350;
  const set = new WeakSet();

  function setUp(root) {
    if (set.has(root)) return;
    const input = root.querySelector("input");
    const live = root.querySelector("[data-ks-cadence-live]");
    const url = root.dataset.ksCadenceUrl;
    if (!input || !live || !url) return;
    set.add(root);

    const rows = {
      sv: live.querySelector('[data-ks-cadence-row="sv"]'),
      en: live.querySelector('[data-ks-cadence-row="en"]'),
    };
    const error = live.querySelector("[data-ks-cadence-error]");
    // What the region shows now: rendered by the server for the input's first value.
    let shown = (root.dataset.ksCadenceShown || "").trim();
    let timer = null;
    let pending = null;

    function show(answer) {
      for (const lang of ["sv", "en"]) {
        const row = rows[lang];
        if (!row) continue;
        const text = answer[lang] || "";
        row.querySelector("[data-ks-cadence-sentence]").textContent = text;
        row.hidden = !text;
      }
      if (error) {
        error.textContent = answer.error || "";
        error.hidden = !answer.error;
      }
    }

    async function update() {
      const text = input.value.trim();
      if (text === shown) return;
      if (pending) pending.abort();
      if (!text) {
        pending = null;
        shown = text;
        show({});
        return;
      }
      const request = new AbortController();
      pending = request;
      try {
        const response = await fetch(`${url}?${new URLSearchParams({ text })}`, {
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
          signal: request.signal,
        });
        if (!response.ok) return; // signed out or no access: keep the last preview
        const answer = await response.json();
        if (pending !== request) return; // a newer phrase was typed meanwhile
        shown = text;
        show(answer);
      } catch (problem) {
        if (problem.name !== "AbortError") throw problem;
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, DELAY_MS);
    });
    // A StreamField block's value is set right after its HTML is added: preview it if it differs.
    update();
  }

  function scan(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches("[data-ks-cadence]")) setUp(node);
    node.querySelectorAll("[data-ks-cadence]").forEach(setUp);
  }

  function start() {
    scan(document.documentElement);
    new MutationObserver((records) => {
      for (const record of records) record.addedNodes.forEach(scan);
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
