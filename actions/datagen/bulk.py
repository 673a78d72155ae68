"""Bulk inserts in batches, with a progress bar on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator

from actions.datagen.scales import BATCH


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, out=sys.stderr):
        self.label, self.total, self.out = label, total, out
        self.done = 0
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.started
        self.out.write(
            f"\r{self.label:<18} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>10,}/{self.total:,} {elapsed:6.1f}s"
        )
        self.out.flush()

    def finish(self) -> float:
        self.out.write("\n")
        return time.perf_counter() - self.started


def _batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(label: str, model, total: int, rows: Iterable, out) -> float:
    progress = Progress(label, total, out)
    for batch in _batched(rows):
        model.objects.bulk_create(batch, batch_size=BATCH)
        progress.advance(len(batch))
    return progress.finish()
