/* SPDX-License-Identifier: MIT */
/*
 * fuzz_replay.c - a fuzzed capture replayed through a host for 2 ms of
 * simulated time: whatever frames it holds (IPv4 fragments included, into
 * reassembly with its duplicate, overlap and end checks) must leave every
 * stage's conservation intact, and every error must be one line.
 */
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rxsim_run r;
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
	rc = rxsim_run(&r, &sc, NULL, &err);
	if (rc == RXSIM_EINTERNAL && strstr(err.msg, "conservation"))
		FUZZ_FAIL("a model lost or invented a packet: %s", err.msg);
	if (rc && strchr(err.msg, '\n'))
		FUZZ_FAIL("a multi-line message: [%s]", err.msg);
	rxsim_run_free(&r);
	scenario_free(&sc);
	unlink(path);
	return 0;
}
