"""``{{ stage|nested_quotes }}``: a name set inside the quotation marks of the current language
(a mail's “{{ stage }}”), with its own quotation marks turned into the inner pair
(core/quotes.py)."""

from __future__ import annotations

from django import template

from vereinbar.core.quotes import nested_quotes

register = template.Library()
register.filter("nested_quotes", nested_quotes)
