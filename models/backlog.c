/* SPDX-License-Identifier: MIT */
/*
 * backlog.c - the per-CPU backlog: enqueue_to_backlog(), the flow limit,
 * RPS IPIs and process_backlog() (net/core/dev.c).
 *
 * enqueue_to_backlog(): accepted while input_pkt_queue holds at most
 * netdev_max_backlog packets (so it can hold max_backlog + 1); the first
 * packet into an empty queue schedules the backlog NAPI unless it is
 * already scheduled - locally with __napi_schedule, remotely through
 * napi_schedule_rps(), which queues the target on this CPU's rps_ipi_list
 * and raises NET_RX here unless net_rx_action is running; the IPIs go out
 * at the end of net_rx_action (net_rps_send_ipi).  The target takes the IPI
 * as a hard interrupt (rps_trigger_softirq: ____napi_schedule of its
 * backlog, received_rps++).  skb_flow_limit(): only when qlen >=
 * max_backlog/2 and the enqueuing CPU is in flow_limit_cpu_bitmap; a flow
 * owning more than half of the last FLOW_LIMIT_HISTORY packets is dropped.
 * process_backlog(): weight dev_weight * dev_weight_rx_bias, dequeues from
 * process_queue, splices input_pkt_queue when it runs dry, and completes
 * itself (clears NAPI_STATE_SCHED) when both are empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/packet.h"
#include "rxsim/softirq.h"
#include "rxsim/softnet.h"
#include "napi_rx.h"

enum { BL_START, BL_LOOP, BL_RECEIVE, BL_DONE };

static struct cpu *sd_cpu(struct softnet_data *sd)
{
	return container_of(sd, struct cpu, sd);
}

static bool skb_flow_limit(struct host *h, struct cpu *c, struct packet *p, uint32_t qlen)
{
	struct sd_flow_limit *fl = c->sd.flow_limit;
	uint32_t max = (uint32_t)h->sc->host.sysctl.netdev_max_backlog;
	uint16_t new_flow, old_flow;

	if (!fl || qlen < (max >> 1))
		return false;
	new_flow = (uint16_t)(fl->log_buckets ?
			      (p->hash * 0x61C88647u) >> (32 - fl->log_buckets) : 0);
	old_flow = fl->history[fl->history_head];
	fl->history[fl->history_head] = new_flow;
	fl->history_head = (fl->history_head + 1) & (FLOW_LIMIT_HISTORY - 1);
	if (fl->buckets[old_flow])
		fl->buckets[old_flow]--;
	if (++fl->buckets[new_flow] > (FLOW_LIMIT_HISTORY >> 1)) {
		c->sd.flow_limit_count++;
		return true;
	}
	return false;
}

/* napi_schedule_rps() */
static void napi_schedule_rps(struct host *h, struct cpu *c, struct softnet_data *target)
{
	struct softnet_data *mysd = &c->sd;

	if (target != mysd) {
		target->rps_ipi_next = mysd->rps_ipi_list;
		mysd->rps_ipi_list = target;
		if (!mysd->in_net_rx_action)
			softirq_raise(c, NET_RX_SOFTIRQ);
		return;
	}
	napi_schedule_locked(h, c, &mysd->backlog);
}

bool enqueue_to_backlog(struct host *h, struct cpu *c, struct packet *p, int cpu,
			struct rps_dev_flow *rflow)
{
	struct softnet_data *sd = &h->cpus[cpu].sd;
	uint32_t qlen = sd->input_pkt_queue.len, blen;
	uint32_t max = (uint32_t)h->sc->host.sysctl.netdev_max_backlog;

	if (qlen > max || skb_flow_limit(h, c, p, qlen)) {
		sd->dropped++;
		host_drop(h, p, DROP_CPU_BACKLOG);
		return false;
	}
	if (!qlen && !(sd->backlog.state & NAPIF_STATE_SCHED)) {
		sd->backlog.state |= NAPIF_STATE_SCHED;
		napi_schedule_rps(h, c, sd);
	}
	pktq_push(&sd->input_pkt_queue, p);
	sd->input_queue_tail++;
	if (rflow)
		rflow->last_qtail = sd->input_queue_tail;
	blen = sd->input_pkt_queue.len + sd->process_queue.len;
	if (blen > sd->ts_max_backlog_len) {
		sd->ts_max_backlog_len = blen;
		if (blen > sd->max_backlog_len)
			sd->max_backlog_len = blen;
	}
	return true;
}

static void ipi_arrive(struct sim *sim, struct sim_event *ev)
{
	struct cpu *c = container_of(ev, struct cpu, ipi_ev);

	(void)sim;
	cpu_raise_irq(c, &c->ipi_desc);
}

