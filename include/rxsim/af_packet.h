/* SPDX-License-Identifier: MIT */
/*
 * af_packet.h - packet taps: an AF_PACKET socket with a TPACKET_V3
 * PACKET_RX_RING (net/packet/af_packet.c), as tcpdump and libpcap open it,
 * and the process that reads its blocks; or a V1/V2 ring of fixed frames,
 * or a plain packet socket whose skbs queue against sk_rcvbuf.  __netif_receive_skb_core() runs
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
struct flow_tuple;

/* Ring layout of TPACKET_V3 (include/uapi/linux/if_packet.h) */
#define TPACKET_ALIGNMENT	16
#define V3_ALIGNMENT		8
#define TPACKET3_HDRLEN		68	/* TPACKET_ALIGN(sizeof(tpacket3_hdr)) + sockaddr_ll */
#define BLK_HDR_LEN		48	/* ALIGN(sizeof(struct tpacket_block_desc), 8) */
/* V1/V2 frame headers, x86-64: struct tpacket_hdr is 8 + 4 + 4 + 2 + 2 + 4 +
 * 4 = 28 bytes, 32 with the tail padding of its unsigned long; struct
 * tpacket2_hdr is 4 x 3 + 2 x 2 + 4 x 2 + 2 x 2 + 4 = 32 (tpacket_rcv's
 * BUILD_BUG_ON).  Each + sizeof(struct sockaddr_ll) 20, after TPACKET_ALIGN. */
#define TPACKET_HDRLEN		52
#define TPACKET2_HDRLEN		52
#define TAP_MACLEN		14	/* Ethernet: skb_network_offset() */
/* libpcap's create_ring() sizes a V1/V2 frame for the largest Ethernet
 * frame, MTU + 18, when the snaplen is larger */
#define TAP_ETH_MAX_FRAME	1518
/* frames of a V1/V2 ring rxsim keeps a status for */
#define TAP_MAX_FRAMES		(1 << 24)

/* po->tp_hdrlen of a ring of @mode (packet_set_ring) */
static inline uint32_t tpacket_hdrlen(int mode)
{
	return mode == TAP_V3 ? TPACKET3_HDRLEN : mode == TAP_V2 ? TPACKET2_HDRLEN : TPACKET_HDRLEN;
}

/* tpacket_rcv(), SOCK_RAW: netoff = TPACKET_ALIGN(tp_hdrlen + max(maclen,
 * 16)) + tp_reserve (0), macoff = netoff - maclen. */
static inline uint32_t tpacket_macoff(int mode)
{
	uint32_t netoff = tpacket_hdrlen(mode) + (TAP_MACLEN < 16 ? 16 : TAP_MACLEN);

	netoff = (netoff + TPACKET_ALIGNMENT - 1) & ~(uint32_t)(TPACKET_ALIGNMENT - 1);
	return netoff - TAP_MACLEN;
}

/* fanout_add(): a group made without max_num_members (the legacy
 * PACKET_FANOUT setsockopt libpcap, Suricata and Zeek use) holds 256. */
#define PACKET_FANOUT_MAX_LEGACY	256
/* net/packet/internal.h: ROLLOVER_HLEN = L1_CACHE_BYTES / sizeof(u32) */
#define ROLLOVER_HLEN		16
/* __packet_rcv_has_room() */
#define ROOM_NONE	0
#define ROOM_LOW	1
#define ROOM_NORMAL	2

struct packet_tap;

/* struct packet_fanout: one prot_hook (packet_rcv_fanout) for its members,
 * in the order they joined (f->arr). */
struct packet_fanout {
	uint32_t id;
	int type;			/* enum tap_fanout_mode */
	bool rollover;			/* PACKET_FANOUT_FLAG_ROLLOVER */
	uint32_t num_members;
	struct packet_tap **arr;
	uint32_t rr_cur;		/* fanout_demux_lb's counter */
	uint32_t hashrnd;		/* __skb_get_hash_symmetric's key, one per run */
	struct rng rng;			/* get_random_u32_below() of rnd and rollover */
};

