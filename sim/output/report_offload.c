/* SPDX-License-Identifier: MIT */
/*
 * report_offload.c - GRO and XDP in the summary: per queue the GRO
 * counters (named after the kernel paths that take them) and the XDP
 * verdicts under the driver's ethtool -S names (mlx5 rx_xdp_*; drivers
 * without such counters show the verdict names), per NIC its cpumap
 * entries with their kthreads.
 */
#include <inttypes.h>
#include <stdio.h>

#include "rxsim/cpu.h"
#include "rxsim/gro.h"
#include "rxsim/host.h"
#include "rxsim/napi_threaded.h"
#include "rxsim/nic.h"
#include "rxsim/vdev.h"
#include "rxsim/xdp.h"
#include "report_offload.h"

static void u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static const char *const verdict_names[XDP__N] = {
	"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT",
};

static void gro_object(const struct napi_gro *g, cJSON *qo)
{
	cJSON *o = cJSON_AddObjectToObject(qo, "gro");

	u64(o, "merged", g->merged);
	u64(o, "held", g->held);
	u64(o, "complete", g->complete);
	u64(o, "flush_oldest", g->flush_oldest);
	u64(o, "napi_gro_flush", g->flushes);
	u64(o, "normal", g->normal);
	u64(o, "gro_normal_list", g->normal_list);
	u64(o, "held_at_end", g->count);
}

void report_queue_offload(const struct nic *n, const struct rxq *q, cJSON *qo)
{
	const struct drv_profile *pr = n->prof;
	cJSON *o, *v, *e;
	int i;

	if (q->gro && q->gro->on)
		gro_object(q->gro, qo);
	if (n->xdp) {
		const struct xdp_rxq *x = &n->xdp->rxqs[q->index];

		o = cJSON_AddObjectToObject(qo, "xdp");
		v = cJSON_AddObjectToObject(o, "verdicts");
		for (i = 0; i < XDP__N; i++)
			u64(v, verdict_names[i], x->verdict[i]);
		u64(o, "tx_xmit", x->tx_xmit);
		u64(o, "tx_full", x->tx_full);
		e = cJSON_AddObjectToObject(o, "ethtool");
		/* mlx5e_xdp_handle: XDP_ABORTED counts as xdp_drop */
		if (pr->xdp_drop_counter) {
			u64(e, pr->xdp_drop_counter, x->verdict[XDP_DROP] + x->verdict[XDP_ABORTED]);
			u64(e, pr->xdp_redirect_counter, x->verdict[XDP_REDIRECT]);
			u64(e, pr->xdp_tx_counter, x->tx_xmit);
			u64(e, pr->xdp_tx_full_counter, x->tx_full);
		}
	}
}

void report_nic_cpumap(const struct host *h, const struct nic *n, cJSON *o)
{
	cJSON *a = NULL;
	int i;

	if (!n->xdp)
		return;
	for (i = 0; i < h->ncpus; i++) {
		const struct cpumap_entry *e = n->xdp->entries[i];
		cJSON *eo;

		if (!e)
			continue;
		if (!a)
			a = cJSON_AddArrayToObject(o, "cpumap");
		eo = cJSON_CreateObject();
		cJSON_AddItemToArray(a, eo);
		u64(eo, "cpu", (uint64_t)e->cpu);
		cJSON_AddStringToObject(eo, "kthread", e->kthread.name);
		u64(eo, "qsize", e->qsize);
		u64(eo, "enqueued", e->enqueued);
		u64(eo, "drops", e->drops);
		u64(eo, "processed", e->processed);
		u64(eo, "rounds", e->rounds);
		u64(eo, "max_queued", e->max_ring);
		u64(eo, "cpu_ns", (uint64_t)((e->kthread.sum_exec + 500) / 1000));
	}
}

