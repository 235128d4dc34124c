"""
Colours a council may choose, and whether text on them can be read.

WCAG 2.2 (success criterion 1.4.3, AA) asks for a contrast ratio of at least 4.5:1
between text and its background. The ratio is (L1 + 0.05) / (L2 + 0.05), L1 the
relative luminance of the lighter colour, L2 of the darker; a colour's relative
luminance weighs its linearised red, green and blue by 0.2126, 0.7152 and 0.0722
(https://www.w3.org/TR/WCAG22/#dfn-relative-luminance). Pure functions: no Django.
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
MINIMUM_CONTRAST = 4.5  # WCAG 2.2 AA, text of ordinary size

NOT_A_COLOUR = 'Enter a colour as # and six hexadecimal digits, such as "#0b0c0c".'
TOO_LIGHT = (
    "White text on {colour} has a contrast ratio of {ratio:.2f}:1; it must be at least "
    "4.5:1 (WCAG 2.2 AA). Choose a darker colour."
)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The relative luminance of "#rrggbb", from 0 (black) to 1 (white)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(NOT_A_COLOUR)
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def header_colour_problem(colour: str) -> str | None:
    """Why `colour` cannot be the header's background (its text is white), or None."""
    if not HEX_COLOUR.match(colour):
        return NOT_A_COLOUR
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MINIMUM_CONTRAST:
        return TOO_LIGHT.format(colour=colour, ratio=ratio)
    return None
