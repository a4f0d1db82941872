/* SPDX-License-Identifier: MIT */
/*
 * traffic.c - a traffic source in the simulation: it keeps one packet of
 * read-ahead from its generator (models/traffic_gen.c), offers it to the
 * link at that packet's time and reads the next.  The packet's emission
 * time is p->t_offered: its first bit is ready to go on the wire; the link
 * (models/link.c) serialises it at line rate.
 *
 * Emissions take no events: the sources wait in a heap of their own
 * (host.srcq) and traffic_advance() commits them in time order when the
 * link needs its next frame or a reader wants the counters.  Nothing else
 * depends on a frame before it reaches the NIC, so committing late, with
 * each frame's own time, changes no result.
 *
 * A replay source does nothing until the run layer attaches its trace
 * (sim/trace_*.c open the files; a model never does).  A trace that turns
 * out corrupt in the middle stops the simulation; the run layer reports the
 * message and exits 2 without writing outputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/rss.h"
#include "rxsim/traffic.h"

const char *const trace_skip_names[] = {
	[TRACE_OK] = "replayed",
	[TRACE_SKIP_NOT_IP] = "not_ip",
	[TRACE_SKIP_NOT_UDP_TCP] = "not_udp_tcp",
	[TRACE_SKIP_FRAGMENT] = "ip_fragment",
	[TRACE_SKIP_SNAPPED] = "snapped",
	[TRACE_SKIP_OVERSIZE] = "oversize",
};
_Static_assert(sizeof(trace_skip_names) / sizeof(trace_skip_names[0]) == TRACE_SKIP__N,
	       "trace_skip_names must cover its enum");

static void offer(struct host *h, struct traffic_src *s, const struct traffic_pkt *tp)
{
	struct packet *p = host_packet_alloc(h);

	p->t_offered = tp->t;
	p->t_nic = p->t_ring = p->t_poll = p->t_sock = 0;
	p->tuple = tp->tuple;
	p->flow = tp->flow;
	p->hash = 0;
	p->size = tp->size;
	p->src = (uint16_t)s->index;
	p->truesize = 0;
	h->offered++;
	s->offered++;
	s->offered_bytes += tp->size;
	link_offer(h, s->nic, p);
}

/*
 * Sources with traffic mtu or loss (s->ip_special) read ahead through
 * read_ahead_ip(): mtu is the remote sender's ip_do_fragment()
 * (models/ip_output.c), each fragment a frame of its own at the datagram's
 * time, its IP fields in its tuple (ip_frag.h); loss drops a frame on the
 * path, before it reaches this host's link (the source counts it).  A
 * frame longer than the NIC's MTU is the driver's rx_length_errors.  IPv4
 * only.  The usual path pays one test, in read_ahead().
 */

/* The frame size of fragment k of the datagram in hand (runt frames are
 * padded to 64 bytes on the wire), its tuple carrying its IP fields. */
static void frag_ahead(struct traffic_src *s)
{
	struct frag_info fi;
	uint32_t off, len;

	ip_frag_geometry(s->dgram_ip_len, s->frag_mtu, s->frag_k, &off, &len);
	fi.id = s->ip_id;
	fi.off = (uint16_t)off;
	fi.len = (uint16_t)len;
	fi.mf = s->frag_k + 1 < s->frag_n;
	fi.proto = s->dgram_proto;
	frag_encode(&s->ahead.tuple, &fi);
	len += IP_HDR_LEN + ETH_WIRE_OVERHEAD;
	s->ahead.size = (uint16_t)(len < 64 ? 64 : len);
}

/* The generator gave a datagram: its first fragment is the frame ahead. */
static void split_ahead(struct traffic_src *s)
{
	s->datagrams++;
	s->frag_k = 0;
	s->frag_n = 1;
	if (!s->frag_mtu || s->ahead.tuple.family != FLOW_IPV4)
		return;
	s->dgram_ip_len = s->ahead.size - ETH_WIRE_OVERHEAD;
	s->frag_n = (uint16_t)ip_frag_count(s->dgram_ip_len, s->frag_mtu);
	s->ip_id++;
	s->dgram_proto = s->ahead.tuple.proto;
	if (s->frag_n > 1)
		frag_ahead(s);
}

/* A frame longer than the NIC's MTU: the driver's rx_length_errors.  It
 * is counted as it is read ahead (its wire time is not simulated, and the
 * count may precede its time by up to one gap between frames). */
static bool too_long(struct host *h, struct traffic_src *s, const struct traffic_pkt *tp)
{
	struct packet *p;

	if (tp->size <= s->nic->max_frame)
		return false;
	p = host_packet_alloc(h);
	p->t_offered = p->t_nic = tp->t;
	p->t_ring = p->t_poll = p->t_sock = 0;
	p->tuple = tp->tuple;
	p->flow = tp->flow;
	p->hash = 0;
	p->size = tp->size;
	p->src = (uint16_t)s->index;
	p->truesize = 0;
	p->id = h->next_packet_id++;
	h->offered++;
	s->offered++;
	s->offered_bytes += tp->size;
	s->nic->rx_length_errors++;
	host_drop_at(h, p, DROP_NIC_LENGTH, tp->t);
	return true;
}

static void read_ahead(struct host *h, struct traffic_src *s);

/* read_ahead() of such a source: the next fragment of the datagram in
 * hand, or the next datagram (split), skipping the frames the path loses.
 * The generator is read through read_ahead() itself (with ip_special
 * off), so that it keeps its one call site. */
