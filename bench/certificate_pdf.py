"""Certificate PDFs: time to make one, for every award of the demo installation.

Builds a throwaway installation (SQLite in a temporary directory, or ``--database-url``), loads
the demo (the five seed organisations' replayed histories give awards of several programmes,
languages and levels), then times ``certificate_pdf`` for each award ``--repeat`` times after one
warm-up (WeasyPrint's import and font set-up are paid once per process, not per certificate).
Baseline in the same run: the certificate's HTML alone (``certificate_html``: template, QR code),
so the ratio shows what the PDF engine adds.

Run:  .venv/bin/python bench/certificate_pdf.py [--repeat 5] [--database-url postgres://…]
Target (docs/performance.md): ≤ 1 s per certificate. Exits non-zero when the slowest median misses it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from _common import django_setup, installation, load_average, migrate_and_collect

TARGET_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when the target is missed")
    args = parser.parse_args()
    print(f"load average at start: {load_average()}")
    with installation(args.database_url) as inst:
        django_setup(inst.env)
        migrate_and_collect()
        from vereinbar.certificates.models import Award
        from vereinbar.certificates.pdf import certificate_html, certificate_pdf
        from vereinbar.site.demo import demo_load

        demo_load()
        awards = list(Award.objects.select_related("organisation", "programme").order_by("pk"))
        if not awards:
            print("the demo has no awards: nothing to measure")
            return 1
        certificate_pdf(awards[0])  # warm-up: imports, fonts
        rows = []
        for award in awards:
            html_times, pdf_times = [], []
            size = 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                certificate_html(award)
                html_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                size = len(certificate_pdf(award))
                pdf_times.append(time.perf_counter() - started)
            rows.append((award, statistics.median(html_times), statistics.median(pdf_times), size))
    print(f"\n{'award':<34} {'HTML (baseline)':>16} {'PDF':>10} {'PDF ÷ HTML':>11} {'bytes':>8}")
    for award, html_s, pdf_s, size in rows:
        label = f"{award.number} {award.organisation.name}"[:34]
        print(f"{label:<34} {html_s * 1000:13.1f} ms {pdf_s * 1000:7.0f} ms {pdf_s / html_s:10.0f}× {size:8d}")
    slowest = max(pdf_s for _award, _html, pdf_s, _size in rows)
    print(
        f"\n{len(rows)} certificates; slowest median {slowest * 1000:.0f} ms (target ≤ {TARGET_SECONDS * 1000:.0f} ms)"
    )
    print(f"load average at end: {load_average()}")
    if slowest > TARGET_SECONDS and not args.no_fail:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
