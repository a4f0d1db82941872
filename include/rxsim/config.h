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
	sim_time_t busy_read;		/* net.core.busy_read: default SO_BUSY_POLL */
	sim_time_t busy_poll;		/* net.core.busy_poll: poll/select/epoll */
	int64_t rmem_default;
	int64_t rmem_max;
	int64_t udp_rmem_min;
	int64_t rps_sock_flow_entries;
	struct cpulist flow_limit_cpu_bitmap;
	int64_t flow_limit_table_len;
	int64_t ipfrag_high_thresh;	/* net.ipv4.ipfrag_high_thresh, bytes */
	int64_t ipfrag_low_thresh;	/* net.ipv4.ipfrag_low_thresh (evictor <= 4.16) */
	sim_time_t ipfrag_time;		/* net.ipv4.ipfrag_time */
	/* TCP (echoed only when the scenario has TCP: PF_TCP) */
	char tcp_rmem[64];		/* net.ipv4.tcp_rmem "min default max" */
	char tcp_wmem[64];
	char tcp_mem[64];		/* pages */
	bool tcp_moderate_rcvbuf;
	int64_t tcp_adv_win_scale;	/* before 6.6 only */
	int64_t tcp_rmem_v[3];		/* the same parsed (resolve.c) */
	int64_t tcp_wmem_v[3];
	int64_t tcp_mem_v[3];
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
	struct cost tcp_send_ack;
	struct cost gro_receive;
	struct cost cpumap_skb;
	struct cost tcp_sendmsg;
	struct cost veth_xdp_rcv;
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
	int64_t mtu;			/* -1: frames are not length-checked */
	/* NAPI modes (models/napi.c, models/napi_threaded.c) */
	bool threaded;			/* /sys/class/net/IF/threaded */
	int64_t napi_defer_hard_irqs;	/* /sys/class/net/IF/napi_defer_hard_irqs */
	sim_time_t gro_flush_timeout;	/* /sys/class/net/IF/gro_flush_timeout */
	sim_time_t irq_suspend_timeout;	/* napi-set irq-suspend-timeout of every NAPI */
	struct cpulist napi_thread_cpus;	/* taskset of napi/IF-N: entry N % n */
	int64_t napi_thread_nice;	/* renice of the napi/IF-N threads */
	struct napi_cfg *napi;		/* per-NAPI napi-set */
	uint32_t n_napi;
	bool gro;			/* ethtool -K gro */
	int64_t gro_max_size;		/* ip link gro_max_size */
	int64_t gro_ipv4_max_size;
	bool xdp;			/* an XDP program attached (native mode) */
	struct cost xdp_cost;		/* its run time per packet */
	struct xdp_rule_cfg *xdp_rules;
	uint32_t n_xdp_rules;
	int64_t cpumap_qsize;		/* bpf_cpumap_val.qsize of every entry */
};

/* netlink napi-set of one NAPI instance (6.13+); -1 / TRI_AUTO: as the device */
struct napi_cfg {
	int64_t queue;			/* the rx queue whose NAPI it sets */
	int threaded;			/* enum tristate */
	int64_t defer_hard_irqs;
	sim_time_t gro_flush_timeout;
	sim_time_t irq_suspend_timeout;
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
	int proto;			/* enum sock_proto */
	int64_t port;
	int64_t rcvbuf;			/* SO_RCVBUF value; -1: not set */
	bool rcvbuf_force;		/* SO_RCVBUFFORCE */
	bool reuseport;			/* SO_REUSEPORT group member */
	bool connected;			/* connect()ed: RFS applies */
	int64_t rcvlowat;		/* SO_RCVLOWAT (TCP) */
	bool udp_gro;			/* setsockopt UDP_GRO */
};

enum sock_proto { SPROTO_UDP, SPROTO_TCP, SPROTO__N };

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
	bool prefer_busy_poll;		/* SO_PREFER_BUSY_POLL; epoll: EPIOCSPARAMS */
	sim_time_t busy_poll_usecs;	/* epoll: EPIOCSPARAMS busy_poll_usecs */
	struct cost syscall;
	struct cost per_datagram;
	struct cost copy_per_kib;
	struct cost per_packet;
	struct pause_cfg *pauses;
	uint32_t n_pauses;
	int64_t buffer;			/* TCP: recv() buffer size */
	bool epoll_edge;		/* TCP epoll: EPOLLET */
};

enum arrival_kind { ARR_CONSTANT, ARR_POISSON, ARR_ONOFF, ARR_MMPP, ARR__N };
enum trace_format { TRACE_FMT_AUTO, TRACE_FMT_PCAP, TRACE_FMT_CSV, TRACE_FMT__N };
enum traffic_proto { TPROTO_UDP, TPROTO_TCP, TPROTO__N };
enum tcp_cc { TCP_CC_RENO, TCP_CC_CUBIC, TCP_CC__N };
/* What a TCP connection's application writes: a stream, or requests that
 * each wait for the reply (netperf TCP_RR). */
