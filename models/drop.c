/* SPDX-License-Identifier: MIT */
/*
 * drop.c - the one table that maps each place of loss to the kernel's drop
 * reason and to the counter a user would read on a host.
 */
#include <stddef.h>

#include "rxsim/drop.h"

const struct drop_info drop_info[] = {
	[DROP_UPSTREAM] = { "upstream", NULL, "switch egress discards", 0 },
	[DROP_NIC_RING] = { "nic_ring", NULL, "rx_missed_errors", 0 },
	[DROP_NIC_FIFO] = { "nic_fifo", NULL, "rx_missed_errors", 0 },
	[DROP_CPU_BACKLOG] = { "cpu_backlog", "SKB_DROP_REASON_CPU_BACKLOG",
			       "softnet_stat dropped", 0 },
	[DROP_NO_SOCKET] = { "no_socket", "SKB_DROP_REASON_NO_SOCKET", "Udp: NoPorts", 0 },
	[DROP_SOCKET_RCVBUFF] = { "socket_rcvbuf", "SKB_DROP_REASON_SOCKET_RCVBUFF",
				  "Udp: RcvbufErrors", 0 },
	[DROP_NETFILTER] = { "netfilter", "SKB_DROP_REASON_NETFILTER_DROP",
			     "iptables -L -v pkts of DROP rules", 0 },
	[DROP_NF_CONNTRACK] = { "nf_conntrack", "SKB_DROP_REASON_NETFILTER_DROP",
				"nf_conntrack stat drop + insert_failed", 0 },
	[DROP_NIC_LENGTH] = { "nic_length", NULL, "rx_length_errors", 1 },
	/* inet_frag_destroy() -> inet_frag_rbtree_purge(): the fragments of
	 * an expired queue (ip_expire) */
	[DROP_FRAG_TIMEOUT] = { "ip_frag_timeout", "SKB_DROP_REASON_FRAG_REASM_TIMEOUT",
				"Ip: ReasmTimeout", 1 },
	/* ip_defrag(): inet_frag_find() refused (frag_mem_limit > high_thresh),
	 * kfree_skb(); or a queue evicted for memory (<= 4.16) */
	[DROP_FRAG_MEM] = { "ip_frag_mem", "SKB_DROP_REASON_NOT_SPECIFIED", "Ip: ReasmFails", 1 },
	/* ip_frag_queue() discard_qp: a fragment overlapping the queued ones
	 * (IpExt: ReasmOverlaps), ending before data already seen or past a
	 * known end, or empty; ReasmFails counts one */
	[DROP_FRAG_INVALID] = { "ip_frag_invalid", "SKB_DROP_REASON_NOT_SPECIFIED",
				"Ip: ReasmFails (IpExt: ReasmOverlaps)", 1 },
	/* ... and inet_frag_kill() of its queue: inet_frag_destroy() frees the
	 * fragments already there (inet_frag_rbtree_purge) */
	[DROP_FRAG_KILLED] = { "ip_frag_killed", "SKB_DROP_REASON_FRAG_REASM_TIMEOUT",
			       "(the queue's other fragments)", 1 },
	/* inet_frag_queue_insert() IPFRAG_DUP: the fragment alone is freed */
	[DROP_FRAG_DUP] = { "ip_frag_dup", "SKB_DROP_REASON_DUP_FRAG", "(not counted)", 1 },
	/* veth_xmit(): veth_xdp_rx() found rq->xdp_ring full; with the default
	 * noqueue qdisc dev_kfree_skb_any() and priv->dropped of the sending
	 * device (its tx_dropped), before and after the qdisc backpressure of 6.16 */
	[DROP_VETH_RING] = { "veth_ring", "SKB_DROP_REASON_NOT_SPECIFIED",
			     "ip -s link tx_dropped of the veth peer", 1 },
	[DROP_TCP_BACKLOG] = { "tcp_backlog", "SKB_DROP_REASON_SOCKET_BACKLOG",
			       "TcpExt: TCPBacklogDrop", 0 },
	[DROP_TCP_RCVQ] = { "tcp_rcvq", "SKB_DROP_REASON_PROTO_MEM", "TcpExt: TCPRcvQDrop", 0 },
	[DROP_TCP_OFO] = { "tcp_ofo", "SKB_DROP_REASON_PROTO_MEM", "TcpExt: TCPOFODrop", 0 },
	[DROP_TCP_ZEROWINDOW] = { "tcp_zerowindow", "SKB_DROP_REASON_TCP_ZEROWINDOW",
				  "TcpExt: TCPZeroWindowDrop", 0 },
	[DROP_TCP_OLD_DATA] = { "tcp_old_data", "SKB_DROP_REASON_TCP_OLD_DATA",
				"TcpExt: DelayedACKLost", 0 },
	[DROP_TCP_OFOMERGE] = { "tcp_ofomerge", "SKB_DROP_REASON_TCP_OFOMERGE",
				"TcpExt: TCPOFOMerge", 0 },
	[DROP_TCP_OLD_SEQ] = { "tcp_old_sequence", "SKB_DROP_REASON_TCP_OLD_SEQUENCE",
			       "(window probes, not counted)", 0 },
	[DROP_TCP_INVALID_SEQ] = { "tcp_invalid_sequence", "SKB_DROP_REASON_TCP_INVALID_SEQUENCE",
				   "(out of window, not counted)", 0 },
	[DROP_TCP_OFO_PRUNE] = { "tcp_ofo_prune", "SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE",
				 "TcpExt: OfoPruned", 0 },
};
_Static_assert(sizeof(drop_info) / sizeof(drop_info[0]) == DROP__N,
	       "drop_info must cover its enum");
