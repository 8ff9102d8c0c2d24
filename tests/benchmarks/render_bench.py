"""Render benchmark: a structure page against a page holding the same HTML in one rich-text block.

Both pages are served by Django's test client from the same database in the same run,
so the ratio (structure page / rich-text page) is what the plugin costs on top of
Wagtail serving that much HTML; machine speed cancels out. Sizes: Halland as it is,
and Halland ten times over (every object copied with new ids, references kept inside
each copy). Target: ratio ≤ 1.2. A live structure page is rendered as a publish commits
(rendering ahead, ``render_ahead``) or by its first reader, and then served from Django's cache.
"after publish": a request right after one of its body pages is published, as readers meet it;
the publish itself is timed apart ("publish ms"), and again with rendering ahead turned off
("without ms"): the difference is what rendering ahead moves from the first reader to the editor.
"empty cache": a request after the whole cache is cleared, Wagtail's own entries (the site's root
paths) included, as after a restart with a new cache: the reader renders the page, its structure read
from the stored reading the database keeps (``stored_readings``), not the page tree. Its ratio is to the
rich-text page as it is usually served; "rich text, empty cache" times that page after the same clear,
and the last ratio is the two first requests' (a new cache costs every page its Wagtail entries).
Below, a body's own page against a rich-text page of its HTML, served warm and with an empty cache: an item
page takes its part of the structure from the structure page's cache (``StructurePage.item_rendered``).
Run with ``tox -e bench-render``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import timeit
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.wagtail_plugin.settings")

import django  # noqa: E402
import synthetic  # noqa: E402
from django.conf import settings  # noqa: E402


def scaled(structure: Any, times: int) -> Any:
    """``structure`` with every object copied ``times`` times under new ids; the region stays one."""
    from kultursamverkan import converter

    return converter.structure(synthetic.scaled(converter.unstructure(structure), times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args()

    settings.INSTALLED_APPS  # noqa: B018 - load the test settings before changing them
    settings.INSTALLED_APPS.append("render_bench_app")
    settings.DEBUG = False
    django.setup()

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from render_bench_app.models import RichTextPage

    import kultursamverkan
    from tests.wagtail_plugin.helpers import region_page, structure_page
    from wagtail_kultursamverkan.models import BodyPage, StructurePage

    client = Client()
    halland = kultursamverkan.load(ROOT / "examples" / "regions" / "halland.yaml")
    from django.core.cache import cache

    print(
        f"{'page':14} {'bodies':>6} {'KiB':>5} {'structure ms':>13} {'rich text ms':>13} {'ratio':>6}"
        f" {'after publish ms':>17} {'ratio':>6} {'empty cache ms':>15} {'ratio':>6}"
        f" {'publish ms':>11} {'without ms':>11} {'pages ahead':>12} {'rich text, empty cache ms':>26} {'ratio':>6}"
    )
    worst = 0.0
    items: list[str] = []
    for label, structure in (("Halland", halland), ("Halland ×10", scaled(halland, 10))):
        region = region_page(structure)
        page = structure_page(structure, region)
        html = client.get(page.url).content.decode()
        start, end = html.index('<div class="ks-structure"'), html.rindex("</article>")
        baseline = RichTextPage(title=page.title, slug=f"baseline-{len(structure.bodies)}")
        baseline.body = [{"type": "text", "value": html[start:end]}]
        region.add_child(instance=baseline)  # the same depth: routing costs the same
        baseline.save_revision().publish()
        for url in (page.url, baseline.url):  # warm caches
            assert client.get(url).status_code == 200
        ours_url, base_url = page.url, baseline.url

        def timed(fn: Any) -> float:
            return timeit.timeit(fn, number=args.number)

        body = BodyPage.objects.child_of(page).live().first()

        def after_publish(url: str = ours_url, body: Any = body) -> tuple[float, float]:
            """The time of ``number`` publishes of ``body`` and of the request right after each."""
            publishing = reading = 0.0
            for _ in range(args.number):
                gc.disable()  # as timeit does
                try:
                    start = time.perf_counter()
                    body.save_revision().publish()
                    middle = time.perf_counter()
                    client.get(url)
                    reading += time.perf_counter() - middle
                    publishing += middle - start
                finally:
                    gc.enable()
            return publishing, reading

        def ahead_off(url: str = ours_url, body: Any = body) -> float:
            """``number`` publishes with rendering ahead turned off: what rendering ahead adds to a publish."""
            settings.KULTURSAMVERKAN_RENDER_AHEAD = False
            try:
                total = 0.0
                for _ in range(args.number):
                    start = time.perf_counter()
                    body.save_revision().publish()
                    total += time.perf_counter() - start
                client.get(url)  # rendered by a reader: the next round starts from a cached page
                return total
            finally:
                del settings.KULTURSAMVERKAN_RENDER_AHEAD

        # Interleaved, each the best of its repeats: a drift of the machine's speed in between falls on all
        # four alike (timed one after another, the rich-text page's time differed by a fifth between runs).
        rounds = [
            (
                timed(lambda url=ours_url: client.get(url)),
                timed(lambda url=base_url: client.get(url)),
                *after_publish(),
                ahead_off(),
                timed(lambda url=ours_url: (cache.clear(), client.get(url))),
                timed(lambda url=base_url: (cache.clear(), client.get(url))),
            )
            for _ in range(args.repeat)
        ]
        best = (min(column) / args.number * 1000 for column in zip(*rounds, strict=True))
        ours, base, publish, published, publish_alone, cold, base_cold = best
        worst = max(worst, ours / base)
        ahead = StructurePage.objects.live().filter(translation_key=page.translation_key).count()
        kib = len(html.encode()) / 1024
        print(
            f"{label:14} {len(structure.bodies):>6} {kib:>5.0f} {ours:>13.2f} {base:>13.2f} {ours / base:>6.2f}"
            f" {published:>17.2f} {published / base:>6.2f} {cold:>15.2f} {cold / base:>6.2f}"
            f" {publish:>11.2f} {publish_alone:>11.2f} {ahead:>12} {base_cold:>26.2f} {cold / base_cold:>6.2f}"
        )
        items.append(f"{label:14} {_item_row(client, body, region, cache, timed, args.repeat, args.number)}")
    print(
        f"\n{'body page':14} {'KiB':>5} {'ms':>7} {'rich text ms':>13} {'ratio':>6} {'empty cache ms':>15} {'ratio':>6}"
    )
    print("\n".join(items))
    print(f"\nworst ratio {worst:.2f} (target ≤ 1.2); after publish and with an empty cache: target ≤ 2")
    print(
        "publish ms: a body page's save_revision().publish(), which renders the structure's pages ahead (one per"
        " language: pages ahead) and the events of the region page listing them (both sizes share one region, so"
        " Halland ×10's publish reads Halland too); without: the same with KULTURSAMVERKAN_RENDER_AHEAD = False"
    )
    return 0


def _item_row(client: Any, body: Any, region: Any, cache: Any, timed: Any, repeat: int, number: int) -> str:
    """A body's own page against a rich-text page of its HTML: warm, and with the whole cache cleared
    (its part of the structure rendered from the stored reading)."""
    from render_bench_app.models import RichTextPage

    html = client.get(body.url).content.decode()
    start, end = html.index('<article lang="'), html.rindex("</article>")
    baseline = RichTextPage(title=body.title, slug=f"baseline-item-{body.pk}")
    baseline.body = [{"type": "text", "value": html[html.index(">", start) + 1 : end]}]
    region.add_child(instance=baseline)
    baseline.save_revision().publish()
    ours_url, base_url = body.url, baseline.url
    for url in (ours_url, base_url):
        assert client.get(url).status_code == 200
    rounds = [
        (
            timed(lambda: client.get(ours_url)),
            timed(lambda: client.get(base_url)),
            timed(lambda: (cache.clear(), client.get(ours_url))),
        )
        for _ in range(repeat)
    ]
    ours, base, cold = (min(column) / number * 1000 for column in zip(*rounds, strict=True))
    kib = len(html[start:end].encode()) / 1024
    return f"{kib:>5.0f} {ours:>7.2f} {base:>13.2f} {ours / base:>6.2f} {cold:>15.2f} {cold / base:>6.2f}"


if __name__ == "__main__":
    sys.exit(main())
