/* SPDX-License-Identifier: MIT */
/*
 * traffic.c - synthetic sources: constant rate, Poisson, and on/off bursts
 * (exponential burst and gap lengths, constant rate within a burst).
 * Rates are integer millipackets per second; a constant source carries the
 * remainder of 1e15 / rate so that its long-run rate is exact.  Flows are
 * used in turn, each a distinct source port.
 */
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/traffic.h"

#define PS_MPPS 1000000000000000ULL	/* 1 s in ps, times 1000 (mpps) */

static sim_time_t next_gap(struct traffic_src *s)
{
	uint64_t rate = (uint64_t)s->cfg->rate, step;

	if (s->cfg->arrival == ARR_POISSON)
		return rng_exp_ps(&s->rng, (int64_t)(PS_MPPS / rate));
	s->carry += PS_MPPS;
	step = s->carry / rate;
	s->carry -= step * rate;
	return (sim_time_t)step;
}

static void emit(struct host *h, struct traffic_src *s)
{
	struct packet *p = host_packet_alloc(h);

	p->t_offered = h->sim->now;
	p->t_nic = p->t_ring = p->t_poll = p->t_sock = 0;
	p->flow = (uint32_t)(s->next_flow++ % (uint64_t)s->cfg->flows);
	p->hash = 0;
	p->size = (uint16_t)s->cfg->size;
	/* 10.x.y.z:1024+ -> 192.168.0.1:dst_port, one source address per flow */
	memset(&p->tuple, 0, sizeof(p->tuple));
	p->tuple.family = FLOW_IPV4;
	p->tuple.proto = FLOW_UDP;
	p->tuple.saddr[0] = 10;
	p->tuple.saddr[1] = (uint8_t)(p->flow >> 16);
	p->tuple.saddr[2] = (uint8_t)(p->flow >> 8);
	p->tuple.saddr[3] = (uint8_t)p->flow;
	p->tuple.daddr[0] = 192;
	p->tuple.daddr[1] = 168;
	p->tuple.daddr[3] = 1;
	p->tuple.sport = (uint16_t)(1024 + p->flow % 64512);
	p->tuple.dport = (uint16_t)s->cfg->dst_port;
	p->src = (uint16_t)s->index;
	p->truesize = 0;
	s->emitted++;
	h->offered++;
	link_offer(h, s->nic, p);
}

static void src_fn(struct sim *sim, struct sim_event *ev)
{
	struct traffic_src *s = container_of(ev, struct traffic_src, ev);
	struct host *h = sim_host(sim);
	sim_time_t next;

	if (s->cfg->arrival == ARR_ONOFF) {
		if (!s->on) {
			/* a gap ended: a burst starts now */
			s->on = true;
			s->on_until = sim->now + rng_exp_ps(&s->rng, s->cfg->on);
			s->carry = 0;
		}
		emit(h, s);
		next = sim->now + next_gap(s);
		if (next >= s->on_until) {
			s->on = false;
			next = s->on_until + rng_exp_ps(&s->rng, s->cfg->off);
		}
	} else {
		emit(h, s);
		next = sim->now + next_gap(s);
	}
	if (next < s->stop)
		sim_schedule(sim, &s->ev, next);
}

void traffic_setup(struct host *h, struct traffic_src *s, const struct traffic_cfg *cfg,
		   int index)
{
	int i;

	s->cfg = cfg;
	s->index = index;
	s->nic = &h->nics[0];
	for (i = 0; i < h->nnics; i++)
		if (cfg->nic[0] && !strcmp(cfg->nic, h->nics[i].cfg->name))
			s->nic = &h->nics[i];
	rng_streamf(&s->rng, h->sim->seed, "traffic/%d/%s/arrival", index, cfg->name);
	sim_event_init(&s->ev, src_fn, PRIO_TRAFFIC);
	s->stop = cfg->stop >= 0 && cfg->stop < h->sc->duration ? cfg->stop : h->sc->duration;
	s->on = false;
	s->carry = 0;
	s->next_flow = 0;
	s->emitted = 0;
	if (cfg->start < s->stop)
		sim_schedule(h->sim, &s->ev, cfg->start);
}
