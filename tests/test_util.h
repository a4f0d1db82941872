/* SPDX-License-Identifier: MIT */
/*
 * test_util.h - what the unit tests share for loading and running a
 * scenario: a scenario from inline JSON or a shipped file (tu_*), and a
 * model (a scenario with its simulation) that a test either runs to the end
 * through rxsim_run(), the path the CLI uses, or builds, starts and steps by
 * hand to look at the state at a chosen instant; plus the accessors and the
 * conservation check the tests use on it.
 *
 * mq_util.h adds packet injection for the steering tests and out_util.h the
 * captured outputs, summary lookups and CSV parsing; both build on this.
 *
 * Header-only (static inline) so that each test stays one source file and
 * one executable linked with rxsim_core, as tests/CMakeLists.txt builds them.
 *
 * JSON is written with single quotes in the tests for readability; the
 * helpers turn every ' into " before parsing (no scenario here needs a
 * literal apostrophe).
 */
#ifndef RXSIM_TESTS_TEST_UTIL_H
#define RXSIM_TESTS_TEST_UTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* white-box tests look at every component's state */
#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/sock.h"
#include "rxsim/softirq.h"
#include "rxsim/traffic.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

/* ---- scenarios ------------------------------------------------------------ */

/* @fmt with @ap (printf-style, single-quoted JSON) as JSON text; free() it. */
static inline char *tu_vjson(const char *fmt, va_list ap)
{
	va_list aq;
	char *buf;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	ck_assert_int_ge(n, 0);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	for (char *s = buf; *s; s++)
		if (*s == '\'')
			*s = '"';
	return buf;
}

/* Load @sc from @fmt with --set style overrides; the test fails unless it
 * loads.  scenario_free() it. */
static inline void tu_vload(struct scenario *sc, const char *const *sets, int nsets,
			    const char *fmt, va_list ap)
{
	struct rxsim_err err = { { 0 } };
	char *buf = tu_vjson(fmt, ap);
	int rc = scenario_load_buffer("<test>", buf, strlen(buf), sets, nsets, sc, &err);

	if (rc)
		ck_abort_msg("scenario did not load (%d): %s\n%s", rc, err.msg, buf);
	free(buf);
}

/* A shipped scenario, by its path under the source tree. */
static inline void tu_load_file(struct scenario *sc, const char *rel, const char *const *sets,
				int nsets)
{
	struct rxsim_err err = { { 0 } };
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", RXSIM_SOURCE_DIR, rel);
	rc = scenario_load(path, sets, nsets, sc, &err);
	if (rc)
		ck_abort_msg("%s did not load (%d): %s", path, rc, err.msg);
}

/* A scenario alone (no simulation), from single-quoted JSON: for tests
 * of the parts that take a scenario, such as the traffic generators. */
static inline struct scenario *tu_load(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline struct scenario *tu_load(const char *fmt, ...)
{
	struct scenario *sc = calloc(1, sizeof(*sc));
	va_list ap;

	ck_assert_ptr_nonnull(sc);
	va_start(ap, fmt);
	tu_vload(sc, NULL, 0, fmt, ap);
	va_end(ap);
	return sc;
}

static inline void tu_unload(struct scenario *sc)
{
	scenario_free(sc);
	free(sc);
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

/* ---- a model: a scenario and its simulation ------------------------------- */

struct model {
	struct scenario sc;
	struct rxsim_run r;	/* r.sim and r.host: the simulation */
	bool started;		/* r holds a host to free */
};

/* Parse @fmt (printf-style, single-quoted JSON) with --set style overrides. */
static inline struct model *model_load_sets(const char *const *sets, int nsets,
					    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline struct model *model_load_sets(const char *const *sets, int nsets,
					    const char *fmt, ...)
{
	struct model *m = calloc(1, sizeof(*m));
	va_list ap;

	ck_assert_ptr_nonnull(m);
	va_start(ap, fmt);
	tu_vload(&m->sc, sets, nsets, fmt, ap);
	va_end(ap);
	return m;
}

#define model_load(...) model_load_sets(NULL, 0, __VA_ARGS__)

/* A shipped scenario, by its path under the source tree. */
static inline struct model *model_load_file(const char *rel, const char *const *sets,
					    int nsets)
{
	struct model *m = calloc(1, sizeof(*m));

	ck_assert_ptr_nonnull(m);
	tu_load_file(&m->sc, rel, sets, nsets);
	return m;
}

/* Build the host and start it, as rxsim_run() does, but do not run. */
static inline void model_start(struct model *m)
{
	struct rxsim_run *r = &m->r;
	char msg[256];

	memset(r, 0, sizeof(*r));
	r->sc = &m->sc;
	ck_assert_int_eq(sim_init(&r->sim, (uint64_t)m->sc.seed), 0);
	ck_assert_int_eq(host_setup(&r->host, &r->sim, &m->sc, msg, sizeof(msg)), 0);
	m->started = true;
	host_start(&r->host);
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

/* The whole run through rxsim_run() (which also checks conservation), with
 * the outputs in @out (NULL: none). */
static inline void model_run_outputs(struct model *m, const struct rxsim_outputs *out)
{
	struct rxsim_err err = { { 0 } };
	int rc = rxsim_run(&m->r, &m->sc, out, &err);

	m->started = true;
	if (rc)
		ck_abort_msg("rxsim_run failed (%d): %s", rc, err.msg);
}

static inline void model_run(struct model *m)
{
	model_run_outputs(m, NULL);
}

/* Free what @m holds, not @m itself (for a model inside another struct). */
static inline void model_release(struct model *m)
{
	if (m->started)
		rxsim_run_free(&m->r);
	scenario_free(&m->sc);
}

static inline void model_free(struct model *m)
{
	model_release(m);
	free(m);
}

static inline struct host *model_host(struct model *m)
{
	return &m->r.host;
}

static inline struct cpu *model_cpu(struct model *m, int i)
{
	ck_assert_int_lt(i, m->r.host.ncpus);
	return &m->r.host.cpus[i];
}

static inline struct rxq *model_rxq(struct model *m, int i)
{
	return m->r.host.rxqs[i];
}

#endif
