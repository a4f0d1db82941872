/* SPDX-License-Identifier: MIT */
/*
 * link.c - the wire into a NIC: frames are serialised at line rate in
 * arrival order, each occupying preamble+SFD (8 bytes), the frame with its
 * FCS, and the inter-frame gap (12 bytes).  Offered load beyond line rate
 * waits in an upstream buffer (a switch port); what does not fit is an
 * upstream loss, reported apart from host drops.
 */
#include "rxsim/host.h"
#include "rxsim/nic.h"

#define PREAMBLE_SFD	8
#define IFG		12

static void link_fn(struct sim *sim, struct sim_event *ev)
{
	struct nic *nic = container_of(ev, struct nic, link.ev);
	struct link *l = &nic->link;
	struct packet *p = pktq_pop(&l->q);

	l->arrived++;
	if (l->q.head)
		sim_schedule(sim, &l->ev, l->q.head->t_nic);
	nic_rx_frame(sim_host(sim), nic, p);
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

void link_offer(struct host *h, struct nic *nic, struct packet *p)
{
	struct link *l = &nic->link;
	sim_time_t now = h->sim->now;
	sim_time_t start = l->free_at > now ? l->free_at : now;
	uint64_t queued, bits, num, last_bit;

	p->id = h->next_packet_id++;
	l->offered++;
	l->offered_bytes += p->size;
	/* Bytes still waiting upstream = what the wire needs until it is free. */
	if (start == now)
		queued = 0;
	else if (l->ps_per_byte)
		queued = (uint64_t)(start - now) / l->ps_per_byte;
	else
		queued = (uint64_t)((unsigned __int128)(start - now) * (uint64_t)l->speed / 8 / SIM_S);
	if (queued + p->size > (uint64_t)l->upstream_buffer) {
		l->upstream_drops++;
		host_drop(h, p, DROP_UPSTREAM);
		return;
	}
	if (l->ps_per_byte) {
		/* the common line rates: a byte takes a whole number of ps */
		p->t_nic = start + (sim_time_t)((uint64_t)(p->size + PREAMBLE_SFD) * l->ps_per_byte);
		l->free_at = start +
			     (sim_time_t)((uint64_t)(p->size + PREAMBLE_SFD + IFG) * l->ps_per_byte);
	} else {
		bits = (uint64_t)(p->size + PREAMBLE_SFD) * 8;
		last_bit = bits * (uint64_t)SIM_S / (uint64_t)l->speed;
		p->t_nic = start + (sim_time_t)last_bit;
		/* the next frame may start after the gap; carry the sub-ps remainder */
		num = (bits + IFG * 8) * (uint64_t)SIM_S + l->bits_rem;
		l->free_at = start + (sim_time_t)(num / (uint64_t)l->speed);
		l->bits_rem = num % (uint64_t)l->speed;
	}
	pktq_push(&l->q, p);
	if (!sim_event_pending(&l->ev))
		sim_schedule(h->sim, &l->ev, p->t_nic);
}
