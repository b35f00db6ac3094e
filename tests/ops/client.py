"""A small HTTP client for the operations tests: requests to a real server, and a person who
answers a survey page by page through its forms."""

from __future__ import annotations

import http.client
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit


def request(
    port: int, method: str, path: str, body: str | None = None, headers: dict | None = None, timeout: float = 60
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def status_of(port: int, path: str, timeout: float = 5) -> int:
    """The status of a GET, or 0 when the server did not answer."""
    try:
        return request(port, "GET", path, timeout=timeout)[0]
    except (OSError, http.client.HTTPException):
        return 0


class _Forms(HTMLParser):
    """The fields of every POST form of a page, filled in: the first choice of every radio
    group, check box and list, ``text`` in every text area, 1 in every other input."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.forms: list[list[tuple[str, str]]] = []
        self.named: set[str] = set()
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.inside = True
            self.forms.append([])
            self.named = set()
        if not self.inside:
            return
        fields = self.forms[-1]
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                fields.append((name, a.get("value", "")))
            elif kind in ("radio", "checkbox"):
                if name not in self.named:
                    self.named.add(name)
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button"):
                fields.append((name, "1"))
        elif tag == "textarea" and name:
            fields.append((name, self.text))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and a.get("value"):
            fields.append((self.select, a["value"]))
            self.select = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select":
            self.select = None

    def survey_form(self) -> list[tuple[str, str]]:
        """The form of the survey page (the one that says which page it is)."""
        return next(form for form in self.forms if any(name == "page" for name, _value in form))


def answer(port: int, path: str, text: str, submit: bool = True) -> list[tuple[str, int]]:
    """Answer the survey at ``path`` (``/de/s/TOKEN/``) page by page with the first choices and
    ``text`` in the comment boxes, and submit it from the review page (or stop there). Returns
    the requests made, each as (method path, status)."""
    seen: list[tuple[str, int]] = []
    status, headers, html = request(port, "GET", path)
    seen.append((f"GET {path}", status))
    assert status == 200, html[:500]
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
    for _step in range(40):
        forms = _Forms(text)
        forms.feed(html)
        form = forms.survey_form()
        fields = dict(form)
        review = "Submit answers" in html or 'value="submit"' in html
        if review and not submit:
            return seen
        go = "submit" if review else "next"
        body = urlencode([*form, ("go", go)])
        status, headers, html = request(
            port,
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        seen.append((f"POST {path} page {fields.get('page')}", status))
        if status == 302:
            location = urlsplit(headers["Location"])
            target = location.path + (f"?{location.query}" if location.query else "")
            status, headers, html = request(port, "GET", target, headers={"Cookie": cookie})
            seen.append((f"GET {target}", status))
            if go == "submit":
                assert location.path.endswith("/s/thanks/"), seen
                return seen
        assert status == 200, (seen, html[:800])
    raise AssertionError(f"no review page after 40 pages: {seen}")
