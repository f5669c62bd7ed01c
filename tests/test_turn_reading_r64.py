"""Readings added from rounds 63 and 64's misreadings: a number with versions told apart by "one ..." ("Two more.
One from above, one from the cab mirror", "a couple with different frame colours, one grey and one light oak");
"gizza three of them", "Make three, I'll show my sister and we'll pick"; "Separate job. <the new picture>" with a
photo to use in it; a thing said to be here already ("the cap from earlier", "our logo") that no picture shows is a
question, and the photo sent in answer runs the request; "sharpen up the photo" with nothing sent asks for it; the
first try at a request ("the first go at it", "First print was better") and "the very first poster"; a being sent
with the turn ("this is her dog Pasang. Put this bobble hat on him") is what changes; "my supervisor" is nobody's
picture; "Again, smaller tent" with a mask after the masked fix was undone is that fix again.
"""

from __future__ import annotations

import pytest

from studio.parameters import find_count
from studio.phrases import normalise
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_number_with_versions_told_apart_by_one_each():
    assert find_count(normalise("Two more. One from above, one from the cab mirror. Need options by 1400."))[2] == 2
    assert find_count(normalise("Can you give me a couple with different frame colours, one anthracite grey and one light oak?"))[2] == 2
    assert find_count(normalise("do me 2 of number 9 with the name across the top, one in gold lettering, one in white"))[2] == 2
    assert find_count(normalise("gizza three of them with different lighting on each"))[2] == 3
    # things counted, not versions
    assert find_count(normalise("add two candles, one red and one blue")) is None
    assert find_count(normalise("a couple on a bench, one smiling and one reading")) is None
    assert find_count(normalise("I have 2 dogs. One is black and one is white")) is None
    assert find_count(normalise("back in 2. one sec")) is None


def test_versions_told_apart_make_that_many_pictures(session):
    session.send("a bay window fitted in a brick house, white frame", seed=1)
    reply = session.send("Can you give me a couple with different frame colours, one anthracite grey and one light oak?")
    assert reply.tool == "edit" and handles(reply) == [1] and len(reply.images) == 2


def test_a_separate_job_with_a_photo_to_use_is_a_new_picture(session, fixtures):
    session.send("a recruitment poster: a lorry reversing onto a loading bay at night", seed=1)
    reply = session.send("Separate job. Safety notice for the yard, boots mandatory beyond the yellow line. Use these boots in it.",
                         images=[fixtures / "shoes.png"])
    assert reply.tool == "generate" and handles(reply) == [2]


def test_a_thing_said_to_be_here_already_that_no_picture_shows_is_a_question(session, fixtures):
    session.send("this is the jacket I'm selling", images=[fixtures / "jacket.png"])
    session.send("put it on a plain white background", seed=1)
    reply = session.send("chuck the cap from earlier on top of the shoes, makes it look like a proper outfit")
    assert reply.tool is None and reply.needs_clarification and not reply.images
    assert "cap" in reply.text
    # what is here is found: the jacket sent earlier is the jacket photo
    reply = session.send("put the jacket from earlier on a wooden floor")
    assert reply.tool == "edit" and not reply.needs_clarification



def test_the_first_try_at_a_request_and_the_very_first_of_a_kind(session, fixtures):
    session.send("a bay window with a white frame", seed=1)
    session.send("give me a couple with different frame colours, one anthracite grey and one light oak", seed=2)  # 2, 3
    session.send("Go with the grey then.")
    session.send("Want the sill to look like proper timber, like this offcut.", images=[fixtures / "wood.png"], seed=3)  # 4; 5
    session.send("Looks a bit fake, the grain's too big. Have another go.", seed=4)  # 6
    reply = session.send("No, the first go at it was better actually. Use that one.")
    assert reply.tool is None and session.current_image().handle == 5
    session.send("make it a poster saying WINDOWS FITTED", seed=5)  # #7
    session.send("now a separate poster: a conservatory at dusk", seed=6)  # #8
    reply = session.send("Supervisor went with the very first poster. We'll run with that one.")
    assert session.current_image().handle == 7


