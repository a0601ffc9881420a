"""Derive hong_kong_districts.py from the npm package @svg-maps/hong-kong (CC BY 4.0).

Run once by a maintainer; set-up never needs npm or this script, because its output is
committed:

    cd /tmp && npm pack @svg-maps/hong-kong && tar xzf svg-maps-hong-kong-1.0.0.tgz
    python insights/geometry/derive.py /tmp/package/hong-kong.svg > insights/geometry/hong_kong_districts.py

Each district's outline is kept as drawn (coordinates rounded to 0.1 of the 613 x 445 view,
far below a pixel), keyed by our District value, with a label point: the centroid of its
largest piece of land.
"""

import re
import sys

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
    svg = open(svg_path, encoding="utf-8").read()
    print('"""Hong Kong\'s 18 districts as SVG outlines, derived by derive.py from the npm')
    print("package @svg-maps/hong-kong 1.0.0 by Victor Cazanave, based on MapSVG's map; licensed")
    print('CC BY 4.0 (see LICENSE.md beside this file). Generated: do not edit by hand."""')
    print()
    print(f'VIEWBOX = "{VIEWBOX.search(svg)["box"]}"')
    print("# District value: (outline, label x, label y)")
    print("DISTRICTS = {")
    for match in PATH.finditer(svg):
        _area, (x, y) = max(area_and_centroid(ring) for ring in rings(match["d"]))
        key = slugify(match["name"])
        print(
            f'    "{key}": (\n        "{rounded(match["d"])}",\n        {x:.1f},\n        {y:.1f},\n    ),'
        )
    print("}")


if __name__ == "__main__":
    main(sys.argv[1])
