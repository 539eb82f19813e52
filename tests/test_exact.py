from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from symlandscape.errors import ProblemError
from symlandscape.exact import format_rational, parse_rational


@given(st.fractions())
def test_format_parse_roundtrip(q):
    assert parse_rational(format_rational(q), "x") == q


@pytest.mark.parametrize("text,value", [("1/3", Fraction(1, 3)), ("-0.25", Fraction(-1, 4)), ("1e-3", Fraction(1, 1000)),
                                        (7, Fraction(7)), (" 2 / 4 ", Fraction(1, 2))])
def test_parse_exact(text, value):
    assert parse_rational(text, "x") == value


@pytest.mark.parametrize("bad,needle", [(0.5, "floats are not exact"), (float("nan"), "NaN"), ("abc", "not an exact number"),
                                        (True, "boolean"), ("1/0", "zero denominator"), (None, "expected a number"),
                                        ("9" * 2000, "more than")])
def test_parse_rejects(bad, needle):
    with pytest.raises(ProblemError) as e:
        parse_rational(bad, "data.inputs[0][0]")
    assert needle in str(e.value)
    assert "data.inputs[0][0]" in str(e.value)
