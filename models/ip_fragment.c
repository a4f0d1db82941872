/* SPDX-License-Identifier: MIT */
/*
 * ip_fragment.c - IPv4 reassembly before the transport protocol.
 *
 * Mirrors ip_defrag() (net/ipv4/ip_fragment.c) on top of
 * net/ipv4/inet_fragment.c:
 *  - every fragment counts Ip: ReasmReqds;
 *  - inet_frag_find(): while frag_mem_limit() > ipfrag_high_thresh no
 *    queue is found or created [>= 4.17]: ReasmFails, the fragment freed
 *    (kfree_skb).  Before 4.17 the evictor worker, scheduled once the
 *    memory passed ipfrag_low_thresh, killed the oldest queues until it
 *    was below low_thresh (each a ReasmFails); here it runs at once;
 *  - a queue is keyed (saddr, daddr, id, protocol) and its timer is armed
 *    once, at creation, ipfrag_time later (mod_timer, so on the timer
 *    wheel: the expiry is rounded up to the granularity of its level,
 *    kernel/time/timer.c calc_index());
 *  - ip_frag_queue(): a last fragment (no MF) ending before data already
 *    seen or elsewhere than a known end, another ending past a known end,
 *    or an empty one kills the queue (ReasmFails); a non-last fragment's
 *    end is cut to a multiple of 8; inet_frag_queue_insert(): a fragment
 *    inside one already queued is a duplicate (freed alone), one that
 *    overlaps another kills the queue (ReasmOverlaps, ReasmFails);
 *  - it charges skb->truesize to the memory; the datagram is
 *    complete when the first (offset 0) and last (no MF) fragments are in
 *    and the bytes received equal its length; ip_frag_reasm() then makes
 *    the fragment that completed it the head of the whole datagram, whose
 *    truesize is the sum of its fragments' (inet_frag_reasm_prepare /
 *    _finish), and counts ReasmOKs;
 *  - ip_expire(): ReasmFails and ReasmTimeout, the fragments freed with
 *    SKB_DROP_REASON_FRAG_REASM_TIMEOUT.
 *
 * The datagram's ports are the first fragment's (a replayed capture's
 * other fragments have none).  The reassembly state is set up with the
 * host when a sender or source fragments, else at the first fragment (a
 * capture's).
 *
 * Simplified: a duplicate is a fragment inside one queued fragment (the
 * kernel's runs of contiguous fragments can also hold one that spans two);
 * sizeof(struct ipq), which inet_frag_alloc() also charges, is not
 * counted; no ICMP time-exceeded is sent; ipfrag_max_dist
 * (ip_frag_too_far) is not applied.
 *
 * Memory: the queues are one array sized by what ipfrag_high_thresh lets
 * in (every queue holds at least one fragment of at least
 * IPFRAG_MIN_TRUESIZE), hashed by index; no allocation per packet.
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/scenario.h"
#include "rxsim/trace.h"

/* The smallest truesize a fragment can have (nics[].truesize minimum). */
#define IPFRAG_MIN_TRUESIZE 256

struct ipq {
	uint8_t saddr[4], daddr[4];	/* the key: (saddr, daddr, id, protocol) */
	uint8_t proto;
	uint16_t id;
	bool first_in, last_in;
	uint16_t sport, dport;		/* the first fragment's */
	uint32_t hnext;			/* next in the bucket: index + 1 */
	struct ipq *older, *newer;
	struct pktq frags;
	sim_time_t expires;
	uint32_t meat;			/* IP payload bytes received */
	uint32_t len;			/* q.len: the end seen furthest, the datagram's
					 * IP payload once last_in */
	long truesize;
};

bool ip_frags_needed(const struct scenario *sc)
{
	uint32_t i, j;

	/* a sender whose datagrams exceed its device's MTU */
	for (i = 0; i < sc->n_senders; i++)
		for (j = 0; j < sc->n_devices; j++)
			if (!strcmp(sc->devices[j].name, sc->senders[i].device) &&
			    sc->senders[i].payload + IP_HDR_LEN + UDP_HDR_LEN > sc->devices[j].mtu)
				return true;
	for (i = 0; i < sc->n_traffic; i++)
		if (sc->traffic[i].mtu > 0)
			return true;
	return false;
}

