from geo.quotes import normalise, quote_found, quote_span

ARTICLE = "The ministry said the army entered\n  the district as part of a “ceasefire deal” with Armenia’s side."


def test_tolerates_whitespace_and_typographic_quotes_only():
    assert quote_found(ARTICLE, 'entered the district as part of a "ceasefire deal" with Armenia\'s side')
    assert quote_found(ARTICLE, "entered   the\tdistrict")
    assert not quote_found(ARTICLE, "entered the districts")
    assert not quote_found(ARTICLE, "ENTERED the district")
    assert not quote_found(ARTICLE, "   ")


def test_span_points_into_the_original_text():
    start, end = quote_span(ARTICLE, "army entered the district")
    assert ARTICLE[start:end] == "army entered\n  the district"


def test_normalise():
    assert normalise("  a\u00a0 “b”\n’c’ ") == "a \"b\" 'c'"


def test_seed_quotes_answer_as_quote_found():
    from geo.quotes import SeedQuotes

    quotes = SeedQuotes({"a.txt": ARTICLE})
    for quote in ('entered the district as part of a "ceasefire deal"', "entered   the\tdistrict",
                  "entered the districts", "ENTERED the district", "   ", "side.", " The ministry"):
        assert quotes.found("a.txt", quote) == quote_found(ARTICLE, quote), quote


def test_each_distinct_quote_of_a_seed_is_searched_once(mini, monkeypatch):
    """Validation indexes the seeds: a quote cited a thousand times is searched for once (issue 21, item 11;
    the seed was scanned anew for each citation, quadratic in the package's size)."""
    from geo import check_package
    from geo.quotes import SeedQuotes
    from tests.conftest import edit_yaml

    quote = "Forces entered Alpha district on Friday."
    other = "Forces entered Alpha district"
    cites = [{"source": "alpha.txt", "quote": quote}] * 500 + [{"source": "alpha.txt", "quote": other}] * 500
    edit_yaml(mini / "events.yaml", lambda events: events[1].update(citations=cites))
    searched: list[tuple[str, str]] = []
    search = SeedQuotes._search
    monkeypatch.setattr(SeedQuotes, "_search",
                        lambda self, seed, q: searched.append((seed, q)) or search(self, seed, q))
    assert check_package(mini)[1] == []
    assert {("alpha.txt", other), ("alpha.txt", quote)} <= set(searched)
    assert len(searched) == len(set(searched))  # each (seed, quote) once, not once per citation
