"""Render the app icons (PNG 192 and 512, and a maskable 512) from static/icon.svg.

Run once after changing the icon, and commit the PNGs:
    .venv/bin/python scripts/make_icons.py
It draws the SVG in Debian's chromium (/usr/bin/chromium) through Playwright, so the PNGs
are exactly the SVG; no image library is needed. The maskable icon is the same drawing on
a full-bleed square with the mark inside the central 80 % safe zone (W3C manifest spec).
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "src" / "comeback" / "web" / "static"
CHROMIUM = os.environ.get("COMEBACK_CHROMIUM", "/usr/bin/chromium")
MASKABLE_SAFE_ZONE = 0.8  # W3C Web App Manifest: maskable icons keep content in a 80 % circle


def page_for(svg: str, size: int, maskable: bool) -> str:
    inner = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
    if maskable:
        pad = size * (1 - MASKABLE_SAFE_ZONE) / 2
        inner = svg.replace("<svg ", f'<svg width="{size - 2 * pad}" height="{size - 2 * pad}" ', 1)
        return (
            f'<body style="margin:0;background:#6b2f7a;width:{size}px;height:{size}px;'
            f'display:flex;align-items:center;justify-content:center">{inner}</body>'
        )
    return f'<body style="margin:0;background:transparent">{inner}</body>'


def main() -> None:
    svg = (STATIC / "icon.svg").read_text()
    targets = [("icon-192.png", 192, False), ("icon-512.png", 512, False)]
    targets.append(("icon-maskable-512.png", 512, True))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, size, maskable in targets:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_for(svg, size, maskable))
            page.screenshot(path=str(STATIC / name), omit_background=not maskable)
            page.close()
            print(name, (STATIC / name).stat().st_size, "bytes")
        browser.close()


if __name__ == "__main__":
    main()
