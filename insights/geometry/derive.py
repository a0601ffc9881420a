"""Derive hong_kong_districts.json from the npm package @svg-maps/hong-kong (CC BY 4.0).

Run once by a maintainer; set-up never needs npm or this script, because its output is
committed:

    cd /tmp && npm pack @svg-maps/hong-kong && tar xzf svg-maps-hong-kong-1.0.0.tgz
    python insights/geometry/derive.py /tmp/package/hong-kong.svg \
        > insights/geometry/hong_kong_districts.json

Each district's outline is kept as drawn (coordinates rounded to 0.1 of the 613 x 445 view,
far below a pixel), keyed by our District value, with a label point: the centroid of its
largest piece of land.
"""

import json
import re
import sys
from pathlib import Path

from django.utils.text import slugify

PATH = re.compile(r'<path\s+id="\w+"\s+name="(?P<name>[^"]+)"\s+d="(?P<d>[^"]+)"')
VIEWBOX = re.compile(r'viewBox="(?P<box>[^"]+)"')
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def rings(d):
    """The absolute points of each closed ring of a path made only of relative moveto
    (with implicit lineto) and closepath, as this map's are."""
    result, start = [], (0.0, 0.0)
    for part in re.split(r"[zZ]", d):
        numbers = [float(n) for n in NUMBER.findall(part)]
        if not numbers:
            continue
        x, y = start[0] + numbers[0], start[1] + numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=False):
            x, y = x + dx, y + dy
            ring.append((x, y))
        start = ring[0]
        result.append(ring)
    return result


def area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:
        return 0.0, ring[0]
    return abs(area), (cx / (6 * area), cy / (6 * area))


def rounded(d):
    return NUMBER.sub(lambda m: f"{float(m.group()):.1f}".rstrip("0").rstrip("."), d)


def main(svg_path):
    svg = Path(svg_path).read_text(encoding="utf-8")
    districts = {}
    for match in PATH.finditer(svg):
        _area, (x, y) = max(area_and_centroid(ring) for ring in rings(match["d"]))
        districts[slugify(match["name"])] = [rounded(match["d"]), round(x, 1), round(y, 1)]
    data = {
        "source": "@svg-maps/hong-kong 1.0.0 by Victor Cazanave, based on MapSVG; CC BY 4.0",
        "viewBox": VIEWBOX.search(svg)["box"],
        "districts": districts,
    }
    print(json.dumps(data, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
