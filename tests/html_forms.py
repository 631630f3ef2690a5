"""Read a rendered form the way a browser submits it, so tests post what a person would."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
            return
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self._fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options, self._multiple = name, [], "multiple" in a
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self._fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def forms_of(response) -> list[list[tuple[str, str]]]:
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_data(response, containing: str = "csrfmiddlewaretoken", index: int | None = None) -> dict:
    """The fields of a form that has a field named CONTAINING, as a dict: the one at INDEX
    among those, or else the one with the most fields (the page's main form).

    Fields that occur several times (checkboxes of a multiple choice) become lists.
    """
    candidates = [form for form in forms_of(response) if any(n == containing for n, _ in form)]
    fields = candidates[index] if index is not None else max(candidates, key=len)
    data: dict = {}
    for name, value in fields:
        if name in data:
            if not isinstance(data[name], list):
                data[name] = [data[name]]
            data[name].append(value)
        else:
            data[name] = value
    return data
