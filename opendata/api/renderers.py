"""The API's JSON, safe to quote anywhere.

A 400 names the value it could not use, and a value is whatever the client sent, markup
included. JSON lets any character inside a string be written as a \\u escape, so `<`, `>`
and `&` are (as Go's encoding/json does by default): every JSON parser reads the same data,
and nothing in the body reads as HTML to a browser sniffing it or a page pasting it in.
"""

from rest_framework.renderers import JSONRenderer

from opendata.structured_data import html_safe_json


class HTMLSafeJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return html_safe_json(body.decode()).encode()
