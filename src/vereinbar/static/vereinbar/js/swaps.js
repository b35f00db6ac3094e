/* After htmx replaces a part of a page that a person asked for (a list's search, filters or
   pages: the directory, the operator's desk), a screen reader says what changed and the
   keyboard focus stays where it makes sense.

   The part's status line (its elements marked data-announce, e.g. the heading "42 employers
   found" and a "Did you mean …?" under it; or else its element with role="status") comes in
   with the new content, and a live region that enters the page with its text already in it is
   read out by few screen readers. So its text is said through the page's own live region
   (#announcer in core/base.html), which stays in the page: only that sentence, not the list.
   data-announce keeps a heading a heading: role="status" on it would replace its role.

   htmx keeps the focus on an element of the same id (a search field, the submit button); a link
   without one (the list's pages) is gone after the swap and the focus would fall back to the
   page's start. Then it moves to the part's status heading, which is read out as it takes the
   focus, so the reader continues in the list (the rest of the status line is said after it).
   Swaps nobody asked for (polling) say nothing. */
(function () {
  "use strict";

  function say(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var cause = config && config.triggeringEvent;
    if (!cause || !cause.isTrusted) return;
    var part = event.target;
    if (!(part instanceof Element) || !part.isConnected) return;
    var lines = part.matches("[data-announce]") ? [part] : Array.prototype.slice.call(part.querySelectorAll("[data-announce]"));
    if (!lines.length) {
      var status = part.matches("[role=status]") ? part : part.querySelector("[role=status]");
      if (status) lines = [status];
    }
    if (!lines.length) return;
    var heading = lines[0];
    var focused = document.activeElement;
    var text = function (items) {
      return items.map(function (item) { return item.textContent.replace(/\s+/g, " ").trim(); }).join(" ");
    };
    if (focused === heading) { say(text(lines.slice(1))); return; } // read out as it took the focus
    if ((!focused || focused === document.body || !focused.isConnected) && /^H[1-6]$/.test(heading.tagName)) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      say(text(lines.slice(1)));
      return;
    }
    say(text(lines));
  });
})();
