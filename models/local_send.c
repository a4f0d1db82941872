/* SPDX-License-Identifier: MIT */
/*
 * local_send.c - application threads that send UDP datagrams through a
 * virtual device (a container writing to its veth, a client on lo).
 *
 * A sender is a task of the fair scheduler (models/cpu.c).  Its
 * application has datagrams to send at the times of a rate law (constant
 * or Poisson) and/or a burst at its start, once or every burst_every (a
 * periodic flush of metrics or logs); while it has some, it calls
 * sendmmsg() with up to `batch` of them (sendmsg when batch is 1): the
 * syscall cost once, then per datagram udp_sendmsg -> ip_make_skb ->
 * ip_output -> __dev_queue_xmit -> the device's xmit -> __netif_rx (the
 * per_datagram cost, plus per_fragment for each fragment when the
 * datagram exceeds the device MTU: ip_do_fragment).  __dev_queue_xmit
 * runs under rcu_read_lock_bh(): the NET_RX softirq the enqueue raised
 * runs at its local_bh_enable(), in the sender's context (do_softirq),
 * before the next datagram - unless softirqs are deferred to ksoftirqd
 * (4.9-6.4) or one is already running.
 *
 * Counters: the Ip: FragOKs / FragCreates of ip_fragment(); the frames
 * each sender handed to netif_rx.  A datagram's latency starts when its
 * skb is built (p->t_offered = the send).
 */
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/packet.h"
#include "rxsim/softirq.h"
#include "rxsim/vdev.h"

static void sender_call(struct cpu *c, struct exec *ex);
static void sender_next(struct cpu *c, struct exec *ex);

static struct local_sender *snd(struct exec *ex)
{
	return container_of(ex, struct local_sender, task.exec);
}

void local_send_tuple(const struct local_sender *s, uint32_t i, struct flow_tuple *t)
{
	memset(t, 0, sizeof(*t));
	t->family = FLOW_IPV4;
	t->proto = FLOW_UDP;
	if (s->dev->cfg->type == VDEV_LO) {
		t->saddr[0] = t->daddr[0] = 127;
		t->saddr[3] = t->daddr[3] = 1;
	} else {
		t->saddr[0] = t->daddr[0] = VDEV_NET_A;
		t->saddr[1] = t->daddr[1] = VDEV_NET_B;
		t->saddr[2] = t->daddr[2] = (uint8_t)s->dev->index;
		t->saddr[3] = 2;
		t->daddr[3] = 1;
	}
	t->sport = (uint16_t)(10000 + i);
	t->dport = (uint16_t)s->cfg->dst_port;
}

/* The arrival after one at @prev (SIM_TIME_MAX: none). */
static sim_time_t next_after(struct local_sender *s, sim_time_t prev)
{
	const struct sender_cfg *cfg = s->cfg;
	sim_time_t t;

	if (cfg->rate <= 0)
		return SIM_TIME_MAX;
	if (cfg->arrival == ARR_POISSON) {
		t = prev + rng_exp_ps(&s->arr_rng, (int64_t)(1000 * (uint64_t)SIM_S / (uint64_t)cfg->rate));
	} else {
		/* 1000 * SIM_S / rate, the remainder carried */
		uint64_t num = 1000 * (uint64_t)SIM_S + s->carry;

		t = prev + (sim_time_t)(num / (uint64_t)cfg->rate);
		s->carry = num % (uint64_t)cfg->rate;
	}
	if (cfg->stop >= 0 && t > cfg->stop)
		return SIM_TIME_MAX;
	return t;
}

/* Datagrams the application has by now. */
static void catch_up(struct local_sender *s, sim_time_t now)
{
	while (s->burst_at <= now) {
		const struct sender_cfg *cfg = s->cfg;

		s->ready += (uint64_t)cfg->burst;
		s->burst_at = cfg->burst_every > 0 ? s->burst_at + cfg->burst_every : SIM_TIME_MAX;
		if (cfg->stop >= 0 && s->burst_at > cfg->stop)
			s->burst_at = SIM_TIME_MAX;
	}
	while (s->next_arrival <= now) {
		s->ready++;
		s->next_arrival = next_after(s, s->next_arrival);
	}
}

