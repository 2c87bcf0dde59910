"""Back/forward rules (plain Python)."""

from mbc_reader.ui.history import History, Place


def test_a_new_place_drops_the_forward_places():
    history = History()
    for name in "abc":
        history.push(Place(name))
    assert history.back() == Place("b")
    history.push(Place("d"))
    assert not history.can_go_forward()
    assert history.back() == Place("b")
    assert history.back() == Place("a")
    assert history.back() is None


def test_back_returns_to_the_section_being_read():
    history = History()
    history.push(Place("a"))
    history.update_current(Place("a", "symptoms"))
    history.push(Place("b"))
    assert history.back() == Place("a", "symptoms")
    assert history.forward() == Place("b")
