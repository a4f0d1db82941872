/* SPDX-License-Identifier: MIT */
/*
 * napi_threaded.c - threaded NAPI (5.12+, /sys/class/net/IF/threaded; per
 * NAPI with napi-set threaded from 6.17).
 *
 * Mirrors net/core/dev.c: napi_kthread_create() (a SCHED_OTHER kthread
 * napi/IF-ID, nice 0, not bound to a CPU), ____napi_schedule() setting
 * NAPI_STATE_SCHED_THREADED and waking it (napi.c), napi_thread_wait()
 * (sleep until SCHED_THREADED), and napi_threaded_poll_loop(): with BH
 * disabled one __napi_poll() with the NAPI's weight, then the RPS IPIs
 * queued meanwhile (net_rps_action_and_irq_enable, 6.4+: 87eff2ec57b6 made
 * the thread send them; before, napi_schedule_rps() raised NET_RX and the
 * softirq sent them at local_bh_enable()), local_bh_enable() (pending
 * softirqs run there), and cond_resched() before the next round while the
 * poll asks for a repoll.  No netdev_budget, no time limit, no time_squeeze.
 *
 * A MISSED interrupt during a poll makes napi_complete_done() call
 * __napi_schedule(), which sets SCHED_THREADED again: the loop ends and
 * napi_thread_wait() finds the bit and polls once more without sleeping.
 *
 * CPU time: the thread's, in column napi_kthread (in /proc/stat, system
 * time of the kthread; none of it is softirq time).
 */
#include <stdio.h>
#include <stdlib.h>

#include "rxsim/backlog.h"
#include "rxsim/config.h"
#include "rxsim/host.h"
#include "rxsim/napi.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/nic.h"
#include "rxsim/softirq.h"
#include "rxsim/vdev.h"

static void napi_thread_wait(struct cpu *c, struct exec *ex);
static void napi_thread_round(struct cpu *c, struct exec *ex);

static struct napi_kthread *kthr(struct exec *ex)
{
	return container_of(ex, struct napi_kthread, task.exec);
}

void napi_kthread_wake(struct host *h, struct napi *n)
{
	sched_wakeup(h, &n->thread->task, napi_thread_wait);
}

/* The CPU time since the last call weighs on the vruntime by the thread's
 * weight (calc_delta_fair); cpu_account() added it at face value.  Called
 * where the thread can be preempted or sleeps, so the scheduler never
 * compares a stale vruntime of a reniced thread but inside a poll round. */
static void napi_thread_reweigh(struct cpu *c, struct napi_kthread *k)
{
	sim_time_t run;

	if (k->task.weight == NICE_0_LOAD)
		return;
	cpu_account(c);
	run = k->task.sum_exec - k->weighed;
	k->weighed = k->task.sum_exec;
	k->task.vruntime += calc_delta_fair(run, k->task.weight) - run;
}

/* local_bh_enable() and cond_resched(): pending softirqs run, then another
 * task may take the CPU before the next round. */
static void napi_thread_bh_enable(struct cpu *c, struct exec *ex)
{
	struct napi_kthread *k = kthr(ex);
	struct host *h = c->host;
	exec_fn next = k->repoll ? napi_thread_round : napi_thread_wait;

	k->task.nopreempt = false;
	napi_thread_reweigh(c, k);
	if (c->sd.softirq_pending && !c->sd.ep.active && !softirq_should_defer(h, c)) {
		cpu_charge(c, ex, 0, next);
		softirq_invoke_inline(h, c, true);
		return;
	}
	cpu_charge(c, ex, 0, next);
	sched_preempt_point(c);
}

static void napi_thread_polled(struct cpu *c, struct exec *ex)
{
	struct napi_kthread *k = kthr(ex);
	struct host *h = c->host;

	k->repoll = napi_poll_repoll(h, c, k->napi);
	if (c->sd.rps_ipi_list && h->kver >= KVER(6, 4)) {
		/* 6.4+: in_napi_threaded_poll kept napi_schedule_rps() from
		 * raising NET_RX for these IPIs (backlog.c raises it); a NET_RX
		 * raised with nothing on the poll list came from there alone */
		if (!k->net_rx_was_pending && !c->sd.poll_list.head)
			c->sd.softirq_pending &= ~NET_RXF;
		cpu_charge(c, ex, net_rps_send_ipis(h, c), napi_thread_bh_enable);
		return;
	}
	napi_thread_bh_enable(c, ex);
}

