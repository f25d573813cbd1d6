"""Links that open a webcast at a moment: UN Web TV, YouTube, anything else."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_review.core.timing import url_at

UNTV = "https://webtv.un.org/en/asset/k1x/k1xyz4abc"


def test_un_web_tv_takes_whole_seconds() -> None:
    assert url_at(UNTV, 754.9) == UNTV + "?kalturaStartTime=754"


def test_un_web_tv_replaces_existing_start_and_keeps_other_params() -> None:
    url = UNTV + "?lang=fr&kalturaStartTime=12&x=1"
    out = url_at(url, 90)
    assert parse_qs(urlsplit(out).query) == {"lang": ["fr"], "x": ["1"], "kalturaStartTime": ["90"]}
    assert out.count("kalturaStartTime") == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc123", "https://www.youtube.com/watch?v=abc123&t=95s"),
        ("https://youtube.com/watch?t=3s&v=abc", "https://youtube.com/watch?v=abc&t=95s"),
        ("https://youtu.be/abc123", "https://youtu.be/abc123?t=95s"),
        ("https://youtu.be/abc123?t=10", "https://youtu.be/abc123?t=95s"),
        ("http://m.youtube.com/watch?v=x#frag", "http://m.youtube.com/watch?v=x&t=95s#frag"),
    ],
)
def test_youtube(url: str, expected: str) -> None:
    assert url_at(url, 95.7) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/talk.mp4", "https://example.org/talk.mp4#t=61"),
        ("https://example.org/talk.mp4?a=1#t=5", "https://example.org/talk.mp4?a=1#t=61"),
        ("https://webtv.un.org/en/schedule", "https://webtv.un.org/en/schedule#t=61"),
        ("https://www.youtube.com/@channel", "https://www.youtube.com/@channel#t=61"),
    ],
)
def test_anything_else_gets_a_media_fragment(url: str, expected: str) -> None:
    assert url_at(url, 61.2) == expected


def test_negative_time_becomes_zero() -> None:
    assert url_at(UNTV, -3) == UNTV + "?kalturaStartTime=0"


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a.mp4", "file:///tmp/a.mp4", "javascript:alert(1)", "webtv.un.org"]
)
def test_only_http_urls(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        url_at(url, 1)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_time_must_be_finite(value: float) -> None:
    with pytest.raises(ValueError):
        url_at(UNTV, value)


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_replacing_twice_equals_setting_once(first: float, second: float) -> None:
    for base in (UNTV, "https://youtu.be/x", "https://example.org/v.webm"):
        assert url_at(url_at(base, first), second) == url_at(base, second)
