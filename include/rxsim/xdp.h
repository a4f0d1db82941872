/* SPDX-License-Identifier: MIT */
/*
 * xdp.h - an XDP program in the driver poll (native mode) and the cpumap
 * its XDP_REDIRECT verdicts feed: the verdict from the scenario's rules
 * (models/xdp.c), XDP_TX on the queue's XDP send ring, and per-CPU cpumap
 * entries with their ptr_ring and kthread (models/cpumap.c).
 */
#ifndef RXSIM_XDP_H
#define RXSIM_XDP_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/napi.h"
#include "rxsim/packet.h"

struct host;
struct nic;
struct rxq;

/* kernel/bpf/cpumap.c */
#define CPU_MAP_BULK_SIZE	8	/* frames a NAPI CPU collects before the ptr_ring */
#define CPUMAP_BATCH		8	/* frames the kthread takes per round */

/* One entry of a cpumap (struct bpf_cpu_map_entry): its ptr_ring, the
 * bulk queues of the CPUs that redirect into it, and its kthread. */
struct cpumap_entry {
	int cpu;
	int map_id;
	uint32_t qsize;
	struct pktq ring;		/* ptr_ring of xdp_frames */
	struct pktq *bulkq;		/* per NAPI CPU (struct xdp_bulk_queue) */
	uint64_t bulk_pending;		/* CPUs with a non-empty bulk queue, as a mask */
	struct task kthread;		/* cpumap/CPU/map:ID */
	struct pktq batch;		/* frames taken by the kthread, not yet in the stack */
	struct napi_rx rx;		/* netif_receive_skb of one of them */
	/* counters: trace_xdp_cpumap_enqueue / trace_xdp_cpumap_kthread */
	uint64_t enqueued;		/* frames into the ptr_ring */
	uint64_t drops;			/* ptr_ring full at bq_flush_to_queue */
	uint64_t processed;		/* frames turned into skbs */
	uint64_t rounds;		/* kthread rounds that found frames */
	uint64_t sched;			/* ... times it slept for want of frames */
	uint32_t max_ring;		/* ptr_ring occupancy seen at most */
};

/* Per rx queue: the program's verdict counters and the XDP send ring. */
struct xdp_rxq {
	uint64_t verdict[XDP__N];	/* by the program's return value */
	uint64_t tx_xmit;		/* XDP_TX frames posted to the send ring */
	uint64_t tx_full;		/* XDP_TX frames the full send ring refused */
	uint64_t tx_done;		/* ... sent and completed */
	uint64_t redirect_err;		/* XDP_REDIRECT to a CPU without an entry */
	struct pktq tx_ring;		/* frames on the send ring, by departure (t_sock) */
	uint32_t tx_size;		/* its descriptors */
	sim_time_t tx_free_at;		/* the wire of the send side is busy until */
};

/* The program of one NIC, and its cpumap. */
struct xdp_prog {
	const struct nic_cfg *cfg;
	uint64_t *credit;		/* per rule: the fraction rule's accumulator */
	uint64_t *rule_hits;		/* per rule: packets it decided */
	struct xdp_rxq *rxqs;		/* per rx queue of the NIC */
	struct cpumap_entry **entries;	/* per CPU: NULL when the map has none */
	uint64_t speed;			/* bit/s of the send side */
	uint64_t flush_cpus;		/* CPUs (mod 64) that redirected since their flush */
};

/* Attach @nic's program (nic->cfg->xdp) and build its cpumap; -1 on no memory. */
int xdp_setup(struct host *h, struct nic *nic);
void xdp_teardown(struct host *h, struct nic *nic);

/* The verdict of the program for @p (the first matching rule, else
 * XDP_PASS), with the cpumap CPU of an XDP_REDIRECT in @cpu; a fraction
 * rule advances its credit. */
int xdp_prog_run(struct host *h, struct xdp_prog *prog, const struct packet *p, int *cpu);
/* The same over any rule list (a veth's program, models/veth_napi.c), with
 * its per-rule fraction credits and hit counters. */
int xdp_rules_run(const struct xdp_rule_cfg *rules, uint32_t n, uint64_t *credit,
		  uint64_t *hits, const struct packet *p, int *cpu);

/*
 * The driver's handling of the verdict for @p taken off @q's ring on @cpu
 * (mlx5e_xdp_handle): true if XDP consumed it (dropped, sent back, or
 * redirected); false for XDP_PASS, the skb goes on to GRO.
 */
bool xdp_handle(struct host *h, struct cpu *c, struct rxq *q, struct packet *p);

/* xdp_do_flush() at the end of a poll that redirected: flush @cpu's bulk
 * queues into the ptr_rings and wake their kthreads. */
void xdp_do_flush(struct host *h, struct nic *nic, int cpu);

/* bq_enqueue() / bq_flush_to_queue() / the kthread: models/cpumap.c */
int cpumap_entry_init(struct host *h, struct cpumap_entry *e, int cpu, int map_id,
		      uint32_t qsize);
void cpumap_entry_free(struct cpumap_entry *e);
void cpu_map_enqueue(struct host *h, struct cpumap_entry *e, struct packet *p, int from_cpu);
void cpu_map_flush(struct host *h, struct cpumap_entry *e, int from_cpu);
/* Frames @e holds: bulk queues, ptr_ring, the kthread's batch. */
uint64_t cpumap_held(const struct host *h, const struct cpumap_entry *e);

/* For conservation: frames XDP holds (send rings, bulk queues, ptr_rings,
 * kthread batches) and frames it has freed (dropped, sent, ring drops). */
uint64_t xdp_in_flight(const struct host *h);
uint64_t xdp_gone(const struct host *h);

#endif
