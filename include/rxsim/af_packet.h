/* SPDX-License-Identifier: MIT */
/*
 * af_packet.h - packet taps: an AF_PACKET socket with a TPACKET_V3
 * PACKET_RX_RING (net/packet/af_packet.c), as tcpdump and libpcap open it,
 * and the process that reads its blocks.  __netif_receive_skb_core() runs
 * the ptype_all taps before the protocol handler, so a tap sees every frame
 * of its device, including those netfilter later drops.
 */
#ifndef RXSIM_AF_PACKET_H
#define RXSIM_AF_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/engine.h"
#include "rxsim/rng.h"

struct host;
struct packet;

/* Ring layout of TPACKET_V3 (include/uapi/linux/if_packet.h) */
#define TPACKET_ALIGNMENT	16
#define V3_ALIGNMENT		8
#define TPACKET3_HDRLEN		68	/* TPACKET_ALIGN(sizeof(tpacket3_hdr)) + sockaddr_ll */
#define BLK_HDR_LEN		48	/* ALIGN(sizeof(struct tpacket_block_desc), 8) */

struct packet_tap {
	const struct tap_cfg *cfg;
	int nic;			/* captured NIC index; -1: any */
	struct rng rng;			/* filter verdicts */
	/* struct tpacket_kbdq_core */
	uint32_t blk_size;
	uint32_t blk_nr;
	uint32_t kactive;		/* kactive_blk_num: the block being filled */
	uint32_t nxt_offset;		/* bytes used in it, from its start */
	bool frozen;			/* reset_pending_on_curr_blk */
	uint32_t *num_pkts;		/* per block */
	bool *user;			/* per block: TP_STATUS_USER (owned by the reader) */
	struct sim_event retire_ev;	/* retire_blk_timer */
	/* the reading process (libpcap pcap_read_linux_mmap_v3) */
	struct task task;
	uint32_t rd;			/* next block it reads */
	uint32_t reading;		/* packets of the block being handled */
	bool polling;			/* blocked in poll() */
	uint32_t pause_idx;
	/* PACKET_STATISTICS (tpacket_stats_v3), as getsockopt returns them */
	uint64_t tp_packets;		/* passed the filter (recorded + dropped) */
	uint64_t tp_drops;		/* no room in the ring: "dropped by kernel" */
	uint64_t tp_freeze_q_cnt;
	/* more */
	uint64_t seen;			/* frames offered to packet_rcv */
	uint64_t filtered;		/* refused by the BPF filter */
	uint64_t read;			/* packets the process handled */
	uint64_t blocks_read;
	uint64_t blocks_timed_out;	/* retired by tp_retire_blk_tov */
	uint64_t wakeups;
	sim_time_t rcv_time;		/* CPU time of packet_rcv on the receive path */
};

int af_packet_setup(struct host *h, struct packet_tap *t, const struct tap_cfg *cfg, int index);
void af_packet_free(struct packet_tap *t);
void af_packet_start(struct host *h, struct packet_tap *t);
/* The ring slot a frame of @len bytes (no FCS) takes: TPACKET_ALIGN'ed
 * header and MAC offset, then min(len, snaplen) bytes, 8-aligned (V3). */
uint32_t tpacket_v3_slot(const struct tap_cfg *cfg, uint32_t blk_size, uint32_t len);
/* packet_rcv / tpacket_rcv of @p on @c: the CPU time it costs, plus a
 * wake-up when it hands a block to a sleeping reader. */
sim_time_t af_packet_rcv(struct host *h, struct cpu *c, struct packet_tap *t,
			 const struct packet *p);

#endif
