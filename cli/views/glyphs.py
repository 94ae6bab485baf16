"""The stance shapes of the chart (cli/chart.py) as SVG symbols, so the HTML report's badges match its marks."""

import math

from cli.views.chart import STANCE_STYLE

_PLUS = "M3.6 1h2.8v2.6h2.6v2.8h-2.6v2.6h-2.8v-2.6h-2.6v-2.8h2.6z"


def _star() -> str:
    points = []
    for i in range(10):
        radius = 4.6 if i % 2 == 0 else 1.9
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{5 + radius * math.cos(angle):.2f} {5.3 - radius * math.sin(angle):.2f}")
    return "M" + " L".join(points) + " Z"


# matplotlib marker -> the same shape in a 10×10 box
SHAPES = {
    "s": '<rect x="1.3" y="1.3" width="7.4" height="7.4"/>',
    "^": '<path d="M5 .8 9.4 8.8H.6z"/>',
    "P": f'<path d="{_PLUS}"/>',
    "o": '<circle cx="5" cy="5" r="4.2"/>',
    "v": '<path d="M.6 1.2h8.8L5 9.2z"/>',
    "D": '<path d="M5 .4 9.2 5 5 9.6.8 5z"/>',
    "X": f'<path transform="rotate(45 5 5)" d="{_PLUS}"/>',
    "*": f'<path d="{_star()}"/>',
}


def sprite() -> str:
    """One hidden <svg> defining a symbol per stance, `#g-STANCE`, filled with the stance's colour."""
    symbols = "".join(f'<symbol id="g-{stance}" viewBox="0 0 10 10"><g fill="{colour}">{SHAPES[marker]}</g></symbol>'
                      for stance, (colour, marker) in STANCE_STYLE.items())
    return f'<svg class="sprite" aria-hidden="true" focusable="false">{symbols}</svg>'


def glyph(stance: str) -> str:
    if stance not in STANCE_STYLE:
        return ""
    return f'<svg class="glyph" aria-hidden="true" focusable="false"><use href="#g-{stance}"/></svg>'
