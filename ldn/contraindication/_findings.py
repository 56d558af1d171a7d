"""The findings screening makes: opioids now and recently, antagonists, unread entries, fillers. Private.

:func:`ldn.contraindication.screen` gathers them; each builder here makes the
findings of one rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from ldn._checks import days_after, quoted
from ldn.contraindication._values import Finding, Patient, Severity, Unreadable
from ldn.formulation import FILLER_PREFERENCE, suitable_filler
from ldn.medication import Medication, MedicationStatus
from ldn.monograph import Policy, RuleId, Washout
from ldn.opioids import OpioidMatch, Vocabulary

__all__ = ["COUNSELLING", "filler_findings", "opioid_findings", "unreadable_findings"]


def opioid_findings(
    patient: Patient,
    policy: Policy,
    vocabulary: Vocabulary,
    as_of: dt.date | None,
    continuation: bool = False,
) -> list[Finding]:
    """The findings of LDN-OPIOID, LDN-OPIOID-FREE and LDN-ANTAGONIST for one patient.

    On a ``continuation`` (LDN-CONTINUE) an unconfirmed opioid status is a caution.
    """
    findings: list[Finding] = []
    if patient.opioid_use is True:
        findings.append(
            Finding(
                "opioid-use",
                Severity.CONTRAINDICATION,
                "Takes opioids: do not start low dose naltrexone",
                "The patient is recorded as taking opioids. Naltrexone can precipitate "
                "acute opioid withdrawal; do not start while opioids are taken.",
                RuleId.OPIOID,
                patient.opioid_use_evidence or "opioid_use=True",
            )
        )
    elif patient.opioid_use is None and continuation:
        findings.append(
            Finding(
                "opioid-use-unconfirmed",
                Severity.CAUTION,
                "Opioid use not confirmed: confirm at this continuation",
                "Nobody has confirmed recently that the patient takes no opioids. The "
                "patient already takes low dose naltrexone, so this is a caution: confirm "
                "that no opioid has been started since.",
                RuleId.CONFIRM,
                patient.opioid_use_evidence or "opioid_use=None",
            )
        )
    elif patient.opioid_use is None:
        findings.append(
            Finding(
                "opioid-use-unconfirmed",
                Severity.CONTRAINDICATION,
                "Opioid use not confirmed: confirm before starting",
                "Nobody has confirmed that the patient takes no opioids. Starting waits "
                "until that is confirmed; an unknown status is not taken as a no.",
                RuleId.OPIOID,
                patient.opioid_use_evidence or "opioid_use=None",
            )
        )
    conflict = (
        " This contradicts the record that the patient takes no opioids; resolve it."
        if patient.opioid_use is False
        else ""
    )
    scan_entry = vocabulary.scan
    for entry in patient.medications:
        scan = scan_entry(entry)
        opioids, antagonists, unread = scan.opioids, scan.antagonists, scan.unread
        if not (opioids or antagonists or unread or scan.unknown):
            continue  # most entries: nothing to report
        if isinstance(entry, Medication) and entry.status is MedicationStatus.STOPPED:
            for match in opioids:
                if not match.substance.peripheral or policy.loperamide_blocks:
                    findings += _stopped_findings(match, entry.last_taken, policy, as_of, conflict)
        else:
            findings += [_opioid_finding(match, policy, conflict) for match in opioids]
            findings += [_antagonist_finding(match) for match in antagonists]
        if unread or scan.unknown:
            findings += _unrecognised_findings(Medication.of(entry), unread, policy, scan.unknown)
    return findings


#: What each washout is after, for a finding's words.
_AFTER: Final = {
    Washout.SHORT: "a short-acting opioid",
    Washout.LONG: "methadone, buprenorphine or a modified-release or transdermal opioid",
    Washout.DEPOT: "depot buprenorphine",
}


def _stopped_findings(
    match: OpioidMatch,
    last_taken: dt.date | None,
    policy: Policy,
    as_of: dt.date | None,
    conflict: str,
) -> list[Finding]:
    """LDN-OPIOID-FREE for one opioid of a stopped entry: recent, undated, or nothing."""
    name = _short(match.substance.name)
    days = policy.opioid_free_interval(match.washout)
    after = _AFTER[match.washout]
    if last_taken is None or as_of is None:
        missing = "its last day" if last_taken is None else "the date of the first dose (as_of)"
        when = "" if last_taken is None else f" (last taken {last_taken.isoformat()})"
        return [
            Finding(
                "opioid-stopped-undated",
                Severity.CAUTION,
                f"Stopped opioid ({name}): confirm it was stopped {days} days before",
                f"{_how(match)}, recorded as stopped{when}. Without {missing}, screening "
                f"cannot tell whether the {days} days free of opioids that policy "
                f"{policy.name!r} asks after {after} have passed; confirm they have before "
                "the first dose.",
                RuleId.OPIOID_FREE,
                match.via,
            )
        ]
    since = (as_of - last_taken).days
    if policy.allows_start_after_opioid(since, match.washout):
        return []
    earliest = days_after(last_taken, days)
    taken = (
        f"last taken {last_taken.isoformat()}, {since} days before the first dose on "
        f"{as_of.isoformat()}"
        if since >= 0
        else f"last taken {last_taken.isoformat()}, after the first dose on {as_of.isoformat()}"
    )
    return [
        Finding(
            "opioid-recent",
            Severity.CONTRAINDICATION,
            f"Opioid ({name}) taken recently: first dose not before {earliest.isoformat()}",
            f"{_how(match)}, {taken}. Policy {policy.name!r} asks for {days} days free of "
            f"opioids after {after}, so the first dose may be on {earliest.isoformat()} at "
            f"the earliest. Naltrexone can precipitate acute opioid withdrawal.{conflict}",
            RuleId.OPIOID_FREE,
            match.via,
        )
    ]


def unreadable_findings(patient: Patient) -> list[Finding]:
    """One ``record-unreadable`` finding for each part of the record that could not be read."""
    return [_unreadable_finding(part) for part in patient.unreadable]


def _unreadable_finding(part: Unreadable) -> Finding:
    what = (
        "a medication that may be an opioid; it was not taken as opioid-free"
        if part.medication
        else "what it holds"
    )
    return Finding(
        "record-unreadable",
        Severity.CAUTION,
        "Part of the record could not be read: check it by hand",
        f"{quoted(part.resource, 120)} could not be read ({quoted(part.reason, 300)}), so "
        f"screening could not check {what}. Read it by hand before starting.",
        RuleId.OPIOID,
        part.resource,
    )


def _label(text: str) -> str:
    """A medication text for a finding's words: quoted, cut to 60 characters."""
    return quoted(text, 60)


