/* SPDX-License-Identifier: MIT */
/*
 * config.h - typed configuration of one scenario, as filled by the loader
 * from the parameter tables.  Models read these structs; they never see JSON.
 */
#ifndef RXSIM_CONFIG_H
#define RXSIM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/cost.h"
#include "rxsim/engine.h"
#include "rxsim/param.h"
#include "rxsim/traffic_spec.h"

#define RXSIM_MAX_CPUS	256
#define RXSIM_RPSQ_LEN	4096	/* nics[].rps_cpus_per_queue text */
#define RXSIM_NAME_LEN	32

/* Kernel versions as major * 1000 + minor. */
#define KVER(maj, min) ((maj) * 1000 + (min))

struct sysctl_cfg {
	int64_t netdev_budget;		/* net.core.netdev_budget */
	int64_t netdev_budget_usecs;	/* -1: 2 * USEC_PER_SEC / HZ */
	int64_t netdev_max_backlog;
	int64_t dev_weight;
	int64_t dev_weight_rx_bias;
	int64_t gro_normal_batch;
	int64_t rmem_default;
	int64_t rmem_max;
	int64_t udp_rmem_min;
	int64_t rps_sock_flow_entries;
	struct cpulist flow_limit_cpu_bitmap;
	int64_t flow_limit_table_len;
};

struct sched_cfg {
	sim_time_t latency;		/* -1: 6ms * (1 + ilog2(min(cpus, 8))) */
	sim_time_t min_granularity;	/* -1: 0.75ms * factor */
	sim_time_t wakeup_granularity;	/* -1: 1ms * factor */
	bool irq_time_accounting;
};

struct costs_cfg {
	struct cost hardirq;
	struct cost driver_rx;
	struct cost refill;
	struct cost ip_udp_rx;
	struct cost wakeup;
	struct cost wakeup_latency;
	struct cost context_switch;
	struct cost softirq_entry;
	struct cost backlog_enqueue;
	struct cost process_backlog;
	struct cost ipi_send;
	struct cost ipi_receive;
	struct cost ipi_latency;
	struct cost epoll_wait;
	struct cost remote_data;
	struct cost gro_receive;
	struct cost cpumap_skb;
};

struct host_cfg {
	int64_t cpus;
	int hz;				/* enum index; see host_hz() */
	struct sched_cfg sched;
	struct sysctl_cfg sysctl;
	struct costs_cfg costs;
};

enum driver_kind { DRV_GENERIC, DRV_IXGBE, DRV_IGB, DRV_MLX5, DRV__N };
enum coal_style { COAL_AUTO, COAL_NONE, COAL_ITR, COAL_EQE, COAL_CQE, COAL__N };
enum tristate { TRI_AUTO, TRI_ON, TRI_OFF, TRI__N };

struct coalesce_cfg {
	int style;			/* enum coal_style */
	sim_time_t rx_interval;		/* ethtool rx-usecs, in ps; -1: profile */
	int64_t rx_frames;		/* -1: profile */
	bool adaptive_rx;		/* ethtool -C adaptive-rx (net DIM) */
};

struct nic_cfg {
	char name[RXSIM_NAME_LEN];
	int driver;			/* enum driver_kind */
	int64_t speed;			/* bit/s */
	int64_t queues;
	int64_t rx_ring;		/* -1: profile */
	int64_t refill_batch;		/* -1: profile */
	sim_time_t dma_delay;
	int64_t truesize;		/* -1: profile or computed */
	int drop_en;			/* enum tristate */
	int64_t rx_fifo;		/* on-chip packet buffer, bytes; -1: profile */
	int64_t upstream_buffer;	/* bytes queued before the wire */
	struct coalesce_cfg coalesce;
	struct cpulist irq_affinity;	/* n == 0: spread over CPUs */
	char rss_key[128];		/* "default", "random" or 40 hex bytes */
	int rxfh_udp4;			/* enum rxfh */
	int rxfh_udp6;
	int64_t indir_size;		/* -1: profile */
	struct cpulist indir;		/* explicit table (ethtool -X equal/raw) */
	struct cpulist indir_weights;	/* ethtool -X weight W0 W1 ... */
	struct cpulist rps_cpus;	/* every rx queue's rps_cpus */
	char rps_cpus_per_queue[RXSIM_RPSQ_LEN];	/* "0-3;4-7": rx-N/rps_cpus by N */
	struct cpulist *rps_queue_maps;	/* the same parsed, one per queue (or NULL) */
	int64_t rps_flow_cnt;		/* every rx queue's rps_flow_cnt */
	bool gro;			/* ethtool -K gro */
	int64_t gro_max_size;		/* ip link gro_max_size */
	int64_t gro_ipv4_max_size;
	bool xdp;			/* an XDP program attached (native mode) */
	struct cost xdp_cost;		/* its run time per packet */
	struct xdp_rule_cfg *xdp_rules;
	uint32_t n_xdp_rules;
	int64_t cpumap_qsize;		/* bpf_cpumap_val.qsize of every entry */
};