static __attribute__((noinline)) void read_ahead_ip(struct host *h, struct traffic_src *s)
{
	do {
		if (s->frag_k + 1 < s->frag_n) {
			/* the next fragment: same time, flow and addresses */
			s->frag_k++;
			frag_ahead(s);
			continue;
		}
		s->ip_special = false;
		read_ahead(h, s);
		s->ip_special = true;
		if (!sim_keyq_queued(&s->ev))
			return;
		split_ahead(s);
	} while ((s->loss && rng_u32(&s->loss_rng) < s->loss && ++s->lost) ||
		 too_long(h, s, &s->ahead));
	sim_keyq_set(&h->srcq, &s->ev, s->ahead.t);
}

/* Read the next packet ahead and (re)queue the source at its time, or take
 * it out when it is done; on a trace error, stop. */
static void read_ahead(struct host *h, struct traffic_src *s)
{
	int rc;

	if (__builtin_expect(s->ip_special, 0)) {
		read_ahead_ip(h, s);
		return;
	}
	rc = traffic_gen_next(&s->gen, &s->ahead);
	if (rc <= 0) {
		sim_keyq_remove(&h->srcq, &s->ev);
		if (rc < 0) {
			s->status = -1;
			sim_stop(h->sim);
		}
		return;
	}
	/* the order a per-packet event would have had: time, then read order */
	sim_keyq_set(&h->srcq, &s->ev, s->ahead.t);
}

/* Packets between looks at the stop flag: one call commits every emission
 * up to @t, which under an absurd offered load (1000Gpps on a 10G link) is
 * billions of upstream drops inside a single event. */
#define ADVANCE_STOP_CHECK 4096u

void traffic_advance(struct host *h, sim_time_t t)
{
	struct sim_event *ev;
	unsigned n = 0;

	while ((ev = sim_keyq_first(&h->srcq)) && sim_event_time(ev) <= t) {
		struct traffic_src *s = container_of(ev, struct traffic_src, ev);

		if (!(++n % ADVANCE_STOP_CHECK) && sim_stop_pending(h->sim)) {
			/* the run is abandoned: nothing after this is reported */
			sim_stop(h->sim);
			return;
		}
		offer(h, s, &s->ahead);
		read_ahead(h, s);
	}
}

/* A linear scan: a link has one source, or a few. */
const struct traffic_pkt *traffic_next_on_link(const struct nic *nic)
{
	const struct traffic_src *s, *best = NULL;

	for (s = nic->link.srcs; s; s = s->link_next)
		if (sim_keyq_queued(&s->ev) && (!best || sim_event_before(&s->ev, &best->ev)))
			best = s;
	return best ? &best->ahead : NULL;
}

/*
 * A synthetic flow's tuple is a function of its index, so its RSS hash on
 * the source's NIC is too: computed once here instead of per packet (up to
 * FLOW_HASH_MAX flows; beyond, the NIC hashes each frame).
 */
#define FLOW_HASH_MAX (1u << 20)

static void flow_hash_table(struct traffic_src *s)
{
	struct flow_tuple t;
	uint32_t i;

	if (s->gen.flows > FLOW_HASH_MAX)
		return;
	s->flow_hash = malloc(s->gen.flows * sizeof(*s->flow_hash));
	if (!s->flow_hash)
		return;		/* the NIC computes it per frame instead */
	for (i = 0; i < s->gen.flows; i++) {
		traffic_flow_tuple(&s->gen, i, &t);
		s->flow_hash[i] = rss_hash(&s->nic->rss, &t);
	}
}

int traffic_setup(struct host *h, struct traffic_src *s, const struct traffic_cfg *cfg,
		  int index)
{
	int i;

	memset(s, 0, sizeof(*s));
	/* a source's flow tables take up to a second to build: an interrupted
	 * set-up leaves the rest unbuilt (run.c reports the interruption) */
	if (sim_stop_pending(h->sim))
		return 0;
	s->index = index;
	s->nic = &h->nics[0];
	for (i = 0; i < h->nnics; i++)
		if (cfg->nic[0] && !strcmp(cfg->nic, h->nics[i].cfg->name))
			s->nic = &h->nics[i];
	sim_event_init(&s->ev, NULL, PRIO_TRAFFIC);
	s->link_next = s->nic->link.srcs;
	s->nic->link.srcs = s;
	if (traffic_gen_init_stop(&s->gen, cfg, index, h->sim->seed, s->nic->cfg->speed,
				  h->sc->duration, h->sim->stop_flag)) {
		s->status = -1;
		return -1;
	}
	s->set_up = true;
	s->frag_mtu = cfg->mtu > 0 ? (uint32_t)cfg->mtu : 0;
	s->loss = cfg->loss_u32;
	s->ip_special = s->frag_mtu || s->loss || s->nic->max_frame != UINT32_MAX;
	rng_streamf(&s->loss_rng, h->sim->seed, "traffic/%d/loss", index);
	if (!s->gen.replay)
		flow_hash_table(s);
	/* a TCP source's senders emit by themselves (models/tcp_sender.c) */
	if (!s->gen.replay && !cfg->tcp_sender)
		read_ahead(h, s);
	return 0;
}

int traffic_attach(struct host *h, struct traffic_src *s, const struct pkt_source *src)
{
	if (!s->set_up || !s->gen.replay || s->gen.rp.attached) {
		src->ops->close(src->ctx);
		return 0;
	}
	traffic_gen_attach(&s->gen, src);
	read_ahead(h, s);	/* an error here is reported before the run */
	return s->status;
}

void traffic_teardown(struct traffic_src *s)
{
	if (!s->set_up)
		return;
	traffic_gen_free(&s->gen);
	free(s->flow_hash);
	s->flow_hash = NULL;
	s->set_up = false;
}
