// zlib's inflate, for GZIP-compressed Parquet pages (Debian: zlib1g-dev, pkg-config zlib).
#include <zlib.h>
