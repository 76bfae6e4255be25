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
