/* SPDX-License-Identifier: MIT */
/*
 * fuzz_run.c - a fuzzed scenario that loads is run for 200 us of simulated
 * time, so that the models' assertions, the engine's and the conservation
 * check at every stage are fuzzed too.  A broken invariant (exit 3 in the
 * CLI) is a crash here.
 *
 * Scenarios too large for a fuzzer's pace are skipped, not run: many
 * flows, CPUs or threads, offered loads of more than a few thousand
 * packets in 200 us, trace replay (its readers have their own targets; a
 * path could name a FIFO).
 */
#include "rxsim/estimate.h"
#include "fuzz_run_util.h"

static const char *const sets[] = { "duration=200us", "warmup=0s" };

static int too_big(const struct scenario *sc)
{
	uint32_t i;

	if (sc->host.cpus > 16 || sc->n_nics > 4 || sc->n_traffic > 8 || sc->n_apps > 16)
		return 1;
	for (i = 0; i < sc->n_nics; i++)
		if (sc->nics[i].queues > 16)
			return 1;
	for (i = 0; i < sc->n_apps; i++)
		if (sc->apps[i].threads > 16)
			return 1;
	for (i = 0; i < sc->n_traffic; i++) {
		const struct traffic_cfg *t = &sc->traffic[i];

		if (t->replay.file[0] || t->flows > 100000 || t->rate > 50000000000LL ||
		    t->rate_profile[0] || t->mmpp.rates[0] || t->train > 64)
			return 1;
	}
	return 0;
}

/* what `rxsim run` would refuse with --max-memory 64MiB */
static int over_limits(const struct scenario *sc)
{
	struct estimate e;
	struct rxsim_err err;

	rxsim_estimate(sc, NULL, &e);
	return rxsim_check_limits(sc, &e, 64u << 20, 0, &err) != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario sc;
	struct rxsim_err err = { { 0 } };
	char *text = fuzz_str(data, size);	/* the loader takes a C string */
	int rc;

	rc = scenario_load_buffer("fuzz.json", text, size, sets, 2, &sc, &err);
	free(text);
	if (rc)
		return 0;
	if (!too_big(&sc) && !over_limits(&sc))
		fuzz_run_checked(&sc);
	scenario_free(&sc);
	return 0;
}
