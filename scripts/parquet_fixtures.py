#!/usr/bin/env python3
"""Write the Parquet test fixtures in Tests/Fixtures/parquet (committed, so tests need no Python).

Every codec x plain/dictionary pages x data page v1/v2, with nulls, several row groups, several
pages per chunk, Unicode text, timestamps (ms/us/ns) and dates, each beside a JSON twin holding
the same rows with every value as a string (exact for 64-bit integers). Plus inputs for the
article loader and for unsupported features.

    python3 -m venv ~/.cache/hinbox/parquet-venv && ~/.cache/hinbox/parquet-venv/bin/pip install pyarrow
    ~/.cache/hinbox/parquet-venv/bin/python scripts/parquet_fixtures.py
"""
import datetime as dt
import json
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "parquet"

TEXTS = [
    "Detainees at Guantánamo Bay were moved on Tuesday.",
    "日本語の記事です。東京で会議が開かれた。",
    "Emoji survive: 🙂🚀 and combining marks: e\u0301.",
    "مرحبا بالعالم — right-to-left text.",
    None,
    "Plain ASCII article number six.",
    "Ωμέγα and Ελληνικά.",
    "A longer paragraph. " * 12,
    "Repeated text",
    "Repeated text",
]


def table():
    n = len(TEXTS)
    base = dt.datetime(2024, 3, 1, 12, 30, 15, 123456, tzinfo=dt.timezone.utc)
    ts = [base + dt.timedelta(days=i * 37, seconds=i) if i % 4 != 3 else None for i in range(n)]
    return pa.table({
        "id": pa.array([f"art-{i:02d}" for i in range(n)], pa.string()),
        "title": pa.array([None if i == 2 else f"Title {i} — №{i}" for i in range(n)], pa.string()),
        "content": pa.array(TEXTS, pa.string()),
        "views": pa.array([i * 1_000_000_007 - 5 if i != 5 else None for i in range(n)], pa.int64()),
        "count32": pa.array([(-1) ** i * i * 1000 for i in range(n)], pa.int32()),
        "flag": pa.array([i % 3 == 0 for i in range(n)], pa.bool_()),
        "ts_ms": pa.array(ts, pa.timestamp("ms", tz="UTC")),
        "ts_us": pa.array(ts, pa.timestamp("us")),
        "ts_ns": pa.array([t.replace(tzinfo=None) if t else None for t in ts], pa.timestamp("ns")),
        "day": pa.array([t.date() if t else None for t in ts], pa.date32()),
    }, schema=pa.schema([
        pa.field("id", pa.string(), nullable=False),
        ("title", pa.string()), ("content", pa.string()), ("views", pa.int64()),
        pa.field("count32", pa.int32(), nullable=False), ("flag", pa.bool_()),
        ("ts_ms", pa.timestamp("ms", tz="UTC")), ("ts_us", pa.timestamp("us")),
        ("ts_ns", pa.timestamp("ns")), ("day", pa.date32()),
    ]))


def raw(column):
    """The stored integer of a temporal column, or the value itself, as a string."""
    t = column.type
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        column = column.cast(pa.int64() if pa.types.is_timestamp(t) else pa.int32())
    out = []
    for v in column.to_pylist():
        if v is None:
            out.append(None)
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        else:
            out.append(str(v))
    return out


