/* SPDX-License-Identifier: MIT */
/*
 * sock.c - UDP socket receive memory.
 *
 * Mirrors (net/core/sock.c, net/ipv4/udp.c): __sock_set_rcvbuf() (SO_RCVBUF is
 * clamped to rmem_max unless forced, doubled, floored at SOCK_MIN_RCVBUF),
 * sock_init_data() (rmem_default when unset), the three admission rules of
 * __udp_enqueue_schedule_skb(), __skb_recv_udp()'s reader_queue splice, and
 * udp_skb_destructor() -> udp_rmem_release(partial=1) at dequeue, before the
 * copy to user space: memory goes back only once a quarter of sk_rcvbuf was
 * read or the reader queue ran dry, so sk_rmem_alloc (what admission sees)
 * stays high meanwhile; a release that happens ends by splicing
 * sk_receive_queue into the reader queue.
 *
 * Not modelled: udp_mem global pressure (MemErrors stays 0), the per-NUMA
 * producer queue of 6.18 (its lock contention, not its accounting), GRO.
 */
#include <stdint.h>

#include "rxsim/app.h"
#include "rxsim/host.h"
#include "rxsim/sock.h"

int64_t sock_rcvbuf_from_setsockopt(int64_t val, bool force, int64_t rmem_max)
{
	if (!force && val > rmem_max)
		val = rmem_max;
	if (val > INT32_MAX / 2)
		val = INT32_MAX / 2;
	val *= 2;
	return val > SOCK_MIN_RCVBUF ? val : SOCK_MIN_RCVBUF;
}

bool udp_admit(int kver, int64_t rmem, int64_t size, int64_t rcvbuf)
{
	if (kver >= KVER(6, 18)) {
		/* 9aaec660b5be: an empty socket always takes one datagram */
		return !(rmem + size > rcvbuf && rmem != 0);
	}
	if (kver >= KVER(6, 15)) {
		/* 5a465a0da13e: overflow-safe form of the old rule */
		if (rmem + size > rcvbuf)
			return !(rcvbuf > INT32_MAX / 2 || rmem > rcvbuf);
		return true;
	}
	/* <= 6.14: checked before adding, so one skb may overshoot */
	return !(rmem > rcvbuf);
}

void udp_sock_init(struct host *h, struct udp_sock *sk, const struct sock_cfg *cfg, int index)
{
	const struct sysctl_cfg *s = &h->sc->host.sysctl;

	sk->cfg = cfg;
	sk->index = index;
	if (cfg->rcvbuf < 0)
		sk->sk_rcvbuf = s->rmem_default;
	else
		sk->sk_rcvbuf = sock_rcvbuf_from_setsockopt(cfg->rcvbuf, cfg->rcvbuf_force,
							    s->rmem_max);
	sk->forward_threshold = sk->sk_rcvbuf / 4;
	sk->last_rxq = -1;
	pktq_init(&sk->sk_receive_queue);
	pktq_init(&sk->reader_queue);
}

/* Judged on the last whole millisecond: a reader that got a tenth of it is
 * reading as best it can; one that got less was kept off its CPU. */
static enum reader_doing reader_doing(struct host *h, struct udp_sock *sk)
{
	struct task *t = sk->reader ? &sk->reader->task : NULL;
	struct cpu *c;

	if (!t)
		return READER_NONE;
	if (!task_runnable(t))
		return READER_BLOCKED;
	c = &h->cpus[t->cpu];
	win_roll(&t->win, h->sim->now);
	win_roll(&c->win_net, h->sim->now);
	if (t->win.prev * 10 >= WIN_PS)
		return READER_RUNNING;
	return c->win_net.prev * 2 >= WIN_PS ? READER_STARVED_NET : READER_WAITING_TASK;
}

bool udp_enqueue(struct host *h, struct udp_sock *sk, struct packet *p)
{
	uint32_t q;

	/* __udp_queue_rcv_skb(), before the admission test: a connected socket
	 * saves the flow hash (sock_rps_save_rxhash) and NAPI id of every
	 * datagram, an unconnected one the NAPI id of its first only
	 * (sk_mark_napi_id_once). */
	if (sk->cfg->connected) {
		sk->sk_rxhash = p->hash;
		/* netif_rx (lo, veth) leaves napi_id 0: nothing to busy-poll */
		sk->last_rxq = p->rxq == PKT_RXQ_NONE ? -1 : p->rxq;
	} else if (sk->last_rxq < 0 && p->rxq != PKT_RXQ_NONE) {
		sk->last_rxq = p->rxq;
	}
	if (!udp_admit(h->kver, sk->sk_rmem_alloc, p->truesize, sk->sk_rcvbuf)) {
		sk->sk_drops++;
		sk->drops_reader[reader_doing(h, sk)]++;
		h->udp.RcvbufErrors++;
		h->udp.InErrors++;
		host_drop(h, p, DROP_SOCKET_RCVBUFF);
		return false;
	}
	sk->sk_rmem_alloc += p->truesize;
	if (sk->sk_rmem_alloc > sk->max_rmem_alloc)
		sk->max_rmem_alloc = sk->sk_rmem_alloc;
	p->t_sock = h->sim->now;
	pktq_push(&sk->sk_receive_queue, p);
	sk->enqueued++;
	q = udp_queued(sk);
	if (q > sk->ts_max_qlen) {
		sk->ts_max_qlen = q;
		if (q > sk->max_qlen)
			sk->max_qlen = q;
	}
	return true;
}

/* __skb_recv_udp(): __skb_try_recv_from_queue() unlinks the head of the
 * reader queue (refilled by a splice of sk_receive_queue when empty), then
 * udp_skb_destructor() / udp_skb_dtor_locked() returns its memory at once:
 * the copy to user space that follows holds no socket memory. */
struct packet *udp_dequeue(struct udp_sock *sk)
{
	struct packet *p;

	if (!sk->reader_queue.head)
		pktq_splice(&sk->reader_queue, &sk->sk_receive_queue);
	p = pktq_pop(&sk->reader_queue);
	if (p)
		udp_rmem_release(sk, p->truesize);
	return p;
}

/* udp_rmem_release(partial=1): the reader queue is tested after the skb was
 * unlinked, so taking the last one releases the whole deficit. */
void udp_rmem_release(struct udp_sock *sk, int64_t truesize)
{
	sk->forward_deficit += truesize;
	if (sk->forward_deficit < sk->forward_threshold && sk->reader_queue.head)
		return;
	sk->sk_rmem_alloc -= sk->forward_deficit;
	sk->forward_deficit = 0;
	/* skb_queue_splice_tail_init(sk_queue, &up->reader_queue): "this can
	 * save us from acquiring the rx queue lock on next receive"; it also
	 * means the reader queue is seldom empty at the next release. */
	pktq_splice(&sk->reader_queue, &sk->sk_receive_queue);
}
