/* SPDX-License-Identifier: MIT */
/*
 * nic.h - the wire, the NIC rx queues with their descriptor rings, and the
 * interrupt vector of each queue with its moderation timer.
 */
#ifndef RXSIM_NIC_H
#define RXSIM_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/dim.h"
#include "rxsim/gro.h"
#include "rxsim/napi.h"
#include "rxsim/packet.h"
#include "rxsim/rss.h"

struct host;
struct traffic_src;
struct nic;
struct rps_dev_flow;
struct xdp_prog;

/* At the end of a poll: post every cleaned descriptor (igb), only whole
 * batches (mlx5 mlx5e_post_rx_wqes), or nothing (ixgbe). */
enum end_refill { END_REFILL_ALL, END_REFILL_BATCH, END_REFILL_NONE };

/* Default rx queue count of a driver (resolve.c): the kernel's
 * netif_get_num_default_rss_queues(), one per CPU, or one per CPU up to a
 * driver maximum. */
enum { RSS_QUEUES_KERNEL = -1, RSS_QUEUES_ALL_CPUS = 0 };

/* Defaults, counter names and behaviour switches of one driver family: all
 * that rxsim knows per driver, in one place (nic.c). */
struct drv_profile {
	const char *name;
	int rss_queues;			/* RSS_QUEUES_* or the driver's maximum */
	int udp_rxfh;			/* default rx-flow-hash udp4/udp6 (RXFH_*) */
	bool drop_en_multiqueue;	/* DROP_EN only with more than one queue */
	bool dynamic_itr;		/* rx-usecs 1: ixgbe's dynamic ITR (irq.c) */
	int64_t rx_ring;
	int64_t refill_batch;
	int end_refill;			/* enum end_refill: what a poll posts as it ends */
	int coal_style;
	sim_time_t rx_interval;		/* rx-usecs default, ps */
	int64_t rx_frames;
	int64_t truesize;		/* -1: computed per frame (kmalloc rule) */
	int64_t rx_fifo;
	const char *ring_drop_counter;	/* DROP_EN drop */
	const char *fifo_drop_counter;	/* buffer overflow */
	const char *no_buffer_counter;	/* arrival found no descriptor (or NULL) */
	const char *irq_name_fmt;	/* /proc/interrupts name */
	/* XDP verdict counters as ethtool -S names them (NULL: the driver has none) */
	const char *xdp_drop_counter;
	const char *xdp_redirect_counter;
	const char *xdp_tx_counter;
	const char *xdp_tx_full_counter;
};

extern const struct drv_profile drv_profiles[DRV__N];

/* The wire into one NIC: FIFO serialisation at line rate. */
struct link {
	int64_t speed;			/* bit/s */
	uint64_t ps_per_byte;		/* when a byte lasts a whole number of ps, else 0 */
	sim_time_t free_at;		/* the wire is busy until then */
	uint64_t bits_rem;		/* remainder carried between frames (bit-ps) */
	int64_t upstream_buffer;
	struct pktq q;			/* frames on the wire, by t_nic */
	struct sim_event ev;		/* the head's last bit arrives */
	struct traffic_src *srcs;	/* sources feeding this link (->link_next) */
	uint64_t offered;
	uint64_t offered_bytes;
	uint64_t upstream_drops;
	uint64_t arrived;
};

/* Per-queue interrupt vector with moderation. */
struct irq_vec {
	struct irq_desc desc;
	char name[48];
	int cpu;
	int style;			/* enum coal_style, resolved */
	sim_time_t interval;		/* moderation interval in force (rx-usecs), ps */
	int64_t frames;
	bool armed;			/* not masked */
	uint32_t cqes;			/* completions since the last interrupt */
	sim_time_t last_fire;
	struct sim_event timer;
	/* adaptive-rx: net DIM (mlx5e_handle_rx_dim) */
	bool adaptive;
	struct dim dim;
	/* ixgbe dynamic ITR (rx-usecs 1): ixgbe_update_itr() state */
	bool dynamic;
	uint32_t q_itr;			/* q_vector->itr: usecs << 2 */
	uint32_t rx_itr;		/* q_vector->rx.itr: usecs | LATENCY flag */
	int64_t next_update;		/* jiffies */
	uint64_t total_packets;
	uint64_t total_bytes;
	uint64_t polled_bytes;		/* cumulative, for DIM samples */
	uint64_t fired;
};

/* Driver poll progress (ixgbe_clean_rx_irq / igb_clean_rx_irq shape). */
enum rxq_phase {
	RXQ_LOOP,
	RXQ_REFILLED,
	RXQ_GOT_PKT,
	RXQ_FLUSH,
	RXQ_END_REFILL,
	RXQ_END_REFILLED,
	RXQ_END_FLUSH,
	RXQ_DONE,
};

