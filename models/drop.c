/* SPDX-License-Identifier: MIT */
/*
 * drop.c - the one table that maps each place of loss to the kernel's drop
 * reason and to the counter a user would read on a host.
 */
#include <stddef.h>

#include "rxsim/drop.h"

const struct drop_info drop_info[] = {
	[DROP_UPSTREAM] = { "upstream", NULL, "switch egress discards" },
	[DROP_NIC_RING] = { "nic_ring", NULL, "rx_missed_errors" },
	[DROP_NIC_FIFO] = { "nic_fifo", NULL, "rx_missed_errors" },
	[DROP_CPU_BACKLOG] = { "cpu_backlog", "SKB_DROP_REASON_CPU_BACKLOG",
			       "softnet_stat dropped" },
	[DROP_NO_SOCKET] = { "no_socket", "SKB_DROP_REASON_NO_SOCKET", "Udp: NoPorts" },
	[DROP_SOCKET_RCVBUFF] = { "socket_rcvbuf", "SKB_DROP_REASON_SOCKET_RCVBUFF",
				  "Udp: RcvbufErrors" },
	[DROP_NETFILTER] = { "netfilter", "SKB_DROP_REASON_NETFILTER_DROP",
			     "iptables -L -v pkts of DROP rules" },
	[DROP_NF_CONNTRACK] = { "nf_conntrack", "SKB_DROP_REASON_NETFILTER_DROP",
				"nf_conntrack stat drop + insert_failed" },
};
_Static_assert(sizeof(drop_info) / sizeof(drop_info[0]) == DROP__N,
	       "drop_info must cover its enum");