enum rxfh { RXFH_AUTO, RXFH_SD, RXFH_SDFN, RXFH__N };

/* enum xdp_action of include/uapi/linux/bpf.h, in its order */
enum xdp_action { XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT, XDP__N };

/* One rule of an XDP program: the first rule whose every given match holds
 * decides the verdict (models/xdp.c); the text keys are parsed by the
 * loader into the fields after them. */
struct xdp_rule_cfg {
	int action;			/* enum xdp_action */
	char src[64];			/* address set, "": any */
	char dst[64];
	char src_port[32];		/* "53" or "1000-2000", "": any */
	char dst_port[32];
	char traffic[RXSIM_NAME_LEN];	/* a traffic source, "": any */
	struct cpulist flows;		/* flow indices within it, empty: all */
	char fraction[32];		/* share of the matching packets, "": all */
	int64_t cpu;			/* XDP_REDIRECT: the cpumap entry (CPU) */
	/* parsed */
	uint8_t src_family, dst_family;	/* 0: any */
	uint8_t src_base[16], dst_base[16];
	uint64_t src_count, dst_count;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	int traffic_idx;		/* -1: any */
	uint32_t fraction_ppm;		/* 1000000: all */
};

struct sock_cfg {
	char name[RXSIM_NAME_LEN];
	int proto;			/* 0: udp */
	int64_t port;
	int64_t rcvbuf;			/* SO_RCVBUF value; -1: not set */
	bool rcvbuf_force;		/* SO_RCVBUFFORCE */
	bool reuseport;			/* SO_REUSEPORT group member */
	bool connected;			/* connect()ed: RFS applies */
	bool udp_gro;			/* setsockopt UDP_GRO */
};

enum app_mode { APP_RECVMSG, APP_RECVMMSG, APP_BUSY_POLL, APP_EPOLL, APP__N };

struct pause_cfg {
	sim_time_t at;
	sim_time_t len;
};

struct app_cfg {
	char name[RXSIM_NAME_LEN];
	char socket[256];		/* name, or names separated by commas (epoll) */
	int64_t cpu;			/* -1: free to run on any CPU */
	bool epoll_exclusive;		/* EPOLLEXCLUSIVE */
	int64_t threads;
	int mode;			/* enum app_mode */
	int64_t batch;			/* recvmmsg vlen */
	bool waitforone;		/* MSG_WAITFORONE */
	sim_time_t busy_poll;		/* SO_BUSY_POLL */
	int64_t busy_poll_budget;
	struct cost syscall;
	struct cost per_datagram;
	struct cost copy_per_kib;
	struct cost per_packet;
	struct pause_cfg *pauses;
	uint32_t n_pauses;
};

enum arrival_kind { ARR_CONSTANT, ARR_POISSON, ARR_ONOFF, ARR_MMPP, ARR__N };
enum trace_format { TRACE_FMT_AUTO, TRACE_FMT_PCAP, TRACE_FMT_CSV, TRACE_FMT__N };
enum traffic_proto { TPROTO_UDP, TPROTO_TCP, TPROTO__N };

/* Traffic keys written as text (PT_SPEC) are checked by traffic_cfg_check()
 * and parsed into traffic_cfg.parsed by the loader (sim/scenario/traffic_spec.c);
 * the model reads only the parsed form. */
