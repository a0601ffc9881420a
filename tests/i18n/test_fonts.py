"""Chinese text renders in a Traditional Chinese system font on every platform visitors use:
the stylesheet's font stack names one for each before the generic fallback."""

import re
from pathlib import Path

from django.conf import settings

# A Traditional Chinese font each platform ships (any one of each group is enough).
PLATFORM_FONTS = {
    "macOS and iOS": {"PingFang HK", "PingFang TC", "Heiti TC"},
    "Windows": {"Microsoft JhengHei", "Microsoft JhengHei UI"},
    "Android and Linux": {"Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK HK", "Noto Sans HK"},
}


def font_stack():
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
    match = re.search(r"--font:\s*([^;]+);", css)
    assert match, "site.css defines no --font stack"
    return [name.strip().strip("\"'") for name in match.group(1).split(",")]


def test_each_platform_has_a_traditional_chinese_font_before_the_generic_family():
    stack = font_stack()
    generic = stack.index("sans-serif")
    for platform, fonts in PLATFORM_FONTS.items():
        positions = [stack.index(font) for font in fonts if font in stack]
        assert positions, f"no Traditional Chinese font for {platform}"
        assert min(positions) < generic


def test_no_simplified_chinese_font_comes_before_the_traditional_ones():
    """A Simplified font earlier in the stack would draw Hong Kong text with mainland glyphs."""
    stack = font_stack()
    simplified = [i for i, font in enumerate(stack) if re.search(r" SC$|YaHei|PingFang SC", font)]
    traditional = [stack.index(f) for fonts in PLATFORM_FONTS.values() for f in fonts if f in stack]
    assert not simplified or min(simplified) > max(traditional)