/* One round of napi_threaded_poll_loop(). */
static void napi_thread_round(struct cpu *c, struct exec *ex)
{
	struct napi_kthread *k = kthr(ex);
	struct napi *n = k->napi;

	k->task.nopreempt = true;
	k->rounds++;
	k->net_rx_was_pending = c->sd.softirq_pending & NET_RXF;
	napi_poll_run(c, ex, n, n->weight, napi_thread_polled);
}

/* napi_thread_wait(): poll if this thread owns the NAPI, else sleep. */
static void napi_thread_wait(struct cpu *c, struct exec *ex)
{
	struct napi_kthread *k = kthr(ex);

	if (k->napi->state & NAPIF_STATE_SCHED_THREADED) {
		napi_thread_round(c, ex);
		return;
	}
	napi_thread_reweigh(c, k);
	sched_block(c, &k->task);
}

int napi_kthread_create(struct host *h, struct napi *n, const char *name, int cpu, int pinned,
			int nice)
{
	struct napi_kthread *k = calloc(1, sizeof(*k));

	if (!k)
		return -1;
	sched_task_init(h, &k->task, name, TASK_NAPI, cpu, pinned, ACCT_NAPI);
	sched_set_nice(&k->task, nice);
	k->task.owner = k;
	k->napi = n;
	n->thread = k;
	n->state |= NAPIF_STATE_THREADED;
	return 0;
}

void napi_kthread_free(struct napi *n)
{
	free(n->thread);
	n->thread = NULL;
}

/* The per-NAPI napi-set entry of queue @q of @cfg, if any. */
static const struct napi_cfg *napi_cfg_of(const struct nic_cfg *cfg, int q)
{
	uint32_t i;

	for (i = 0; i < cfg->n_napi; i++)
		if (cfg->napi[i].queue == q)
			return &cfg->napi[i];
	return NULL;
}

int napi_threaded_setup(struct host *h)
{
	int i, j;

	for (i = 0; i < h->nnics; i++) {
		struct nic *nic = &h->nics[i];
		const struct nic_cfg *cfg = nic->cfg;

		for (j = 0; j < nic->nrxq; j++) {
			struct rxq *q = &nic->rxqs[j];
			const struct napi_cfg *nc = napi_cfg_of(cfg, j);
			bool threaded = cfg->threaded;
			char name[48];
			int pinned = -1;

			napi_set_irq_params(&q->napi,
					    nc && nc->defer_hard_irqs >= 0 ? nc->defer_hard_irqs :
					    cfg->napi_defer_hard_irqs,
					    nc && nc->gro_flush_timeout >= 0 ? nc->gro_flush_timeout :
					    cfg->gro_flush_timeout,
					    nc && nc->irq_suspend_timeout >= 0 ?
					    nc->irq_suspend_timeout : cfg->irq_suspend_timeout);
			if (nc && nc->threaded != TRI_AUTO)
				threaded = nc->threaded == TRI_ON;
			if (!threaded)
				continue;
			if (cfg->napi_thread_cpus.n)
				pinned = cfg->napi_thread_cpus.cpu[j % cfg->napi_thread_cpus.n];
			/* napi/IF-ID; NAPI ids are per host from 8193 (MIN_NAPI_ID),
			 * in rx queue order here */
			snprintf(name, sizeof(name), "napi/%s-%d", cfg->name, 8193 + q->gidx);
			if (napi_kthread_create(h, &q->napi, name, pinned >= 0 ? pinned : q->irq.cpu,
						pinned, (int)cfg->napi_thread_nice))
				return -1;
		}
	}
	return 0;
}

/* A veth in NAPI mode with `threaded` (veth_napi.c): netif_napi_add_weight()
 * creates the kthread of a NAPI added to a device whose threaded is set; it
 * is not bound to a CPU.  Its NAPI id follows the NICs' queues. */
int napi_threaded_setup_veth(struct host *h, struct vdev *d)
{
	char name[48];

	if (!d->cfg->threaded || !d->rq)
		return 0;
	snprintf(name, sizeof(name), "napi/%s-%d", d->cfg->name, 8193 + h->nrxq + d->index);
	return napi_kthread_create(h, &d->rxq.napi, name, 0, -1, 0);
}

bool host_has_napi_threads(const struct host *h)
{
	int i;

	for (i = 0; i < h->nrxq; i++)
		if (h->rxqs[i]->napi.thread)
			return true;
	for (i = 0; i < h->nvdevs; i++)
		if (h->vdevs[i].rxq.napi.thread)
			return true;
	return false;
}