def twin(t, path):
    cols = {name: raw(t.column(name).combine_chunks()) for name in t.column_names}
    rows = [{name: cols[name][i] for name in t.column_names} for i in range(t.num_rows)]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    t = table()
    twin(t, OUT / "rows.json")
    for codec in ["none", "snappy", "gzip", "zstd"]:
        for dictionary in [False, True]:
            for version in ["1.0", "2.0"]:
                name = f"rows-{codec}-{'dict' if dictionary else 'plain'}-v{version[0]}.parquet"
                pq.write_table(t, OUT / name, compression=codec, use_dictionary=dictionary,
                               data_page_version=version, row_group_size=4, data_page_size=128,
                               write_statistics=False, store_schema=False)

    # Unsupported: a list column beside readable ones, and LZ4 compression.
    nested = pa.table({"id": ["a", "b"], "content": ["text a", "text b"], "tags": [["x", "y"], []]})
    pq.write_table(nested, OUT / "nested-list.parquet", store_schema=False)
    pq.write_table(pa.table({"id": ["a"], "content": ["text"]}), OUT / "lz4.parquet", compression="lz4", store_schema=False)
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "content": pa.array([], pa.string())}),
                   OUT / "empty.parquet", store_schema=False)
    # Spark-style INT96 timestamps (nanoseconds since the epoch: 2023-05-17T23:59:00.000000123Z, null, 1969-12-31T00:00:00Z).
    pq.write_table(pa.table({"id": ["a", "b", "c"], "published_date": pa.array(
        [1_684_367_940_000_000_123, None, -86_400_000_000_000], pa.timestamp("ns"))}),
        OUT / "int96.parquet", use_deprecated_int96_timestamps=True, store_schema=False)
    pq.write_table(pa.table({"id": ["a", "b"], "views": pa.array([1, 2], pa.int64())}), OUT / "delta.parquet",
                   use_dictionary=False, column_encoding={"views": "DELTA_BINARY_PACKED"}, store_schema=False)

    # Article loader inputs: aliased names, Unix seconds, a row without text, an extra list column.
    pq.write_table(pa.table({
        "article_id": ["gtmo-1", "gtmo-2", "gtmo-3"],
        "headline": ["Hearing delayed at Guantánamo", "Court rules", "Empty one"],
        "article_url": ["https://example.org/1", None, None],
        "date": pa.array([1_700_000_000, None, 1_600_000_000], pa.int64()),
        "clean_text": ["The hearing at Guantánamo Bay was delayed again.", "The court ruled on Monday.", None],
        "tags": [["a"], ["b"], []],
    }), OUT / "articles-aliases.parquet", compression="snappy", store_schema=False)
    pq.write_table(pa.table({
        "id": ["d-1", "d-2"], "content": ["First text.", "Second text."],
        "date": pa.array([1_700_000_000, 1_600_000_000], pa.int64()),
    }), OUT / "articles-delta-date.parquet", use_dictionary=False,
        column_encoding={"date": "DELTA_BINARY_PACKED"}, store_schema=False)
    pq.write_table(pa.table({
        "id": ["ts-1", "ts-2"],
        "title": ["Timestamped", "Dated"],
        "published_date": pa.array([dt.datetime(2023, 5, 17, 23, 59, tzinfo=dt.timezone.utc), None], pa.timestamp("us", tz="UTC")),
        "date": pa.array([None, dt.date(2021, 2, 28)], pa.date32()),
        "content": ["An article with a timestamp.", "An article with only a date."],
    }), OUT / "articles-timestamps.parquet", compression="zstd", store_schema=False)

    # End-to-end input: the sample .md/.txt articles of data/ridgeport as rows, plus one row without text.
    root = OUT.parent.parent.parent / "data" / "ridgeport"
    rows = []
    for path in sorted(list(root.rglob("*.md")) + list(root.rglob("*.txt"))):
        lines = path.read_text(encoding="utf-8").splitlines()
        title = lines[0].lstrip("# ").strip()
        published = next((l.split(":", 1)[1].strip()[:10] for l in lines[1:4] if l.startswith("Published:")), None)
        body = "\n".join(l for l in lines[1:] if not l.startswith("Published:")).strip()
        rows.append((path.stem, title, published, body))
    rows.append(("no-text", "A row without text", None, None))
    pq.write_table(pa.table({
        "article_id": [r[0] for r in rows],
        "headline": [r[1] for r in rows],
        "published_date": pa.array([dt.datetime.fromisoformat(r[2]).replace(tzinfo=dt.timezone.utc) if r[2] else None for r in rows],
                                   pa.timestamp("ms", tz="UTC")),
        "clean_text": [r[3] for r in rows],
        "section": ["local"] * len(rows),
    }), OUT / "ridgeport-articles.parquet", compression="zstd", row_group_size=2, store_schema=False)


if __name__ == "__main__":
    main()
