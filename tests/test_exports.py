"""The shared CSV writer streams in chunks; the file is the same whatever the chunk size."""

import csv
import datetime
import io

from core import exports
from core.exports import Column, csv_response

COLUMNS = [Column("ID", "number"), Column("Text"), Column("Due", "date")]


def rows(n):
    for i in range(n):
        yield (i, f'Row {i}, with "quotes"\nand a line break', datetime.date(2026, 1, 1 + i % 28))


def read(response):
    chunks = [c.decode("utf-8") for c in response.streaming_content]
    return chunks, list(csv.reader(io.StringIO("".join(chunks).removeprefix("\ufeff"))))


def test_rows_split_across_chunks_read_back_whole(monkeypatch):
    monkeypatch.setattr(exports, "CSV_CHUNK_CHARS", 200)
    chunks, table = read(csv_response("x", COLUMNS, rows(50)))
    assert len(chunks) > 10  # streamed in pieces, not all at once
    assert all(len(chunk) < 400 for chunk in chunks)
    assert table[0] == ["ID", "Text", "Due"]
    assert len(table) == 51
    assert table[50] == ["49", 'Row 49, with "quotes"\nand a line break', "2026-01-22"]


def test_default_chunks_are_few_and_large():
    chunks, table = read(csv_response("x", COLUMNS, rows(5000)))
    assert len(table) == 5001
    assert len(chunks) < 10  # one socket write per ~64 kB, not one per row


def test_times_are_written_in_local_time(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)
    _, table = read(csv_response("x", [Column("At", "datetime"), Column("Note")], [(summer, None)]))
    assert table[1] == ["2026-07-01T09:30:00+01:00", ""]
