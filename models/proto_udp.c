/* SPDX-License-Identifier: MIT */
/*
 * proto_udp.c - from the NAPI poll to a UDP socket.
 *
 * Mirrors __netif_receive_skb_core() (sd->processed on the CPU doing the
 * protocol work), ip_rcv .. __udp4_lib_rcv (socket lookup by port; none:
 * UDP_MIB_NOPORTS, SKB_DROP_REASON_NO_SOCKET, not counted in InErrors) and
 * __udp_queue_rcv_skb() (admission failure: RcvbufErrors and InErrors).
 * Fragments are reassembled first (ip_local_deliver -> ip_defrag,
 * models/ip_fragment.c); each pays the protocol cost up to there.
 * The CPU cost of this path is charged by the caller as costs.ip_udp_rx.
 */
#include <string.h>

#include "rxsim/app.h"
#include "rxsim/cpu.h"
#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/jhash.h"
#include "rxsim/packet.h"
#include "rxsim/proto.h"
#include "rxsim/sock.h"
#include "rxsim/tcp.h"

/* An address as the kernel loads a __be32 on a little-endian host; IPv6
 * addresses folded by XOR (ipv6_addr_hash). */
static uint32_t addr_word(const uint8_t *a, int family)
{
	uint32_t w = 0;
	int i;

	for (i = 0; i < (family == FLOW_IPV6 ? 16 : 4); i += 4)
		w ^= (uint32_t)a[i] | (uint32_t)a[i + 1] << 8 | (uint32_t)a[i + 2] << 16 |
		     (uint32_t)a[i + 3] << 24;
	return w;
}

/* udp_ehashfn() -> reuseport_select_sock_by_hash(): reciprocal_scale. */
static struct udp_sock *reuseport_select(struct host *h, int first, const struct packet *p)
{
	const struct flow_tuple *t = &p->tuple;
	uint32_t n = 0, pick, fport_be = (uint32_t)((t->sport >> 8) | ((t->sport & 0xff) << 8));
	uint32_t hash;
	int i;

	for (i = first; i >= 0; i = h->reuse_next[i])
		n++;
	if (n == 1)
		return &h->socks[first];
	hash = jhash_3words(addr_word(t->daddr, t->family), addr_word(t->saddr, t->family),
			    (uint32_t)t->dport << 16 | fport_be, h->reuse_secret);
	pick = (uint32_t)(((uint64_t)hash * n) >> 32);
	for (i = first; pick--; i = h->reuse_next[i])
		;
	return &h->socks[i];
}

int proto_udp_rcv(struct host *h, struct cpu *c, struct packet *p)
{
	struct udp_sock *sk;
	int idx;

	c->sd.processed++;
	h->proto_rcvd++;
	p->proto_cpu = (uint16_t)c->id;
	if (p->tuple.proto != FLOW_UDP) {
		/* ip_local_deliver(): ip_is_fragment() -> ip_defrag() */
		if (p->tuple.proto == FLOW_FRAGMENT) {
			p = ip_defrag(h, p);
			if (!p)
				return 0;
			p->proto_cpu = (uint16_t)c->id;
		}
		if (p->tuple.proto != FLOW_UDP)
			return tcp_v4_rcv(h, c, p);
	}
	idx = h->port_sock[p->tuple.dport];
	if (idx < 0) {
		h->udp.NoPorts++;
		host_drop(h, p, DROP_NO_SOCKET);
		return 0;
	}
	sk = reuseport_select(h, idx, p);
	sk->reuse_count++;
	if (!udp_enqueue(h, sk, p))
		return 0;
	return app_wake_reader(h, c, sk);
}

sim_time_t proto_rcv_cost(struct host *h, struct cpu *c, int ret)
{
	const struct costs_cfg *k = &h->sc->host.costs;
	sim_time_t cost = 0;
	int woken = ret & 0xffff, acks = ret >> 16;

	/* sk_data_ready woke readers: the waker pays for each */
	while (woken--)
		cost += cost_draw(&k->wakeup, &c->rng);
	/* tcp_send_ack() from softirq: on this CPU */
	while (acks--)
		cost += cost_draw(&k->tcp_send_ack, &c->rng);
	return cost;
}
