/* SPDX-License-Identifier: MIT */
/*
 * dev_virtual.c - loopback and veth: the transmit of one device is the
 * receive of another, through the per-CPU backlog.
 *
 * Mirrors loopback_xmit() (drivers/net/loopback.c) and veth_xmit() ->
 * veth_forward_skb() (drivers/net/veth.c, with GRO and XDP off: the
 * peer's rq has no NAPI, so the skb goes to __netif_rx()), then
 * netif_rx_internal() (net/core/dev.c): with RPS configured on the
 * receiving device, get_rps_cpu() picks the backlog, else the CPU running
 * the transmit (smp_processor_id()); enqueue_to_backlog() applies
 * netdev_max_backlog with its `qlen > max_backlog` test, and a refused
 * skb counts in the device's rx_dropped and the target's softnet dropped.
 * Both run with BH disabled (inside __dev_queue_xmit), so the NET_RX the
 * enqueue raises runs at the local_bh_enable() that ends the transmit
 * (models/local_send.c).
 *
 * The skb keeps the sender's allocation: its truesize is that of
 * __ip_append_data()'s skb, by the device's truesize profile.
 *
 * veth NAPI mode (GRO or XDP on the receiving end: a ptr_ring of
 * VETH_RING_SIZE polled by veth_poll) is models/veth_napi.c; a veth
 * without it pays one pointer test here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/backlog.h"
#include "rxsim/host.h"
#include "rxsim/packet.h"
#include "rxsim/vdev.h"

#define ETH_FCS_LEN 4

/*
 * skb->truesize of a UDP datagram a local socket sends, x86-64, 4 KiB
 * pages, 6.x (the default profile, "auto"):
 *
 * __ip_append_data() allocates the head for an IP packet of L bytes
 * (payload + 8 + 20) with alloc_extra = hh_len + 15 = 31 (hh_len =
 * LL_RESERVED_SPACE of Ethernet = 16), i.e. L + 31 = payload + 59 bytes,
 * as long as fraglen + alloc_extra < SKB_MAX_ALLOC (16384 - 320 = 16064);
 * __alloc_skb() asks kmalloc for SKB_HEAD_ALIGN(size) = ALIGN(size, 64) +
 * 320 (skb_shared_info), served from the small-head cache when that is at
 * most SKB_SMALL_HEAD_CACHE_SIZE (576 = SKB_HEAD_ALIGN(MAX_TCP_HEADER) on
 * the measured config) and else from a kmalloc size class (1024 .. 8192;
 * 16384 is a page-backed order-2 allocation, rounded by
 * kmalloc_size_roundup), and sets truesize = SKB_TRUESIZE(object - 320) =
 * object + 256 (sizeof(struct sk_buff) aligned).  Hence, by payload:
 *   ALIGN(p + 59, 64) <= 576 - 320   p <= 197    576 + 256 =   832
 *                     <= 1024 - 320  p <= 645   1024 + 256 =  1280
 *                     <= 2048 - 320  p <= 1669  2048 + 256 =  2304
 *                     <= 4096 - 320  p <= 3717  4096 + 256 =  4352
 *                     <= 8192 - 320  p <= 7813  8192 + 256 =  8448
 *   p + 59 < 16064 (SKB_MAX_ALLOC)   p <= 16004 16384 + 256 = 16640
 * and above, the device being NETIF_F_SG, the head holds only the 28
 * header bytes (a small head, 832) and the payload goes in page frags
 * counted byte for byte: payload + 832.  This matches the measurement on
 * a 6.x kernel over lo and veth.  A fragment of an IP packet of L bytes
 * is allocated the same way, so it takes the entry of payload L - 28.
 */
uint32_t vdev_truesize(const struct truesize_profile *ts, uint32_t ip_len)
{
	uint32_t payload = ip_len - 28, i;

	for (i = 0; i < ts->n; i++)
		if (payload <= ts->max_payload[i])
			return ts->truesize[i];
	return payload + ts->over;
}

/* The flow dissector's hash of a tuple (skb_get_hash: siphash of the flow
 * keys with a boot-time secret in 6.x; here a multiplicative mix with a
 * secret from the seed: other values, the same spread). */
