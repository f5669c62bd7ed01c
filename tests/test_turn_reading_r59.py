"""Readings added from rounds 59 and 60's misreadings: counts said as "Show me 4 different, me choose", "do two,
one with a shino glaze and one raku", "three (3) versions", "Three on that ... I'll pick", "four o' them", "gimme
tree different one"; "Two pics: the hat first, then my dog" lists the photos sent, not versions; "go back to
number 7" outranks the painting the same message complains about; "This my dog, name Pepper ... First, show you
Pepper." introduces a photo (no verb "is", and "show you" is the person showing, not a request); Caribbean
spellings ("de firs one", "wid"), "middle 1", "take that back n ..."."""

from __future__ import annotations

from studio.parameters import extract_params, find_count
from studio.phrases import normalise, undo_then
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_counts_said_as_so_many_different_or_listed_one_by_one():
    assert find_count("Cookie bone shape, write THANK YOU. Show me 4 different, me choose.")[2] == 4
    assert find_count("swap the bowl for a tall jar? do two, one with a shino glaze and one raku with crackle")[2] == 2
    assert extract_params("Provide three (3) versions of the same image with different lighting")[1].count == 3
    assert find_count("add 3 different flowers to the vase") is None  # things added, not pictures
    assert find_count("the two are different.") is None


def test_a_number_said_after_going_back_outranks_the_picture_complained_about(session, fixtures):
    session.send("a shop front in a market, evening", seed=1)
    session.send("make the sky more orange", seed=2)
    session.send("make it look like this painting", images=[fixtures / "painting.png"], seed=3)  # 3 painting, 4 restyle
    reply = session.send("Hmm no. This painting style is not good for business. Go back to number 2 please")
    assert reply.tool is None and session.current_image().handle == 2


def test_a_photo_introduced_without_is_and_shown_to_the_studio_is_a_bare_upload(session, fixtures):
    reply = session.send("Hello. This my dog, name Pepper. Next Saturday Pepper birthday. Me want make party invitation. "
                         "First, show you Pepper.", images=[fixtures / "dog.png"])
    assert reply.tool is None and reply.images == [] and session.current_image().handle == 1


def test_counts_said_on_the_pass_or_in_dialect_and_photos_listed_are_not_versions():
    assert find_count(normalise("Three on that, different angles, same plate same board. I'll pick"))[2] == 3
    assert find_count(normalise("Du us four o' them so she can pick one"))[2] == 4
    assert find_count(normalise("Gimme tree different one wid a sign over de stall"))[2] == 3
    assert find_count(normalise("Two pics: the hat first, then my dog Bruno. Pop the hat on Bruno please")) is None
    assert find_count("make 3 pictures: a fox, a wolf and a bear")[2] == 3
    assert find_count(normalise("add a tree of life to the corner")) is None


def test_spoken_spellings_and_a_digit_for_one_after_a_position(session):
    assert normalise("De firs one sign look de bes") == "the first one sign look the best"
    assert undo_then("wait wrng dog lol. take that back n make it a poodle") == "make it a poodle"
    made = session.send("a birthday invite with balloons, give me 3 options", seed=1)
    assert [image.handle for image in made.images] == [1, 2, 3]
    session.send("middle 1")
    assert session.current_image().handle == 2


def test_counts_made_for_someone_or_said_as_photos_or_candidates():
    assert find_count(normalise("Splendid. Give her three versions of that - morning, noon and lamplight - so she can choose."))[2] == 3
    assert find_count(normalise("Can thoo mak three photos o hid hangan on a hook, so he can pick?"))[2] == 3
    assert find_count(normalise("an old wooden ship. Three candidates, perhaps, so that I have something to compare?"))[2] == 3
    assert find_count("which of her three versions is brightest?") is None  # versions she has


def test_an_undo_said_in_orkney_then_a_change():
    said = "Na, thoo's gone ower far. Tak that back an just mak hid a peedie bit cloudy"
    assert undo_then(said) == "just make it a peedie bit cloudy"
