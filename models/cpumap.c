/* SPDX-License-Identifier: MIT */
/*
 * cpumap.c - BPF_MAP_TYPE_CPUMAP entries (kernel/bpf/cpumap.c): XDP frames
 * redirected to another CPU, where a kthread builds their skbs and passes
 * them to the stack.
 *
 * Mirrors bq_enqueue() (a per-CPU bulk queue of CPU_MAP_BULK_SIZE frames,
 * flushed into the entry's ptr_ring when full), bq_flush_to_queue() (a full
 * ptr_ring drops the frame: the drops of trace_xdp_cpumap_enqueue),
 * __cpu_map_flush() (at xdp_do_flush, the end of the NAPI poll: flush and
 * wake_up_process the kthread) and cpu_map_kthread_run(): a kthread
 * "cpumap/CPU/map:ID" bound to its CPU, scheduled by the fair scheduler
 * with the other tasks, that sleeps while the ring is empty, takes up to
 * CPUMAP_BATCH frames per round, builds their skbs and hands them to
 * netif_receive_skb_list() with BH disabled, then cond_resched().
 *
 * Simplified: no program on the entry (bpf_prog of bpf_cpumap_val); the
 * skbs go to the protocol on the kthread's CPU without RPS.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/pool.h"
#include "rxsim/xdp.h"
#include "napi_rx.h"

static void kthread_run(struct cpu *c, struct exec *ex);

int cpumap_entry_init(struct host *h, struct cpumap_entry *e, int cpu, int map_id,
		      uint32_t qsize)
{
	char name[48];
	int i;

	e->cpu = cpu;
	e->map_id = map_id;
	e->qsize = qsize;
	pktq_init(&e->ring);
	pktq_init(&e->batch);
	e->bulkq = calloc((size_t)h->ncpus, sizeof(*e->bulkq));
	if (!e->bulkq)
		return -1;
	for (i = 0; i < h->ncpus; i++)
		pktq_init(&e->bulkq[i]);
	snprintf(name, sizeof(name), "cpumap/%d/map:%d", cpu, map_id);
	sched_task_init(h, &e->kthread, name, TASK_CPUMAP, cpu, cpu, ACCT_OTHER);
	e->kthread.owner = e;
	e->rx.skb = NULL;
	e->rx.rxq = NULL;
	return 0;
}

void cpumap_entry_free(struct cpumap_entry *e)
{
	free(e->bulkq);
	e->bulkq = NULL;
}

/* bq_flush_to_queue(): the bulk queue of @from_cpu into the ptr_ring. */
static void bq_flush_to_queue(struct host *h, struct cpumap_entry *e, int from_cpu)
{
	struct pktq *bq = &e->bulkq[from_cpu];
	struct packet *p;

	while ((p = pktq_pop(bq))) {
		if (e->ring.len >= e->qsize) {
			e->drops++;
			pool_put(&h->pkts, p);	/* xdp_return_frame_rx_napi */
			continue;
		}
		pktq_push(&e->ring, p);
		e->enqueued++;
	}
	if (e->ring.len > e->max_ring)
		e->max_ring = e->ring.len;
}

void cpu_map_enqueue(struct host *h, struct cpumap_entry *e, struct packet *p, int from_cpu)
{
	struct pktq *bq = &e->bulkq[from_cpu];

	if (bq->len == CPU_MAP_BULK_SIZE)
		bq_flush_to_queue(h, e, from_cpu);
	pktq_push(bq, p);
	/* on the flush list until xdp_do_flush */
	e->bulk_pending |= 1ull << (from_cpu & 63);
}

void cpu_map_flush(struct host *h, struct cpumap_entry *e, int from_cpu)
{
	uint64_t bit = 1ull << (from_cpu & 63);

	if (!(e->bulk_pending & bit))
		return;
	e->bulk_pending &= ~bit;
	bq_flush_to_queue(h, e, from_cpu);
	/* "If already running, costs spin_lock_irqsave + smb_mb" */
	sched_wakeup(h, &e->kthread, kthread_run);
}

/* netif_receive_skb_list() of the round's skbs, one at a time. */
static void kthread_step(struct cpu *c, struct exec *ex)
{
	struct cpumap_entry *e = ex->task->owner;
	struct host *h = c->host;
	sim_time_t cost;
	struct packet *p;

	for (;;) {
		if (e->rx.skb) {
			if (netif_receive_skb_step(h, c, &e->rx, &cost)) {
				cpu_charge(c, ex, cost, kthread_step);
				return;
			}
			continue;
		}
		p = pktq_pop(&e->batch);
		if (!p)
			break;
		e->processed++;
		/* the skb is built here (cpumap_skb), then the protocol */
		netif_receive_skb_begin(&e->rx, p, &h->sc->host.costs.cpumap_skb);
	}
	/* local_bh_enable(), then cond_resched() before the next round */
	e->kthread.nopreempt = false;
	cpu_charge(c, ex, 0, kthread_run);
	sched_preempt_point(c);
}

/* cpu_map_kthread_run(): one round per call. */
static void kthread_run(struct cpu *c, struct exec *ex)
{
	struct cpumap_entry *e = ex->task->owner;
	int n;

	if (!e->ring.len) {
		e->sched++;
		sched_block(c, &e->kthread);
		return;
	}
	/* __ptr_ring_consume_batched(rcpu->queue, frames, CPUMAP_BATCH) */
	for (n = 0; n < CPUMAP_BATCH && e->ring.head; n++)
		pktq_push(&e->batch, pktq_pop(&e->ring));
	e->rounds++;
	e->kthread.nopreempt = true;	/* local_bh_disable() */
	kthread_step(c, ex);
}

uint64_t cpumap_held(const struct host *h, const struct cpumap_entry *e)
{
	uint64_t n = e->ring.len + e->batch.len + (e->rx.skb ? 1u : 0u);
	int i;

	for (i = 0; i < h->ncpus; i++)
		n += e->bulkq[i].len;
	return n;
}
