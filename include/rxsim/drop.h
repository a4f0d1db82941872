/* SPDX-License-Identifier: MIT */
/*
 * drop.h - where a packet can be lost, under the names a user reads on a
 * host: the skb drop reason (include/net/dropreason-core.h) and the counter
 * it bumps.  NIC drops have no skb and so no reason; they carry the driver
 * counter of the chosen profile (ethtool -S).
 */
#ifndef RXSIM_DROP_H
#define RXSIM_DROP_H

enum drop_place {
	DROP_UPSTREAM,		/* before the wire: not a host drop */
	DROP_NIC_RING,		/* no posted descriptor (DROP_EN) */
	DROP_NIC_FIFO,		/* on-chip rx buffer overflow */
	DROP_CPU_BACKLOG,	/* SKB_DROP_REASON_CPU_BACKLOG -> softnet_stat dropped */
	DROP_NO_SOCKET,		/* SKB_DROP_REASON_NO_SOCKET -> Udp NoPorts */
	DROP_SOCKET_RCVBUFF,	/* SKB_DROP_REASON_SOCKET_RCVBUFF -> Udp RcvbufErrors */
	DROP_NETFILTER,		/* SKB_DROP_REASON_NETFILTER_DROP: an iptables DROP */
	DROP_NF_CONNTRACK,	/* SKB_DROP_REASON_NETFILTER_DROP: conntrack table full */
	/* places that exist only with their stage configured (reported when used) */
	DROP_NIC_LENGTH,	/* frame over the MTU: rx_length_errors */
	DROP_FRAG_TIMEOUT,	/* SKB_DROP_REASON_FRAG_REASM_TIMEOUT -> Ip ReasmTimeout */
	DROP_FRAG_MEM,		/* ip_defrag over ipfrag_high_thresh -> Ip ReasmFails */
	DROP_FRAG_INVALID,	/* ip_frag_queue: overlap or inconsistent end -> Ip ReasmFails */
	DROP_FRAG_KILLED,	/* the fragments of the queue it killed */
	DROP_FRAG_DUP,		/* SKB_DROP_REASON_DUP_FRAG: a fragment already queued */
	DROP_VETH_RING,		/* veth_xmit: the peer rq's ptr_ring full (NAPI mode) ->
				 * tx_dropped of the sending end */
	/* TCP (reported only when the scenario has TCP) */
	DROP_TCP_BACKLOG,	/* SKB_DROP_REASON_SOCKET_BACKLOG -> TCPBacklogDrop */
	DROP_TCP_RCVQ,		/* SKB_DROP_REASON_PROTO_MEM -> TCPRcvQDrop */
	DROP_TCP_OFO,		/* SKB_DROP_REASON_PROTO_MEM -> TCPOFODrop */
	DROP_TCP_ZEROWINDOW,	/* SKB_DROP_REASON_TCP_ZEROWINDOW -> TCPZeroWindowDrop */
	DROP_TCP_OLD_DATA,	/* SKB_DROP_REASON_TCP_OLD_DATA -> DelayedACKLost */
	DROP_TCP_OFOMERGE,	/* SKB_DROP_REASON_TCP_OFOMERGE -> TCPOFOMerge */
	DROP_TCP_OLD_SEQ,	/* SKB_DROP_REASON_TCP_OLD_SEQUENCE (window probes) */
	DROP_TCP_INVALID_SEQ,	/* SKB_DROP_REASON_TCP_INVALID_SEQUENCE */
	DROP_TCP_OFO_PRUNE,	/* SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE -> OfoPruned */
	DROP__N,
};

#define DROP_TCP_FIRST DROP_TCP_BACKLOG

struct drop_info {
	const char *key;	/* summary key */
	const char *reason;	/* skb drop reason, or NULL for hardware drops */
	const char *counter;	/* counter a user reads (generic name) */
	int optional;		/* reported only when nonzero */
};

extern const struct drop_info drop_info[DROP__N];

#endif
