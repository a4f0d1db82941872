/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pcap.c - the pcap/pcapng reader (libpcap underneath, our frame
 * parser and time arithmetic on top), through fuzz_trace_reader().
 */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_trace_reader(data, size, ".pcap", trace_pcap_open);
}