bool ip_frags_possible(const struct scenario *sc)
{
	uint32_t i;

	if (ip_frags_needed(sc))
		return true;
	/* a capture may hold fragments (reassembly is set up at the first) */
	for (i = 0; i < sc->n_traffic; i++)
		if (sc->traffic[i].replay.file[0] &&
		    !trace_is_csv(sc->traffic[i].replay.file, sc->traffic[i].replay.format))
			return true;
	return false;
}

static uint32_t frags_bound(const struct scenario *sc)
{
	uint64_t n = (uint64_t)sc->host.sysctl.ipfrag_high_thresh / IPFRAG_MIN_TRUESIZE + 64;

	return n < (1u << 22) ? (uint32_t)n : (1u << 22);
}

uint64_t ip_frags_pool_bound(const struct scenario *sc)
{
	return ip_frags_needed(sc) ? frags_bound(sc) : 0;
}

static uint32_t key_hash(const uint8_t *saddr, const uint8_t *daddr, uint16_t id, uint8_t proto)
{
	uint32_t h = id;

	/* ipqhashfn() is a jhash with a secret; any spread will do here */
	h ^= (uint32_t)saddr[0] << 24 | (uint32_t)saddr[1] << 16 | (uint32_t)saddr[2] << 8 | saddr[3];
	h *= 0x9E3779B1u;
	h ^= (uint32_t)daddr[0] << 24 | (uint32_t)daddr[1] << 16 | (uint32_t)daddr[2] << 8 | daddr[3];
	h *= 0x85EBCA77u;
	h ^= proto;
	h ^= h >> 15;
	return h * 0x2C1B3C6Du;
}

static bool key_eq(const struct ipq *q, const struct packet *p, const struct frag_info *fi)
{
	return q->id == fi->id && q->proto == fi->proto && !memcmp(q->saddr, p->tuple.saddr, 4) &&
	       !memcmp(q->daddr, p->tuple.daddr, 4);
}

/* mod_timer(): the wheel level of a delay of @delta jiffies rounds the
 * expiry up to that level's granularity (LVL_CLK_SHIFT 3, LVL_BITS 6):
 * calc_index() gives ((expires >> LVL_SHIFT(lvl)) + 1) << LVL_SHIFT(lvl). */
int64_t timer_wheel_expiry(int64_t now_jiffies, int64_t delta)
{
	int64_t expires = now_jiffies + delta;
	unsigned lvl = 0;

	/* LVL_START(n) = (LVL_SIZE - 1) << ((n - 1) * LVL_CLK_SHIFT) */
	while (lvl < 8 && delta >= (int64_t)63 << (lvl * 3))
		lvl++;
	return ((expires >> (lvl * 3)) + 1) << (lvl * 3);
}

static void expire_fn(struct sim *sim, struct sim_event *ev);

static int ip_frags_alloc(struct host *h)
{
	const struct sysctl_cfg *s = &h->sc->host.sysctl;
	struct ip_frags *f;
	uint32_t i, nb = 1;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	h->ipfrag = f;
	f->high_thresh = (long)s->ipfrag_high_thresh;
	f->low_thresh = (long)s->ipfrag_low_thresh;
	f->timeout = s->ipfrag_time;
	f->nq = frags_bound(h->sc);
	while (nb < 2 * f->nq)
		nb *= 2;
	f->mask = nb - 1;
	f->qs = calloc(f->nq, sizeof(*f->qs));
	f->bucket = calloc(nb, sizeof(*f->bucket));
	if (!f->qs || !f->bucket)
		return -1;
	for (i = f->nq; i-- > 0;) {
		f->qs[i].newer = f->free;
		f->free = &f->qs[i];
	}
	sim_event_init(&f->expire_ev, expire_fn, PRIO_SCHED);
	return 0;
}

int ip_frags_setup(struct host *h)
{
	h->ipfrag_on = ip_frags_possible(h->sc);
	return ip_frags_needed(h->sc) ? ip_frags_alloc(h) : 0;
}

long ip_frags_mem(const struct host *h)
{
	return h->ipfrag ? h->ipfrag->mem : 0;
}

uint32_t ip_frags_queues(const struct host *h)
{
	return h->ipfrag ? h->ipfrag->queues : 0;
}

void ip_frags_free(struct host *h)
{
	if (!h->ipfrag)
		return;
	free(h->ipfrag->qs);
	free(h->ipfrag->bucket);
	free(h->ipfrag);
	h->ipfrag = NULL;
}

static void arm(struct host *h, struct ip_frags *f)
{
	sim_cancel(h->sim, &f->expire_ev);
	if (f->oldest)
		sim_schedule(h->sim, &f->expire_ev, f->oldest->expires);
}