enum tcp_pattern { TCP_PAT_STREAM, TCP_PAT_RR, TCP_PAT__N };

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
	/* proto tcp without a rate: a TCP sender per flow (with a rate: raw
	 * segments at that rate, open loop, as any source) */
	bool tcp_sender;		/* set by the loader (resolve.c) */
	int cc;				/* enum tcp_cc */
	sim_time_t rtt;			/* base RTT beyond the wire */
	int64_t mss;
	int64_t send_rate;		/* bit/s per connection; -1: bulk */
	int64_t message;		/* bytes per write (TCP_NODELAY: a segment each) */
	int64_t write_size;		/* bulk: bytes per write() (where PSH falls) */
	int64_t init_cwnd;
	int pattern;			/* enum tcp_pattern */
	char request_size[64];		/* size law of a request (TSYN_MSGSIZE) */
	char response_size[64];		/* size law of its reply */
	char think_time[64];		/* law between a reply and the next request; "": none */
	struct traffic_parsed parsed;	/* the text keys, parsed by the loader */
	int64_t mtu;			/* the sender's MTU: bigger datagrams leave as
					 * fragments; -1: the NIC's mtu, or none */
	char loss[32];			/* upstream loss probability per frame */
	uint32_t loss_u32;		/* the same parsed: lost if rng_u32 < it */
};

/* skb->truesize of a local UDP sender by payload: payloads up to
 * max_payload[i] get truesize[i]; above the last, payload + over. */
#define TRUESIZE_STEPS 16
struct truesize_profile {
	uint32_t n;
	uint32_t max_payload[TRUESIZE_STEPS];
	uint32_t truesize[TRUESIZE_STEPS];
	uint32_t over;
};

enum vdev_type { VDEV_VETH, VDEV_LO, VDEV__N };

struct vdev_cfg {
	char name[RXSIM_NAME_LEN];
	int type;			/* enum vdev_type */
	char peer[RXSIM_NAME_LEN];	/* veth: the other end (where senders write) */
	char netns[RXSIM_NAME_LEN];	/* veth: namespace of that end */
	int64_t mtu;			/* -1: lo 65536, veth 1500 */
	struct cpulist rps_cpus;	/* rx-0/rps_cpus of the receiving end */
	char truesize[256];		/* profile text */
	struct truesize_profile ts;	/* the same parsed */
	/* veth NAPI mode (models/veth_napi.c): on with gro or xdp */
	bool gro;			/* ethtool -K gro of the receiving end */
	bool gro_udp_fwd;		/* ethtool -K rx-udp-gro-forwarding */
	bool xdp;			/* an XDP program on the receiving end */
	bool threaded;			/* /sys/class/net/IF/threaded of the receiving end */
	struct cost xdp_cost;		/* its run time per packet */
	struct xdp_rule_cfg *xdp_rules;
	uint32_t n_xdp_rules;
};

struct sender_cfg {
	char name[RXSIM_NAME_LEN];
	char device[RXSIM_NAME_LEN];
	int64_t cpu;			/* -1: free */
	int64_t dst_port;
	int64_t flows;			/* source ports */
	int64_t payload;		/* UDP payload bytes */
	int64_t rate;			/* millipackets/s; -1: none */
	int arrival;			/* ARR_CONSTANT or ARR_POISSON */
	int64_t burst;			/* datagrams ready at start */
	sim_time_t burst_every;		/* the burst again this often; -1: once */
	int64_t batch;			/* sendmmsg vlen */
	sim_time_t start;
	sim_time_t stop;		/* -1: end of run */
	struct cost syscall;
	struct cost per_datagram;
	struct cost per_fragment;
};

struct hog_cfg {
	char name[RXSIM_NAME_LEN];
	int64_t cpu;
};

/* Netfilter (net/netfilter): iptables rules on PREROUTING (raw table, before
 * conntrack) and INPUT (filter table), and the conntrack table.  Text keys
 * are parsed by the loader (resolve.c) into the fields after them. */
enum nf_chain { NF_CHAIN_PREROUTING, NF_CHAIN_INPUT, NF_CHAIN__N };
enum nf_target { NF_TARGET_ACCEPT, NF_TARGET_DROP, NF_TARGET_NONE, NF_TARGET__N };
enum nf_rule_proto { NF_RPROTO_ALL, NF_RPROTO_UDP, NF_RPROTO_TCP, NF_RPROTO__N };
enum nf_ctstate { NF_CTSTATE_ANY, NF_CTSTATE_NEW, NF_CTSTATE_ESTABLISHED, NF_CTSTATE__N };

