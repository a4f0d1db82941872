/* SPDX-License-Identifier: MIT */
/*
 * host.c - builds the model graph of one host from a resolved scenario,
 * owns the packet pool, and checks conservation at every stage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/alloc.h"
#include "rxsim/app.h"
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/napi.h"
#include "rxsim/netfilter.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/rng.h"
#include "rxsim/sock.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"
#include "rxsim/vdev.h"
#include "rxsim/xdp.h"

const char *const lat_names[] = {
	"e2e", "wire_to_ring", "ring_to_poll", "poll_to_sock", "sock_to_read",
};
_Static_assert(sizeof(lat_names) / sizeof(lat_names[0]) == LAT__N,
	       "lat_names must cover its enum");

struct packet *host_packet_alloc(struct host *h)
{
	struct packet *p = pool_get(&h->pkts);

	if (!p)
		sim_oom("the packet pool");
	return p;
}

void host_drop_at(struct host *h, struct packet *p, enum drop_place where, sim_time_t t)
{
	h->drops[where]++;
	if (h->hooks) {
		h->hooks->instant(h->hooks->ctx, -1, drop_info[where].key, t);
		h->hooks->packet_done(h->hooks->ctx, p, (int)where, t);
	}
	pool_put(&h->pkts, p);
}

void host_drop(struct host *h, struct packet *p, enum drop_place where)
{
	host_drop_at(h, p, where, h->sim->now);
}

static inline void deliver(struct host *h, struct packet *p)
{
	sim_time_t now = h->sim->now;

	h->delivered++;
	if (p->t_offered >= h->sc->warmup) {
		hist_record(&h->lat[LAT_E2E], now - p->t_offered);
		hist_record(&h->lat[LAT_WIRE_TO_RING], p->t_ring - p->t_offered);
		hist_record(&h->lat[LAT_RING_TO_POLL], p->t_poll - p->t_ring);
		hist_record(&h->lat[LAT_POLL_TO_SOCK], p->t_sock - p->t_poll);
		hist_record(&h->lat[LAT_SOCK_TO_READ], now - p->t_sock);
	}
	if (h->lat_interval)
		hist_record(h->lat_interval, now - p->t_offered);
	if (h->hooks)
		h->hooks->packet_done(h->hooks->ctx, p, -1, now);
	pool_put(&h->pkts, p);
}

void host_deliver(struct host *h, struct packet *p)
{
	h->udp.InDatagrams++;
	deliver(h, p);
}

void host_deliver_tcp(struct host *h, struct packet *p)
{
	deliver(h, p);
}

static void hog_run(struct cpu *c, struct exec *ex)
{
	/* Always runnable: ask for CPU in long chunks; preemption splits them. */
	cpu_charge(c, ex, SIM_S, hog_run);
}

static uint64_t pool_bound(const struct scenario *sc)
{
	uint64_t n = 256;
	uint32_t i;

	for (i = 0; i < sc->n_nics; i++) {
		const struct nic_cfg *c = &sc->nics[i];

		n += (uint64_t)c->queues * ((uint64_t)c->rx_ring + (uint64_t)c->rx_fifo / 64 + 64);
		n += (uint64_t)c->upstream_buffer / 64 + 2;
	}
	for (i = 0; i < sc->n_sockets; i++) {
		int64_t rb = sc->sockets[i].rcvbuf > 0 ? sc->sockets[i].rcvbuf * 2
						       : sc->host.sysctl.rmem_default;

		n += (uint64_t)rb / 512 + 2;
	}
	for (i = 0; i < sc->n_apps; i++)
		n += (uint64_t)sc->apps[i].threads;
	n += ip_frags_pool_bound(sc);
	/* TCP: what a few connections' buffers hold; the pool grows beyond */
	for (i = 0; i < sc->n_traffic; i++)
		if (sc->traffic[i].tcp_sender)
			n += (uint64_t)sc->host.sysctl.tcp_rmem_v[2] / 1024;
	return n < (1u << 20) ? n : (1u << 20);
}

