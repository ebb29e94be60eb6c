"""Labels of a network view in headless Chromium: at several zoom levels (times the fitted
scale, centred on the largest node), how many labels are drawn and how many pairs of them
overlap (the goal: 0).

    python benchmarks/label_overlaps.py VIEW.html [VIEW.html ...]

e.g. the view ``kg build`` writes (``OUT/leadership.html``) of the dev corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.views.chromium import Chromium, labels_at_zoom_levels  # noqa: E402

FACTORS = (1, 2, 4, 8)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    with Chromium() as chromium:
        for path in paths:
            page = chromium.new_page(1400, 900)
            page.goto(Path(path))
            page.wait_for("document.body.dataset.drawn === 'true'", timeout=120)
            nodes = page.evaluate("window.kgView.data.nodes.length")
            print(f"{path}: {nodes} nodes")
            for factor, shown, overlaps in labels_at_zoom_levels(page, FACTORS):
                print(f"  zoom ×{factor}: {shown} labels drawn, {overlaps} overlapping pairs")
            page.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