def _how(match: OpioidMatch) -> str:
    through = f"product {match.product}, " if match.product else ""
    return (
        f"{_label(match.via)} contains {match.substance.name} ({through}matched {match.matched!r})"
    )


def _short(name: str) -> str:
    """A substance name for a finding's summary: at most 60 characters, so every summary
    stays within the CDS Hooks limit whatever a local vocabulary calls a substance."""
    return name if len(name) <= 60 else name[:59] + "\u2026"


def _opioid_finding(match: OpioidMatch, policy: Policy, conflict: str) -> Finding:
    name = _short(match.substance.name)
    if match.substance.peripheral and not policy.loperamide_blocks:
        return Finding(
            "peripheral-opioid",
            Severity.CAUTION,
            f"Peripheral opioid ({name}) in the medication list",
            f"{_how(match)}: an opioid acting mainly on the gut. "
            f"Policy {policy.name!r} does not block on it; review.",
            RuleId.OPIOID,
            match.via,
        )
    return Finding(
        "opioid-use",
        Severity.CONTRAINDICATION,
        f"Opioid ({name}) in the medication list: do not start",
        f"{_how(match)}. Naltrexone can precipitate acute opioid withdrawal.{conflict}",
        RuleId.OPIOID,
        match.via,
    )


def _antagonist_finding(match: OpioidMatch) -> Finding:
    return Finding(
        "opioid-antagonist",
        Severity.CAUTION,
        f"Already takes an opioid antagonist ({_short(match.substance.name)}): review",
        f"{_how(match)}, an opioid antagonist. Low dose naltrexone would duplicate or "
        "conflict with it; review before prescribing.",
        RuleId.ANTAGONIST,
        match.via,
    )


