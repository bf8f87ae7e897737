"""Chinese numerals as plans number their parts (一 … 九十九)."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23).

    >>> [chinese_number(s) for s in ("九", "十", "十一", "二十", "九十九", "百")]
    [9, 10, 11, 20, 99, None]
    """
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
