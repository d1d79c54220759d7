"""Line cleaning on small invented pages (not the seeds): other outlets' chrome shapes."""

from __future__ import annotations

from newsdesk.clean import build_article
from newsdesk.clean.classify import BAD, GOOD, NEAR, SHORT, smooth
from newsdesk.records import RawDocument
from newsdesk.textnorm import fold

LEAD = (
    "Estonia will expand its conscription programme next year, the government said on Sunday, as the "
    "Baltic states review how much they spend on defence after months of debate over security."
)
SECOND = (
    "Defence Minister Hanno Pevkur told lawmakers that the number of conscripts would rise to 4,500 "
    "from about 3,800, and that the training period for some specialists would be extended."
)
THIRD = (
    "Officials said the new recruits would train with equipment bought from Germany and South Korea, "
    "and that the first units would be ready by the summer, before the large exercises."
)


def clean(text: str, **kw):
    return build_article(RawDocument(kw.pop("id", "t"), kw.pop("source", "t.txt"), text, "text", **kw))


def reasons(article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def paragraphs(article) -> list[str]:
    return article.body.split("\n\n")


def test_site_chrome_widgets_and_breadcrumbs_go_before_the_headline():
    text = "\n".join([
        "Skip to main content", "Menu", "Search", "\u2600 21\u00b0C London", "Monday, 3 March 2025",
        "World \u203a Europe \u203a Baltic States", "",
        "Estonia expands conscription as Baltic states review defence spending", "", LEAD, SECOND,
    ])
    a = clean(text)
    r = reasons(a)
    assert r["Skip to main content"] == "chrome" and r["Menu"] == "chrome" and r["Search"] == "chrome"
    assert r["\u2600 21\u00b0C London"] == "widget"
    assert r["Monday, 3 March 2025"] == "widget"
    assert r["World \u203a Europe \u203a Baltic States"] == "breadcrumb"
    assert a.title == "Estonia expands conscription as Baltic states review defence spending"
    assert a.published is None  # a date above the headline is the page's, not the article's
    assert paragraphs(a) == [LEAD, SECOND]


def test_unknown_short_chrome_among_chrome_goes_by_context_alone():
    # lines no detector knows: jusText-style context removes short lines between bad ones
    text = "\n".join([
        "Zorblat Daily", "", "Estonia expands conscription as Baltic states review defence spending", LEAD,
        SECOND, "Gizmo deals", "Widget corner", "\u00a9 2025 Zorblat Media Group",
    ])
    a = clean(text)
    assert paragraphs(a) == [LEAD, SECOND]
    assert reasons(a)["Gizmo deals"] in ("chrome", "boilerplate")
    assert reasons(a)["Widget corner"] in ("chrome", "boilerplate")


def test_short_sentence_between_paragraphs_stays():
    text = "\n".join(["A headline for the test", LEAD, "He declined to comment.", SECOND, "11:20 p.m.", THIRD])
    a = clean(text)
    assert paragraphs(a) == [LEAD, "He declined to comment.", SECOND, "11:20 p.m.", THIRD]


def test_promos_counters_share_and_subscribe_lines():
    junk = [
        "Read more: Latvia reopens debate on army reserve after border incidents",
        "RELATED: Finland's border fence: what we know so far",
        "Recommended: The ten best hiking trails in Lapland",
        "ALSO READ | Lithuania buys more air defence systems",
        "More from Europe",
        "Sport: More Stories",
        "23 Comments",
        "Comments (4)",
        "5 min read",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Sign up for our daily newsletter",
        "Follow us on Telegram for breaking news",
        "Advertisement",
    ]
    a = clean("\n".join(["A headline for the test", LEAD, *junk, SECOND]))
    r = reasons(a)
    assert paragraphs(a) == [LEAD, SECOND]
    assert {r[j] for j in junk[:6]} == {"promo"}
    assert {r[j] for j in junk[6:9]} == {"counter"}
    assert {r[j] for j in junk[9:13]} == {"share"}
    assert r["Advertisement"] == "chrome"


def test_body_sentences_that_look_like_labels_stay():
    lines = [
        "Share prices fell sharply on Monday after the announcement, traders in Tallinn said.",
        "Follow the money, the prosecutor told the court in a hearing that lasted two days.",
        "More than 3,000 reservists were called up in the first round of the programme.",
    ]
    a = clean("\n".join(["A headline for the test", LEAD, *lines, SECOND]))
    assert paragraphs(a) == [LEAD, *lines, SECOND]


def test_tag_blocks_become_tags():
    a = clean("\n".join(["A headline for the test", LEAD, SECOND, "Tags:", "Estonia", "Defence", "NATO"]))
    assert a.tags == ("Estonia", "Defence", "NATO")
    assert paragraphs(a) == [LEAD, SECOND]
    b = clean("\n".join(["A headline for the test", LEAD, SECOND, "Topics: Estonia, Defence, NATO"]))
    assert b.tags == ("Estonia", "Defence", "NATO")
    c = clean("\n".join(["A headline for the test", LEAD, SECOND, "TAGGED", "Estonia \u2022 Baltic \u2022 NATO"]))
    assert c.tags == ("Estonia", "Baltic", "NATO")
    d = clean("\n".join(["A headline for the test", LEAD, "Home | World | Business | Sport", SECOND]))
    assert d.tags == () and reasons(d)["Home | World | Business | Sport"] == "chrome"


def test_wire_credit_lines_in_their_shapes():
    for line, credit in [
        ("(With inputs from Reuters)", "Reuters"),
        ("[Source: BBC News]", "BBC News"),
        ("Source: Agence France-Presse", "AFP"),
        ("\u2014 Reuters", "Reuters"),
        ("(AP)", "AP"),
        ("This story was first published by ProPublica.", "ProPublica"),
        ("\u00a9 2025 The Associated Press. All rights reserved.", "AP"),
    ]:
        a = clean("\n".join(["A headline for the test", LEAD, SECOND, line]))
        assert paragraphs(a) == [LEAD, SECOND], line
        assert a.credits == (credit,), (line, a.credits)
    generic = clean("\n".join(["A headline for the test", LEAD, SECOND, "(With inputs from agencies)"]))
    assert generic.credits == () and reasons(generic)["(With inputs from agencies)"] == "credit"


def test_credits_glued_in_sentences_keep_the_sentence():
    glued = "Lithuania and Latvia have announced similar steps, reports the Baltic Times."
    wire = "VILNIUS (Reuters) \u2014 Lithuania will buy more air defence systems, its defence ministry said."
    cited = "The plan was first reported by the Associated Press on Friday, officials said."
    not_media = "According to U.S. intelligence assessments, the exercise will go ahead."
    a = clean("\n".join(["A headline for the test", wire, glued, cited, not_media, LEAD]))
    assert paragraphs(a) == [wire, glued, cited, not_media, LEAD]
    assert a.credits == ("Reuters", "Baltic Times", "AP")


def test_associated_press_and_ap_are_one_credit():
    text = "\n".join([
        "A headline for the test", LEAD + " according to the Associated Press.", SECOND, "(With inputs from AP)",
    ])
    assert clean(text).credits == ("AP",)


def test_broken_sentences_are_rejoined():
    text = "\n".join([
        "A headline for the test",
        "The decision follows a review by Gen.",
        "Martin Herem, the commander of the armed forces, who warned that the current system could not meet",
        "the demand for trained reservists in a crisis, and that Estonia's deputy U. N.",
        "Ambassador Kaili Tamm had been told.",
        "The troops arrived in the U.S.",
        "The next day they left for the training grounds near the coast, officials said on Monday.",
    ])
    a = clean(text)
    assert paragraphs(a) == [
        "The decision follows a review by Gen. Martin Herem, the commander of the armed forces, who warned "
        "that the current system could not meet the demand for trained reservists in a crisis, and that "
        "Estonia's deputy U. N. Ambassador Kaili Tamm had been told.",
        "The troops arrived in the U.S.",
        "The next day they left for the training grounds near the coast, officials said on Monday.",
    ]
    assert "\n" not in a.body.replace("\n\n", "")


def test_lowercase_continuation_joins_but_not_across_a_finished_paragraph():
    text = "A headline for the test\n\n" + LEAD + "\nadding that the plan would be reviewed.\n\n" + SECOND
    a = clean(text)
    assert paragraphs(a) == [LEAD + " adding that the plan would be reviewed.", SECOND]


def test_headings_are_set_apart_with_their_position():
    text = "\n".join(["A headline for the test", LEAD, "Training And Equipment", SECOND, "What Comes Next", THIRD])
    a = clean(text)
    assert [h.text for h in a.headings] == ["Training And Equipment", "What Comes Next"]
    assert paragraphs(a) == [LEAD, SECOND, THIRD]
    assert [a.body[h.position : h.position + 20] for h in a.headings] == [SECOND[:20], THIRD[:20]]


def test_a_list_of_title_case_lines_is_not_headings():
    items = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach", "June 10 -- Credit Union Amphitheatre, Tampa",
             "June 14 -- Ameris Bank Amphitheatre, Alpharetta"]
    a = build_article(RawDocument("t", "t", "\n".join([LEAD, *items, SECOND]), "html", title="Tour",
                                  has_metadata=True))
    assert a.headings == ()
    assert paragraphs(a) == [LEAD, *items, SECOND]