/* inet_frag_kill(): out of the hash and the age list, back to the free list. */
static void ipq_kill(struct host *h, struct ip_frags *f, struct ipq *q)
{
	uint32_t idx = (uint32_t)(q - f->qs) + 1;
	uint32_t *pp = &f->bucket[key_hash(q->saddr, q->daddr, q->id, q->proto) & f->mask];
	bool was_oldest = q == f->oldest;

	while (*pp != idx)
		pp = &f->qs[*pp - 1].hnext;
	*pp = q->hnext;
	if (q->older)
		q->older->newer = q->newer;
	else
		f->oldest = q->newer;
	if (q->newer)
		q->newer->older = q->older;
	else
		f->newest = q->older;
	f->mem -= q->truesize;
	f->queues--;
	q->newer = f->free;
	f->free = q;
	if (was_oldest)
		arm(h, f);
}

/* Free the fragments of a queue being killed, with @why. */
static void purge(struct host *h, struct ip_frags *f, struct ipq *q, enum drop_place why)
{
	struct packet *p;

	while ((p = pktq_pop(&q->frags))) {
		f->held--;
		host_drop(h, p, why);
	}
}

/* ip_expire() of every queue whose timer is due. */
static void expire_fn(struct sim *sim, struct sim_event *ev)
{
	struct ip_frags *f = container_of(ev, struct ip_frags, expire_ev);
	struct host *h = sim_host(sim);

	while (f->oldest && f->oldest->expires <= sim->now) {
		struct ipq *q = f->oldest;

		h->ip.ReasmFails++;
		h->ip.ReasmTimeout++;
		purge(h, f, q, DROP_FRAG_TIMEOUT);
		ipq_kill(h, f, q);
	}
}

/* The evictor of 4.9-4.16 (inet_frag_worker -> inet_evict_bucket): the
 * oldest queues go until the memory is below ipfrag_low_thresh. */
static void evict(struct host *h, struct ip_frags *f)
{
	while (f->mem > f->low_thresh && f->oldest) {
		struct ipq *q = f->oldest;

		h->ip.ReasmFails++;
		purge(h, f, q, DROP_FRAG_MEM);
		ipq_kill(h, f, q);
	}
}

static struct ipq *ip_find(struct host *h, struct ip_frags *f, const struct packet *p,
			   const struct frag_info *fi)
{
	uint32_t b = key_hash(p->tuple.saddr, p->tuple.daddr, fi->id, fi->proto) & f->mask, i;
	struct ipq *q;

	for (i = f->bucket[b]; i; i = f->qs[i - 1].hnext)
		if (key_eq(&f->qs[i - 1], p, fi))
			return &f->qs[i - 1];
	/* inet_frag_create() */
	q = f->free;
	if (!q) {
		f->queue_full++;
		return NULL;
	}
	f->free = q->newer;
	memset(q, 0, sizeof(*q));
	memcpy(q->saddr, p->tuple.saddr, 4);
	memcpy(q->daddr, p->tuple.daddr, 4);
	q->proto = fi->proto;
	q->id = fi->id;
	pktq_init(&q->frags);
	q->hnext = f->bucket[b];
	f->bucket[b] = (uint32_t)(q - f->qs) + 1;
	q->expires = timer_wheel_expiry(host_jiffies(h), f->timeout / h->tick) * h->tick;
	q->older = f->newest;
	if (f->newest)
		f->newest->newer = q;
	else
		f->oldest = q;
	f->newest = q;
	if (++f->queues > f->max_queues)
		f->max_queues = f->queues;
	if (f->oldest == q)
		arm(h, f);
	return q;
}

/* ip_frag_reasm(): @p, which completed @q, becomes the whole datagram. */
static struct packet *ip_frag_reasm(struct host *h, struct ip_frags *f, struct ipq *q,
				    struct packet *p)
{
	struct packet *fp;

	p->truesize = (uint32_t)q->truesize;
	p->size = (uint16_t)(q->len + IP_HDR_LEN + ETH_WIRE_OVERHEAD);
	frag_restore(&p->tuple);
	/* inet_frag_reasm_prepare(): the head's data is offset 0's */
	p->tuple.sport = q->sport;
	p->tuple.dport = q->dport;
	while ((fp = pktq_pop(&q->frags))) {
		f->held--;
		if (fp == p)
			continue;
		/* the datagram was offered when its first fragment was */
		if (fp->t_offered < p->t_offered)
			p->t_offered = fp->t_offered;
		f->merged++;
		pool_put(&h->pkts, fp);
	}
	h->ip.ReasmOKs++;
	ipq_kill(h, f, q);
	return p;
}

