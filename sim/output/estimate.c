/* SPDX-License-Identifier: MIT */
/*
 * estimate.c - memory and output a run will need, from the resolved
 * scenario alone, and the refusal when they pass the limits.
 *
 * Upper-side estimates of what dominates, not an accounting of every
 * allocation: a fixed allowance covers the small structures.  Refusing a
 * run that would have fitted costs a flag; starting one that exhausts the
 * memory or the disk after an hour costs the hour and maybe the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "rxsim/app.h"
#include "rxsim/cpu.h"
#include "rxsim/drop.h"
#include "rxsim/estimate.h"
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/traffic.h"

#define BASE_BYTES (16u << 20)	/* histograms, sockets, libraries */
#define POOL_MAX (1u << 20)	/* host.c caps the packet pool there */
#define FLOW_HASH_MAX (1u << 20)	/* traffic.c's per-flow hash cache */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static void part(struct estimate_part *v, int *n, uint64_t *total, uint64_t bytes,
		 const char *fmt, unsigned i)
{
	*total = sat_add(*total, bytes);
	if (!bytes || *n >= ESTIMATE_MAX_PARTS)
		return;
	snprintf(v[*n].key, sizeof(v[*n].key), fmt, i);
	v[*n].bytes = bytes;
	(*n)++;
}

/* Packets offered over the run, for outputs that grow with them. */
static uint64_t offered_packets(const struct scenario *sc)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < sc->n_traffic; i++) {
		const struct traffic_cfg *t = &sc->traffic[i];
		/* rate in millipackets/s; a replay or a profile counts as line rate */
		uint64_t mpps = t->rate > 0 ? (uint64_t)t->rate : 150000000000ULL;
		uint64_t s = (uint64_t)(sc->duration / SIM_MS) + 1;

		n = sat_add(n, sat_mul(mpps / 1000000 + 1, s));
	}
	return n;
}

void rxsim_estimate(const struct scenario *sc, const struct estimate_outputs *o,
		    struct estimate *e)
{
	uint64_t ncpus = (uint64_t)sc->host.cpus, pool = 256;
	uint32_t i;

	memset(e, 0, sizeof(*e));
	e->memory = BASE_BYTES;
	part(e->mem, &e->nmem, &e->memory, sat_mul(ncpus, sizeof(struct cpu) + 4096),
	     "/host/cpus", 0);
	for (i = 0; i < sc->n_nics; i++) {
		const struct nic_cfg *c = &sc->nics[i];
		uint64_t q = (uint64_t)c->queues, ring = (uint64_t)(c->rx_ring > 0 ? c->rx_ring : 4096);

		part(e->mem, &e->nmem, &e->memory,
		     sat_mul(q, sizeof(struct rxq) + ring * 2 * sizeof(void *)), "/nics/%u/queues",
		     i);
		pool = sat_add(pool, q * (ring + (uint64_t)c->rx_fifo / 64 + 64) +
				     (uint64_t)c->upstream_buffer / 64);
	}
	for (i = 0; i < sc->n_sockets; i++) {
		int64_t rb = sc->sockets[i].rcvbuf > 0 ? sc->sockets[i].rcvbuf * 2
						       : sc->host.sysctl.rmem_default;

		pool = sat_add(pool, (uint64_t)rb / 512 + 2);
	}
	part(e->mem, &e->nmem, &e->memory,
	     sat_mul(pool < POOL_MAX ? pool : POOL_MAX, sizeof(struct packet)),
	     "/nics/0/rx_ring", 0);
	for (i = 0; i < sc->n_apps; i++)
		part(e->mem, &e->nmem, &e->memory,
		     sat_mul((uint64_t)sc->apps[i].threads, sizeof(struct app_thread) + 4096),
		     "/apps/%u/threads", i);
	if (sc->host.sysctl.rps_sock_flow_entries > 0)
		part(e->mem, &e->nmem, &e->memory,
		     sat_mul((uint64_t)sc->host.sysctl.rps_sock_flow_entries, 2 * sizeof(uint32_t)),
		     "/host/sysctl/net.core.rps_sock_flow_entries", 0);
	for (i = 0; i < sc->n_traffic; i++) {
		const struct traffic_cfg *t = &sc->traffic[i];
		uint64_t flows = (uint64_t)t->flows, per = sizeof(struct traffic_src) / 64 + 1;

		/* an alias table (8 bytes a flow, 12 more while it is built) and
		 * the hash cache (4 bytes a flow) */
		if (strcmp(t->weights, "equal") && flows > 1)
			per += 20;
		if (flows <= FLOW_HASH_MAX)
			per += 4;
		part(e->mem, &e->nmem, &e->memory, sat_mul(flows, per), "/traffic/%u/flows", i);
	}
	if (o && o->timeseries) {
		/* every field printed as up to 20 digits and a comma */
		uint64_t row = 21 * (18 + DROP__N + ncpus * ACCT__N);
		uint64_t rows = (uint64_t)(sc->duration / sc->output.interval) + 2;

		part(e->out, &e->nout, &e->output, sat_mul(rows, row), "/output/interval", 0);
		e->output = sat_add(e->output, 1u << 20);	/* summary, latency CSV */
	}
	if (o && o->packets) {
		uint64_t n = offered_packets(sc) / (uint64_t)(sc->output.packet_sample > 0 ?
							      sc->output.packet_sample : 1);

		if (sc->output.packet_trace_max > 0 && n > (uint64_t)sc->output.packet_trace_max)
			n = (uint64_t)sc->output.packet_trace_max;
		part(e->out, &e->nout, &e->output, sat_mul(n, 200), "/output/packet_trace_max", 0);
	}
	if (o && o->timeline) {
		uint64_t samples = (uint64_t)(sc->output.trace_for / sc->output.counter_interval) + 1;

		/* counters per sample and CPU, and the slices in the window */
		part(e->out, &e->nout, &e->output,
		     sat_mul(sat_mul(samples, ncpus), 400), "/output/counter_interval", 0);
		part(e->out, &e->nout, &e->output,
		     sat_mul(sat_mul((uint64_t)(sc->output.trace_for / SIM_US) + 1, ncpus), 400),
		     "/output/trace_for", 0);
	}
}

