"""Pure HTML passes the plugin runs on every page (issue 26): table cells named by
their column, and scripts deferred only when that is safe."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from interview_dossier.render.assets import defer_scripts
from interview_dossier.render.tables import label_cells

OURS = "assets/dossier"


def labels(html: str) -> list[list[str | None]]:
    page = BeautifulSoup(html, "html.parser")
    return [[td.get("data-label") for td in tr.find_all("td")] for tr in page.select("tbody tr")]


def test_each_cell_is_named_by_its_column_header_as_plain_text() -> None:
    html = (
        "<table><thead><tr><th></th><th><strong>Base</strong> pay</th>"
        '<th>Say "no" &amp; <em>leave</em></th></tr></thead>'
        '<tbody><tr><td>Want</td><td align="right">90k</td><td>x</td></tr>'
        "<tr><td>Floor</td><td>85k</td><td>y</td></tr></tbody></table>"
    )
    assert labels(label_cells(html)) == [
        [None, "Base pay", 'Say "no" & leave'],
        [None, "Base pay", 'Say "no" & leave'],
    ]
    # The cell's own attributes stay.
    assert 'align="right"' in label_cells(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>No table here</p>",
        "<table><tbody><tr><td>no header row</td></tr></tbody></table>",
        "<table><thead><tr><th></th><th></th></tr></thead><tbody><tr><td>a</td><td>b</td></tr></tbody></table>",
        # A table in a table is not Markdown's: left as it is.
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td><table><tr><td>x</td></tr></table></td></tr></tbody></table>",
    ],
)
def test_what_is_not_a_simple_headed_table_is_left_alone(html: str) -> None:
    assert label_cells(html) == html


PAGE = (
    "<head><script src='../{ours}/search-on-demand.iframe-worker.js'></script>"
    "<script>__md_scope=1</script></head><body><p>x</p>"
    '<script id="__config" type="application/json">{{}}</script>'
    '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    '<script src="../{ours}/dossier.js"></script>{extra}</body>'
)


def test_our_scripts_and_the_theme_bundle_are_deferred_in_order() -> None:
    html = PAGE.format(ours=OURS, extra="")
    page = BeautifulSoup(defer_scripts(html, OURS), "html.parser")
    scripts = page.find_all("script", src=True)
    assert [s["src"].rsplit("/", 1)[-1] for s in scripts] == [
        "search-on-demand.iframe-worker.js",
        "bundle.a5f9d56c.min.js",
        "dossier.js",
    ]
    assert all(s.has_attr("defer") for s in scripts)
    # Inline code and data are untouched.
    assert page.find("script", string="__md_scope=1") is not None
    assert page.find("script", id="__config").get("type") == "application/json"


@pytest.mark.parametrize(
    "extra",
    [
        '<script src="../mine.js"></script>',  # a site's own blocking script
        "<script>document$.subscribe(go)</script>",  # inline code after the bundle
        '<script src="../async-helpers.js"></script>',  # "async" in a name is not the attribute
    ],
)
def test_a_page_with_a_script_we_do_not_know_is_left_as_it_is(extra: str) -> None:
    html = PAGE.format(ours=OURS, extra=extra)
    assert defer_scripts(html, OURS) == html


def test_another_deferred_script_keeps_the_bundle_blocking() -> None:
    """A passphrase share's decryption script is deferred and uses the theme's objects:
    deferring the bundle as well would run it before the theme is there."""
    extra = '<script defer src="../assets/javascripts/decrypt-contents.js"></script>'
    html = PAGE.format(ours=OURS, extra=extra)
    assert defer_scripts(html, OURS) == html
