"""Pause Python's cyclic garbage collector while the command line reads, analyses or builds.

Only `xlplan.cli` uses this: it changes the whole process, which a program may choose for
itself but a library call must not do to its caller (a notebook, a web server).

Reading 10 000 actions creates millions of objects that all stay alive; the collector, run
every 700 allocations, walks them again and again (the oldest generation grows with the plan),
which made reading 25 % slower at 10 000 actions and growing. These functions make no
reference cycles worth collecting early; the collector runs as usual once they return.

The objects made meanwhile then go straight to the oldest generation (``gc.freeze()`` then
``gc.unfreeze()``, two constant-time list moves): otherwise the first young collection after the
block walks every one of them (25 ms after reading 10 000 actions) only to find them alive.
They stay collectable, in the next full collection; nothing is done if the program froze
objects itself (unfreezing would release its frozen ones).

`no_collection_at_exit`: as Python shuts down it collects once more (twice, in 3.11), walking
every object still alive — pydantic's schemas, click's commands, the plan — only to find them
alive or to free what the end of the process frees anyway: 20 ms of `xlplan report`'s 0.2 s.
The program's own entry point freezes them instead, the last thing before the shutdown starts.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Disable automatic collection inside the block (unless it was already disabled)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def no_collection_at_exit() -> None:
    """Freeze every object at the process's exit (`atexit`), so that the interpreter's last
    collections walk none of them. Cyclic garbage left then is not finalised (Python does not
    promise it is, at exit); the standard streams are flushed as usual. For the program's own
    entry point only: it changes how the whole process ends."""
    atexit.unregister(gc.freeze)  # (registered once, however many times the entry point runs)
    atexit.register(gc.freeze)