int host_setup(struct host *h, struct sim *sim, const struct scenario *sc, char *msg,
	       size_t len)
{
	int i, j, k;
	uint32_t a;

	memset(h, 0, sizeof(*h));
	snprintf(msg, len, "out of memory building the model");
	h->sim = sim;
	sim->ctx = h;
	h->sc = sc;
	h->kver = sc->kernel;
	h->hz = host_hz(&sc->host);
	h->tick = SIM_S / h->hz;
	h->sched_latency = sc->host.sched.latency;
	h->sched_min_gran = sc->host.sched.min_granularity;
	h->sched_wakeup_gran = sc->host.sched.wakeup_granularity;
	h->budget_usecs = sc->host.sysctl.netdev_budget_usecs;
	for (i = 0; i < LAT__N; i++)
		hist_init(&h->lat[i]);
	if (pool_init(&h->pkts, sizeof(struct packet), pool_bound(sc)))
		return -1;

	h->ncpus = (int)sc->host.cpus;
	h->cpus = calloc((size_t)h->ncpus, sizeof(*h->cpus));
	if (!h->cpus)
		return -1;
	for (i = 0; i < h->ncpus; i++)
		if (cpu_init(h, &h->cpus[i], i))
			return -1;

	h->nnics = (int)sc->n_nics;
	h->nics = calloc(h->nnics ? (size_t)h->nnics : 1, sizeof(*h->nics));
	for (i = 0, k = 0; i < h->nnics; i++)
		k += (int)sc->nics[i].queues;
	h->rxqs = calloc(k ? (size_t)k : 1, sizeof(*h->rxqs));
	if (!h->nics || !h->rxqs)
		return -1;
	for (i = 0; i < h->nnics; i++) {
		if (nic_setup(h, &h->nics[i], &sc->nics[i], i))
			return -1;
		for (j = 0; j < h->nics[i].nrxq; j++)
			h->rxqs[h->nrxq++] = &h->nics[i].rxqs[j];
	}
	if (napi_threaded_setup(h))
		return -1;

	h->nsocks = (int)sc->n_sockets;
	h->socks = calloc(h->nsocks ? (size_t)h->nsocks : 1, sizeof(*h->socks));
	h->port_sock = malloc(65536 * sizeof(*h->port_sock));
	h->reuse_next = malloc((h->nsocks ? (size_t)h->nsocks : 1) * sizeof(*h->reuse_next));
	if (!h->socks || !h->port_sock || !h->reuse_next)
		return -1;
	for (i = 0; i < 65536; i++)
		h->port_sock[i] = -1;
	for (i = 0; i < h->nsocks; i++) {
		int16_t *pp = &h->port_sock[sc->sockets[i].port];

		udp_sock_init(h, &h->socks[i], &sc->sockets[i], i);
		if (sc->sockets[i].proto != SPROTO_UDP)
			continue;	/* a TCP listener: models/tcp_sock.c */
		/* SO_REUSEPORT members in bind order (reuse->socks[]) */
		while (*pp >= 0)
			pp = &h->reuse_next[*pp];
		*pp = (int16_t)i;
		h->reuse_next[i] = -1;
	}
	{
		struct rng r;

		rng_stream(&r, sim->seed, "udp/ehash_secret");
		h->reuse_secret = rng_u32(&r);
	}
	if (rps_setup(h))
		return -1;

	for (a = 0; a < sc->n_apps; a++)
		if (!tcp_app_reads_tcp(sc, &sc->apps[a]))
			h->nthreads += (int)sc->apps[a].threads;
	h->threads = calloc(h->nthreads ? (size_t)h->nthreads : 1, sizeof(*h->threads));
	if (!h->threads)
		return -1;
	for (a = 0, k = 0; a < sc->n_apps; a++)
		for (j = 0; j < sc->apps[a].threads && !tcp_app_reads_tcp(sc, &sc->apps[a]);
		     j++, k++)
			if (app_setup(h, &h->threads[k], &sc->apps[a], k, j))
				return -1;

	h->nhogs = (int)sc->n_hogs;
	h->hogs = calloc(h->nhogs ? (size_t)h->nhogs : 1, sizeof(*h->hogs));
	if (!h->hogs)
		return -1;
	for (i = 0; i < h->nhogs; i++) {
		int cpu = (int)sc->hogs[i].cpu;

		sched_task_init(h, &h->hogs[i], sc->hogs[i].name, TASK_HOG, cpu, cpu, ACCT_OTHER);
	}

	if (vdev_setup(h) || ip_frags_setup(h))
		return -1;

	h->nsrcs = (int)sc->n_traffic;
	h->srcs = calloc(h->nsrcs ? (size_t)h->nsrcs : 1, sizeof(*h->srcs));
	if (!h->srcs)
		return -1;
	if (sim_keyq_init(&h->srcq, (uint32_t)h->nsrcs + 1))
		return -1;
	for (i = 0; i < h->nsrcs; i++) {
		if (traffic_setup(h, &h->srcs[i], &sc->traffic[i], i)) {
			snprintf(msg, len, "%s", h->srcs[i].gen.err);
			return -1;
		}
	}
	if (netfilter_setup(h))
		return -1;
	return tcp_setup(h, msg, len);
}

