"""Reading the desk's QR codes back with a real decoder (zxing-cpp), from a picture or from the
SVG path a ticket draws."""

import io
import re

import zxingcpp
from PIL import Image, ImageDraw

SCALE = 8  # pixels per module when a path is drawn


def decode_picture(png: bytes) -> list[str]:
    """The texts of the QR codes in a PNG (e.g. a browser's screenshot)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return [found.text for found in zxingcpp.read_barcodes(image, formats=zxingcpp.QRCode)]


def decode_path(path: str, size: int) -> list[str]:
    """The texts of the QR code an SVG path of unit modules draws (M x y h n v1 h-n z runs)."""
    image = Image.new("L", (size * SCALE, size * SCALE), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        x, y, width = int(x), int(y), int(width)
        draw.rectangle([x * SCALE, y * SCALE, (x + width) * SCALE - 1, (y + 1) * SCALE - 1], fill=0)
    return [found.text for found in zxingcpp.read_barcodes(image, formats=zxingcpp.QRCode)]
