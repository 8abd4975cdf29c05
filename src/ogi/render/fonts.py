"""Fonts of a Chinese official document (GB/T 9704 conventions) with freely installable fallbacks.

The customary faces come first (方正小标宋简体 for the title, 黑体 for part headings, 仿宋_GB2312 for
the body); Debian's fonts-noto-cjk (Noto Serif CJK SC / Noto Sans CJK SC) stand in where they are
not installed, so Chinese always renders.
"""

from __future__ import annotations

TITLE = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "Noto Serif CJK SC", "Source Han Serif SC",
         "SimSun", "serif")
HEADING = ("黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif")
SUBHEADING = ("楷体_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC", "serif")
BODY = ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "serif")
PAGE_NUMBER = ("宋体", "SimSun", "Noto Serif CJK SC", "serif")
LATIN = "Times New Roman"

# Sizes in points (号): 二号 22, 三号 16, 四号 14, 五号 10.5, 小五 9.
TITLE_PT = 22.0
BODY_PT = 16.0
TABLE_PT = 10.5
SMALL_TABLE_PT = 9.0
PAGE_NUMBER_PT = 14.0
LINE_PT = 28.0  # fixed line pitch: 22 lines a page

# A4 and the GB/T 9704 margins, millimetres.
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}


def css_family(fonts: tuple[str, ...]) -> str:
    generic = {"serif", "sans-serif", "monospace"}
    return ", ".join(f if f in generic else f'"{f}"' for f in fonts)
