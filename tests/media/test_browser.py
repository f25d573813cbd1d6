"""Opening the webcast: only http(s), only graphical browsers, the link handed back."""

from __future__ import annotations

import webbrowser

import pytest

from transcript_review.media import MediaError, MediaRefused, NoBrowser, open_webcast
from transcript_review.media import browser as browser_module


def test_opens_the_link_at_the_time_and_returns_it() -> None:
    opened: list[str] = []
    link = open_webcast(
        "https://webtv.un.org/en/asset/k1x/k1xyz", 75.9, opener=lambda u: not opened.append(u)
    )
    assert link == "https://webtv.un.org/en/asset/k1x/k1xyz?kalturaStartTime=75"
    assert opened == [link]
    assert open_webcast("https://example.org/v.mp4", 12, opener=lambda u: True).endswith("#t=12")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.org/x",
        "data:text/html,hi",
        "speech.mp3",
        "-oProxyCommand=x",
        "https://",
    ],
)
def test_refuses_anything_but_http_urls(url: str) -> None:
    opened: list[str] = []
    with pytest.raises(MediaRefused) as info:
        open_webcast(url, 10, opener=lambda u: not opened.append(u))
    assert isinstance(info.value, ValueError) and isinstance(info.value, MediaError)
    assert opened == []


def test_no_browser_gives_the_link_to_open_by_hand() -> None:
    with pytest.raises(NoBrowser, match=r"open https://example.org/v#t=5$"):
        open_webcast("https://example.org/v", 5, opener=lambda u: False)


def test_without_a_desktop_no_text_browser_takes_over_the_terminal(monkeypatch) -> None:
    monkeypatch.setattr(browser_module.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(webbrowser, "get", lambda *a: pytest.fail("must not look for a browser"))
    with pytest.raises(NoBrowser, match="open https://example.org/v#t=5"):
        open_webcast("https://example.org/v", 5)


def test_text_mode_browsers_are_not_started(monkeypatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(browser_module.sys, "platform", "linux")
    lynx = webbrowser.GenericBrowser("lynx")
    monkeypatch.setattr(lynx, "open", lambda *a, **k: pytest.fail("lynx must not run"))
    monkeypatch.setattr(webbrowser, "get", lambda *a: lynx)
    with pytest.raises(NoBrowser):
        open_webcast("https://example.org/v", 5)

    opened: list[str] = []
    gui = webbrowser.BackgroundBrowser("firefox")
    monkeypatch.setattr(gui, "open", lambda url, new=0, autoraise=True: not opened.append(url))
    monkeypatch.setattr(webbrowser, "get", lambda *a: gui)
    assert open_webcast("https://example.org/v", 5) == "https://example.org/v#t=5"
    assert opened == ["https://example.org/v#t=5"]