/* inet_frag_queue_insert() against the fragments of @q: 0 (goes in),
 * DROP_FRAG_DUP or DROP_FRAG_INVALID (an overlap). */
static int frag_insert_check(const struct ipq *q, uint32_t off, uint32_t end)
{
	const struct packet *o;

	for (o = q->frags.head; o; o = o->next) {
		struct frag_info oi;
		uint32_t oend;

		frag_decode(&o->tuple, &oi);
		oend = (uint32_t)oi.off + oi.len;
		if (end <= oi.off || off >= oend)
			continue;
		return off >= oi.off && end <= oend ? DROP_FRAG_DUP : DROP_FRAG_INVALID;
	}
	return 0;
}

uint64_t ip_frags_dropped(const struct host *h)
{
	return h->drops[DROP_FRAG_TIMEOUT] + h->drops[DROP_FRAG_MEM] +
	       h->drops[DROP_FRAG_INVALID] + h->drops[DROP_FRAG_KILLED] + h->drops[DROP_FRAG_DUP];
}

/* discard_qp: the queue goes (ReasmFails) with the fragment in hand. */
static void discard_qp(struct host *h, struct ip_frags *f, struct ipq *q, struct packet *p)
{
	h->ip.ReasmFails++;
	purge(h, f, q, DROP_FRAG_KILLED);
	ipq_kill(h, f, q);
	host_drop(h, p, DROP_FRAG_INVALID);
}

struct packet *ip_defrag(struct host *h, struct packet *p)
{
	struct ip_frags *f = h->ipfrag;
	struct frag_info fi;
	struct ipq *q;
	uint32_t end;
	int bad;

	frag_decode(&p->tuple, &fi);
	h->ip.ReasmReqds++;
	if (!f && ip_frags_alloc(h)) {
		/* no memory for the reassembly state: as inet_frag_find() failing */
		ip_frags_free(h);
		h->ip.ReasmFails++;
		host_drop(h, p, DROP_FRAG_MEM);
		return NULL;
	}
	f = h->ipfrag;
	if (h->kver < KVER(4, 17) && f->mem > f->low_thresh)
		evict(h, f);
	if (!f->high_thresh || f->mem > f->high_thresh || !(q = ip_find(h, f, p, &fi))) {
		h->ip.ReasmFails++;
		host_drop(h, p, DROP_FRAG_MEM);
		return NULL;
	}
	/* ip_frag_queue() */
	end = (uint32_t)fi.off + fi.len;
	if (!fi.mf) {
		/* bits beyond this end already, or another end: corrupt */
		if (end < q->len || (q->last_in && end != q->len)) {
			discard_qp(h, f, q, p);
			return NULL;
		}
		q->last_in = true;
		q->len = end;
	} else {
		end &= ~7u;
		if (end > q->len) {
			if (q->last_in) {
				discard_qp(h, f, q, p);
				return NULL;
			}
			q->len = end;
		}
	}
	if (end <= fi.off) {
		discard_qp(h, f, q, p);
		return NULL;
	}
	bad = frag_insert_check(q, fi.off, end);
	if (bad == DROP_FRAG_DUP) {
		host_drop(h, p, DROP_FRAG_DUP);
		return NULL;
	}
	if (bad) {
		h->ip.ReasmOverlaps++;
		discard_qp(h, f, q, p);
		return NULL;
	}
	if (end - fi.off != fi.len) {
		/* pskb_trim_rcsum(skb, end - offset): the queue keeps the cut length */
		fi.len = (uint16_t)(end - fi.off);
		frag_encode(&p->tuple, &fi);
	}
	pktq_push(&q->frags, p);
	f->held++;
	q->truesize += p->truesize;
	f->mem += p->truesize;
	if (f->mem > f->max_mem)
		f->max_mem = f->mem;
	q->meat += end - fi.off;
	if (!fi.off) {
		q->first_in = true;
		q->sport = p->tuple.sport;
		q->dport = p->tuple.dport;
	}
	if (q->first_in && q->last_in && q->meat == q->len)
		return ip_frag_reasm(h, f, q, p);
	return NULL;
}
