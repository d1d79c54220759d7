"""Reporting cues: the verbs and nouns that introduce what someone said or believes.

The pipeline runs without spaCy's lemmatizer (speed), so the inflected forms are generated here
from the base forms with English spelling rules, and looked up directly.
"""

from __future__ import annotations

import re
from functools import lru_cache

# verbs of saying (direct and reported speech)
SPEECH_VERBS = frozenset("""
say tell state claim warn confirm describe reveal add note remark explain insist argue announce
report accuse deny admit acknowledge assert declare emphasize emphasise stress write tweet post
ask urge predict promise vow pledge threaten complain concede contend maintain mention observe
recall reiterate reply respond testify detail quip joke allege charge criticize criticise condemn
praise caution advise recommend suggest continue counter boast lament proclaim affirm agree
disclose divulge inform assure brief comment propose demand question dismiss slam blast decry
retort shout yell tout underline highlight signal hint speculate conclude recount estimate read call
cite reject decline refuse endorse defend attack mock discuss encourage indicate liken label dub brand
hail applaud laud outline reference chastise scold rebuke attest
""".split())
# verbs of belief and assessment: reported, not said (PolNeAR counts them as attributions)
BELIEF_VERBS = frozenset("""
believe think assess expect fear feel hope worry suspect reckon conclude calculate project forecast find show
want plan intend decide seek doubt
""".split())
# verbs of taking or showing a position without words of saying ("Clinton pointed to reports that
# …", "China had historically resisted such agreements", "Clinton unveiled a list of endorsements",
# "the federal government offers loans to parents"): reported attributions in news (PolNeAR
# annotates them) whose content is the verb's objects, held only by a subject who can speak. They
# are no cue words: they do not make a sentence worth parsing, name a speaker, or frame a quotation.
POSITION_VERBS = frozenset("""
support back oppose favor favour push admire echo express offer unveil issue file press publish
document retweet point champion embrace welcome resist denounce blame challenge sponsor introduce
advocate request promote thank credit view regard consider learn recognize dispute contest
""".split())
# Verb classes of communication, judgment and attitude after Levin (1993), "English Verb Classes
# and Alternations" (the classes VerbNet builds on), written out whole by class, not picked from
# any corpus's misses. A member that is no speech or belief verb above reports its objects the way
# a position verb does ("Clinton derided the deal as a giveaway", "the court upheld the ruling"):
# only with a subject who can speak, not negated, hedged or passive. Manner-of-speaking verbs
# (37.3: "shout", "whisper") frame quotations, which the direct-quote reader already credits;
# instrument-of-communication verbs (37.4: "phone", "fax") carry no content; so neither is here.
VERB_CLASSES: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "transfer_mesg-37.1": "ask cite demonstrate dictate explain explicate narrate pose preach quote recite relay teach",
        "inquire-37.1.2": "inquire query question",
        "interrogate-37.1.3": "interrogate grill quiz cross-examine",
        "talk-37.5": "speak talk",
        "say-37.7": """announce articulate blurt claim confess confide convey declare disclose divulge exclaim
            explain express hint insinuate intimate mention note observe proclaim propose recount remark repeat
            report reveal state suggest add allege insist reply respond retort utter voice venture leak""",
        "complain-37.8": "complain carp fuss gripe grouse grumble moan object whine",
        "advise-37.9": "admonish advise alert apprise brief caution counsel inform instruct notify update warn remind",
        "confess-37.10": "acknowledge admit concede confess",
        "lecture-37.11": "comment expound lecture moralize preach remark testify theorize",
        "overstate-37.12": "exaggerate overstate understate overemphasize oversimplify",
        "promise-37.13": "promise guarantee pledge swear vow",
        "judgment-33": """acclaim applaud blame castigate censure chastise chide commend compliment condemn
            congratulate criticize criticise denigrate denounce deride disparage excoriate extol fault hail
            insult laud lambaste mock rebuke reprimand reproach reprove ridicule salute scold slander thank
            upbraid vilify""",
        "characterize-29.2": """characterize characterise depict describe portray paint define interpret judge regard
            view envision envisage imagine stigmatize bill cast certify diagnose esteem""",
        "dub-29.3": "brand call dub label name nickname pronounce rule term decree",
        "declare-29.4": "avow declare profess proclaim adjudge presume assume deem suppose",
        "conjecture-29.5": """admit anticipate assert assume believe bet claim conclude conjecture consider deny
            doubt expect fear feel figure foresee guess hypothesize imagine infer know maintain predict presume
            presuppose realize reason recognize reckon remember sense speculate suppose surmise suspect think
            trust understand verify wager""",
        "consider-29.9": "consider deem rate reckon count",
        "admire-31.2": """abhor admire adore appreciate cherish deplore despise detest disdain dislike distrust
            dread envy esteem favor favour hate idolize lament like loathe love mourn pity prize regret relish
            resent respect revere tolerate treasure trust value venerate worship""",
        "correspond-36.1": """agree argue bargain bicker concur confer consult debate differ disagree dissent haggle
            negotiate quarrel quibble squabble wrangle""",
        "urge-58.1": "exhort goad incite nag press prod spur urge",
        "beg-58.2": "beg beseech entreat implore importune petition plead solicit",
        "order-58.3": "command demand direct instruct order",
        "indicate-78": "attest confirm corroborate demonstrate document indicate prove show signal substantiate suggest verify",
        "cognize-85": "know realize realise comprehend grasp understand",
    }.items()
}
CLASS_VERBS = frozenset().union(*VERB_CLASSES.values())