/* A queued skb of a plain packet socket: what packet_recvmsg needs. */
struct tap_skb {
	uint32_t truesize;		/* charged by skb_set_owner_r */
	uint32_t len;			/* after pskb_trim to the snaplen */
};

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
	/* V1/V2 (struct packet_ring_buffer): user[] holds, per frame, whether
	 * it is TP_STATUS_USER; rd is the frame the reader expects next */
	uint32_t frame_size;
	uint32_t frame_nr;
	uint32_t head;			/* rx_ring.head: the frame tpacket_rcv fills next */
	bool in_read;			/* inside one pcap_read_linux_mmap_v2 call */
	/* socket: sk_receive_queue and its memory */
	int64_t sk_rcvbuf;
	int64_t sk_rmem_alloc;
	int64_t max_rmem_alloc;
	uint64_t sk_drops;
	struct tap_skb *q;		/* a ring, grown by doubling */
	uint32_t q_cap, q_head, q_len;
	uint32_t cur_truesize;		/* the skb packet_recvmsg is copying */
	/* PACKET_FANOUT: the group this socket joined, or NULL */
	struct packet_fanout *fanout;
	bool pressure;			/* PACKET_SOCK_PRESSURE */
	/* struct packet_rollover (PACKET_ROLLOVER_STATS) */
	uint32_t rollover_sock;		/* where the next search starts */
	uint64_t rollover_num;		/* tp_all: frames handed to another member */
	uint64_t rollover_num_huge;	/* tp_huge: ... of a flow fanout_flow_is_huge */
	uint64_t rollover_num_failed;	/* tp_failed: no member had room */
	uint32_t history[ROLLOVER_HLEN];	/* rxhashes of recent frames */
};

int af_packet_setup(struct host *h, struct packet_tap *t, const struct tap_cfg *cfg, int index);
void af_packet_free(struct packet_tap *t);
void af_packet_start(struct host *h, struct packet_tap *t);
/* The ring slot a frame of @len bytes (no FCS) takes: TPACKET_ALIGN'ed
 * header and MAC offset, then min(len, snaplen) bytes, 8-aligned (V3). */
uint32_t tpacket_v3_slot(const struct tap_cfg *cfg, uint32_t blk_size, uint32_t len);
/* tp_snaplen of a frame of @len bytes in a V1/V2 frame of @frame_size:
 * min(len, snaplen), cut at frame_size - macoff. */
uint32_t tpacket_v12_snaplen(const struct tap_cfg *cfg, uint32_t frame_size, uint32_t len);
/* libpcap's tp_frame_size for a V1/V2 ring: TPACKET_ALIGN(macoff +
 * min(snaplen, 1518)). */
uint32_t tpacket_v12_auto_frame(int mode, int64_t snaplen);
/* "v3", "v2", "v1", "socket" */
const char *af_packet_mode_name(int mode);
/* packet_rcv / tpacket_rcv of @p on @c: the CPU time it costs, plus a
 * wake-up when it hands a block to a sleeping reader. */
sim_time_t af_packet_rcv(struct host *h, struct cpu *c, struct packet_tap *t,
			 const struct packet *p);
/* packet_rcv_fanout(): the member of @f that gets @p, then its own
 * af_packet_rcv(); the cost of that one member. */
sim_time_t af_packet_rcv_fanout(struct host *h, struct cpu *c, struct packet_fanout *f,
				const struct packet *p);
/* fanout_add() of every tap with a fanout_group, in the order of taps[];
 * 0 or -1 (no memory). */
int af_packet_fanout_setup(struct host *h);
void af_packet_fanout_free(struct host *h);
/* "hash", "lb", "cpu", "rnd", "qm", "rollover" */
const char *af_packet_fanout_name(int type);
/* __packet_rcv_has_room(): ROOM_NONE, ROOM_LOW or ROOM_NORMAL for a frame
 * of @truesize bytes (0: none, as packet_poll asks). */
int af_packet_has_room(const struct packet_tap *t, uint32_t truesize);
/* __skb_get_hash_symmetric() of @tuple with the seed @hashrnd */
uint32_t af_packet_hash_symmetric(const struct flow_tuple *tuple, uint32_t hashrnd);

#endif
