"""Two requests at once, interleaved at the worst moment, each on its own database connection.

`interleave(first, second, pause_in=(owner, "name"))` runs `first` in a thread until it calls
`owner.name` (the write a check was made for), then runs `second` to the end, then lets `first`
go on. If `first` holds a lock that `second` needs, `second` waits for it: `first` then goes on
after PAUSE seconds, as it would in real life. Tests using it need
`pytest.mark.django_db(transaction=True)`, so each thread sees what the other committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

PAUSE = 1.0


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None


def _run(function: Callable[[], object], outcome: Outcome, done: threading.Event) -> None:
    try:
        outcome.result = function()
    except BaseException as error:  # noqa: BLE001 - handed back to the test to assert on
        outcome.error = error
    finally:
        connections.close_all()
        done.set()


def interleave(
    monkeypatch, first: Callable[[], object], second: Callable[[], object], *, pause_in
) -> tuple[Outcome, Outcome]:
    """Run first up to pause_in, all of second, then the rest of first; their outcomes."""
    owner, name = pause_in
    original = getattr(owner, name)
    reached, second_done = threading.Event(), threading.Event()
    first_ident: list[int] = []

    def paused(*args, **kwargs):
        if threading.get_ident() in first_ident and not reached.is_set():
            reached.set()
            second_done.wait(timeout=PAUSE)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, paused)
    outcomes = Outcome(), Outcome()
    first_done = threading.Event()

    def run_first():
        first_ident.append(threading.get_ident())
        _run(first, outcomes[0], first_done)

    thread_first = threading.Thread(target=run_first)
    thread_first.start()
    # `first` may finish without reaching the pause (e.g. refused before writing).
    while not reached.wait(timeout=0.01) and not first_done.is_set():
        pass
    thread_second = threading.Thread(target=_run, args=(second, outcomes[1], second_done))
    thread_second.start()
    thread_first.join(timeout=30)
    thread_second.join(timeout=30)
    assert not thread_first.is_alive(), "deadlocked"
    assert not thread_second.is_alive(), "deadlocked"
    return outcomes
