/* SPDX-License-Identifier: MIT */
/*
 * host.h - the container of one simulated host: the model graph (arrays
 * of the components, declared here only by name) and its run-wide
 * counters.  Everything a run touches hangs off struct host, which hangs
 * off struct sim: no global mutable state, so several runs can share a
 * process.  A model includes the headers of the components it calls; this
 * header shows it none of their state.
 */
#ifndef RXSIM_HOST_H
#define RXSIM_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/drop.h"
#include "rxsim/engine.h"
#include "rxsim/hist.h"
#include "rxsim/pool.h"

struct scenario;
struct packet;
struct cpu;
struct nic;
struct rxq;
struct udp_sock;
struct app_thread;
struct task;
struct traffic_src;
struct netfilter;
struct packet_tap;
struct packet_fanout;
struct tcp_host;

/* Event priority classes at equal time: the wire before the device before
 * the CPUs, and timers last, so that a completion written at time t is seen
 * by a poll step ending at t. */
enum {
	PRIO_WIRE = 0,
	PRIO_DMA = 1,
	PRIO_IRQ = 2,
	PRIO_CPU = 3,
	PRIO_SCHED = 4,
	PRIO_TRAFFIC = 5,
};

/* Latency stages of a delivered packet. */
enum lat_stage {
	LAT_E2E,		/* offered -> read by the application */
	LAT_WIRE_TO_RING,	/* offered -> completion in host memory */
	LAT_RING_TO_POLL,	/* completion -> taken by the driver poll */
	LAT_POLL_TO_SOCK,	/* taken -> queued on the socket */
	LAT_SOCK_TO_READ,	/* queued -> returned by recv */
	LAT__N,
};

extern const char *const lat_names[LAT__N];

/*
 * Observers set by the output layer (timeline trace, packet trace); the
 * models call them without knowing what they write.  NULL: not wanted.
 */
struct host_hooks {
	void *ctx;
	/* CPU @cpu ran context @acct named @name over [start, end) */
	void (*cpu_slice)(void *ctx, int cpu, int acct, const char *name, sim_time_t start,
			  sim_time_t end);
	/* a point event: a drop (by place key), time_squeeze, ... */
	void (*instant)(void *ctx, int cpu, const char *name, sim_time_t t);
	/* a packet left the path: delivered (@place < 0) or dropped */
	void (*packet_done)(void *ctx, const struct packet *p, int place, sim_time_t t);
};

struct udp_mib {
	uint64_t InDatagrams;
	uint64_t NoPorts;
	uint64_t InErrors;
	uint64_t RcvbufErrors;
	uint64_t MemErrors;
};

/* Ip: counters of /proc/net/snmp (net/ipv4/proc.c snmp4_ipstats_list). */
struct ip_mib {
	uint64_t ReasmTimeout;
	uint64_t ReasmReqds;
	uint64_t ReasmOKs;
	uint64_t ReasmFails;
	uint64_t FragOKs;
	uint64_t FragCreates;
	uint64_t ReasmOverlaps;		/* /proc/net/netstat IpExt */
};

struct vdev;
struct local_sender;
struct ip_frags;

struct host {
	struct sim *sim;
	const struct scenario *sc;
	int kver;
	int hz;
	sim_time_t tick;		/* one jiffy */
	sim_time_t sched_latency;
	sim_time_t sched_min_gran;
	sim_time_t sched_wakeup_gran;
	int64_t budget_usecs;

	struct pool pkts;
	struct cpu *cpus;
	int ncpus;
	struct nic *nics;
	int nnics;
	struct rxq **rxqs;
	int nrxq;
	struct udp_sock *socks;
	int nsocks;
	int16_t *port_sock;		/* port -> first socket bound to it, -1: none */
	int16_t *reuse_next;		/* next socket of the same SO_REUSEPORT group */
	uint32_t reuse_secret;		/* udp_ehash_secret */
	uint32_t *rps_sock_flow_table;	/* RFS: desired CPU per flow hash */
	uint32_t rps_sock_mask;
	uint32_t rps_cpu_mask;
	struct app_thread *threads;
	int nthreads;
	struct task *hogs;
	int nhogs;
	struct traffic_src *srcs;
	int nsrcs;
	struct sim_keyq srcq;		/* sources by next emission (models/traffic.c) */
	struct vdev *vdevs;		/* lo, veth (models/dev_virtual.c) */
	int nvdevs;
	struct local_sender *senders;	/* models/local_send.c */
	int nsenders;
	struct ip_frags *ipfrag;	/* reassembly; NULL: no fragment yet */
	bool ipfrag_on;			/* fragments possible: Ip counters reported */

	/* run-wide counters */
	uint64_t offered;
	uint64_t delivered;
	uint64_t proto_rcvd;		/* packets that reached the UDP layer */
	uint64_t drops[DROP__N];
	struct udp_mib udp;
	struct ip_mib ip;
	uint64_t local_offered;		/* frames local senders handed to netif_rx */
	struct hist lat[LAT__N];
	struct hist *lat_interval;	/* end-to-end latency of the current output interval */
	const struct host_hooks *hooks;
	uint64_t next_packet_id;
	/* taps, iptables rules and conntrack (models/netfilter.c) */
	bool rx_hooks;			/* any of them on the path */
	struct netfilter *nf;		/* NULL: no rules, no conntrack */
	struct packet_tap *taps;
	int ntaps;
	struct packet_fanout *fanouts;	/* PACKET_FANOUT groups of taps */
	int nfanouts;
	struct tcp_host *tcp;		/* TCP connections and counters, NULL: no TCP */
};

/* Build the model graph; -1 with @msg filled if it cannot (out of memory). */
int host_setup(struct host *h, struct sim *sim, const struct scenario *sc, char *msg,
	       size_t len);
void host_teardown(struct host *h);
void host_start(struct host *h);

/* The one way out of the path other than being read. */
void host_drop(struct host *h, struct packet *p, enum drop_place where);
/* The same, for a drop that happened at @t (an emission committed late). */
void host_drop_at(struct host *h, struct packet *p, enum drop_place where, sim_time_t t);
/* The application returned @p from recv at now. */
void host_deliver(struct host *h, struct packet *p);
/* The same for a TCP segment fully copied to the reader (no Udp counter). */
void host_deliver_tcp(struct host *h, struct packet *p);
struct packet *host_packet_alloc(struct host *h);

static inline struct host *sim_host(struct sim *sim)
{
	return sim->ctx;
}

/* Per-stage conservation: returns 0, or -1 with a description in @msg. */
int host_check_conservation(const struct host *h, char *msg, size_t len);
uint64_t host_in_flight(const struct host *h);
/* Bring lazily kept state up to now (CPU accounting, completed DMA) before
 * anyone reads counters. */
void host_sync(struct host *h);

#endif