/* rps_trigger_softirq(): runs in the target's hard IRQ. */
static void rps_trigger_softirq(struct host *h, struct cpu *c, struct irq_desc *d)
{
	(void)d;
	napi_schedule_locked(h, c, &c->sd.backlog);
	c->sd.received_rps++;
}

int64_t net_rps_send_ipis(struct host *h, struct cpu *c)
{
	struct softnet_data *remote = c->sd.rps_ipi_list;
	sim_time_t at = h->sim->now;

	c->sd.rps_ipi_list = NULL;
	while (remote) {
		struct softnet_data *next = remote->rps_ipi_next;
		struct cpu *t = sd_cpu(remote);

		remote->rps_ipi_next = NULL;
		/* The sender pays ipi_send per IPI; each leaves when it is paid. */
		at += cost_draw(&h->sc->host.costs.ipi_send, &c->rng);
		if (!sim_event_pending(&t->ipi_ev) && !t->ipi_desc.pending)
			sim_schedule(h->sim, &t->ipi_ev,
				     at + cost_draw(&h->sc->host.costs.ipi_latency, &c->rng));
		c->sd.ipis_sent++;
		remote = next;
	}
	return at - h->sim->now;
}

/* --- process_backlog() as a NAPI poll -------------------------------------- */

static void backlog_poll_begin(struct host *h, struct napi *n, int budget)
{
	struct softnet_data *sd = n->priv;

	(void)h;
	sd->phase = BL_START;
	n->work = 0;
	n->budget = budget;
}

static int backlog_poll_step(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost)
{
	struct softnet_data *sd = n->priv;
	struct packet *p;

	for (;;) {
		switch (sd->phase) {
		case BL_START:
			sd->phase = BL_LOOP;
			if (sd->rps_ipi_list) {
				*cost = net_rps_send_ipis(h, c);
				return 1;
			}
			continue;
		case BL_LOOP:
			if (n->work >= n->budget) {
				sd->phase = BL_DONE;
				continue;
			}
			p = pktq_pop(&sd->process_queue);
			if (!p) {
				if (!sd->input_pkt_queue.head) {
					/* self-completion under the backlog lock */
					n->state &= ~NAPIF_STATE_SCHED;
					sd->phase = BL_DONE;
					continue;
				}
				pktq_splice(&sd->process_queue, &sd->input_pkt_queue);
				continue;
			}
			n->work++;
			netif_receive_skb_begin(&n->rx, p, &h->sc->host.costs.process_backlog);
			sd->phase = BL_RECEIVE;
			continue;
		case BL_RECEIVE:
			if (n->rx.skb && netif_receive_skb_step(h, c, &n->rx, cost))
				return 1;
			sd->phase = BL_LOOP;
			continue;
		default:
			/* rps_input_queue_head_add(): at return, as in 6.x */
			sd->input_queue_head += (uint32_t)n->work;
			return 0;
		}
	}
}

static const struct napi_ops backlog_napi_ops = {
	.name = "backlog",
	.poll_begin = backlog_poll_begin,
	.poll_step = backlog_poll_step,
	.complete = NULL,
	.self_complete = true,
};

int backlog_init(struct host *h, struct cpu *c)
{
	const struct sysctl_cfg *s = &h->sc->host.sysctl;
	struct softnet_data *sd = &c->sd;
	uint16_t i;

	napi_init(&sd->backlog, &backlog_napi_ops,
		  (int)(s->dev_weight * s->dev_weight_rx_bias), c->id, sd);
	pktq_init(&sd->input_pkt_queue);
	pktq_init(&sd->process_queue);
	sim_event_init(&c->ipi_ev, ipi_arrive, PRIO_IRQ);
	c->ipi_desc.name = "CAL";
	c->ipi_desc.handler = rps_trigger_softirq;
	c->ipi_desc.cost = &h->sc->host.costs.ipi_receive;
	for (i = 0; i < s->flow_limit_cpu_bitmap.n; i++) {
		uint32_t len = 1, log = 0;

		if (s->flow_limit_cpu_bitmap.cpu[i] != c->id)
			continue;
		/* flow_limit_table_len rounded down to a power of two */
		while (len * 2 <= (uint32_t)s->flow_limit_table_len) {
			len *= 2;
			log++;
		}
		sd->flow_limit = calloc(1, sizeof(*sd->flow_limit));
		if (!sd->flow_limit || !(sd->flow_limit->buckets = calloc(len, 1)))
			return -1;
		sd->flow_limit->log_buckets = log;
		break;
	}
	return 0;
}

void backlog_free(struct cpu *c)
{
	if (c->sd.flow_limit)
		free(c->sd.flow_limit->buckets);
	free(c->sd.flow_limit);
	c->sd.flow_limit = NULL;
}

uint32_t backlog_queued(const struct softnet_data *sd)
{
	return sd->input_pkt_queue.len + sd->process_queue.len + napi_held(&sd->backlog);
}
