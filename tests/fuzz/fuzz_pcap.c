/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pcap.c - the pcap/pcapng reader (libpcap underneath, our frame
 * parser and time arithmetic on top): every record read to the end, twice
 * (rewind), times never decreasing, never negative.
 */
#include "rxsim/engine.h"
#include "rxsim/trace.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512], err[1024];
	struct pkt_source src;
	struct trace_pkt p;
	int pass, rc;

	fuzz_file(data, size, ".pcap", path, sizeof(path));
	if (!trace_pcap_open(path, &src, err, sizeof(err))) {
		for (pass = 0; pass < 2; pass++) {
			sim_time_t last = 0;
			unsigned n = 0;

			while ((rc = src.ops->next(src.ctx, &p, err, sizeof(err))) > 0 && n++ < 100000) {
				if (p.t < last || p.t < 0)
					abort();
				last = p.t;
			}
			if (rc < 0 && strchr(err, '\n'))
				abort();
			if (src.ops->rewind(src.ctx, err, sizeof(err)))
				break;
		}
		src.ops->close(src.ctx);
	}
	unlink(path);
	return 0;
}
