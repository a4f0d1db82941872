/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv_trace.c - the CSV trace reader (header, time units, addresses,
 * ports, comments), through fuzz_trace_reader().
 */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_trace_reader(data, size, ".csv", trace_csv_open);
}
