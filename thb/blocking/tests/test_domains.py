"""Domain input of the blocking list (domains.py): every way an officer can type a name, normalised or
refused with a clear reason — never an exception of another kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thb.blocking.domains import (
    DomainInputError,
    covers,
    normalise_domain,
    on_shared_platform,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("typed", "ascii_name", "unicode_name"),
    [
        ("Example.COM", "example.com", "example.com"),
        ("example.com.", "example.com", "example.com"),
        ("  bad-site.example  ", "bad-site.example", "bad-site.example"),
        ("https://Shop.Example.com/path/page.html?q=1#x", "shop.example.com", "shop.example.com"),
        ("example.com/only/a/path", "example.com", "example.com"),
        ("bücher.example", "xn--bcher-kva.example", "bücher.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai", "пример.рф"),
    ],
)
def test_names_are_normalised_to_the_a_label_and_shown_in_unicode(typed, ascii_name, unicode_name):
    name = normalise_domain(typed)
    assert (name.ascii, name.unicode) == (ascii_name, unicode_name)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a domain name"),
        ("com", "top-level domain alone"),
        ("co.uk", "public suffix"),
        ("github.io", "public suffix"),
        ("*.example.com", "wildcards"),
        ("192.0.2.1", "IP address"),
        ("http://[2001:db8::1]/x", "IP address"),
        ("10.1", "IP address"),
        ("a" * 64 + ".example", "63 characters"),
        (("a" * 60 + ".") * 5 + "example", "253 characters"),
        ("exa mple.com", "no spaces"),
        ("under_score.example", "not allowed"),
        ("-dash.example", "not allowed"),
        ("user@example.com", "user name or a port"),
        ("example.com:8080", "user name or a port"),
        ("a..example", "not a domain name"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(typed, message):
    with pytest.raises(DomainInputError) as error:
        normalise_domain(typed)
    assert message in str(error.value.message) and error.value.field == "domain"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_normalised_or_refused_with_a_domain_error(text):
    try:
        name = normalise_domain(text)
    except DomainInputError as error:
        assert error.message and error.field == "domain"
    else:
        assert name.ascii == name.ascii.lower() and not name.ascii.endswith(".")
        assert len(name.ascii) <= 253 and all(0 < len(label) <= 63 for label in name.labels)
        assert normalise_domain(name.ascii) == name  # stable


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(
        r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?){0,3}\.example",
        fullmatch=True,
    )
)
def test_well_formed_names_under_a_reserved_tld_are_accepted_unchanged(name):
    """Labels with "--" in 3rd and 4th position are reserved by IDNA 2008 for A-labels and refused."""
    if any(label[2:4] == "--" for label in name.split(".")):
        with pytest.raises(DomainInputError):
            normalise_domain(name)
        return
    assert normalise_domain(name).ascii == name


def test_shared_platforms_and_registrable_domains():
    assert on_shared_platform("someone.github.io") == "github.io"
    assert on_shared_platform("x.blogspot.com") == "blogspot.com"
    assert on_shared_platform("shop.wordpress.com", frozenset({"wordpress.com"})) == "wordpress.com"
    assert on_shared_platform("bad.example.com") is None
    assert registrable_domain("a.b.example.co.uk") == "example.co.uk"
    assert covers("example.com", subdomains=True, name="a.example.com")
    assert not covers("example.com", subdomains=False, name="a.example.com")
    assert not covers("example.com", subdomains=True, name="badexample.com")
