// libzstd's one-shot decompression, for ZSTD-compressed Parquet pages (Debian: libzstd-dev, pkg-config libzstd).
#include <zstd.h>