def _unrecognised_findings(
    entry: Medication, unread: tuple[str, ...], policy: Policy, unknown: tuple[str, ...] = ()
) -> list[Finding]:
    severity = Severity.CONTRAINDICATION if policy.unrecognised_blocks else Severity.CAUTION
    words = [
        Finding(
            "medication-unrecognised",
            severity,
            "Medication entry not recognised: check it for opioids",
            f"Screening does not know {_words(unknown)} in {_label(str(entry))}, so it "
            "cannot tell whether the entry contains an opioid. Check the entry by hand; "
            "it was not taken as opioid-free.",
            RuleId.OPIOID,
            _trigger(entry),
        )
    ]
    return (words if unknown else []) + [
        Finding(
            "medication-unrecognised",
            severity,
            "Medication entry not recognised: check it for opioids",
            f"Screening could not tell whether {_label(str(entry))} contains an "
            f"opioid: {why}. Check the entry by hand; it was not taken as opioid-free.",
            RuleId.OPIOID,
            _trigger(entry),
        )
        for why in unread
    ]


#: How many unknown words a finding names (the rest are counted).
_WORDS_NAMED: Final = 5


def _words(unknown: tuple[str, ...]) -> str:
    """The unknown words for a finding: quoted, each cut to 30 characters, at most five."""
    named = ", ".join(quoted(word, 30) for word in unknown[:_WORDS_NAMED])
    more = len(unknown) - _WORDS_NAMED
    noun = "the word" if len(unknown) == 1 else "the words"
    return f"{noun} {named}" + (f" and {more} more" if more > 0 else "")


def _trigger(entry: Medication) -> str:
    """The entry as it was given: its text, else its codes; a blank text shown quoted."""
    if entry.text is not None and entry.text.strip():
        return entry.text
    if entry.codings:
        return "; ".join(c.token for c in entry.codings)
    return repr(entry.text) if entry.text is not None else str(entry)


def filler_findings(patient: Patient) -> list[Finding]:
    """LDN-FILLER: the filler sensitivity, the filler to use instead, and unread allergies.

    A sensitivity to a filler the naltrexone tablets contain (cellulose, lactose)
    says that the oral liquid made from them is no way round it. Each allergy that
    may be to an excipient but names no known filler is an ``allergy-unrecognised``
    caution, never dropped.
    """
    findings = [_unrecognised_allergy(entry) for entry in patient.unrecognised_allergies]
    if not patient.filler_sensitivities:
        return findings
    avoid = ", ".join(sorted(patient.filler_sensitivities))
    other = suitable_filler(patient.filler_sensitivities)
    advice = (
        "No listed filler suits; agree another filler with the compounder."
        if other is None
        else f"Compound capsules with {other} filler."
    )
    return [
        Finding(
            "filler-sensitivity",
            Severity.CAUTION,
            f"Filler sensitivity ({avoid}): choose another capsule filler",
            f"The patient reacts to {avoid} filler. {advice}{_tablet_liquid(patient)}",
            RuleId.FILLER,
            avoid,
        ),
        *findings,
    ]


#: The information every report carries (LDN-HEPATIC, LDN-ADVERSE).
COUNSELLING: Final = (
    Finding(
        "hepatic-information",
        Severity.INFO,
        "Liver toxicity is not a significant concern at low dose",
        "Unlike the higher doses used for addiction, low dose naltrexone is not regarded "
        "as a significant liver risk. This is information, not a block.",
        RuleId.HEPATIC,
    ),
    Finding(
        "adverse-effects",
        Severity.INFO,
        "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
        "Tell the patient the common effects are vivid dreams, headache, nausea and "
        "insomnia, and that they usually settle. If they persist, step back to the "
        "last tolerated dose.",
        RuleId.ADVERSE,
    ),
)


def _tablet_liquid(patient: Patient) -> str:
    """The warning about the tablet liquid, for a patient sensitive to a filler the tablets hold."""
    if not any(f.in_tablet_liquid for f in patient.filler_sensitivities):
        return ""
    return (
        " The oral liquid made from naltrexone 50 mg tablets is no way round it: the "
        "tablets contain microcrystalline cellulose and lactose, which the liquid "
        "carries; use capsules."
    )


def _unrecognised_allergy(entry: str) -> Finding:
    return Finding(
        "allergy-unrecognised",
        Severity.CAUTION,
        "Allergy not recognised: check it against the capsule filler",
        f"{quoted(entry, 200)} may be an allergy to an excipient, but it names no filler "
        f"ldn knows ({', '.join(FILLER_PREFERENCE)}). Check it by hand against the "
        "capsule filler and the tablets the oral liquid is made from (microcrystalline "
        "cellulose, lactose); it was not taken as no allergy.",
        RuleId.FILLER,
        entry,
    )
