// libxml2's HTML parser. ICU support is switched off in the headers: Foundation ships its own ICU
// module, and the two definitions of UErrorCode would clash. hinbox hands libxml2 UTF-8 only.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