static uint32_t soft_hash(const struct flow_tuple *t, uint32_t secret)
{
	uint32_t h = secret, i;

	for (i = 0; i < 4; i++)
		h = (h ^ t->saddr[i]) * 0x01000193u;
	for (i = 0; i < 4; i++)
		h = (h ^ t->daddr[i]) * 0x01000193u;
	h = (h ^ t->sport) * 0x9E3779B1u;
	h = (h ^ t->dport) * 0x85EBCA77u;
	h ^= h >> 16;
	return h ? h : 1;
}

int vdev_setup(struct host *h)
{
	const struct scenario *sc = h->sc;
	uint32_t i, j;
	struct rng r;
	uint32_t secret;

	rng_stream(&r, h->sim->seed, "vdev/hashrnd");
	secret = rng_u32(&r);
	h->nvdevs = (int)sc->n_devices;
	h->nsenders = (int)sc->n_senders;
	if (!h->nvdevs)
		return 0;
	h->vdevs = calloc((size_t)h->nvdevs, sizeof(*h->vdevs));
	h->senders = calloc(h->nsenders ? (size_t)h->nsenders : 1, sizeof(*h->senders));
	if (!h->vdevs || !h->senders)
		return -1;
	for (i = 0; i < sc->n_devices; i++) {
		struct vdev *d = &h->vdevs[i];

		d->cfg = &sc->devices[i];
		d->index = (int)i;
		d->mtu = (uint32_t)d->cfg->mtu;
		d->rxq.rps_map = d->cfg->rps_cpus.n ? &d->cfg->rps_cpus : NULL;
		d->rxq.gidx = PKT_RXQ_NONE;
		if (veth_napi_setup(h, d))
			return -1;
	}
	for (i = 0; i < sc->n_senders; i++) {
		struct local_sender *s = &h->senders[i];
		const struct sender_cfg *cfg = &sc->senders[i];
		char name[48];
		int cpu = cfg->cpu >= 0 ? (int)cfg->cpu : (int)i % h->ncpus;

		s->cfg = cfg;
		s->index = (int)i;
		for (j = 0; j < sc->n_devices; j++)
			if (!strcmp(sc->devices[j].name, cfg->device))
				s->dev = &h->vdevs[j];
		snprintf(name, sizeof(name), "%s", cfg->name);
		sched_task_init(h, &s->task, name, TASK_APP, cpu, (int)cfg->cpu, ACCT_APP);
		/* no owner: the scheduler reads an app thread behind an owned TASK_APP */
		s->task.owner = NULL;
		rng_streamf(&s->arr_rng, h->sim->seed, "sender/%u/arrival", i);
		rng_streamf(&s->cost_rng, h->sim->seed, "sender/%u/cost", i);
		s->flow_hash = malloc((size_t)cfg->flows * sizeof(*s->flow_hash));
		if (!s->flow_hash)
			return -1;
		for (j = 0; j < (uint32_t)cfg->flows; j++) {
			struct flow_tuple t;

			local_send_tuple(s, j, &t);
			s->flow_hash[j] = soft_hash(&t, secret);
		}
	}
	return 0;
}

void vdev_free(struct host *h)
{
	int i;

	for (i = 0; h->senders && i < h->nsenders; i++)
		free(h->senders[i].flow_hash);
	for (i = 0; h->vdevs && i < h->nvdevs; i++)
		veth_napi_free(&h->vdevs[i]);
	free(h->senders);
	free(h->vdevs);
	h->senders = NULL;
	h->vdevs = NULL;
}

bool vdev_netif_rx(struct host *h, struct cpu *c, struct vdev *d, struct packet *p)
{
	struct rps_dev_flow *rflow = NULL;
	int cpu = -1;

	/* veth_xmit(): use_napi, the peer's rq has a NAPI and the skb is eligible */
	if (d->rq && d->rq->use_napi)
		return veth_xmit_napi(h, c, d, p);
	d->rx_packets++;
	d->rx_bytes += p->size - ETH_FCS_LEN;
	/* netif_rx_internal(): RPS when the device has a map */
	if (d->rxq.rps_map)
		cpu = get_rps_cpu(h, &d->rxq, p, &rflow);
	if (cpu < 0)
		cpu = c->id;
	h->local_offered++;
	if (!enqueue_to_backlog(h, c, p, cpu, rflow)) {
		d->rx_dropped++;
		return false;
	}
	return true;
}
