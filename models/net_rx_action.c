/* SPDX-License-Identifier: MIT */
/*
 * net_rx_action.c - the NET_RX softirq action (net/core/dev.c
 * net_rx_action): netdev_budget packets and netdev_budget_usecs (in
 * jiffies) per run, each NAPI on the poll list polled at most once with its
 * weight (napi_poll), the ones that used it all repolled at the end,
 * time_squeeze when the budget or the time ran out, and the RPS IPIs queued
 * during the run sent last (net_rps_action_and_irq_enable).
 *
 * Version switch: from 6.4 NAPIs scheduled during the run are taken by it
 * (in_net_rx_action, 8b43fd3d1d7d).
 */
#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/softirq.h"

static void net_rx_loop(struct host *h, struct cpu *c);
static void net_rx_action_out(struct host *h, struct cpu *c);

static void entry_done(struct cpu *c, struct exec *ex)
{
	(void)ex;
	net_rx_loop(c->host, c);
}

void net_rx_action(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	int64_t usecs = h->budget_usecs;

	sd->net_rx_softirqs++;
	ep->time_limit = host_jiffies(h) + (usecs * h->hz + 999999) / 1000000;
	ep->budget = (int)h->sc->host.sysctl.netdev_budget;
	ep->list.head = ep->list.tail = NULL;
	ep->repoll.head = ep->repoll.tail = NULL;
	if (h->kver >= KVER(6, 4))
		sd->in_net_rx_action = true;
	napi_list_splice_tail(&ep->list, &sd->poll_list);
	cpu_charge(c, ep->home, cost_draw(&h->sc->host.costs.softirq_entry, &c->rng), entry_done);
}

static void napi_polled(struct cpu *c, struct exec *ex)
{
	struct host *h = c->host;
	struct softirq_episode *ep = &c->sd.ep;
	struct napi *n = ex->napi;

	if (napi_poll_repoll(h, c, n))
		napi_list_add_tail(&ep->repoll, n);
	ep->budget -= n->work;
	if (ep->budget <= 0 || host_jiffies(h) >= ep->time_limit) {
		c->sd.time_squeeze++;
		if (h->hooks)
			h->hooks->instant(h->hooks->ctx, c->id, "time_squeeze", h->sim->now);
		net_rx_action_out(h, c);
		return;
	}
	net_rx_loop(h, c);
}

static void net_rx_loop(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	struct napi *n;

	for (;;) {
		if (!ep->list.head) {
			if (!ep->repoll.head) {
				sd->in_net_rx_action = false;
				if (sd->poll_list.head && h->kver >= KVER(6, 4)) {
					/* NAPIs scheduled meanwhile: take them in this run. */
					sd->in_net_rx_action = true;
					napi_list_splice_tail(&ep->list, &sd->poll_list);
					continue;
				}
				if (!sd->poll_list.head && !sd->rps_ipi_list) {
					softirq_action_done(h, c);
					return;
				}
			}
			break;
		}
		n = napi_list_pop(&ep->list);
		napi_poll_run(c, ep->home, n, n->weight, napi_polled);
		return;
	}
	net_rx_action_out(h, c);
}

static void ipis_sent_done(struct cpu *c, struct exec *ex)
{
	(void)ex;
	softirq_action_done(c->host, c);
}

static void net_rx_action_out(struct host *h, struct cpu *c)
{
	struct softnet_data *sd = &c->sd;
	struct softirq_episode *ep = &sd->ep;
	struct napi_list rebuilt = { NULL, NULL };

	/* poll_list = unprocessed + newly scheduled + repoll, in that order */
	napi_list_splice_tail(&rebuilt, &ep->list);
	napi_list_splice_tail(&rebuilt, &sd->poll_list);
	napi_list_splice_tail(&rebuilt, &ep->repoll);
	sd->poll_list = rebuilt;
	if (sd->poll_list.head)
		softirq_raise(c, NET_RX_SOFTIRQ);
	else
		sd->in_net_rx_action = false;
	if (sd->rps_ipi_list) {
		cpu_charge(c, ep->home, net_rps_send_ipis(h, c), ipis_sent_done);
		return;
	}
	softirq_action_done(h, c);
}
