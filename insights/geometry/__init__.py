"""Hong Kong's 18 districts as SVG outlines (hong_kong_districts.json, derived by derive.py
from @svg-maps/hong-kong, CC BY 4.0: see LICENSE.md).

    DISTRICTS[value] == (outline path, label x, label y)
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "hong_kong_districts.json").read_text("utf-8"))
VIEWBOX = _DATA["viewBox"]
DISTRICTS = {value: tuple(shape) for value, shape in _DATA["districts"].items()}
