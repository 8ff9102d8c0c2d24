/*
 * A folded list of choices (wagtail_kultursamverkan.fields.FoldedChoices): its summary line names
 * what is chosen, updated as boxes are ticked. Text only (never HTML); works on forms added later too.
 */
(() => {
  "use strict";

  function update(details) {
    const chosen = details.querySelector("[data-ks-folded-chosen]");
    const count = details.querySelector("[data-ks-folded-count]");
    if (!chosen || !count) return;
    const boxes = [...details.querySelectorAll("input[type=checkbox]")];
    const ticked = boxes.filter((box) => box.checked);
    const names = ticked.map((box) => (box.closest("label") || box).textContent.trim());
    chosen.textContent = names.length ? names.join(", ") : chosen.dataset.ksNone;
    count.textContent = `(${ticked.length} ${count.dataset.ksOf} ${boxes.length})`;
  }

  document.addEventListener("change", (event) => {
    const details = event.target.closest && event.target.closest("[data-ks-folded]");
    if (details) update(details);
  });
})();
