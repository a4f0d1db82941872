/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c - the scenario loader on any bytes: JSON syntax, types,
 * units, cross-references.  A rejection must be one line of message; an
 * accepted scenario must be resolved (every "auto" filled) and free cleanly.
 */
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	char *text = fuzz_str(data, size);	/* the loader takes a C string */
	int rc = scenario_load_buffer("fuzz.json", text, size, NULL, 0, &sc, &err);

	if (rc) {
		if (!err.msg[0] || strchr(err.msg, '\n'))	/* errors are one line */
			FUZZ_FAIL("an empty or multi-line message: [%s]", err.msg);
	} else {
		if (sc.duration <= 0 || sc.warmup >= sc.duration || !sc.n_nics)
			FUZZ_FAIL("accepted without a valid duration, warmup or NIC");
		scenario_free(&sc);
	}
	free(text);
	return 0;
}
