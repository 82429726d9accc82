"""Plain words several clause kinds share: lengths of time, and whom ``before_graduation`` admits.

Figures are written by ``merit.engine.wording.fmt``, as the arithmetic of a reason writes them."""

from __future__ import annotations

from merit.engine.wording import cut, fmt


def duration(months: float) -> str:
    """12 -> '1 year', 6 -> '6 months', 18 -> '1 year 6 months', 0 -> 'none'; the months as the reasons
    show them (merit.engine.wording.cut: 11.999 is 11.99 months, never rounded up to a year)."""
    if months <= 0:
        return "none"
    years, rest = divmod(cut(months), 12)
    parts = []
    if years:
        parts.append(f"{fmt(years)} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{fmt(rest)} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def before_words(before) -> str:
    """Who ``before_graduation`` admits: "an applicant within 6 months of completing it", "a registered senior"."""
    if before.months is None:
        return "a registered senior" if before.senior else "an applicant still completing it"
    return f"{'a registered senior' if before.senior else 'an applicant'} within {fmt(before.months)} months of completing it"


def before_note(before) -> str:
    """What ``merit show`` notes beside a clause with ``before_graduation``."""
    return f"{before_words(before)}: admitted on condition ({before.condition})"
