"""What a decision shows besides the requirements: notes that are not requirements, and competency charts."""

from __future__ import annotations

import datetime as dt

from merit.engine.credentials import kind_matches
from merit.model.applicants import GRADES, Applicant
from merit.model.decisions import NOTE, Reason
from merit.model.specs import ClassSpec, Series

# Notes and competency charts repeat across a batch: most applicants list the same
# licences (or none) and no assessed grades. Each distinct one is built once and the
# Reason shared by every decision that shows it (a renderer may rely on that). The
# entry holds the note or class its key names by id; the table is bounded.
_NOTES: dict[tuple, tuple[object, Reason]] = {}
_NOTES_MAX = 256  # a few per class are shared; the rest (assessed grades) rarely repeat


def _shared_note(key: tuple, owner: object, build) -> Reason:
    hit = _NOTES.get(key)
    if hit is None or hit[0] is not owner:
        if len(_NOTES) >= _NOTES_MAX:
            _NOTES.clear()
        hit = _NOTES[key] = (owner, build())
    return hit[1]


def notes(cls: ClassSpec, series: Series, applicant: Applicant, as_of: dt.date) -> list[Reason]:
    """The class's notes and competency chart, as they read for this applicant."""
    licences = tuple((lic.kind, lic.jurisdiction, lic.expires) for lic in applicant.licenses)
    out = [
        _shared_note((id(n), as_of, licences), n, lambda n=n: _license_reason(n, applicant, as_of)) for n in cls.notes
    ]
    if cls.grades:
        assessed = tuple(applicant.competencies.get(c) for c in cls.grades)
        out.append(_shared_note((id(cls), assessed), cls, lambda: _competency_reason(cls, series, applicant)))
    return out


def _license_reason(cls_note, applicant: Applicant, as_of: dt.date) -> Reason:
    detail = cls_note.text
    if cls_note.requirement:
        held = [lic for lic in applicant.licenses if kind_matches(lic.kind, (cls_note.requirement,))]
        valid = [lic for lic in held if lic.expires is None or lic.expires >= as_of]
        if valid:
            lic = valid[0]
            # "a California California Driver License" reads badly: the place only when the kind lacks it
            where = f"{lic.jurisdiction} " if lic.jurisdiction and lic.jurisdiction.casefold() not in lic.kind.casefold() else ""
            until = f", valid to {lic.expires}" if lic.expires else ""
            detail += f" The applicant lists a {where}{lic.kind}{until}."
        elif held:
            detail += f" The applicant's {held[0].kind} expired {held[0].expires}."
        else:
            detail += " The applicant lists none."
    return Reason("License" if cls_note.kind == "license" else cls_note.kind.capitalize(), NOTE, detail)


def _competency_reason(cls: ClassSpec, series: Series, applicant: Applicant) -> Reason:
    children = []
    short_count = 0
    texts = {c.id: c.text for c in series.competencies}
    for cid, required in cls.grades.items():
        assessed = applicant.competencies.get(cid)
        if assessed is None:
            detail = f"required {required}, not assessed"
        else:
            gap = GRADES.index(required) - GRADES.index(assessed)
            if gap > 0:
                short_count += 1
                detail = f"required {required}, assessed {assessed}: short by {gap} degree{'s' if gap > 1 else ''}"
            else:
                detail = f"required {required}, assessed {assessed}: meets"
        children.append(Reason(f"{cid}: {texts.get(cid, cid)}", NOTE, detail))
    assessed_any = any(c in applicant.competencies for c in cls.grades)
    if not assessed_any:
        summary = "no assessed grades in the record; the chart's required degrees are listed"
    elif short_count:
        summary = f"{short_count} of {len(cls.grades)} competencies below the required degree (shown for development, not a minimum qualification)"
    else:
        summary = "every assessed competency meets the required degree"
    return Reason(
        "Competencies and degrees of proficiency", NOTE, summary, f"{series.title}, competency chart", children
    )


