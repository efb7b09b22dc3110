// glibc's mallopt, for the command-line tool's memory tuning (Sources/JixiaoCLI/JixiaoCommand.swift).
#include <malloc.h>
