#!/usr/bin/env python3
"""Write a large Parquet file of synthetic news articles for scripts/bench/parquet.sh.

Rows: article_id, headline, published_date (TIMESTAMP ms), url, clean_text (~3.5 KB of words
from a fixed vocabulary, seeded), section. Written one row group at a time with pyarrow's
ParquetWriter, so the generator's own memory stays small; stops once the file reaches --mb.

    python gen_parquet.py --out big.parquet --mb 200 [--rows-per-group 5000] [--compression snappy]
"""
import argparse
import datetime as dt
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

WORDS = ("council water authority river plant residents mayor court hearing report county state federal "
         "inspector agency contract budget vote million pipeline contamination samples health department "
         "officials said Tuesday statement investigation lawsuit emergency workers families neighborhood "
         "school hospital police bridge road election senator committee testimony documents records").split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--rows-per-group", type=int, default=5000)
    parser.add_argument("--compression", default="snappy")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # Random suffixes keep the text from compressing away entirely, like real prose.
    vocab = WORDS + [f"{rng.choice(WORDS)}{rng.randint(0, 99999)}" for _ in range(20000)]
    schema = pa.schema([("article_id", pa.string()), ("headline", pa.string()),
                        ("published_date", pa.timestamp("ms", tz="UTC")), ("url", pa.string()),
                        ("clean_text", pa.string()), ("section", pa.string())])
    base = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    row = 0
    with pq.ParquetWriter(args.out, schema, compression=args.compression) as writer:
        while True:
            n = args.rows_per_group
            ids = [f"bench-{row + i:07d}" for i in range(n)]
            texts = [" ".join(rng.choices(vocab, k=450)) + "." for _ in range(n)]
            writer.write_table(pa.table({
                "article_id": ids,
                "headline": [" ".join(rng.choices(WORDS, k=7)).capitalize() for _ in range(n)],
                "published_date": [base + dt.timedelta(hours=row + i) for i in range(n)],
                "url": [f"https://news.example/{i}" for i in ids],
                "clean_text": texts,
                "section": [rng.choice(["local", "courts", "politics"]) for _ in range(n)],
            }, schema=schema), row_group_size=n)
            row += n
            if os.path.getsize(args.out) >= args.mb * 1024 * 1024:
                break
    print(f"{args.out}: {row} rows, {os.path.getsize(args.out) / 1048576:.1f} MB")


if __name__ == "__main__":
    main()
