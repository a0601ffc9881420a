"""Exports: every entry a listing or a search matches, across all its pages, as CSV or JSON,
in the visitor's language, streamed.

Streamed means constant memory however many entries match: the entries are read in chunks
(`iterator(chunk_size=...)`, each chunk's sectors and sources prefetched with it) and each
row is written out as soon as it is read. The queries grow with the chunks, not the rows.

CSV starts with a byte order mark, so Excel reads it as UTF-8 (Chinese text intact).
"""

import csv
import json
from datetime import date, datetime

from django.http import StreamingHttpResponse
from django.utils.translation import get_language

from opendata.entry_types import link_fields, linked, plain_fields, shared_fields, with_links

CHUNK_SIZE = 500
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Columns every export adds to the entry's own: its page, its sectors, its sources.
LINK_COLUMNS = ("url", "sectors", "source_urls")


def columns(fields, links=(), with_type=False):
    """The header: the type (for exports mixing types), then the entry's own fields with its
    page, sectors and sources after its name, then its links to other entries."""
    head, *rest = fields
    return (*(("type",) if with_type else ()), head, *LINK_COLUMNS, *rest, *links)


class Records:
    """Turns entries into {column: value}: lists stay lists, dates ISO 8601, choices their
    label in the visitor's language, links to other entries their pages' addresses.

    What is the same for every row is worked out once per export: the site's address and
    each choice field's labels (Django's get_FOO_display() would translate every label of
    the field again for each row)."""

    def __init__(self, request, fields, links=()):
        self.origin = request.build_absolute_uri("/")[:-1]
        self.fields, self.links = fields, links
        self.labels = {}

    def page(self, entry):
        return self.origin + entry.get_absolute_url()

    def label(self, entry, name, value):
        key = (type(entry), name)
        if key not in self.labels:
            choices = entry._meta.get_field(name).flatchoices
            self.labels[key] = {value: str(label) for value, label in choices}
        return self.labels[key].get(value, value)

    def __call__(self, entry):
        values = {
            "type": entry._meta.model_name,
            "url": self.page(entry),
            "sectors": [sector.name for sector in entry.listed_sectors],
            "source_urls": [source.url for source in entry.listed_sources],
        }
        for name in self.links:
            pages = [self.page(other) for other in linked(entry, name)]
            many = entry._meta.get_field(name).many_to_many
            values[name] = pages if many else (pages[0] if pages else None)
        for name in self.fields:
            value = getattr(entry, name)
            if value and entry._meta.get_field(name).choices:
                value = self.label(entry, name, value)
            elif isinstance(value, date | datetime):
                value = value.isoformat()
            values[name] = value
        return values


def entries(querysets):
    """Every entry of each queryset, read in chunks."""
    for queryset in querysets:
        yield from with_links(queryset).iterator(chunk_size=CHUNK_SIZE)


def csv_cell(value):
    """A list in one cell, its items on separate lines (Excel shows them stacked)."""
    if isinstance(value, list):
        return "\n".join(value)
    return "" if value is None else value


class _Echo:
    """csv.writer writes into this and gets the line back, to be streamed."""

    def write(self, value):
        return value


def csv_lines(querysets, fields, links, request, with_type=False):
    header = columns(fields, links, with_type)
    record = Records(request, fields, links)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for entry in entries(querysets):
        row = record(entry)
        yield writer.writerow([csv_cell(row[name]) for name in header])


def json_chunks(querysets, fields, links, request, with_type=False):
    header = columns(fields, links, with_type)
    record = Records(request, fields, links)
    about = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "language": get_language(),
        "source": request.build_absolute_uri(),
    }
    yield json.dumps(about, ensure_ascii=False)[:-1] + ', "entries": ['
    separator = ""
    for entry in entries(querysets):
        row = record(entry)
        yield separator + json.dumps({name: row[name] for name in header}, ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


FORMATS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json; charset=utf-8"),
}


def streamed(querysets, fmt, request, filename, with_type=False):
    """The response streaming `querysets` as `fmt` ("csv" or "json"): one type's public
    fields and links, or for several types (`with_type`) the fields they share."""
    write, content_type = FORMATS[fmt]
    if with_type:
        fields, links = shared_fields(), ()
    else:
        fields, links = plain_fields(querysets[0].model), link_fields(querysets[0].model)
    response = StreamingHttpResponse(
        write(querysets, fields, links, request, with_type), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
