"""``Linker``: link fed one document at a time, as a build's pass 1 hands them over."""

from pathlib import Path

from kg.ingest import read_inputs
from kg.link import Linker, infer_home_city, link
from kg.model import Options
from kg.pipeline import process_document

PAGES = Path(__file__).parent / "pages" / "extract"


def _results(*names: str):
    options = Options()
    return [
        process_document(d, options)
        for name in names
        for d in read_inputs([str(PAGES / name)], options).documents
    ]


def test_documents_naming_the_home_wait_for_the_city_the_whole_corpus_gives() -> None:
    # the first page names bodies of its home city (市教育局); the next three lie in another city,
    # which only they make the corpus's home
    results = _results("county-city-bureaus.txt", "community-venue.txt", "quantity-word-company.txt")
    results += _results("quoted-handout.txt")
    home = [(n, s) for t, n, s in results[0].mention_names() if s == "home" and n.startswith("市")]
    assert home
    city = infer_home_city(results)
    assert city == infer_home_city(results[1:]) != infer_home_city(results[:1])
    linker = Linker(Options())
    for r in results:
        linker.add(r)
    assert linker.waiting == [0]  # the others were linked as they came
    linked = linker.finish()
    assert linked.home_city == city
    keys = {e.key for e in linked.entities}
    for name, _scope in home:
        assert any(k.endswith("/" + city + name[1:]) for k in keys)
    # the same as when the city is given and no document waits
    given = Linker(Options(home_city=city))
    for r in results:
        given.add(r)
    assert given.waiting == []
    assert given.finish() == linked == link(results, Options())