# nouns that carry a quotation ("in a statement", "Blinken's warning")
SPEECH_NOUNS = frozenset("""
statement statements remark remarks comment comments warning warnings words interview tweet tweets
post speech announcement testimony claim claims message letter briefing declaration
""".split()) | frozenset("""
assertion assertions prediction predictions suggestion suggestions promise promises pledge pledges
argument arguments insistence accusation accusations allegation allegations emphasis vow vows
threat threats denial denials admission admissions complaint complaints contention
""".split())  # these last carry what was said only in a that-clause ("his prediction that …")

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "feel": ("felt", "feels", "feeling"),
    "forecast": ("forecast", "forecasts", "forecasted", "forecasting"),
    "read": ("reads", "reading"),
    "find": ("found", "finds", "finding"),
    "show": ("showed", "shown", "shows", "showing"),
    "seek": ("sought", "seeks", "seeking"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "plan": ("planned", "plans", "planning"),
    "know": ("knew", "known", "knows", "knowing"),
    "understand": ("understood", "understands", "understanding"),
    "comprehend": ("comprehended", "comprehends", "comprehending"),
    "swear": ("swore", "sworn", "swears", "swearing"),
    "teach": ("taught", "teaches", "teaching"),
    "foresee": ("foresaw", "foreseen", "foresees", "foreseeing"),
    "bet": ("bets", "betting"),
    "beseech": ("beseeched", "besought", "beseeches", "beseeching"),
    "cast": ("casts", "casting"),
}
_DOUBLE_FINAL = frozenset({"admit", "quip", "regret", "commit"})
_VOWELS = "aeiou"


def inflections(verb: str) -> set[str]:
    """Base form, -s, -ed and -ing forms of a regular English verb (irregular ones listed)."""
    if verb in _IRREGULAR:
        return {verb, *_IRREGULAR[verb]}
    forms = {verb}
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(verb + "es")
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb in _DOUBLE_FINAL:
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    elif verb.endswith("e"):
        forms |= {verb + "d", (verb[:-1] if not verb.endswith("ee") else verb) + "ing"}
    elif verb.endswith("y") and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "ied", verb + "ing"}
    else:
        forms |= {verb + "ed", verb + "ing"}
    return forms


@lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for verb in sorted(SPEECH_VERBS | BELIEF_VERBS):
        for form in inflections(verb):
            forms.setdefault(form, verb)
    return forms


def cue_lemma(word: str) -> str | None:
    """Base form of a speech or belief verb ("warned" -> "warn"); None for other words."""
    return _forms().get(word.lower())


@lru_cache(maxsize=1)
def position_forms() -> frozenset[str]:
    """Inflected forms of the :data:`POSITION_VERBS` and :data:`CLASS_VERBS` that are no speech or
    belief verbs."""
    return frozenset(f for v in (POSITION_VERBS | CLASS_VERBS) - SPEECH_VERBS - BELIEF_VERBS for f in inflections(v))