def test_repeated_paragraphs_keep_the_first_copy():
    near_copy = LEAD.replace("'", "\u2019").replace(", the", ",  the")  # folded: the same paragraph
    a = clean("\n".join(["A headline for the test", LEAD, SECOND, near_copy, THIRD]))
    assert paragraphs(a) == [LEAD, SECOND, THIRD]
    assert reasons(a)[near_copy] == "repeated"
    edited = clean("\n".join(["A headline for the test", LEAD, SECOND, LEAD.replace("Sunday", "Monday"), THIRD]))
    assert paragraphs(edited) == [LEAD, SECOND, THIRD]  # near-exact repeat


def test_a_paragraph_repeating_the_headline_is_repeated():
    title = "Estonia will expand its conscription programme next year, the government said on Sunday"
    a = clean("\n".join([title, SECOND, title + ".", THIRD]))
    assert a.title == title
    assert paragraphs(a) == [SECOND, THIRD]
    assert reasons(a)[title + "."] == "repeated"


def test_the_standfirst_is_kept_and_its_repeat_dropped():
    standfirst = "Tallinn will call up more reservists this year as the region reviews its security, the ministry said."
    text = "\n\n".join(["A headline for the test", standfirst, "By Jane Doe", LEAD, standfirst, SECOND])
    a = clean(text)
    assert paragraphs(a) == [standfirst, LEAD, SECOND]
    assert fold(a.body).count(fold(standfirst)) == 1


