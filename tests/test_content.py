"""References by what an image shows (studio/content.py), and the file names uploads keep."""

from __future__ import annotations

import sqlite3

import pytest

from studio.content import ContentMatcher, Descriptor, same_word, without
from studio.image_words import shown
from studio.images import NamedBytes, file_name
from studio.references import RouterContext, Unresolved, find_mentions
from studio.picks import by_content


def session(captions: dict[int, str], parents: dict[int, list[int]] | None = None, current: int | None = None,
            uploads: tuple[int, ...] = (), names: dict[int, str] | None = None) -> RouterContext:
    handles = sorted(captions)
    return RouterContext(handles=handles, path_handles=handles, uploads=list(uploads), attached=[],
                         current=current if current is not None else handles[-1], parents=parents or {},
                         captions=captions, names=names or {}, current_path=handles)


def test_word_forms_match_and_near_miss_words_do_not():
    assert same_word("painted", "painting") and same_word("bike", "motorbike") and same_word("hous", "house")
    assert same_word("rooftop", "rooftop") and same_word("sunglases", "sunglasses")
    assert not same_word("red", "blue") and not same_word("cat", "car") and not same_word("hat", "that")


def test_a_description_says_what_is_wanted_and_what_is_not():
    d = Descriptor.parse("the blue one, the one without the bike")
    assert d.wanted == ["blue"] and d.unwanted == ["bike"] and not d.only
    assert Descriptor.parse("the one w just the sunglasses").only
    assert Descriptor.parse("the normal one (not painted)").wanted == []


def test_a_synonym_finds_the_image_through_the_encoder_but_a_colour_does_not_stand_for_another():
    ctx = session({1: "a man in a leather jacket", 2: "a lighthouse at dusk", 3: "a blue car on a mountain road"})
    matcher = ContentMatcher(ctx)
    assert matcher.pick(Descriptor(["coat"])) == 1  # coat ~ jacket (0.78)
    assert matcher.pick(Descriptor(["red", "car"])) == 3  # "car" matches; "red" is not "blue"
    assert matcher.pick(Descriptor(["red"])) is None


def test_separate_pictures_that_fit_equally_get_a_question_and_one_line_of_edits_its_latest_state():
    siblings = session({1: "a beach at sunset", 2: "a beach at sunset", 3: "a beach at sunset"})
    with pytest.raises(Unresolved, match="#1, #2, #3"):
        ContentMatcher(siblings).pick(Descriptor(["beach"]))
    line = session({1: "a fox", 2: "a fox with a scarf", 3: "a fox with a scarf at night"}, {2: [1], 3: [2]})
    assert ContentMatcher(line).pick(Descriptor(["scarf"])) == 3
    assert ContentMatcher(line).pick(Descriptor(["scarf"], only=True)) == 2  # "the one with just the scarf"


def test_a_select_passes_over_the_current_image_and_reads_only_the_clauses_that_name_one():
    ctx = session({1: "a corgi on a beach", 2: "a corgi on a beach in sunglasses", 3: "a corgi on a beach in sunglasses and a hat"},
                  {2: [1], 3: [2]}, current=3)
    assert by_content("nah go back to the one w just the sunglasses, the hat ruins the vibe", ctx) == 2
    assert by_content("the one without the hat please", ctx) == 2


def test_choosing_an_image_by_what_it_shows_never_means_the_one_already_current():
    ctx = session({1: "a corgi on a sandy beach", 2: "a corgi on a sandy beach change the background to a snowy forest"},
                  {2: [1]}, current=2)
    assert by_content("eh, I liked the beach version more. let's keep going from that one", ctx) == 1


def test_what_an_edit_took_away_is_no_longer_shown():
    ctx = session({1: "a dog in a hat", 2: "a dog in a hat remove the hat"}, {2: [1]})
    assert "hat" in shown(ctx)[1] and "hat" not in shown(ctx)[2]
    assert without(["hat"], session({1: "a dog", 2: "a dog put a hat on him"}, {2: [1]})) == 1


def test_a_named_upload_shows_its_name_and_what_borrows_it_shows_it_too():
    ctx = session({1: "this is rex", 2: "put this on him", 3: "this is rex put this on him"}, {3: [1, 2]},
                  current=3, uploads=(1, 2), names={1: "dog.png", 2: "red_hat.png"})
    assert shown(ctx)[2] == ["red", "hat"]
    assert "hat" in shown(ctx)[3]
    mentions = find_mentions("the one with the hat", ctx)
    assert [m.handles for m in mentions] == [[3]]  # the picture wearing it, not the hat's own photo
    with pytest.raises(Unresolved, match="shows"):
        find_mentions("take the one with the horse in it", ctx)


def test_file_names_come_from_paths_and_named_bytes(tmp_path):
    assert file_name(tmp_path / "hat.png") == "hat.png" and file_name(str(tmp_path / "a" / "dog.jpg")) == "dog.jpg"
    assert file_name(NamedBytes(b"\x89PNG", "jacket.png")) == "jacket.png" and file_name(b"\x89PNG") == ""


def test_an_attachment_keeps_its_file_name_in_the_store(studio, fixtures):
    session_ = studio.new_session()
    session_.send("this is my dog", images=[fixtures / "dog.png"])
    database = studio.store.engine.url.database
    names = sqlite3.connect(database).execute("SELECT name FROM turn_images WHERE role = 'attached'").fetchall()
    assert names == [("dog.png",)]


def test_a_thing_recoloured_whole_no_longer_shows_its_old_colour():
    car = "a red sports car on a coastal road"
    ctx = session({1: car, 2: f"{car} make it blue", 3: f"{car} make it blue now make it night time",
                   4: f"{car} make it blue now make the sky red"}, parents={2: [1], 3: [2], 4: [2]}, current=3)
    words = shown(ctx)
    assert "red" in words[1] and "red" not in words[2] and "blue" in words[3] and "red" not in words[3]
    assert "red" in words[4]  # a red sky came later: that picture shows red again
    assert find_mentions("let's continue from the red one", session({h: c for h, c in ctx.captions.items() if h < 4},
                                                                     parents={2: [1], 3: [2]}, current=3))[0].handles == [1]


def test_the_x_one_with_the_y_wants_both():
    ctx = session({1: "a lighthouse at dawn, soft pink sky", 2: "a lighthouse at dawn, soft pink sky add big waves",
                   3: "a lighthouse at dawn, soft pink sky add big waves make the sky orange",
                   4: "a lighthouse at dawn, soft pink sky add big waves paint the lighthouse with red and white stripes"},
                  parents={2: [1], 3: [2], 4: [2]}, current=3)
    assert find_mentions("the pink one with the striped lighthouse is better", ctx)[0].handles == [4]
