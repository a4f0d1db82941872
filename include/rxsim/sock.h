/* SPDX-License-Identifier: MIT */
/*
 * sock.h - UDP sockets: sk_rcvbuf derivation, the admission rule of the
 * selected kernel, the two receive queues and lazy memory release.
 */
#ifndef RXSIM_SOCK_H
#define RXSIM_SOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/packet.h"

struct host;
struct app_thread;

/* What a socket's reader was doing when a datagram was dropped. */
enum reader_doing {
	READER_RUNNING,		/* had >= 10% of the last millisecond: too slow */
	READER_STARVED_NET,	/* had less, its CPU spent >= half of it on irq/softirq */
	READER_WAITING_TASK,	/* had less, its CPU ran other tasks */
	READER_BLOCKED,		/* asleep for another reason (a pause) */
	READER_NONE,		/* nothing reads the socket */
	READER__N,
};

/* SOCK_MIN_RCVBUF = TCP_SKB_MIN_TRUESIZE = 2048 + SKB_DATA_ALIGN(sizeof(sk_buff)) */
#define SOCK_MIN_RCVBUF	2304

struct udp_sock {
	const struct sock_cfg *cfg;
	int index;
	int64_t sk_rcvbuf;
	int64_t sk_rmem_alloc;
	int64_t forward_deficit;
	int64_t forward_threshold;
	struct pktq sk_receive_queue;
	struct pktq reader_queue;
	struct app_thread *waiters;	/* blocked readers, FIFO (exclusive wait) */
	struct app_thread *waiters_tail;
	struct app_thread **ep_watchers;	/* epoll threads with this socket in their set */
	int n_ep_watchers;
	uint32_t sk_rxhash;		/* connected sockets: hash of their flow */
	uint32_t reuse_count;		/* datagrams this group member was chosen for */
	int last_rxq;			/* sk_napi_id: its rx queue (see udp_enqueue), -1 */
	uint32_t readers_reading;	/* datagrams taken but not yet returned */
	uint64_t sk_drops;
	struct app_thread *reader;	/* first thread reading it (diagnosis) */
	uint64_t drops_reader[READER__N];	/* by what the reader was doing at the drop */
	uint64_t enqueued;
	uint64_t read;
	uint64_t wakeups;
	int64_t max_rmem_alloc;
	uint32_t max_qlen;
	uint32_t ts_max_qlen;		/* the time-series interval's (sim/timeseries.c) */
};

/* __sock_set_rcvbuf(): what sk_rcvbuf becomes for SO_RCVBUF @val. */
int64_t sock_rcvbuf_from_setsockopt(int64_t val, bool force, int64_t rmem_max);
void udp_sock_init(struct host *h, struct udp_sock *sk, const struct sock_cfg *cfg, int index);
/* __udp_enqueue_schedule_skb admission test; true if accepted. */
bool udp_admit(int kver, int64_t rmem, int64_t size, int64_t rcvbuf);
/* Queue @p or drop it; returns true if queued. */
bool udp_enqueue(struct host *h, struct udp_sock *sk, struct packet *p);
/* Take the next datagram for a reader (splicing like __skb_recv_udp) and
 * release its memory as udp_skb_destructor() does, before the copy. */
struct packet *udp_dequeue(struct udp_sock *sk);
/* udp_rmem_release(partial=1) for @truesize just unlinked from the reader
 * queue; udp_dequeue() calls it. */
void udp_rmem_release(struct udp_sock *sk, int64_t truesize);
static inline uint32_t udp_queued(const struct udp_sock *sk)
{
	return sk->sk_receive_queue.len + sk->reader_queue.len;
}

#endif