struct rxq {
	struct nic *nic;
	int index;			/* within the NIC */
	int gidx;			/* across NICs */
	uint32_t count;			/* ring size */
	uint32_t refill_batch;
	uint32_t posted;		/* descriptors owned by the NIC */
	uint32_t cleaned;		/* cleaned, not yet refilled */
	struct pktq dma;		/* DMA in flight, by t_ring */
	struct sim_event dma_ev;
	struct pktq filled;		/* completions not yet polled */
	struct pktq fifo;		/* waiting for a descriptor (DROP_EN off) */
	int64_t fifo_bytes;
	int64_t fifo_cap;
	bool drop_en;
	bool offload;			/* an XDP program or GRO that can merge (nic_offload.c) */
	uint8_t offload_phase;

	/* poll in progress */
	int phase;
	int after_flush;
	struct packet *cur;		/* taken from the ring, not yet queued for GRO */
	uint64_t poll_bytes;		/* cleaned in the current poll */

	struct napi napi;
	struct napi_gro *gro;		/* the NAPI's GRO state (gro.c) */
	struct irq_vec irq;

	/* RPS / RFS of this queue (rx-N/rps_cpus, rx-N/rps_flow_cnt) */
	const struct cpulist *rps_map;
	struct rps_dev_flow *rps_flow_table;
	uint32_t rps_flow_mask;
	uint32_t rps_flow_log;

	/* ethtool -S style */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t ring_drops;
	uint64_t fifo_drops;
	uint64_t no_buffer;
	uint64_t drops_cpu[3];		/* by cpu_doing() of the IRQ CPU at the drop */
	uint64_t polled;
	uint64_t steered;		/* handed to a backlog by RPS/RFS */
	uint64_t refills;
	uint64_t max_filled;
	uint64_t ts_max_filled;		/* the time-series interval's (sim/output/timeseries.c) */
};

struct nic {
	const struct nic_cfg *cfg;
	const struct drv_profile *prof;
	int index;
	struct link link;
	struct rss rss;
	struct rxq *rxqs;
	int nrxq;
	uint32_t max_frame;		/* mtu + Ethernet header and FCS (UINT32_MAX: unchecked) */
	uint64_t rx_length_errors;	/* frames over it, dropped by the driver */
	struct xdp_prog *xdp;		/* the attached XDP program, or NULL */
};

int nic_setup(struct host *h, struct nic *nic, const struct nic_cfg *cfg, int index);
void nic_teardown(struct host *h, struct nic *nic);
/* A frame's last bit reached the NIC. */
void nic_rx_frame(struct host *h, struct nic *nic, struct packet *p);
/* Move completions whose time has come from the DMA FIFO to the ring. */
void rxq_sync(struct host *h, struct rxq *q);
/* Packets a poll took from the ring and has not yet handed on. */
static inline uint32_t rxq_in_stack(const struct rxq *q)
{
	return napi_held(&q->napi) + (q->cur ? 1u : 0u) + gro_held_skbs(q->gro);
}
/* While the vector is armed, have an event at the next completion. */
void rxq_watch_completions(struct host *h, struct rxq *q);
/* Skb truesize for a frame of @size bytes on this NIC. */
uint32_t nic_truesize(const struct nic *nic, uint32_t size);

void link_init(struct link *l, const struct nic_cfg *cfg);
/* Arm the link once its sources have their first packet read. */
void link_start(struct host *h, struct nic *nic);
/* Commit the emission of @p at p->t_offered: on the wire or dropped upstream. */
void link_offer(struct host *h, struct nic *nic, struct packet *p);
/* The same, from a TCP sender (models/tcp_sender.c). */
void link_offer_segment(struct host *h, struct nic *nic, struct packet *p);

void irq_vec_init(struct host *h, struct rxq *q, int cpu);
/* A completion was written (DMA done) on the vector's queue. */
void irq_completion(struct host *h, struct rxq *q);
/* napi_complete_done() returned true: unmask / re-arm. */
void irq_rearm(struct host *h, struct rxq *q);
/* The driver poll cleaned @packets frames of @bytes (for dynamic ITR). */
void irq_account_poll(struct rxq *q, uint64_t packets, uint64_t bytes);

extern const struct napi_ops rxq_napi_ops;

/* The XDP program and GRO between the driver and the stack (nic_offload.c):
 * offer q->cur, 1 with *cost while CPU time is due (called again), else
 * RXQ_LOOP (consumed or held) or RXQ_FLUSH (napi->rx_list is due). */
int rxq_offload_step(struct host *h, struct cpu *c, struct rxq *q, sim_time_t *cost);
/* The end of the poll: the GRO flush it owes and xdp_do_flush(). */
void rxq_offload_poll_end(struct host *h, struct cpu *c, struct rxq *q);

#endif
