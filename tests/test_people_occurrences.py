"""``people._occurrences`` finds what ``re.finditer`` of the escaped word finds."""

import random
import re

from kg.extract.people import _occurrences


def test_occurrences_are_finditers_matches():
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choices("王小明明王.*(", k=rng.randint(0, 20)))
        word = "".join(rng.choices("王小明.*(", k=rng.randint(0, 3)))
        assert list(_occurrences(text, word)) == [m.start() for m in re.finditer(re.escape(word), text)]
