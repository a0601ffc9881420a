"""Reading a rendered page as a visitor would: the text and the attributes they read or hear,
each with the language it is marked as."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
HIDDEN = {"script", "style", "template", "noscript"}
# Attributes a visitor reads or a screen reader speaks.
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


@dataclass(frozen=True)
class Text:
    text: str
    lang: str
    where: str


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.texts = []
        self.elements = []  # (tag, attrs dict)

    @property
    def lang(self):
        return self.stack[-1][1] if self.stack else ""

    @property
    def hidden(self):
        return any(tag in HIDDEN for tag, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attrs))
        lang = attrs.get("lang", self.lang).lower()
        if not self.hidden:
            for name in SPOKEN_ATTRIBUTES & attrs.keys():
                self.texts.append(Text(attrs[name], lang, f"<{tag} {name}>"))
            if tag == "meta" and attrs.get("name") == "description":
                self.texts.append(Text(attrs.get("content", ""), lang, "<meta description>"))
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.texts.append(Text(attrs.get("value", ""), lang, f"<input {attrs['type']}>"))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self.hidden:
            tag = self.stack[-1][0] if self.stack else ""
            self.texts.append(Text(" ".join(data.split()), self.lang, f"<{tag}>"))


def read(html):
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def texts(html):
    return read(html).texts


def elements(html, tag):
    """The attributes of every `tag` element, in page order."""
    return [attrs for name, attrs in read(html).elements if name == tag]


LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]")
# Web addresses and e-mail addresses read the same in every language.
# (A full URL whatever its host: the test server's, "testserver", has no dot.)
ADDRESS = re.compile(r"https?://[^\s<>\"]+|[\w@-]+(\.[\w-]+)+[^\s<>\"]*")


def english_words_in(html, language, allowed=frozenset()):
    """Latin-script words in text the page marks as `language` (not inside a lang="en"
    element), other than web addresses and the `allowed` ones (proper names, acronyms)."""
    found = []
    for text in texts(html):
        if not text.lang.startswith(language):
            continue
        words = [w for w in LATIN_WORD.findall(ADDRESS.sub("", text.text)) if w not in allowed]
        if words:
            found.append((text.where, text.text, words))
    return found