void local_send_datagram(struct host *h, struct cpu *c, struct local_sender *s,
			 uint32_t payload)
{
	struct vdev *d = s->dev;
	uint32_t ip_len = payload + UDP_HDR_LEN + IP_HDR_LEN;
	uint32_t n = ip_frag_count(ip_len, d->mtu), k, flow = s->flow;
	uint16_t id = s->ip_id++;

	s->flow = s->flow + 1 < (uint32_t)s->cfg->flows ? s->flow + 1 : 0;
	s->datagrams++;
	if (n > 1) {
		h->ip.FragOKs++;
		h->ip.FragCreates += n;
	}
	for (k = 0; k < n; k++) {
		struct packet *p = host_packet_alloc(h);
		uint32_t off = 0, len = ip_len - IP_HDR_LEN;

		if (n > 1)
			ip_frag_geometry(ip_len, d->mtu, k, &off, &len);
		p->t_offered = p->t_nic = p->t_ring = p->t_poll = h->sim->now;
		p->t_sock = 0;
		p->id = h->next_packet_id++;
		local_send_tuple(s, flow, &p->tuple);
		p->flow = flow;
		p->hash = s->flow_hash[flow];
		p->truesize = vdev_truesize(&d->cfg->ts, len + IP_HDR_LEN);
		p->size = (uint16_t)(len + IP_HDR_LEN + ETH_WIRE_OVERHEAD);
		p->rxq = PKT_RXQ_NONE;
		p->src = PKT_RXQ_NONE;
		p->proto_cpu = 0;
		if (n > 1) {
			struct frag_info fi = {
				.id = id, .off = (uint16_t)off, .len = (uint16_t)len,
				.mf = k + 1 < n, .proto = FLOW_UDP,
			};

			frag_encode(&p->tuple, &fi);
		}
		h->offered++;
		s->frames++;
		vdev_netif_rx(h, c, d, p);
	}
}

static void wake_fn(struct sim *sim, struct sim_event *ev)
{
	struct task *task = container_of(ev, struct task, timer);

	sched_wakeup(sim_host(sim), task, sender_call);
}

/* The top of the application's loop: send what it has, or sleep until it
 * has more. */
static void sender_call(struct cpu *c, struct exec *ex)
{
	struct local_sender *s = snd(ex);
	struct host *h = c->host;

	catch_up(s, h->sim->now);
	if (!s->ready) {
		sim_time_t at = s->burst_at < s->next_arrival ? s->burst_at : s->next_arrival;

		s->sleeps++;
		if (at != SIM_TIME_MAX)
			sim_schedule(h->sim, &s->task.timer, at);
		sched_block(c, &s->task);
		return;
	}
	s->in_call = (uint32_t)(s->ready < (uint64_t)s->cfg->batch ? s->ready : (uint64_t)s->cfg->batch);
	s->ready -= s->in_call;
	s->syscalls++;
	cpu_charge(c, ex, cost_draw(&s->cfg->syscall, &s->cost_rng), sender_next);
}

/* One datagram's transmit is done: it is on a backlog (or dropped). */
static void sender_sent(struct cpu *c, struct exec *ex)
{
	struct local_sender *s = snd(ex);
	struct host *h = c->host;

	s->in_call--;
	local_send_datagram(h, c, s, (uint32_t)s->cfg->payload);
	/* rcu_read_unlock_bh() at the end of __dev_queue_xmit: do_softirq() */
	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, sender_next);
		softirq_invoke_inline(h, c, true);
		return;
	}
	sender_next(c, ex);
}

static void sender_next(struct cpu *c, struct exec *ex)
{
	struct local_sender *s = snd(ex);
	uint32_t ip_len = (uint32_t)s->cfg->payload + UDP_HDR_LEN + IP_HDR_LEN;
	uint32_t n = ip_frag_count(ip_len, s->dev->mtu), k;
	sim_time_t cost;

	if (!s->in_call) {
		sender_call(c, ex);
		return;
	}
	cost = cost_draw(&s->cfg->per_datagram, &s->cost_rng);
	for (k = 0; n > 1 && k < n; k++)
		cost += cost_draw(&s->cfg->per_fragment, &s->cost_rng);
	cpu_charge(c, ex, cost, sender_sent);
}

void local_send_start(struct host *h, struct local_sender *s)
{
	sim_event_init(&s->task.timer, wake_fn, PRIO_SCHED);
	s->next_arrival = SIM_TIME_MAX;
	s->ready = 0;
	if (s->cfg->rate > 0) {
		s->next_arrival = s->cfg->start;
		if (s->cfg->arrival == ARR_POISSON)
			s->next_arrival = next_after(s, s->cfg->start);
	}
	/* the burst is there at start: one arrival carrying it */
	s->burst_at = s->cfg->burst > 0 ? s->cfg->start : SIM_TIME_MAX;
	sched_start_runnable(h, &s->task, sender_call);
}

void vdev_start(struct host *h)
{
	int i;

	for (i = 0; i < h->nsenders; i++)
		local_send_start(h, &h->senders[i]);
}