struct nf_rule_cfg {
	int chain;			/* enum nf_chain */
	int64_t count;			/* identical rules this row stands for */
	int proto;			/* enum nf_rule_proto: -p */
	char src[64];			/* -s, "" any */
	char dst[64];			/* -d, "" any */
	char sport[32];			/* --sport, "" any */
	char dport[32];			/* --dport, "" any */
	int ctstate;			/* -m conntrack --ctstate */
	char probability[32];		/* -m statistic --mode random --probability */
	int target;			/* -j */
	/* parsed by the loader */
	bool any_src, any_dst;
	uint8_t src_family, dst_family;	/* FLOW_IPV4 / FLOW_IPV6 */
	uint8_t src_lo[16], src_hi[16], dst_lo[16], dst_hi[16];
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	double prob;
};

struct conntrack_cfg {
	bool enabled;			/* nf_conntrack loaded and tracking */
	int64_t max;			/* net.netfilter.nf_conntrack_max */
	int64_t buckets;		/* net.netfilter.nf_conntrack_buckets */
	sim_time_t udp_timeout;
	sim_time_t udp_timeout_stream;
	sim_time_t tcp_timeout_established;
	char established[256];		/* traffic names whose flows are ASSURED at start */
};

struct nf_costs_cfg {
	struct cost hook;		/* nf_hook_slow of a chain with rules */
	struct cost rule;		/* one rule evaluated (ipt_do_table) */
	struct cost ct_lookup;		/* nf_conntrack_in on an existing entry */
	struct cost ct_new;		/* extra: allocating and confirming a new entry */
	struct cost ct_chain;		/* each hash chain node walked */
};

struct netfilter_cfg {
	int input_policy;		/* iptables -P INPUT: enum nf_target */
	struct conntrack_cfg conntrack;
	struct nf_costs_cfg costs;
	struct nf_rule_cfg *rules;
	uint32_t n_rules;
};

/* How a tap receives: PACKET_VERSION of its PACKET_RX_RING, or no ring. */
enum tap_mode { TAP_V3, TAP_V2, TAP_V1, TAP_SOCKET, TAP_MODE__N };

/* PACKET_FANOUT type of a tap's group (PACKET_FANOUT_HASH, _LB, _CPU,
 * _RND, _QM, _ROLLOVER of include/uapi/linux/if_packet.h). */
enum tap_fanout_mode {
	FANOUT_HASH, FANOUT_LB, FANOUT_CPU, FANOUT_RND, FANOUT_QM, FANOUT_ROLLOVER,
	FANOUT_MODE__N
};

/* An AF_PACKET socket with a PACKET_RX_RING (tcpdump, libpcap), or a plain
 * one read with recvmsg(). */
struct tap_cfg {
	char name[RXSIM_NAME_LEN];
	char dev[RXSIM_NAME_LEN];	/* "" or "any": every device */
	int64_t cpu;			/* reader thread's CPU; -1 free */
	int64_t snaplen;
	int64_t block_size;		/* tp_block_size */
	int64_t block_nr;		/* tp_block_nr */
	sim_time_t retire_blk_tov;	/* tp_retire_blk_tov */
	char match[32];			/* fraction the BPF filter accepts */
	double match_p;			/* parsed by the loader */
	struct cost filter;		/* run_filter */
	struct cost rcv;		/* tpacket_rcv, per accepted frame */
	struct cost copy_per_kib;	/* skb_copy_bits into the ring */
	struct cost per_block;		/* reader: poll + block walk */
	struct cost per_packet;		/* reader: one packet handled */
	struct pause_cfg *pauses;
	uint32_t n_pauses;
	int mode;			/* enum tap_mode */
	int64_t frame_size;		/* V1/V2 tp_frame_size; resolved from auto */
	int64_t frame_nr;		/* V1/V2 tp_frame_nr; resolved from auto */
	int64_t rcvbuf;			/* socket: SO_RCVBUF as passed; -1: rmem_default */
	struct cost recv;		/* socket reader: one recvmsg() (packet_recvmsg) */
	int64_t fanout_group;		/* PACKET_FANOUT id; -1: no fanout */
	int fanout_mode;		/* enum tap_fanout_mode */
	bool fanout_rollover;		/* PACKET_FANOUT_FLAG_ROLLOVER */
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
	struct netfilter_cfg netfilter;
	struct tap_cfg *taps;
	uint32_t n_taps;
	struct output_cfg output;
	struct expect_cfg *expect;
	uint32_t n_expect;
	struct sweep_axis_cfg *sweep;
	uint32_t n_sweep;
	struct vdev_cfg *devices;
	uint32_t n_devices;
	struct sender_cfg *senders;
	uint32_t n_senders;
};

/* CONFIG_HZ of the enum index in host.hz (the table's "hz" names) */
enum { HZ_100, HZ_250, HZ_300, HZ_1000, HZ__N };
static inline int host_hz(const struct host_cfg *h)
{
	static const int hz[HZ__N] = { 100, 250, 300, 1000 };

	return hz[h->hz];
}

#endif