#define TRAFFIC_SPEC_LEN 1024		/* lists; the loader passes at most 1099 characters */

struct mmpp_cfg {
	char rates[256];		/* "100kpps,1Mpps": Poisson rate per state */
	char mean_dwell[256];		/* "9ms,1ms": mean sojourn per state */
};

struct replay_cfg {
	char file[256];			/* empty: a synthetic source */
	int format;			/* enum trace_format */
	char speed[32];			/* time divisor, decimal */
	int64_t rate;			/* millipackets/s; -1: the trace's timing */
	int64_t loop;			/* passes over the trace; 0: until stop */
	sim_time_t from;		/* window in trace time */
	sim_time_t to;			/* -1: end of the trace */
};

struct traffic_cfg {
	char name[RXSIM_NAME_LEN];
	char nic[RXSIM_NAME_LEN];
	int64_t flows;
	int64_t dst_port;		/* -1: none (replay: keep the trace's) */
	int64_t rate;			/* millipackets/s; -1: none */
	int arrival;			/* enum arrival_kind */
	char size[64];			/* size law: "64", "imix", "uniform(64,1518)", "table" */
	sim_time_t start;
	sim_time_t stop;		/* -1: end of run */
	char on[64];			/* burst length law (onoff) */
	char off[64];			/* gap law (onoff) */
	char sizes[TRAFFIC_SPEC_LEN];	/* "64:7,594:4,1518:1" */
	int64_t train;			/* frames per arrival, back to back */
	char rate_profile[TRAFFIC_SPEC_LEN]; /* "0ms:100kpps,50ms:1Mpps" */
	bool ramp;			/* rate_profile: linear between points */
	char src[64];			/* address prefix of the sources */
	char dst[64];			/* address prefix of the destinations */
	char src_port[32];		/* "1024-65535" */
	int proto;			/* enum traffic_proto */
	char weights[TRAFFIC_SPEC_LEN];	/* "equal", "zipf(1.1)", "50*4,1*996" */
	struct mmpp_cfg mmpp;
	struct replay_cfg replay;
	struct traffic_parsed parsed;	/* the text keys, parsed by the loader */
};

struct hog_cfg {
	char name[RXSIM_NAME_LEN];
	int64_t cpu;
};

struct output_cfg {
	sim_time_t interval;
	sim_time_t trace_from;		/* timeline window */
	sim_time_t trace_for;
	sim_time_t counter_interval;	/* timeline counter samples */
	int64_t packet_sample;		/* packet trace: 1 in N */
	int64_t packet_trace_max;	/* packet trace: at most this many rows */
};

struct expect_cfg {
	char path[128];
	bool has_min, has_max;
	double min, max;
	char min_text[32], max_text[32];
};

/* "sweep": { "PATH": [V, ...] or "FROM..TO/STEPS[log]" }, read by `rxsim sweep`
 * only: each value as the text a --set would carry, or the range text. */
struct sweep_axis_cfg {
	char path[128];
	char **values;
	uint32_t n_values;		/* 0: range */
	char range[128];
};

struct scenario {
	char file[256];			/* for messages */
	char name[64];
	char description[1024];
	int64_t seed;
	sim_time_t duration;
	sim_time_t warmup;
	int kernel;			/* KVER() */
	struct host_cfg host;
	struct nic_cfg *nics;
	uint32_t n_nics;
	struct sock_cfg *sockets;
	uint32_t n_sockets;
	struct app_cfg *apps;
	uint32_t n_apps;
	struct traffic_cfg *traffic;
	uint32_t n_traffic;
	struct hog_cfg *hogs;
	uint32_t n_hogs;
	struct output_cfg output;
	struct expect_cfg *expect;
	uint32_t n_expect;
	struct sweep_axis_cfg *sweep;
	uint32_t n_sweep;
};

/* CONFIG_HZ of the enum index in host.hz (the table's "hz" names) */
enum { HZ_100, HZ_250, HZ_300, HZ_1000, HZ__N };
static inline int host_hz(const struct host_cfg *h)
{
	static const int hz[HZ__N] = { 100, 250, 300, 1000 };

	return hz[h->hz];
}

#endif
