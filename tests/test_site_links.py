"""Links between generated pages lead to the page they name, with and without directory URLs (the
offline build has none), from every page of the site map to every other, wherever the build runs."""

from urllib.parse import urljoin

import pytest

from generator.site.sitemap import page_url, relative_url, site_map

from .conftest import real_guide

SITE = "http://host/site/"  # a site below a host's root, as on a project page


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_every_page_links_to_every_other_by_a_relative_url(directory_urls):
    relative_url.cache_clear()
    urls = {p.src_uri: page_url(p.src_uri, directory_urls) for p in site_map(real_guide())}
    wrong = [
        (here, relative_url(here, target, directory_urls))
        for here in urls
        for target in urls.values()
        if urljoin(SITE + urls[here], relative_url(here, target, directory_urls)) != SITE + target
    ]
    assert wrong == []