static int by_size(const void *a, const void *b)
{
	const struct estimate_part *x = a, *y = b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

/* "1.5 GiB": an estimate needs no more digits than that */
static char *human(uint64_t b, char *buf, size_t len)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)b;
	int u = -1;

	if (b < 1024) {
		snprintf(buf, len, "%u B", (unsigned)b);
		return buf;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

/* "what estimated at N exceeds --OPT M; mostly from KEY (N), ..." into @err */
static void refuse(const struct scenario *sc, const char *what, const char *opt, uint64_t total,
		   uint64_t limit, struct estimate_part *v, int n, struct rxsim_err *err)
{
	char a[32], b[32], c[32];
	size_t off;
	int i;

	qsort(v, (size_t)n, sizeof(*v), by_size);
	off = (size_t)snprintf(err->msg, sizeof(err->msg),
			       "%s: %s estimated at %s exceeds %s %s; mostly from", sc->file,
			       what, human(total, a, sizeof(a)), opt, human(limit, b, sizeof(b)));
	for (i = 0; i < n && i < 3 && off < sizeof(err->msg); i++) {
		if (i && v[i].bytes * 10 < total)
			break;	/* name what weighs, not the crumbs */
		off += (size_t)snprintf(err->msg + off, sizeof(err->msg) - off, "%s %s (%s)",
					i ? "," : "", v[i].key, human(v[i].bytes, c, sizeof(c)));
	}
}

int rxsim_check_limits(const struct scenario *sc, const struct estimate *e,
		       uint64_t max_memory, uint64_t max_output, struct rxsim_err *err)
{
	struct estimate copy = *e;

	if (max_memory && e->memory > max_memory) {
		refuse(sc, "memory", "--max-memory", e->memory, max_memory, copy.mem, copy.nmem,
		       err);
		return RXSIM_EINPUT;
	}
	if (max_output && e->output > max_output) {
		refuse(sc, "output", "--max-output", e->output, max_output, copy.out, copy.nout,
		       err);
		return RXSIM_EINPUT;
	}
	return 0;
}

uint64_t rxsim_default_max_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size / 2 : 0;
}

uint64_t rxsim_default_max_output(const char *dir)
{
	struct statvfs vfs;

	if (statvfs(dir && *dir ? dir : ".", &vfs))
		return 0;
	return (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize / 2;
}
