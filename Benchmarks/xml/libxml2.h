// The libxml2 headers for Benchmarks/xml/parsers.swift (compiled with -import-objc-header).
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