def test_another_language_is_not_emptied():
    # the English stoplist does not fit: length and sentence shape decide instead
    lines = [
        "A equipe do Serviço de Atendimento Domiciliar registrou nesta manhã o arrombamento de dois veículos.",
        "Segundo a coordenação, os carros estavam estacionados em frente à unidade e nada foi levado.",
        "A polícia foi chamada e deve investigar o caso nos próximos dias, informou a prefeitura.",
    ]
    a = clean("\n".join(["Atendimento registra arrombamento em veículos", *lines]))
    assert paragraphs(a) == lines


def test_smoothing_follows_jusText():
    # short between good -> good; short between bad -> bad; near-good next to good -> good
    assert smooth([GOOD, SHORT, GOOD]) == [GOOD, GOOD, GOOD]
    assert smooth([BAD, SHORT, BAD]) == [BAD, BAD, BAD]
    assert smooth([BAD, NEAR, BAD]) == [BAD, BAD, BAD]
    assert smooth([GOOD, NEAR, BAD]) == [GOOD, GOOD, BAD]
    # a run of near-good lines supports itself (flat text with no single "good" paragraph)
    assert smooth([NEAR, NEAR, NEAR]) == [GOOD, GOOD, GOOD]
    # short between a bad and a good line: bad; near-good next to good: good
    assert smooth([GOOD, SHORT, BAD]) == [GOOD, BAD, BAD]
    assert smooth([BAD, SHORT, NEAR, GOOD]) == [BAD, BAD, GOOD, GOOD]


def test_html_text_keeps_reader_metadata_and_is_still_cleaned():
    text = "\n".join([
        "Estonia expands conscription",
        LEAD,
        "Read more: Latvia reopens debate on army reserve",
        SECOND,
        "12 Comments",
    ])
    raw = RawDocument("h", "page.html", text, "html", title="Estonia expands conscription", byline="Jane Doe",
                      url="https://news.example.com/a/1", tags=("Estonia",), has_metadata=True)
    a = build_article(raw)
    assert (a.title, a.byline, a.tags) == ("Estonia expands conscription", "Jane Doe", ("Estonia",))
    assert not a.title_generated
    assert paragraphs(a) == [LEAD, SECOND]
    assert reasons(a)["Estonia expands conscription"] == "title"
    assert a.outlet == "example.com" and a.url == "https://news.example.com/a/1"


def test_html_text_first_line_is_not_taken_as_a_title():
    raw = RawDocument("h", "page.html", "\n".join([LEAD, SECOND]), "html", title=None, has_metadata=True)
    a = build_article(raw)
    assert paragraphs(a) == [LEAD, SECOND]
    assert a.title_generated  # the reader found no title: one is made from the lead, and says so


def test_empty_text():
    a = clean("")
    assert (a.body, a.title, a.removed) == ("", None, ())
