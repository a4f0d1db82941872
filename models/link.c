/* SPDX-License-Identifier: MIT */
/*
 * link.c - the wire into a NIC: frames are serialised at line rate in
 * arrival order, each occupying preamble+SFD (8 bytes), the frame with its
 * FCS, and the inter-frame gap (12 bytes).  Offered load beyond line rate
 * waits in an upstream buffer (a switch port); what does not fit is an
 * upstream loss, reported apart from host drops.
 *
 * The link pulls: its one event is at the next frame's last bit.  Sources
 * emit without events (models/traffic.c commits emissions in time order
 * whenever someone looks), so with the wire empty the link predicts when
 * its sources' next frame lands and wakes then.  The prediction is exact:
 * the wire's state changes only by committing this link's own emissions,
 * in the order the prediction assumed.
 */
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/traffic.h"

#define PREAMBLE_SFD	8
#define IFG		12

/* Where a frame lands on the wire. */
struct link_slot {
	sim_time_t t_nic;		/* its last bit reaches the NIC */
	sim_time_t free_at;		/* the wire is then free from */
	uint64_t bits_rem;
};

/* A frame of @size bytes starting at @start, at a line rate where a byte
 * takes a whole number of ps (the common ones). */
static inline void slot_whole_ps(const struct link *l, sim_time_t start, uint32_t size,
				 struct link_slot *slot)
{
	slot->t_nic = start + (sim_time_t)((uint64_t)(size + PREAMBLE_SFD) * l->ps_per_byte);
	slot->free_at = start + (sim_time_t)((uint64_t)(size + PREAMBLE_SFD + IFG) * l->ps_per_byte);
	slot->bits_rem = 0;
}

/* Where a frame of @size bytes offered at @t goes on the wire; false if the
 * upstream buffer cannot hold it.  Pure: the caller commits @slot. */
static __attribute__((noinline)) bool link_fit_any(const struct link *l, sim_time_t t,
						    uint32_t size, struct link_slot *slot)
{
	sim_time_t start = l->free_at > t ? l->free_at : t;
	uint64_t queued, bits, num;

	/* Bytes still waiting upstream = what the wire needs until it is free. */
	if (start == t)
		queued = 0;
	else if (l->ps_per_byte)
		queued = (uint64_t)(start - t) / l->ps_per_byte;
	else
		queued = (uint64_t)((unsigned __int128)(start - t) * (uint64_t)l->speed / 8 / SIM_S);
	if (queued + size > (uint64_t)l->upstream_buffer)
		return false;
	if (l->ps_per_byte) {
		slot_whole_ps(l, start, size, slot);
	} else {
		bits = (uint64_t)(size + PREAMBLE_SFD) * 8;
		slot->t_nic = start + (sim_time_t)(bits * (uint64_t)SIM_S / (uint64_t)l->speed);
		/* the next frame may start after the gap; carry the sub-ps remainder */
		num = (bits + IFG * 8) * (uint64_t)SIM_S + l->bits_rem;
		slot->free_at = start + (sim_time_t)(num / (uint64_t)l->speed);
		slot->bits_rem = num % (uint64_t)l->speed;
	}
	return true;
}

/* The same; inline for the usual case, an idle wire (nothing queued
 * upstream) at a common line rate. */
static inline bool link_fit(const struct link *l, sim_time_t t, uint32_t size,
			    struct link_slot *slot)
{
	if (!l->ps_per_byte || l->free_at > t)
		return link_fit_any(l, t, size, slot);
	if (size > (uint64_t)l->upstream_buffer)
		return false;
	slot_whole_ps(l, t, size, slot);
	return true;
}

/* When the link's event is next due: its next frame's arrival, or the
 * emission of a frame that will not fit upstream (committing it there
 * counts the drop).  False when its sources are done. */
static bool link_next_at(const struct nic *nic, sim_time_t *at)
{
	const struct link *l = &nic->link;
	const struct traffic_pkt *next;
	struct link_slot slot;

	if (l->q.head) {
		*at = l->q.head->t_nic;
		return true;
	}
	next = traffic_next_on_link(nic);
	if (!next)
		return false;
	*at = link_fit(l, next->t, next->size, &slot) ? slot.t_nic : next->t;
	return true;
}

static void link_arm(struct host *h, struct nic *nic)
{
	sim_time_t at;

	if (link_next_at(nic, &at))
		sim_schedule(h->sim, &nic->link.ev, at);
}

/*
 * One frame's last bit arrives.  While the next arrival comes before any
 * other event, the handler takes it in the same call (sim_continue()): a
 * saturated link costs no queue operation per frame.
 */
static void link_fn(struct sim *sim, struct sim_event *ev)
{
	struct nic *nic = container_of(ev, struct nic, link.ev);
	struct link *l = &nic->link;
	struct host *h = sim_host(sim);
	struct packet *p;
	sim_time_t at;
	uint64_t seq;

	do {
		traffic_advance(h, sim->now);
		p = l->q.head;
		if (!p || p->t_nic != sim->now) {
			link_arm(h, nic);	/* woke for an upstream drop */
			return;
		}
		pktq_pop(&l->q);
		l->arrived++;
		if (!link_next_at(nic, &at)) {
			nic_rx_frame(h, nic, p);
			return;
		}
		/* the next arrival is ordered as if scheduled before this frame's effects */
		seq = sim_take_seq(sim);
		nic_rx_frame(h, nic, p);
	} while (sim_continue(sim, ev, at, seq));
}

void link_init(struct link *l, const struct nic_cfg *cfg)
{
	l->speed = cfg->speed;
	l->ps_per_byte = (8 * (uint64_t)SIM_S) % (uint64_t)cfg->speed ? 0 :
			 8 * (uint64_t)SIM_S / (uint64_t)cfg->speed;
	l->upstream_buffer = cfg->upstream_buffer;
	l->free_at = 0;
	l->bits_rem = 0;
	pktq_init(&l->q);
	sim_event_init(&l->ev, link_fn, PRIO_WIRE);
}

void link_start(struct host *h, struct nic *nic)
{
	sim_cancel(h->sim, &nic->link.ev);
	link_arm(h, nic);
}

/* Commit the emission of @p at p->t_offered (<= now). */
static inline void link_commit(struct host *h, struct nic *nic, struct packet *p)
{
	struct link *l = &nic->link;
	struct link_slot slot;

	p->id = h->next_packet_id++;
	l->offered++;
	l->offered_bytes += p->size;
	if (!link_fit(l, p->t_offered, p->size, &slot)) {
		l->upstream_drops++;
		host_drop_at(h, p, DROP_UPSTREAM, p->t_offered);
		return;
	}
	p->t_nic = slot.t_nic;
	l->free_at = slot.free_at;
	l->bits_rem = slot.bits_rem;
	pktq_push(&l->q, p);
}

void link_offer(struct host *h, struct nic *nic, struct packet *p)
{
	link_commit(h, nic, p);
}

/* The same for a TCP sender's segment: a second entry point, so that the
 * sources' one (per packet) keeps a single caller and stays inlined there. */
void link_offer_segment(struct host *h, struct nic *nic, struct packet *p)
{
	link_commit(h, nic, p);
}