void host_start(struct host *h)
{
	int i;

	for (i = 0; i < h->nnics; i++)
		link_start(h, &h->nics[i]);
	for (i = 0; i < h->nhogs; i++)
		sched_start_runnable(h, &h->hogs[i], hog_run);
	for (i = 0; i < h->nthreads; i++)
		app_start(h, &h->threads[i]);
	if (h->rx_hooks)
		netfilter_start(h);
	vdev_start(h);
	tcp_start(h);
}

void host_teardown(struct host *h)
{
	int i;

	netfilter_free(h);
	tcp_teardown(h);
	if (h->rxqs)
		rps_free(h);
	for (i = 0; h->cpus && i < h->ncpus; i++)
		backlog_free(&h->cpus[i]);
	for (i = 0; h->rxqs && i < h->nrxq; i++)
		napi_kthread_free(&h->rxqs[i]->napi);
	for (i = 0; h->nics && i < h->nnics; i++)
		nic_teardown(h, &h->nics[i]);
	free(h->reuse_next);
	for (i = 0; h->threads && i < h->nthreads; i++)
		app_free(&h->threads[i]);
	for (i = 0; h->socks && i < h->nsocks; i++)
		free(h->socks[i].ep_watchers);
	free(h->nics);
	free(h->rxqs);
	free(h->cpus);
	free(h->socks);
	free(h->port_sock);
	free(h->threads);
	free(h->hogs);
	for (i = 0; h->srcs && i < h->nsrcs; i++)
		traffic_teardown(&h->srcs[i]);
	free(h->srcs);
	vdev_free(h);
	ip_frags_free(h);
	sim_keyq_free(&h->srcq);
	pool_destroy(&h->pkts);
	memset(h, 0, sizeof(*h));
}

void host_sync(struct host *h)
{
	int i;

	traffic_advance(h, h->sim->now);
	for (i = 0; i < h->ncpus; i++)
		cpu_account(&h->cpus[i]);
	for (i = 0; i < h->nrxq; i++)
		rxq_sync(h, h->rxqs[i]);
}

uint64_t host_in_flight(const struct host *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < h->nnics; i++)
		n += h->nics[i].link.q.len;
	for (i = 0; i < h->nrxq; i++) {
		const struct rxq *q = h->rxqs[i];

		n += q->fifo.len + q->dma.len + q->filled.len + rxq_in_stack(q);
	}
	for (i = 0; i < h->ncpus; i++)
		n += backlog_queued(&h->cpus[i].sd);
	for (i = 0; i < h->nsocks; i++)
		n += udp_queued(&h->socks[i]) + h->socks[i].readers_reading;
	if (h->ipfrag)
		n += h->ipfrag->held;
	return n + tcp_in_flight(h) + xdp_in_flight(h) + veth_napi_in_flight(h);
}

#define FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return -1; } while (0)

