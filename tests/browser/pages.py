"""What every browser test checks on a page: axe-core's WCAG 2.1 A/AA rules, reflow, headings, lang, landmarks.

``check_page`` loads nothing itself; give it a Playwright page that shows what to check. It
runs axe-core, then the layout checks axe cannot do (no horizontal scrolling; headings that
start at h1 and never skip a level; the document's ``lang``), and returns every problem as
one readable string per problem, so a failing test says what to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"

#: WCAG 2.0 and 2.1, levels A and AA: the issue's target.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

#: axe's best-practice rules for what the issue also asks of public pages: heading order,
#: one main landmark, all content in landmarks, and a level-one heading.
STRUCTURE_RULES = (
    "heading-order",
    "page-has-heading-one",
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-unique",
    "region",
)


@dataclass(frozen=True)
class Viewport:
    """A window: ``width``×``height`` CSS pixels at ``scale`` device pixels per CSS pixel."""

    name: str
    width: int
    height: int
    scale: float = 1

    def playwright(self) -> dict[str, Any]:
        return {"viewport": {"width": self.width, "height": self.height}, "device_scale_factor": self.scale}


DESKTOP = Viewport("desktop", 1280, 800)
#: A 1280×800 window zoomed to 200 %: what zoom does is halve the CSS pixels and double the device pixels.
ZOOM_200 = Viewport("zoom200", 640, 400, 2)
#: WCAG 1.4.10 Reflow: content at 320 CSS pixels wide without scrolling in two directions.
NARROW = Viewport("mobile", 320, 640, 2)
VIEWPORTS = (DESKTOP, ZOOM_200, NARROW)


def run_axe(
    page: Any,
    axe_source: str,
    *,
    structure: bool = True,
    disabled: Mapping[str, str] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """axe-core's violations on ``page``: WCAG 2.1 A/AA, plus ``STRUCTURE_RULES`` when ``structure``.

    ``disabled`` maps a rule id to the reason it is off; a reason is required, and the
    caller's test is where a reviewer reads it. ``include`` limits the check to those CSS
    selectors (e.g. our blocks inside a page that is otherwise Wagtail's); ``exclude`` leaves
    those out.
    """
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(axe_source + "\n;undefined")
    disabled = dict(disabled or {})
    if any(not reason.strip() for reason in disabled.values()):
        raise ValueError("every disabled axe rule needs a reason")
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disabled},
    }
    context: Any = {"include": [[s] for s in include or ["html"]], "exclude": [[s] for s in exclude]}
    result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    violations = list(result["violations"])
    if structure:
        extra = {"runOnly": {"type": "rule", "values": [r for r in STRUCTURE_RULES if r not in disabled]}}
        extra["resultTypes"] = ["violations"]
        result = page.evaluate("([context, options]) => axe.run(context, options)", [context, extra])
        violations += result["violations"]
    return violations


def describe(violations: Sequence[dict[str, Any]]) -> list[str]:
    """One line per rule and element: rule id, impact, what is wrong, which element, how to fix it."""
    out = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            out.append(
                f"axe {violation['id']} ({violation.get('impact')}): {violation['help']} - "
                f"{' '.join(map(str, node['target']))}: {node['html'][:200]} - {summary}"
            )
    return out


_LAYOUT_JS = """
(lang) => {
  const problems = [];
  const root = document.documentElement;
  const width = window.innerWidth;
  if (root.scrollWidth > width) {
    // The culprits: text that runs past the edge, and the innermost boxes that do.
    const wide = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node && wide.length < 5; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some((r) => r.right > width + 0.5))
        wide.push(`text in <${node.parentElement.tagName.toLowerCase()}>: "${node.textContent.trim().slice(0, 60)}"`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (wide.length >= 5) break;
      const out = (e) => e.getBoundingClientRect().right > width + 0.5;
      if (out(el) && ![...el.children].some(out)) wide.push(el.outerHTML.slice(0, 120));
    }
    problems.push(
      `scrolls horizontally: ${root.scrollWidth}px of content in a ${width}px viewport; widest: ${wide.join(' | ')}`
    );
  }
  if (root.lang !== lang) problems.push(`<html lang="${root.lang}">, expected "${lang}"`);
  const visible = (el) => el.getClientRects().length > 0;
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible);
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    const text = h.textContent.trim();
    if (previous === 0 && level !== 1) problems.push(`the first heading is ${h.tagName}, not h1: ${text}`);
    if (previous && level > previous + 1) problems.push(`heading skips from h${previous} to ${h.tagName}: ${text}`);
    previous = level;
  }
  const mains = document.querySelectorAll('main, [role=main]').length;
  if (mains !== 1) problems.push(`${mains} main landmarks, expected 1`);
  return problems;
}
"""


def layout_problems(page: Any, lang: str) -> list[str]:
    """What axe does not check: horizontal scrolling, heading levels from h1 on, the page's lang, one main."""
    return page.evaluate(_LAYOUT_JS, lang)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_page(
    page: Any,
    axe_source: str,
    *,
    lang: str,
    name: str,
    structure: bool = True,
    disabled: Mapping[str, str] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> list[str]:
    """Every problem on ``page`` (axe and layout), with axe's full report saved under ``artifacts/browser/axe/``."""
    violations = run_axe(page, axe_source, structure=structure, disabled=disabled, include=include, exclude=exclude)
    report = ARTIFACTS / "axe" / f"{slug(name)}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"url": page.url, "violations": violations}, indent=2), encoding="utf-8")
    problems = describe(violations)
    if structure:
        problems += layout_problems(page, lang)
    return problems
