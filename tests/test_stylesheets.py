"""Our hand-written stylesheets close every rule they open.

A lost `}` is no syntax error to a browser that knows CSS nesting: every rule after it
silently becomes a nested rule that matches nothing (two merges did this to site.css, which
left the citation's URL unwrapped on phones and the suggestion form's honeypot on screen).
We write no nested rules, so a rule inside another rule (not an @-rule) is such a loss.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
STYLESHEETS = sorted(
    path
    for path in BASE_DIR.glob("*/**/*.css")
    if not {".venv", "node_modules", "staticfiles", "vendor"} & set(path.parts)
)


def lost_braces(css):
    """Where a rule opens inside another rule, and whether every rule is closed."""
    css = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.S)
    css = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", '""', css)
    problems, open_rules, start = [], [], 0
    for match in re.finditer(r"[{};]", css):
        line = css.count("\n", 0, match.start()) + 1
        if match.group() == "{":
            prelude = css[start : match.start()].strip()
            if open_rules and not open_rules[-1][1].startswith("@"):
                problems.append(f"line {line}: {prelude!r} inside {open_rules[-1][1]!r}")
            open_rules.append((line, prelude))
        elif match.group() == "}" and open_rules:
            open_rules.pop()
        elif match.group() == "}":
            problems.append(f"line {line}: a `}}` closes nothing")
        start = match.end()
    problems += [f"line {line}: {prelude!r} is never closed" for line, prelude in open_rules]
    return problems


def test_the_check_finds_a_lost_brace():
    assert lost_braces(".a { color: red; }\n@media print { .b { color: blue; } }") == []
    assert lost_braces(".a {\n  color: red;\n\n.b { color: blue; }") == [
        "line 4: '.b' inside '.a'",
        "line 1: '.a' is never closed",
    ]


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_every_rule_is_closed_before_the_next_one_opens(path):
    assert lost_braces(path.read_text(encoding="utf-8")) == []
