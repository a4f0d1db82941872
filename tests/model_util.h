/* SPDX-License-Identifier: MIT */
/*
 * model_util.h - helpers for the model tests (tests/test_model_*.c): build a
 * scenario from a JSON string, run it to the end (through rxsim_run(), the
 * path the CLI uses) or step it (the same sequence by hand, so a test can
 * look at the state at a chosen instant).
 *
 * Header-only (static inline) so that each test stays one source file and
 * one executable linked with rxsim_core, as tests/CMakeLists.txt builds them.
 *
 * JSON is written with single quotes in the tests for readability; the
 * helper turns every ' into " before parsing (no scenario here needs a
 * literal apostrophe).
 */
#ifndef RXSIM_TESTS_MODEL_UTIL_H
#define RXSIM_TESTS_MODEL_UTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/host.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

struct model {
	struct scenario sc;
	struct rxsim_run r;	/* r.sim and r.host: the simulation */
	bool started;
};

/* Parse @fmt (printf-style, single-quoted JSON) with --set style overrides. */
static inline struct model *model_load_sets(const char *const *sets, int nsets,
					    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline struct model *model_load_sets(const char *const *sets, int nsets,
					    const char *fmt, ...)
{
	struct model *m = calloc(1, sizeof(*m));
	struct rxsim_err err = { { 0 } };
	va_list ap;
	char *buf;
	int n, rc;

	ck_assert_ptr_nonnull(m);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (char *s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	rc = scenario_load_buffer("<test>", buf, (size_t)n, sets, nsets, &m->sc, &err);
	if (rc)
		ck_abort_msg("scenario did not load (%d): %s\n%s", rc, err.msg, buf);
	free(buf);
	return m;
}

#define model_load(...) model_load_sets(NULL, 0, __VA_ARGS__)

/* Build the host and start it, as rxsim_run() does, but do not run. */
static inline void model_start(struct model *m)
{
	struct rxsim_run *r = &m->r;

	memset(r, 0, sizeof(*r));
	r->sc = &m->sc;
	ck_assert_int_eq(sim_init(&r->sim, (uint64_t)m->sc.seed), 0);
	ck_assert_int_eq(host_setup(&r->host, &r->sim, &m->sc), 0);
	r->sim.end = m->sc.duration;
	host_start(&r->host);
	m->started = true;
}

/* Run events up to @t (inclusive) and bring lazily kept state (CPU
 * accounting, completed DMA) up to date, as every reader of counters must. */
static inline void model_until(struct model *m, sim_time_t t)
{
	sim_run_until(&m->r.sim, t);
	host_sync(&m->r.host);
}

static inline void model_assert_conserved(struct model *m)
{
	char msg[512];

	if (host_check_conservation(&m->r.host, msg, sizeof(msg)))
		ck_abort_msg("conservation broken: %s", msg);
}

/* The whole run through rxsim_run() (which also checks conservation). */
static inline void model_run(struct model *m)
{
	struct rxsim_err err = { { 0 } };
	int rc = rxsim_run(&m->r, &m->sc, NULL, &err);

	if (rc)
		ck_abort_msg("rxsim_run failed (%d): %s", rc, err.msg);
	m->started = true;
}

static inline void model_free(struct model *m)
{
	if (m->started)
		rxsim_run_free(&m->r);
	scenario_free(&m->sc);
	free(m);
}

static inline struct host *model_host(struct model *m)
{
	return &m->r.host;
}

static inline struct cpu *model_cpu(struct model *m, int i)
{
	return &m->r.host.cpus[i];
}

static inline struct rxq *model_rxq(struct model *m, int i)
{
	return m->r.host.rxqs[i];
}

/* A cost from its scenario text, for tests that patch a loaded scenario. */
static inline struct cost model_cost(const char *text)
{
	struct cost c;
	const char *why = NULL;

	if (cost_parse(text, &c, &why))
		ck_abort_msg("cost \"%s\": %s", text, why ? why : "?");
	return c;
}

#endif
