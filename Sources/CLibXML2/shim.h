#include <libxml/xmlversion.h>
// libxml2's ICU headers clash with those Foundation brings in; the HTML parser needs none of ICU.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