void report_print_offload(FILE *f, const struct host *h, double secs)
{
	int i, j, k;

	for (i = 0; i < h->nnics; i++) {
		const struct nic *n = &h->nics[i];
		uint64_t merged = 0, complete = 0, normal = 0, batches = 0, v[XDP__N] = { 0 };
		uint64_t txf = 0;
		bool gro = false;

		for (j = 0; j < n->nrxq; j++) {
			const struct rxq *q = &n->rxqs[j];

			if (q->gro && q->gro->on) {
				gro = true;
				merged += q->gro->merged;
				complete += q->gro->complete;
				normal += q->gro->normal;
				batches += q->gro->normal_list;
			}
			for (k = 0; n->xdp && k < XDP__N; k++)
				v[k] += n->xdp->rxqs[j].verdict[k];
			if (n->xdp)
				txf += n->xdp->rxqs[j].tx_full;
		}
		if (gro)
			fprintf(f, "gro       %s: %" PRIu64 " segments merged into %" PRIu64
				" skbs, %" PRIu64 " passed through, %" PRIu64 " gro_normal_list "
				"batches\n", n->cfg->name, merged, complete, normal, batches);
		if (n->xdp) {
			fprintf(f, "xdp       %s: drop %" PRIu64 ", pass %" PRIu64 ", tx %" PRIu64
				" (full %" PRIu64 "), redirect %" PRIu64 ", aborted %" PRIu64 "\n",
				n->cfg->name, v[XDP_DROP], v[XDP_PASS], v[XDP_TX], txf,
				v[XDP_REDIRECT], v[XDP_ABORTED]);
			for (k = 0; k < h->ncpus; k++) {
				const struct cpumap_entry *e = n->xdp->entries[k];

				if (e)
					fprintf(f, "          %s: %" PRIu64 " skbs built, %" PRIu64
						" ring drops (qsize %u), %.1f%% of a CPU\n",
						e->kthread.name, e->processed, e->drops, e->qsize,
						secs > 0 ? 100.0 * (double)e->kthread.sum_exec /
							       ((double)secs * (double)SIM_S) : 0.0);
			}
		}
	}
	for (i = 0; i < h->nvdevs; i++) {
		const struct vdev *d = &h->vdevs[i];
		const struct veth_rq *rq = d->rq;

		if (!rq)
			continue;
		fprintf(f, "veth napi %s: %" PRIu64 " skbs in %" PRIu64 " polls, %" PRIu64
			" ring drops (tx_dropped of the peer)", d->cfg->name, rq->xdp_packets,
			d->rxq.napi.polls, rq->peer_tx_dropped);
		if (d->rxq.gro->on)
			fprintf(f, ", GRO merged %" PRIu64 " into %" PRIu64 " skbs",
				d->rxq.gro->merged, d->rxq.gro->complete);
		if (rq->xdp)
			fprintf(f, ", xdp drop %" PRIu64 " pass %" PRIu64, rq->xdp_drops,
				rq->verdict[XDP_PASS]);
		if (d->rxq.napi.thread)
			fprintf(f, ", polled by %s", d->rxq.napi.thread->task.name);
		fprintf(f, "\n");
	}
}

void report_veth_napi(const struct vdev *d, cJSON *o)
{
	const struct veth_rq *rq = d->rq;
	cJSON *n = cJSON_AddObjectToObject(o, "napi"), *r, *e, *x, *v;
	int i;

	u64(n, "polls", d->rxq.napi.polls);
	u64(n, "polls_full_weight", d->rxq.napi.polls_full);
	u64(n, "packets", rq->xdp_packets);
	u64(n, "schedules", rq->schedules);
	r = cJSON_AddObjectToObject(n, "ring");
	u64(r, "size", VETH_RING_SIZE);
	u64(r, "max_filled", rq->max_ring);
	u64(r, "queued_at_end", rq->xdp_ring.len);
	/* veth_xmit: priv->dropped of the sending end */
	u64(n, "peer_tx_dropped", rq->peer_tx_dropped);
	e = cJSON_AddObjectToObject(n, "ethtool");
	u64(e, "rx_queue_0_xdp_packets", rq->xdp_packets);
	u64(e, "rx_queue_0_xdp_bytes", rq->xdp_bytes);
	u64(e, "rx_queue_0_xdp_drops", rq->xdp_drops);
	u64(n, "rps_steered", d->rxq.steered);
	if (d->rxq.gro && d->rxq.gro->on)
		gro_object(d->rxq.gro, n);
	if (rq->xdp) {
		x = cJSON_AddObjectToObject(n, "xdp");
		v = cJSON_AddObjectToObject(x, "verdicts");
		for (i = 0; i < XDP__N; i++)
			u64(v, verdict_names[i], rq->verdict[i]);
	}
}
