"""``textfit.wrap`` keeps each line's width as a running sum: the same lines as measuring every candidate line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kultursamverkan import textfit


def _measured(text: str, limit: float, size: float, break_words: bool) -> list[str] | None:
    """The greedy wrap that measures each candidate line whole (``wrap`` before it kept running sums)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if textfit.width(word, size) > limit:
            if not break_words:
                return None
            if current:
                lines.append(current)
            *whole, current = textfit._split_word(word, limit, size)
            lines.extend(whole)
            continue
        candidate = f"{current} {word}" if current else word
        if textfit.width(candidate, size) <= limit:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab WMiåÅ–…é\u0301x.,()1 \n"), max_size=80),
    st.floats(min_value=5, max_value=400),
    st.sampled_from([8, 9.5, 11, 12, 14]),
    st.booleans(),
)
def test_wrap_is_the_measured_greedy_wrap(text: str, limit: float, size: float, break_words: bool) -> None:
    assert textfit.wrap(text, limit, size, break_words=break_words) == _measured(text, limit, size, break_words)
