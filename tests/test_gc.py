"""The collector pause around read, analyze and build (`xlplan._gc`)."""

from __future__ import annotations

import gc

from xlplan._gc import paused


def test_the_collector_is_paused_inside_and_back_after() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    # What the block made went to the oldest generation: no young collection walks it again.
    assert all(gc.is_tracked(x) for x in made)
    assert gc.get_count()[0] < 1000


def test_a_program_that_froze_objects_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            pass
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_program_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
