/* SPDX-License-Identifier: MIT */
/*
 * fuzz_replay.c - a fuzzed capture replayed through a host for 2 ms of
 * simulated time: whatever frames it holds (IPv4 fragments included, into
 * reassembly with its duplicate, overlap and end checks) must leave every
 * stage's conservation intact, and every error must be one line.
 */
#include "fuzz_run_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	char path[512], json[1024];
	int rc;

	fuzz_file(data, size, ".pcap", path, sizeof(path));
	snprintf(json, sizeof(json),
		 "{ \"duration\": \"2ms\", \"host\": { \"cpus\": 2 },"
		 " \"nics\": [{ \"name\": \"eth0\", \"queues\": 2, \"irq_affinity\": [0, 1] }],"
		 " \"sockets\": [{ \"name\": \"s\", \"port\": 9000 }],"
		 " \"apps\": [{ \"socket\": \"s\", \"cpu\": 1 }],"
		 " \"traffic\": [{ \"replay\": { \"file\": \"%s\", \"rate\": \"1Mpps\" } }] }",
		 path);
	rc = scenario_load_buffer("fuzz.json", json, strlen(json), NULL, 0, &sc, &err);
	if (rc) {
		if (strchr(err.msg, '\n'))
			FUZZ_FAIL("a multi-line message: [%s]", err.msg);
		unlink(path);
		return 0;
	}
	fuzz_run_checked(&sc);
	scenario_free(&sc);
	unlink(path);
	return 0;
}
