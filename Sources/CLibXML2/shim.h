/* libxml2's SAX2 push parser for the XLSX reader. Its ICU-enabled build would pull ICU headers
 * that clash with Foundation's: the XLSX parts need no ICU conversion, so it is switched off
 * here, after the version header and before the rest. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
