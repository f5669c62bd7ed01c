"""Readings from round 98's misreadings (read after it moved to training; every case here is my own wording): a request
taken back mid-message ("... or no - keep the photo, make a new one: ...") is read from where it starts again; a new
picture "for the third slide" borrows no slide; "how it was before this painting style", "the one from before the roof
fixing" and "the plain one with the taller tower, from before my aunt's style" go back past that step; "the shoes
picture without the sticker" is the step that took the sticker off; "of the 3 versions the middle one" counts the first
try with two more; "the picture of the camel riders" that no picture shows is asked about; "give me three choices"
makes three; "put him next to bucket" places the pet sent into the picture before; "first bucket photo" names the
first; "go back to the one with just X and make it Y" goes back, then changes it; two photos sent, "put the hat on top
of the jacket" changes the jacket; "the photos I sent you" are all of them; "the photo itself, before it goes on the
poster" is the photo sent."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def current(session) -> int:
    return session.current_image().handle


def test_a_request_taken_back_mid_message_is_read_from_where_it_starts_again(session, fixtures):
    session.send("a tea garden at sunrise", seed=1)  # 1
    reply = session.send("My cousin's painting! Make the tea garden like this. Or no - keep the photo, make a NEW one: "
                         "pickers at dusk, in this painting style", images=[fixtures / "painting.png"])  # 2 -> 3
    assert reply.tool == "style" and handles(reply) == [2]


def test_a_new_picture_for_a_slide_borrows_no_slide(session, fixtures):
    session.send("a bowl of dal on a steel plate", seed=1)  # 1
    session.send("a cup of chai on a steel plate", seed=2)  # 2
    reply = session.send("for the second slide of the menu: a new picture of a plate of rice with pickle, painted in the "
                         "style of this", images=[fixtures / "painting.png"])  # 3 -> 4
    assert reply.tool == "style" and handles(reply) == [3]


@pytest.mark.parametrize("text, back_to", [
    ("Please take it back to how it was before this painting style.", 3),
    ("I think the one from before the roof fixing was nicer. Let us go with that one.", 2),
])
def test_going_back_past_a_step_named_by_what_it_did(session, fixtures, text, back_to):
    session.send("a small school building with a red roof", seed=1)  # 1
    session.send("add a dog sitting near the roof gutter")  # 2: this step said roof first
    session.send("fix the roof there and make it green", mask=fixtures / "mask_center.png")  # 3: the roof fixing
    session.send("make it look like the style of this painting", images=[fixtures / "painting.png"])  # 4 -> 5
    reply = session.send(text)
    assert reply.tool is None and current(session) == back_to


def test_the_plain_one_from_before_a_named_style_goes_back_past_it(session, fixtures):
    session.send("a tall temple tower at golden hour", seed=1)  # 1
    session.send("make the tower a bit smaller")  # 2
    session.send("this is my aunt's painting, do the whole poster in her style", images=[fixtures / "painting.png"])  # 3 -> 4
    session.send("add the title 'Temple Fair' in gold letters")  # 5
    reply = session.send("honestly I miss the plain one with the smaller tower, from before my aunt's style went on it. "
                         "show me that again?")
    assert reply.tool is None and current(session) == 2


def test_the_picture_without_a_thing_a_masked_fix_removed_is_that_fix(session, fixtures):
    session.send("these are our shoes", images=[fixtures / "shoes.png"])  # 1
    session.send("make the background plain white")  # 2
    fixed = session.send("There is a price sticker on the left shoe, I marked it. Remove only that.",
                         mask=fixtures / "mask_center.png")  # 3
    session.send("a banner for a shoe shop with blue hills", seed=1)  # 4
    reply = session.send("Go back to the shoes picture without the sticker.")
    assert fixed.tool == "inpaint" and handles(fixed) == [2] and fixed.images[0].handle == 3
    assert reply.tool is None and current(session) == 3


def test_of_the_three_versions_counts_one_try_and_two_more(session, fixtures):
    session.send("a stupa at dusk", seed=1)  # 1
    session.send("this is my teacher's painting, do the poster in his style", images=[fixtures / "painting.png"])  # 2 -> 3
    session.send("give me 2 more tries of that")  # 4, 5
    reply = session.send("of the 3 versions the middle one has the best brushwork, going with that one")
    assert reply.tool is None and current(session) == 4


def test_a_picture_of_something_no_picture_shows_is_asked_about(session):
    session.send("a desert fort at noon, white as camel milk", seed=1)  # 1
    session.send("make the sky deeper blue")  # 2
    reply = session.send("Kindly put the flag into the picture of the camel riders we made on Monday.")
    assert reply.needs_clarification and not reply.images


def test_three_choices_make_three(session):
    session.send("a notice board outside a health centre", seed=1)  # 1
    reply = session.send("Write 'FREE EYE CAMP' on top. Give me three choices, I will show the doctor.")
    assert reply.tool == "edit" and len(reply.images) == 3


def test_a_pet_sent_put_next_to_a_bare_thing_goes_into_the_picture_before(session, fixtures):
    session.send("fish fingerlings in a white bucket", seed=1)  # 1
    session.send("my dog. he guards the ponds", images=[fixtures / "dog.png"])  # 2
    reply = session.send("put him next to bucket")
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_the_first_thing_photo_without_an_article_names_the_first(session):
    session.send("fingerlings in a white bucket", seed=1)  # 1
    session.send("a pond at dawn with a net", seed=2)  # 2
    reply = session.send("first bucket photo. fish what colour?")
    assert reply.tool == "describe" and handles(reply) == [1]


def test_go_back_to_one_by_content_and_change_it(session):
    session.send("a garden full of marigolds", seed=1)  # 1
    session.send("add a stone fountain")  # 2
    session.send("now make it winter")  # 3
    reply = session.send("go back to the one with just the fountain and make it foggy there")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_two_photos_sent_the_thing_put_on_top_of_the_other_changes_the_other(session, fixtures):
    session.send("a shop banner, green letters", seed=1)  # 1
    reply = session.send("new post for today. put the hat on top of the jacket, like a flat lay",
                         images=[fixtures / "jacket.png", fixtures / "hat.png"])  # 2, 3
    assert reply.tool == "edit" and handles(reply) == [2, 3]


def test_the_photos_i_sent_are_all_of_them(session, fixtures):
    session.send("these are for my shop sale. one poster with all of them on snow",
                 images=[fixtures / "hat.png", fixtures / "jacket.png", fixtures / "shoes.png"])  # 1, 2, 3 -> 4
    reply = session.send("a question. in the photos I sent you, which one has the brightest colour?")
    assert reply.tool == "describe" and handles(reply) == [1, 2, 3]


def test_the_photo_itself_before_it_goes_on_the_poster_is_the_photo_sent(session, fixtures):
    session.send("a plain yellow poster with FOUND DOG at the top", seed=1)  # 1
    reply = session.send("this is the only photo we have and it's dark. can you brighten the photo itself first, "
                         "before it goes on the poster?", images=[fixtures / "dog.png"])  # 2
    assert reply.tool == "edit" and handles(reply) == [2]


@pytest.mark.parametrize("text, read", [
    ("make the tea garden like this. or no - keep the photo, make a new one: pickers at dusk",
     "keep the photo, make a new one: pickers at dusk"),
    ("add fairy lights to the tree, forget the star this year and put snow on the roof", None),  # the whole message
    ("make it warmer. actually no need to touch the sky, just brighten her face", None),
    ("put a hat on him, or no hat if it looks silly", None),
])
def test_only_a_request_taken_back_is_cut(text, read):
    from studio.words import _after_taking_back

    assert _after_taking_back(text) == (read or text)


def test_before_a_thing_named_with_ing_is_before_the_step_that_brought_it(session):
    session.send("a girl in a blue dress", seed=1)  # 1
    session.send("add a gold earring")  # 2
    session.send("make the gold earring bigger")  # 3
    reply = session.send("go back to the one before the gold earring")
    assert reply.tool is None and current(session) == 1
