/* The declaration only: libFuzzer (-sanitize=fuzzer) defines LLVMFuzzerRunDriver. */
#include "CFuzzerDriver.h"
