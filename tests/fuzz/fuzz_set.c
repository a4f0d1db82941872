/* SPDX-License-Identifier: MIT */
/*
 * fuzz_set.c - --set PATH=VALUE on a valid scenario: each line of the
 * input is one --set.  Paths into arrays, objects created on the way,
 * values parsed as JSON or kept as text.
 */
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "fuzz_util.h"

static const char base[] =
	"{ \"nics\": [{ \"name\": \"eth0\", \"queues\": 2 }],"
	"  \"sockets\": [{ \"name\": \"s\", \"port\": 9000 }],"
	"  \"apps\": [{ \"name\": \"a\", \"socket\": \"s\", \"cpu\": 1 }],"
	"  \"traffic\": [{ \"rate\": \"1Mpps\", \"dst_port\": 9000 }] }";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *line, *save = NULL;
	const char *sets[8];
	int n = 0;
	struct scenario sc;
	struct rxsim_err err = { { 0 } };

	for (line = strtok_r(s, "\n", &save); line && n < 8; line = strtok_r(NULL, "\n", &save))
		sets[n++] = line;
	if (!scenario_load_buffer("base.json", base, strlen(base), sets, n, &sc, &err))
		scenario_free(&sc);
	else if (!err.msg[0] || strchr(err.msg, '\n'))
		FUZZ_FAIL("an empty or multi-line message: [%s]", err.msg);
	free(s);
	return 0;
}
