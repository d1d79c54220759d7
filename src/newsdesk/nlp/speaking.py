"""Who can speak: the heads of descriptions that name a person, group or institution ("the
experts", "two Democratic speechwriters", "Twenty-seven states"), and the documents a report can
come from ("according to the report", "polls show …"). Read by :mod:`newsdesk.nlp.quotes` before it
credits a stance or a finding to a description rather than a name."""

from __future__ import annotations

import re

from newsdesk.nlp.speakers import Speaker

# heads of a description that can speak ("the experts", "Russia's ambassador", "the campaign")
_SPEAKING_NOUNS = frozenset("""
official officials expert experts analyst analysts leader leaders lawmaker lawmakers legislator legislators
critic critics supporter supporters opponent opponents aide aides adviser advisers advisor advisors source
sources spokesman spokeswoman spokesperson authors author researchers researcher scientists scientist
diplomat diplomats campaign government ministry department administration agency committee council party
democrats republicans voters residents people police prosecutors prosecutor investigators lawyers lawyer
attorney attorneys group groups organization organisation company companies union board court judge
commission regulators regulator economists economist activists activist protesters observers members
staff team officers officer generals military army navy minister ministers president senator senators
governor mayor ambassador envoy secretary chairman chairwoman director chief candidate nominee
voter insider insiders donor donors investor investors organizer organizers organiser organisers backer backers
reporter reporters speaker speakers teacher teachers worker workers farmer farmers owner owners founder
founders manager managers producer producers editor editors publisher publishers sponsor sponsors leader
employer employers employee employees player players writer writers viewer viewers reader readers
researcher consumer consumers customer customers buyer buyers seller sellers lender lenders borrower
borrowers taxpayer taxpayers commissioner commissioners negotiator negotiators inspector inspectors
commander commanders soldier soldiers officer prisoner prisoners survivor survivors doctor doctors
physician physicians nurse nurses executive executives ceo ceos campaigners campaigner protester
demonstrators demonstrator mother father mothers fathers son daughter wife husband brother sister
states countries nations governments cities
""".split())


# what a report can come from besides a speaker ("according to the report", "per the filing")
DOCUMENT_NOUNS = frozenset("""
report reports study studies survey surveys poll polls data figures records documents document filing
filings analysis estimate estimates statement statements release account accounts transcript
transcripts complaint indictment lawsuit memo letter email emails website site tally count census
average averages research findings intelligence evidence
""".split())


def is_document(speaker: Speaker) -> bool:
    words = re.findall(r"[^\W\d_]+", speaker.name or "")
    return bool(words) and words[-1].lower() in DOCUMENT_NOUNS


def can_speak(speaker: Speaker) -> bool:
    """A speaker who can have said something: a resolved name or pronoun, or a description whose
    head noun is a person, group or institution."""
    if not speaker.attributed:
        return False
    if speaker.status != "nominal":
        return True
    words = re.findall(r"[^\W\d_]+", speaker.name)
    if words and all(w[:1].isupper() for w in words) and words[0].lower() not in ("the", "a", "an", "this"):
        return True  # a name the recogniser missed ("Trump vowed …" opening a text)
    head = words[-1].lower() if words else ""
    singular = head[:-1] if head.endswith("s") else head  # "presidents", "senators"
    return head in _SPEAKING_NOUNS or singular in _SPEAKING_NOUNS or _agent_noun(head)


# an agent noun names who does something ("speechwriters", "economists", "historians",
# "consultants", "volunteers"): English derives many with these endings. Nouns in -er/-or are
# too often things ("the river", "the paper", "an order"): those that name people are listed in
# _SPEAKING_NOUNS instead.
_AGENT_ENDINGS = ("writer", "writers", "maker", "makers", "ist", "ists", "ian", "ians", "ant", "ants", "eer", "eers")
# words with those endings that name no agent
_NOT_AGENTS = frozenset("""
plant plants grant grants variant variants warrant warrants restaurant restaurants amount amounts giant giants
instant constant tenant distant elephant quadrant pageant pageants list lists twist twists wrist exist assist
assists insist resist persist consist checklist playlist median career careers veneer
""".split())


def _agent_noun(word: str) -> bool:
    return len(word) > 4 and word not in _NOT_AGENTS and word.endswith(_AGENT_ENDINGS)


__all__ = ["can_speak", "is_document", "DOCUMENT_NOUNS"]
