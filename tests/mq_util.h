/* SPDX-License-Identifier: MIT */
/*
 * mq_util.h - helpers for the multi-queue tests (test_rss, test_backlog,
 * test_rfs, test_multiqueue): build a host from a scenario written inline,
 * drive the steering functions directly with packets from the host's pool,
 * or run the whole simulation through rxsim_run() as the CLI does.
 *
 * Header-only (static inline) so that each test stays one source file and
 * one executable.  JSON is written with single quotes for readability;
 * every ' becomes " before parsing.
 */
#ifndef RXSIM_TESTS_MQ_UTIL_H
#define RXSIM_TESTS_MQ_UTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/host.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

struct mq {
	struct scenario sc;
	struct rxsim_run r;	/* r.sim and r.host: the simulation */
	bool started;
};

static inline struct mq *mq_load(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline struct mq *mq_load(const char *fmt, ...)
{
	struct mq *m = calloc(1, sizeof(*m));
	struct rxsim_err err;
	va_list ap;
	char *buf;
	int n, rc;

	ck_assert_ptr_nonnull(m);
	memset(&err, 0, sizeof(err));
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
	rc = scenario_load_buffer("<test>", buf, (size_t)n, NULL, 0, &m->sc, &err);
	if (rc)
		ck_abort_msg("scenario did not load (%d): %s\n%s", rc, err.msg, buf);
	free(buf);
	return m;
}

/* A shipped scenario, by its path under the source tree. */
static inline struct mq *mq_load_file(const char *rel, const char *const *sets, int nsets)
{
	struct mq *m = calloc(1, sizeof(*m));
	struct rxsim_err err;
	char path[4096];
	int rc;

	ck_assert_ptr_nonnull(m);
	memset(&err, 0, sizeof(err));
	snprintf(path, sizeof(path), "%s/%s", RXSIM_SOURCE_DIR, rel);
	rc = scenario_load(path, sets, nsets, &m->sc, &err);
	if (rc)
		ck_abort_msg("%s did not load (%d): %s", path, rc, err.msg);
	return m;
}

/* Build the host and start it, as rxsim_run() does, without running. */
static inline void mq_start(struct mq *m)
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

/* Run events up to @t and bring lazily kept state up to date. */
static inline void mq_until(struct mq *m, sim_time_t t)
{
	sim_run_until(&m->r.sim, t);
	host_sync(&m->r.host);
}

/* The whole run through rxsim_run() (which also checks conservation). */
static inline void mq_run(struct mq *m)
{
	struct rxsim_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = rxsim_run(&m->r, &m->sc, NULL, &err);
	m->started = true;
	if (rc)
		ck_abort_msg("rxsim_run failed (%d): %s", rc, err.msg);
}

static inline void mq_free(struct mq *m)
{
	if (m->started)
		rxsim_run_free(&m->r);
	scenario_free(&m->sc);
	free(m);
}

static inline struct host *mq_host(struct mq *m)
{
	return &m->r.host;
}

static inline struct cpu *mq_cpu(struct mq *m, int i)
{
	ck_assert_int_lt(i, m->r.host.ncpus);
	return &m->r.host.cpus[i];
}

/* A UDP packet from the host's pool with skb->hash = @hash, as if the NIC
 * had hashed it; dport 9 (discard), which the tests bind no socket to. */
static inline struct packet *mq_pkt(struct mq *m, uint32_t hash)
{
	struct packet *p = host_packet_alloc(&m->r.host);

	memset(p, 0, sizeof(*p));
	p->hash = hash;
	p->size = 64;
	p->truesize = 768;
	p->tuple.family = FLOW_IPV4;
	p->tuple.proto = FLOW_UDP;
	p->tuple.saddr[0] = 10;
	p->tuple.saddr[3] = 1;
	p->tuple.daddr[0] = 10;
	p->tuple.daddr[3] = 2;
	p->tuple.sport = 1024;
	p->tuple.dport = 9;
	p->t_offered = p->t_nic = p->t_ring = p->t_poll = m->r.sim.now;
	return p;
}

/* Packets queued in a CPU's backlog (input_pkt_queue + process_queue). */
static inline uint32_t mq_backlog(struct mq *m, int cpu)
{
	return backlog_queued(&mq_cpu(m, cpu)->sd);
}

static inline void mq_assert_conserved(struct mq *m)
{
	char msg[512];

	if (host_check_conservation(&m->r.host, msg, sizeof(msg)))
		ck_abort_msg("conservation broken: %s", msg);
}

#endif
