"""The vocabulary tables: six languages of data, merged with one meaning per phrase."""

from __future__ import annotations

import pytest

from planner.importers.vocabulary import (
    LANGUAGES,
    LanguageTable,
    VocabularyConflict,
    build_vocabulary,
    fold,
    load_table,
    vocabulary,
)
from planner.plan import HARD_KINDS


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_table_names_the_hard_kinds_races_and_csv_columns(code: str) -> None:
    table = load_table(code)
    assert table.language == code
    for kind in HARD_KINDS:
        assert table.kinds.get(kind), f"{code}: no words for {kind}"  # type: ignore[call-overload]
    assert table.kinds.get("rest") and table.kinds.get("easy")
    assert table.race_names or table.kinds["race"]
    assert table.headers.get("date") and table.headers.get("title")


def test_the_merged_vocabulary_gives_every_phrase_one_meaning_and_remembers_its_languages() -> None:
    merged = vocabulary()
    assert merged.phrases["tempodauerlauf"].languages == ("de",)
    assert merged.phrases["sortie longue"].kind == "long_run"
    assert merged.phrases[fold("Fractionné")].kind == "quality"  # accents fold away
    assert merged.phrases["tempo"].meaning == "kind"
    assert set(merged.phrases["fartlek"].languages) >= {"en", "de", "fr", "es", "nl"}


def test_two_tables_that_disagree_on_a_phrase_are_refused() -> None:
    english = LanguageTable(language="en", name="English", kinds={"cross_training": ["cross"]})
    french = LanguageTable(language="fr", name="Français", kinds={"race": ["cross"]})
    with pytest.raises(VocabularyConflict, match="cross"):
        build_vocabulary({"en": english, "fr": french})


def test_folding_makes_spelling_variants_meet() -> None:
    assert fold("Tune-up") == fold("tune up") == "tune up"
    assert fold("Semi-Marathon") == "semi marathon"
    assert fold("Côtes") == "cotes"
    assert fold("Run/Walk") == "run walk"
    assert fold("Steigerungsläufe") == "steigerungslaufe"
