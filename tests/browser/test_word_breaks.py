"""Words on a phone (375 px): a fact list's label in a narrow card stays one word ("Moderation",
not "Moderatio" / "n"), and a word longer than the line in running text breaks as a last resort
instead of widening the page. (Hyphenation at a syllable needs the browser's dictionary, which
Debian's Chromium lacks; main.css asks for it with hyphens: auto.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

CARD = """
const main = document.querySelector("main");
main.insertAdjacentHTML("beforeend", `
  <div id="narrow"><div class="kern-card"><div class="kern-card__container">
    <dl class="facts"><dt id="label">Teilnehmende</dt><dd>8</dd></dl>
  </div></div></div>
  <p id="long">Arbeitsgemeinschaftsvereinbarungsverantwortlichenkonferenz</p>`);
document.getElementById("narrow").style.width = "260px";  // the CSP allows no style attribute
const label = document.getElementById("label");
const probe = label.cloneNode(true);  // the same label unbroken, beside the grid
probe.id = "";
probe.style.cssText = "position: absolute; white-space: nowrap";
label.after(probe);
const oneWord = probe.getBoundingClientRect().width;
probe.remove();
({labelWidth: label.getBoundingClientRect().width, oneWord,
  labelLines: Math.round(label.getBoundingClientRect().height / parseFloat(getComputedStyle(label).lineHeight)),
  pageWidth: document.documentElement.scrollWidth})
"""


def test_a_fact_label_stays_one_word_and_a_long_word_does_not_widen_the_page(page: Page, live_server) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/de/imprint/")
    wide = page.evaluate(CARD)
    assert wide["labelLines"] == 1 and wide["labelWidth"] >= wide["oneWord"] - 0.5, wide
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/de/imprint/")
    phone = page.evaluate(CARD)
    assert phone["pageWidth"] <= 375, phone


HEADINGS = """
const main = document.querySelector("main");
main.insertAdjacentHTML("beforeend", "<h2 id='h2'>Profil</h2><h3 id='h3'>Kontakt</h3>");
const size = (element) => parseFloat(getComputedStyle(element).fontSize);
[size(document.querySelector("main h1")), size(document.getElementById("h2")), size(document.getElementById("h3"))]
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pages_heading_stays_the_largest_on_a_phone_and_a_desktop(page: Page, live_server, width) -> None:
    """An employer's name (h1) above its "Profil" (h2) read smaller than it on phones."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/de/imprint/")
    h1, h2, h3 = page.evaluate(HEADINGS)
    assert h1 > h2 > h3, (h1, h2, h3)
