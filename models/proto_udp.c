/* SPDX-License-Identifier: MIT */
/*
 * proto_udp.c - from the NAPI poll to a UDP socket.
 *
 * Mirrors __netif_receive_skb_core() (sd->processed on the CPU doing the
 * protocol work), ip_rcv .. __udp4_lib_rcv (socket lookup by port; none:
 * UDP_MIB_NOPORTS, SKB_DROP_REASON_NO_SOCKET, not counted in InErrors) and
 * __udp_queue_rcv_skb() (admission failure: RcvbufErrors and InErrors).
 * The CPU cost of this path is charged by the caller as costs.ip_udp_rx.
 */
#include "rxsim/host.h"
#include "rxsim/proto.h"

bool proto_udp_rcv(struct host *h, struct cpu *c, struct packet *p)
{
	int idx = h->port_sock[p->tuple.dport];
	struct udp_sock *sk;

	c->sd.processed++;
	if (idx < 0) {
		h->udp.NoPorts++;
		host_drop(h, p, DROP_NO_SOCKET);
		return false;
	}
	sk = &h->socks[idx];
	if (!udp_enqueue(h, sk, p))
		return false;
	return app_wake_reader(h, sk);
}