_IRREGULAR_PAST = frozenset({"knew", "understood", "swore", "sworn", "taught", "foresaw", "foreseen", "besought"})


@lru_cache(maxsize=1)
def stance_past_forms() -> frozenset[str]:
    """The past-tense forms ("derided", "knew") of the :func:`position_forms`: a stance reported in
    the past tense, the tense of news reports, makes a sentence worth a parse. The base and -s
    forms do not: too many are also nouns or prepositions ("support", "contests", "like", "issue")."""
    return frozenset(f for f in position_forms() if f.endswith("ed") or f in _IRREGULAR_PAST)


def has_stance_past(text: str) -> bool:
    """Whether ``text`` holds a :func:`stance_past_forms` word (a set look-up per word)."""
    forms = stance_past_forms()
    return any(w in forms for w in _WORD.findall(text.lower()))


def is_speech_verb(word: str) -> bool:
    return cue_lemma(word) in SPEECH_VERBS


def is_belief_verb(word: str) -> bool:
    return cue_lemma(word) in BELIEF_VERBS


def is_speech_noun(word: str) -> bool:
    return word.lower() in SPEECH_NOUNS


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """Every lower-case cue word: verb forms, speech nouns, "according" (to), "per" (the
    report) and "put" (it)."""
    return frozenset(_forms()) | SPEECH_NOUNS | {"according", "per", "put", "puts", "went", "goes", "go"}


_WORD = re.compile(r"[a-z]+")
# Cue words too often something else to make a sentence worth parsing on their own: nouns
# ("the state", "United States", "a question", "the post", "a speech") and verbs of everyday
# use ("show", "find", "continue", "think"). They still work as cues where a sentence is parsed
# anyway (a quotation mark, a figure, a stronger cue).
WEAK_CUES = frozenset("""
state states report reports call calls question questions post posts show shows showing showed
shown find found finds finding continue continues continued continuing think thinks thought
thinking expect expects expected expecting hope hopes feel feels fear fears read reads reading
speech message interview words comment comments remarks statement statements letter briefing
project projects signal signals brief claim claims tweet tweets declaration announcement
per put puts went goes go want wants wanted wanting plan plans planned planning intend intends intended intending
decide decides decided deciding seek seeks sought seeking doubt doubts doubted doubting
reference references referenced referencing label labels labeled labelled labeling labelling
brand brands branded branding attack attacks attacked attacking defend defends defended defending
discuss discusses discussed discussing indicate indicates indicated indicating encourage encourages
encouraged encouraging decline declines declined declining
assertion assertions prediction predictions suggestion suggestions argument arguments insistence
accusation accusations allegation allegations emphasis threat threats denial denials admission
admissions complaint complaints contention
""".split())


@lru_cache(maxsize=1)
def strong_cue_words() -> frozenset[str]:
    return cue_words() - WEAK_CUES


def has_cue(text: str, *, strong: bool = False) -> bool:
    """Whether ``text`` holds a cue word (a set look-up per word: faster than the pattern);
    ``strong``: leaving out :data:`WEAK_CUES`."""
    words = strong_cue_words() if strong else cue_words()
    low = text.lower()
    if any(w in words for w in _WORD.findall(low)):
        return True
    return strong and bool(_INTENT.search(low) or _FINDING.search(low))


# a weak verb of wanting or planning with its infinitive ("wants to triple …", "plans to call on
# young people to …"): a stance reported, worth a parse
_INTENT = re.compile(r"\b(?:wants?|wanted|plans|planned|intends?|intended|decided|seeks|sought|vows?)\s+to\b")
# a weak verb of showing or finding after a document ("polls show …", "the study found …"): a
# finding reported, worth a parse
_FINDING = re.compile(
    r"\b(?:polls?|polling|surveys?|stud(?:y|ies)|data|research|reports?|analysis|findings|figures|records|averages?)"
    r"\s+(?:also\s+|now\s+|have\s+|has\s+)?(?:show|shows|showed|shown|showing|found|find|finds)\b"
)