def test_a_being_sent_with_this_turn_is_what_changes(session, fixtures):
    session.send("a mountain at dawn with climbers on the ridge", seed=1)
    reply = session.send("Side quest. Rope partner's birthday, this is her dog Pasang. Put this bobble hat on him",
                         images=[fixtures / "dog2.png", fixtures / "hat.png"])
    assert reply.tool == "edit" and handles(reply) == [2, 3]


def test_a_request_for_a_thing_not_sent_asks_and_the_photo_sent_after_runs_it(session, fixtures):
    session.send("a dog grooming poster with bubbles", seed=1)
    reply = session.send("Stick our logo top right.")
    assert reply.needs_clarification and "logo" in reply.text
    reply = session.send("oh sorry, forgot to send it. here it is", images=[fixtures / "hat.png"])
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_change_to_a_photo_in_an_empty_session_asks_for_it(session, fixtures):
    reply = session.send("Hi there. Could you sharpen up the photo for me? It's soft all over.")
    assert reply.needs_clarification and reply.tool is None and not session.images()


def test_people_the_words_are_for_are_no_pictures(session, fixtures):
    session.send("This is Bruno, he needs an adoption post", images=[fixtures / "dog2.png"])
    session.send("three versions of him on a park bench so that my supervisor can choose", seed=1)  # #2, #3, #4
    reply = session.send("My supervisor has advised that the middle option is preferred.")
    assert reply.tool is None and session.current_image().handle == 3


def test_again_with_a_mask_after_the_masked_fix_was_undone_is_that_fix(session, fixtures):
    session.send("a ridge with a ledge, at dawn", seed=1)
    session.send("give me 2 variations on the sky", seed=2)  # #2, #3
    session.send("put an orange tent there", mask=fixtures / "mask_center.png", seed=3)  # #4 from #3
    session.send("take that back")
    reply = session.send("Again, smaller tent, properly pitched on the ledge", mask=fixtures / "mask_center.png", seed=4)
    assert reply.tool == "inpaint" and handles(reply) == [3]


def test_spoken_forms_and_a_count_before_a_reason_to_pick():
    assert normalise("what sort of dog is alfie from the photo a sent yer?") == "what sort of dog is alfie from the photo i sent you?"
    assert find_count(normalise("Make me a birthday card with balloons. Make three, I'll show my sister and we'll pick."))[2] == 3


@pytest.mark.xfail(strict=True, reason="v16b, v17 and v18 read 'scrap the last two changes, I'll start again from the plain snowy bridge' as one step undone")
def test_a_number_restated_in_brackets_and_steps_counted_back(session):
    session.send("a stone bridge over a river", seed=1)
    session.send("make it snowy", seed=2)  # #2
    session.send("add a robin on the parapet", seed=3)  # #3
    reply = session.send("ok so can u take #2 (the snowy one) and put a lil red rowing boat under the bridge", seed=4)
    assert reply.tool == "edit" and handles(reply) == [2]
    session.send("write Happy Winter on it", seed=5)  # #5 from #4
    reply = session.send("scrap the last two changes, I'll start again from the plain snowy bridge")
    assert reply.tool is None and session.current_image().handle == 2
    reply = session.send("I also think the first one is nicer. Let's use number 3 again.")
    assert session.current_image().handle == 3


def test_a_new_picture_with_the_photo_sent_and_what_it_is_for(session, fixtures):
    session.send("a grooming poster: a dog in a bubble bath", seed=1)
    reply = session.send("right av got another one, this is bella. do us a new pic for the poster wi bella on it, "
                         "sat on a posh wooden floor", images=[fixtures / "dog2.png"])
    assert reply.tool == "generate" and handles(reply) == [2]
    reply = session.send("Separately, and not for the poster: I need a plain picture of a pocket watch, for the repairs "
                         "page of our website.")
    assert reply.tool == "generate" and handles(reply) == []
