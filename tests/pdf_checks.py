"""Looking at a PDF as a reader would: its pages rendered to pixels and read by a real QR code
reader (zxing-cpp), and its text as boxes on the page (pdfplumber) to find text drawn over
text, over a QR code, or off the page.

Boxes are in PDF points with the origin at the top left of the page (pdfplumber's ``top``)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pdfplumber
import pypdfium2
import zxingcpp

MM = 72 / 25.4  # points in a millimetre


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.top - by, self.x1 + by, self.bottom + by, self.text)

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two boxes overlap across and down (≤ 0: they do not)."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        return across, down

    def intersects(self, other: Box, tolerance: float = 0.0) -> bool:
        across, down = self.overlap(other)
        return across > tolerance and down > tolerance


@dataclass(frozen=True)
class QrCode:
    text: str
    box: Box  # the symbol without its quiet zone
    module: float  # the side of one module


def qr_codes(pdf: bytes, *, dpi: float, page: int = 0) -> list[QrCode]:
    """The QR codes a reader finds on the page rendered at ``dpi`` (boxes in points)."""
    scale = dpi / 72
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    found = []
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        corners = barcode.position
        xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x, corners.bottom_right.x]
        ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y, corners.bottom_right.y]
        box = Box(min(xs) / scale, min(ys) / scale, (max(xs) + 1) / scale, (max(ys) + 1) / scale)
        modules = 17 + 4 * int(barcode.extra["Version"])
        found.append(QrCode(barcode.text, box, (box.x1 - box.x0) / modules))
    return found


def foreign_fonts(pdf: bytes) -> list[str]:
    """The fonts of the text on any page that are not a subset of Fira Sans embedded in the file
    ("ABCDEF+Fira-Sans-Bold"): a document set in fonts the server happens to have installed
    wraps differently from one server to the next."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        names = {c["fontname"] for page in document.pages for c in page.chars}
    assert names, "no text"
    return sorted(name for name in names if not re.fullmatch(r"[A-Z]{6}\+Fira-Sans(-[A-Za-z]+)?", name))


def pages(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@dataclass(frozen=True)
class Layout:
    """What pdfplumber sees on one page, read once."""

    pages: int
    lines: list[Box]
    outside: list[str]
    images: list[Box]


def layout(pdf: bytes, *, page: int = 0) -> Layout:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sheet = document.pages[page]
        return Layout(
            pages=len(document.pages),
            lines=_lines(sheet),
            outside=_outside(sheet),
            images=[Box(i["x0"], i["top"], i["x1"], i["bottom"]) for i in sheet.images],
        )


def text_lines(pdf: bytes, *, page: int = 0) -> list[Box]:
    """The page's lines of text: words on one baseline and close together (a gap of more than
    two character heights starts another line, so columns side by side stay apart)."""
    return layout(pdf, page=page).lines


def _lines(sheet: Any) -> list[Box]:
    words = sheet.extract_words(keep_blank_chars=False, use_text_flow=True, extra_attrs=["size"])
    lines: list[dict] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"], 1), w["x0"])):
        line = next(
            (
                line
                for line in lines
                if abs(line["bottom"] - word["bottom"]) < 0.5 and 0 <= word["x0"] - line["x1"] < 2 * word["size"]
            ),
            None,
        )
        if line is None:
            lines.append(dict(word))
        else:
            line.update(
                x1=word["x1"],
                top=min(line["top"], word["top"]),
                bottom=max(line["bottom"], word["bottom"]),
                text=f"{line['text']} {word['text']}",
            )
    return [Box(line["x0"], line["top"], line["x1"], line["bottom"], line["text"]) for line in lines]


def overlapping_lines(lines: list[Box], *, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of lines whose boxes overlap by more than ``tolerance`` points both ways."""
    return [(a.text, b.text) for a, b in combinations(lines, 2) if a.intersects(b, tolerance)]


def outside_page(pdf: bytes, *, page: int = 0) -> list[str]:
    """Text, images and drawn shapes that reach past the page's edges."""
    return layout(pdf, page=page).outside


def _outside(sheet: Any) -> list[str]:
    width, height = float(sheet.width), float(sheet.height)
    objects = [
        *(("text " + char["text"], char) for char in sheet.chars),
        *(("image", image) for image in sheet.images),
        *(("shape", shape) for shape in (*sheet.rects, *sheet.lines, *sheet.curves)),
    ]
    return [
        f"{what} at {item['x0']:.0f},{item['top']:.0f}–{item['x1']:.0f},{item['bottom']:.0f}"
        for what, item in objects
        if item["x0"] < -0.5 or item["top"] < -0.5 or item["x1"] > width + 0.5 or item["bottom"] > height + 0.5
    ]


def images(pdf: bytes, *, page: int = 0) -> list[Box]:
    return layout(pdf, page=page).images