int host_check_conservation(const struct host *h, char *msg, size_t len)
{
	uint64_t drops = 0, in_flight = host_in_flight(h), polled = 0, enq = 0, rcv = 0;
	uint64_t offered_links = 0, backlogged = 0, merged = 0, length_errors = 0;
	/* packets GRO merged into others and frames XDP freed, held or
	 * redirected left the path without reaching a socket */
	uint64_t gro_merged = gro_merged_total(h), xdp = xdp_gone(h), xdp_held = xdp_in_flight(h);
	/* a veth in NAPI mode: its ring, poll and GRO; its XDP drops */
	uint64_t veth_held = veth_napi_in_flight(h);
	int i;

	xdp += veth_napi_xdp_gone(h);
	for (i = 0; i < DROP__N; i++)
		drops += h->drops[i];
	for (i = 0; i < h->nnics; i++) {
		const struct link *l = &h->nics[i].link;
		uint64_t queued = 0;
		int j;

		offered_links += l->offered;
		length_errors += h->nics[i].rx_length_errors;
		if (l->offered != l->upstream_drops + l->arrived + l->q.len)
			FAIL("link %d: offered %" PRIu64 " != upstream drops %" PRIu64
			     " + arrived %" PRIu64 " + on the wire %u", i, l->offered,
			     l->upstream_drops, l->arrived, l->q.len);
		for (j = 0; j < h->nics[i].nrxq; j++) {
			const struct rxq *q = &h->nics[i].rxqs[j];

			queued += q->ring_drops + q->fifo_drops + q->fifo.len + q->dma.len +
				  q->filled.len + q->polled;
			if (q->posted + q->dma.len + q->filled.len + q->cleaned != q->count - 1)
				FAIL("rx queue %d: posted %u + dma %u + filled %u + cleaned %u != "
				     "ring %u - 1", q->gidx, q->posted, q->dma.len, q->filled.len,
				     q->cleaned, q->count);
			polled += q->polled;
			rcv += rxq_in_stack(q);
		}
		if (l->arrived != queued)
			FAIL("nic %d: arrived %" PRIu64 " != ring/fifo drops + queued + polled %"
			     PRIu64, i, l->arrived, queued);
	}
	/* frames over a NIC's MTU are dropped as they are offered */
	if (offered_links + length_errors + h->local_offered != h->offered)
		FAIL("offered %" PRIu64 " != offered to links %" PRIu64 " + length errors %" PRIu64
		     " + sent locally %" PRIu64, h->offered, offered_links, length_errors,
		     h->local_offered);
	for (i = 0; i < h->nsocks; i++) {
		const struct udp_sock *sk = &h->socks[i];

		enq += sk->enqueued;
		if (sk->enqueued != sk->read + udp_queued(sk) + sk->readers_reading)
			FAIL("socket %s: enqueued %" PRIu64 " != read %" PRIu64 " + queued %u + "
			     "being read %u", sk->cfg->name, sk->enqueued, sk->read, udp_queued(sk),
			     sk->readers_reading);
	}
	for (i = 0; i < h->ncpus; i++)
		backlogged += backlog_queued(&h->cpus[i].sd);
	/* polled -> (steered -> backlog or dropped) or protocol -> socket or dropped */
	/* polled or sent locally -> (steered -> backlog or dropped) or protocol */
	rcv += veth_held;
	if (polled + h->local_offered != rcv + backlogged + h->drops[DROP_CPU_BACKLOG] +
	    h->proto_rcvd + h->drops[DROP_NETFILTER] + h->drops[DROP_NF_CONNTRACK] +
	    h->drops[DROP_VETH_RING] + gro_merged + xdp + xdp_held)
		FAIL("stack: polled %" PRIu64 " + sent locally %" PRIu64 " != in driver poll %"
		     PRIu64 " + in backlogs %" PRIu64 " + backlog drops %" PRIu64 " + protocol %"
		     PRIu64 " + netfilter drops %" PRIu64 " + GRO merged %" PRIu64 " + XDP %" PRIu64, polled,
		     h->local_offered, rcv, backlogged, h->drops[DROP_CPU_BACKLOG], h->proto_rcvd,
		     h->drops[DROP_NETFILTER] + h->drops[DROP_NF_CONNTRACK], gro_merged,
		     xdp + xdp_held);
	if (h->ipfrag) {
		const struct ip_frags *f = h->ipfrag;
		uint64_t gone = ip_frags_dropped(h);

		/* fragments: queued, merged into a datagram, dropped, or completing one */
		if (h->ip.ReasmReqds != f->held + f->merged + gone + h->ip.ReasmOKs)
			FAIL("ip_defrag: fragments %" PRIu64 " != queued %" PRIu64 " + merged %" PRIu64
			     " + dropped %" PRIu64 " + reassembled %" PRIu64, h->ip.ReasmReqds,
			     f->held, f->merged, gone, h->ip.ReasmOKs);
		merged = f->merged;
	}
	if (h->tcp)
		enq += tcp_segments_in(h);
	if (h->proto_rcvd - h->ip.ReasmReqds + h->ip.ReasmOKs !=
	    h->drops[DROP_NO_SOCKET] + h->drops[DROP_SOCKET_RCVBUFF] + enq)
		FAIL("udp: received %" PRIu64 " != no-socket %" PRIu64 " + rcvbuf drops %" PRIu64
		     " + enqueued %" PRIu64, h->proto_rcvd - h->ip.ReasmReqds + h->ip.ReasmOKs,
		     h->drops[DROP_NO_SOCKET], h->drops[DROP_SOCKET_RCVBUFF], enq);
	if (tcp_check_conservation(h, msg, len))
		return -1;
	if (h->offered != h->delivered + drops + in_flight + merged + gro_merged + xdp)
		FAIL("offered %" PRIu64 " != delivered %" PRIu64 " + dropped %" PRIu64
		     " + in flight %" PRIu64 " + merged fragments %" PRIu64 " + GRO merged %" PRIu64
		     " + freed by XDP %" PRIu64, h->offered, h->delivered, drops, in_flight, merged,
		     gro_merged, xdp);
	if (h->pkts.in_use != in_flight)
		FAIL("packets held %" PRIu64 " != in flight %" PRIu64, h->pkts.in_use, in_flight);
	for (i = 0; i < h->ncpus; i++) {
		sim_time_t sum = 0;
		int a;

		for (a = 0; a < ACCT__N; a++)
			sum += h->cpus[i].acct[a];
		if (sum != h->sim->now)
			FAIL("cpu %d: accounted %" PRId64 " ps != simulated %" PRId64 " ps", i, sum,
			     h->sim->now);
	}
	return 0;
}
