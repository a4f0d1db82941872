/* SPDX-License-Identifier: MIT */
/*
 * params.c - the scenario schema: every key a scenario may hold, with its
 * type, bounds, default, unit and help.  Key names are the ones users know
 * from a real host (sysctl names, ethtool -C/-G names).  Defaults of the
 * per-packet costs are the midpoints of the engineering estimates in
 * published per-packet figures (J. D. Brouer, "Network stack challenges at
 * increasing speeds", LCA 2015; Hoiland-Jorgensen et al., "The eXpress Data
 * Path", CoNEXT 2018) and common engineering estimates; calibrate per host.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/param.h"
#include "rxsim/traffic.h"
#include "rxsim/units.h"
#include "rxsim/xdp_spec.h"

#define OFF(type, field) offsetof(type, field)

/* Text keys: the syntax (TSYN_*, traffic.h) is what `rxsim params` shows. */
#define TSPEC(ctype, k, field, len, d, syn, h) \
	{ .key = k, .type = PT_SPEC, .offset = OFF(ctype, field), .max = len, .def = d, \
	  .unit = syn, .help = h }

static const char *const hz_names[] = { "100", "250", "300", "1000", NULL };
static const char *const driver_names[] = { "generic", "ixgbe", "igb", "mlx5", NULL };
static const char *const style_names[] = { "auto", "none", "itr", "eqe", "cqe", NULL };
static const char *const tristate_names[] = { "auto", "on", "off", NULL };
static const char *const proto_names[] = { "udp", "tcp", NULL };
static const char *const cc_names[] = { "reno", "cubic", NULL };
static const char *const pattern_names[] = { "stream", "request_response", NULL };
static const char *const mode_names[] = { "recvmsg", "recvmmsg", "busy_poll", "epoll", NULL };
static const char *const rxfh_names[] = { "auto", "sd", "sdfn", NULL };
static const char *const arrival_names[] = { "constant", "poisson", "onoff", "mmpp", NULL };
static const char *const trace_format_names[] = { "auto", "pcap", "csv", NULL };
static const char *const tproto_names[] = { "udp", "tcp", NULL };
static const char *const chain_names[] = { "PREROUTING", "INPUT", NULL };
static const char *const target_names[] = { "ACCEPT", "DROP", "none", NULL };
static const char *const policy_names[] = { "ACCEPT", "DROP", NULL };
static const char *const rproto_names[] = { "all", "udp", "tcp", NULL };
static const char *const ctstate_names[] = { "any", "NEW", "ESTABLISHED", NULL };
static const char *const xdp_action_names[] = { "aborted", "drop", "pass", "tx", "redirect",
						 NULL };
static const char *const tap_mode_names[] = { "v3", "v2", "v1", "socket", NULL };
static const char *const tap_fanout_names[] = { "hash", "lb", "cpu", "rnd", "qm", "rollover",
						NULL };

/* Each name table is indexed by its enum and ends in NULL: tie the two. */
#define NAMES_OF(tbl, n) _Static_assert(sizeof(tbl) / sizeof(tbl[0]) == (n) + 1, \
					#tbl " must name every value of its enum")
NAMES_OF(driver_names, DRV__N);
NAMES_OF(style_names, COAL__N);
NAMES_OF(tristate_names, TRI__N);
NAMES_OF(mode_names, APP__N);
NAMES_OF(rxfh_names, RXFH__N);
NAMES_OF(arrival_names, ARR__N);
NAMES_OF(trace_format_names, TRACE_FMT__N);
NAMES_OF(tproto_names, TPROTO__N);
NAMES_OF(chain_names, NF_CHAIN__N);
NAMES_OF(target_names, NF_TARGET__N);
NAMES_OF(rproto_names, NF_RPROTO__N);
NAMES_OF(ctstate_names, NF_CTSTATE__N);
NAMES_OF(proto_names, SPROTO__N);
NAMES_OF(cc_names, TCP_CC__N);
NAMES_OF(xdp_action_names, XDP__N);
NAMES_OF(pattern_names, TCP_PAT__N);
NAMES_OF(tap_mode_names, TAP_MODE__N);
NAMES_OF(tap_fanout_names, FANOUT_MODE__N);

_Static_assert(sizeof(hz_names) / sizeof(hz_names[0]) == HZ__N + 1,
	       "hz_names must name every CONFIG_HZ");
#define T_MAX (3600 * SIM_S)
#define GRO_MAX_SIZE_KEY (8 * 65535)	/* GRO_MAX_SIZE of include/linux/netdevice.h */

static const struct param sysctl_params[] = {
	{ .key = "net.core.netdev_budget", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, netdev_budget), .min = 1, .max = 1000000,
	  .def = "300", .unit = "packets", .plain_scale = 1,
	  .help = "packets net_rx_action may process per invocation before time_squeeze" },
	{ .key = "net.core.netdev_budget_usecs", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, netdev_budget_usecs), .min = 1, .max = 100000000,
	  .def = "auto", .unit = "us", .plain_scale = 1, .flags = PF_AUTO,
	  .help = "time limit of one net_rx_action, in jiffies of host.hz (auto: 2*1000000/HZ)" },
	{ .key = "net.core.netdev_max_backlog", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, netdev_max_backlog), .min = 0, .max = 100000000,
	  .def = "1000", .unit = "packets", .plain_scale = 1,
	  .help = "per-CPU input_pkt_queue limit of enqueue_to_backlog" },
	{ .key = "net.core.dev_weight", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, dev_weight), .min = 1, .max = 100000, .def = "64",
	  .unit = "packets", .plain_scale = 1,
	  .help = "NAPI weight of the per-CPU backlog (process_backlog)" },
	{ .key = "net.core.dev_weight_rx_bias", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, dev_weight_rx_bias), .min = 1, .max = 1000,
	  .def = "1", .unit = "", .plain_scale = 1,
	  .help = "dev_rx_weight = dev_weight * dev_weight_rx_bias" },
	{ .key = "net.core.gro_normal_batch", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, gro_normal_batch), .min = 1, .max = 65536,
	  .def = "8", .unit = "packets", .plain_scale = 1,
	  .help = "packets GRO hands to the stack at once (napi->rx_list flush)" },
	{ .key = "net.core.rmem_default", .type = PT_SIZE,
	  .offset = OFF(struct sysctl_cfg, rmem_default), .min = 1, .max = INT32_MAX,
	  .def = "212992", .unit = "bytes", .plain_scale = 1,
	  .help = "sk_rcvbuf of a socket without SO_RCVBUF" },
	{ .key = "net.core.rmem_max", .type = PT_SIZE,
	  .offset = OFF(struct sysctl_cfg, rmem_max), .min = 1, .max = INT32_MAX,
	  .def = "212992", .unit = "bytes", .plain_scale = 1,
	  .help = "clamp of SO_RCVBUF (not of SO_RCVBUFFORCE)" },
	{ .key = "net.ipv4.udp_rmem_min", .type = PT_SIZE,
	  .offset = OFF(struct sysctl_cfg, udp_rmem_min), .min = 1, .max = INT32_MAX,
	  .def = "4096", .unit = "bytes", .plain_scale = 1,
	  .help = "minimum receive memory a UDP socket is always granted" },
	{ .key = "net.core.rps_sock_flow_entries", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, rps_sock_flow_entries), .max = 1 << 26, .def = "0",
	  .unit = "entries", .plain_scale = 1,
	  .help = "RFS global socket flow table (rounded up to a power of two; 0: RFS off)" },
	{ .key = "net.core.flow_limit_cpu_bitmap", .type = PT_CPULIST,
	  .offset = OFF(struct sysctl_cfg, flow_limit_cpu_bitmap), .max = RXSIM_MAX_CPUS - 1,
	  .def = "", .unit = "cpus",
	  .help = "CPUs whose enqueues to a backlog are subject to the flow limit" },
	{ .key = "net.core.flow_limit_table_len", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, flow_limit_table_len), .min = 1, .max = 1 << 16,
	  .def = "4096", .unit = "buckets", .plain_scale = 1,
	  .help = "flow limit hash buckets (rounded down to a power of two)" },
	{ .key = "net.ipv4.ipfrag_high_thresh", .type = PT_SIZE,
	  .offset = OFF(struct sysctl_cfg, ipfrag_high_thresh), .max = 1LL << 40,
	  .def = "4194304", .unit = "bytes", .plain_scale = 1, .flags = PF_QUIET,
	  .help = "IP reassembly memory (truesize of queued fragments) above which ip_defrag "
		"refuses fragments (ReasmFails)" },
	{ .key = "net.ipv4.ipfrag_low_thresh", .type = PT_SIZE,
	  .offset = OFF(struct sysctl_cfg, ipfrag_low_thresh), .max = 1LL << 40,
	  .def = "3145728", .unit = "bytes", .plain_scale = 1, .flags = PF_QUIET,
	  .help = "kernels before 4.17: the evictor frees the oldest reassembly queues down to "
		"this (unused since)" },
	{ .key = "net.ipv4.ipfrag_time", .type = PT_TIME,
	  .offset = OFF(struct sysctl_cfg, ipfrag_time), .max = T_MAX, .def = "30s",
	  .unit = "s", .plain_scale = SIM_S, .flags = PF_QUIET,
	  .help = "lifetime of an incomplete reassembly queue (ip_expire: ReasmTimeout)" },
	{ .key = "net.ipv4.tcp_rmem", .type = PT_SPEC, .offset = OFF(struct sysctl_cfg, tcp_rmem),
	  .max = 64, .def = "4096 131072 6291456", .unit = "\"min default max\" bytes",
	  .flags = PF_TCP,
	  .help = "TCP receive buffer: min, initial sk_rcvbuf, autotuning limit" },
	{ .key = "net.ipv4.tcp_wmem", .type = PT_SPEC, .offset = OFF(struct sysctl_cfg, tcp_wmem),
	  .max = 64, .def = "4096 16384 4194304", .unit = "\"min default max\" bytes",
	  .flags = PF_TCP,
	  .help = "TCP send buffer (its default, sk_sndbuf, is part of the backlog limit)" },
	{ .key = "net.ipv4.tcp_mem", .type = PT_SPEC, .offset = OFF(struct sysctl_cfg, tcp_mem),
	  .max = 64, .def = "196608 262144 393216", .unit = "\"low pressure high\" pages",
	  .flags = PF_TCP,
	  .help = "TCP memory of all sockets, in 4 KiB pages (default: what tcp_init() gives a "
		"16 GiB host)" },
	{ .key = "net.ipv4.tcp_moderate_rcvbuf", .type = PT_BOOL,
	  .offset = OFF(struct sysctl_cfg, tcp_moderate_rcvbuf), .max = 1, .def = "true",
	  .unit = "", .flags = PF_TCP,
	  .help = "receive buffer autotuning (tcp_rcv_space_adjust)" },
	{ .key = "net.ipv4.tcp_adv_win_scale", .type = PT_INT,
	  .offset = OFF(struct sysctl_cfg, tcp_adv_win_scale), .min = -31, .max = 31,
	  .def = "1", .unit = "", .plain_scale = 1, .flags = PF_TCP,
	  .help = "share of the buffer offered as window before 6.6 (1: half); 6.6+ measure "
		"it (scaling_ratio)" },
	{ .key = "net.core.busy_read", .type = PT_TIME,
	  .offset = OFF(struct sysctl_cfg, busy_read), .max = SIM_S, .def = "0",
	  .unit = "us", .plain_scale = SIM_US,
	  .flags = PF_QUIET,
	  .help = "SO_BUSY_POLL of sockets that do not set it: recvmsg/recvmmsg readers busy-poll "
		"this long (0: off)" },
	{ .key = "net.core.busy_poll", .type = PT_TIME,
	  .offset = OFF(struct sysctl_cfg, busy_poll), .max = SIM_S, .def = "0",
	  .unit = "us", .plain_scale = SIM_US,
	  .flags = PF_QUIET,
	  .help = "busy polling of poll/select/epoll: epoll readers without busy_poll_usecs "
		"busy-poll this long (0: off)" },
	{ .key = NULL }
};

static const struct param sched_params[] = {
	{ .key = "latency", .type = PT_TIME, .offset = OFF(struct sched_cfg, latency),
	  .min = 100 * SIM_US, .max = SIM_S, .def = "auto", .unit = "ms",
	  .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "CFS sched_latency (auto: 6ms * (1 + ilog2(min(cpus, 8))))" },
	{ .key = "min_granularity", .type = PT_TIME,
	  .offset = OFF(struct sched_cfg, min_granularity), .min = 10 * SIM_US, .max = SIM_S,
	  .def = "auto", .unit = "ms", .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "CFS sched_min_granularity (auto: 0.75ms * (1 + ilog2(min(cpus, 8))))" },
	{ .key = "wakeup_granularity", .type = PT_TIME,
	  .offset = OFF(struct sched_cfg, wakeup_granularity), .max = SIM_S, .def = "auto",
	  .unit = "ms", .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "CFS sched_wakeup_granularity (auto: 1ms * (1 + ilog2(min(cpus, 8))))" },
	{ .key = "irq_time_accounting", .type = PT_BOOL,
	  .offset = OFF(struct sched_cfg, irq_time_accounting), .max = 1, .def = "true",
	  .unit = "",
	  .help = "CONFIG_IRQ_TIME_ACCOUNTING: interrupted tasks are not charged for irq/softirq time" },
	{ .key = NULL }
};

#define COST(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct costs_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .help = h }
/* a cost of a stage scenarios may not use: echoed only when set */
#define COSTQ(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct costs_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .flags = PF_QUIET, .help = h }

static const struct param cost_params[] = {
	COST("hardirq", hardirq, "1us", "hard IRQ entry + handler + exit, per interrupt (0.6-1.5us)"),
	COST("driver_rx", driver_rx, "100ns",
	     "driver poll per packet: descriptor read, build_skb, GRO lookup (80-150ns)"),
	COST("refill", refill, "200ns", "posting one refill batch of descriptors (150-300ns)"),
	COST("ip_udp_rx", ip_udp_rx, "300ns",
	     "netif_receive + IP + UDP lookup + socket enqueue, per packet (250-450ns)"),
	COST("wakeup", wakeup, "500ns", "waking a blocked reader, paid by the waker (0.3-1us)"),
	COST("wakeup_latency", wakeup_latency, "2us",
	     "delay before a task woken on an idle CPU runs (IPI + C-state exit)"),
	COST("context_switch", context_switch, "1.5us", "switching tasks on a CPU (1-2us)"),
	COST("softirq_entry", softirq_entry, "0ns", "fixed cost of one net_rx_action invocation"),
	COST("backlog_enqueue", backlog_enqueue, "60ns",
	     "get_rps_cpu + enqueue_to_backlog, per packet steered by RPS/RFS (40-80ns)"),
	COST("process_backlog", process_backlog, "45ns",
	     "process_backlog dequeue per packet, before the protocol work (30-60ns)"),
	COST("ipi_send", ipi_send, "500ns", "sending one RPS IPI (300-800ns)"),
	COST("ipi_receive", ipi_receive, "1us",
	     "hard IRQ of a received RPS IPI on the target CPU (0.8-1.5us)"),
	COST("ipi_latency", ipi_latency, "1us", "from sending an IPI to its interrupt on the target"),
	COST("epoll_wait", epoll_wait, "500ns", "one epoll_wait call, per call"),
	COST("remote_data", remote_data, "0ns",
	     "extra recv cost of a datagram whose protocol work ran on another CPU (cache "
	     "misses on skb and data: what RFS saves); the default leaves it inside "
	     "per_datagram"),
	{ .key = "tcp_send_ack", .type = PT_COST, .offset = OFF(struct costs_cfg, tcp_send_ack),
	  .max = T_MAX, .def = "1us", .unit = "ns", .plain_scale = SIM_NS, .flags = PF_TCP,
	  .help = "tcp_send_ack: building and transmitting one ACK, on the CPU that sends it" },
	COSTQ("gro_receive", gro_receive, "0ns",
	     "napi_gro_receive per segment on a NAPI where something can merge (TCP, a UDP_GRO "
	     "socket), beyond driver_rx, which already holds the GRO lookup"),
	COSTQ("cpumap_skb", cpumap_skb, "60ns",
	     "cpumap kthread per frame: building the skb from the xdp_frame (cpu_map_kthread_run), "
	     "before the protocol work"),
	{ .key = "tcp_sendmsg", .type = PT_COST, .offset = OFF(struct costs_cfg, tcp_sendmsg),
	  .max = T_MAX, .def = "2us", .unit = "ns", .plain_scale = SIM_NS,
	  .flags = PF_TCP | PF_QUIET,
	  .help = "tcp_sendmsg down to the driver's xmit: one segment of a reply built and "
		"transmitted, on the CPU that sends it (pattern request_response)" },
	COSTQ("veth_xdp_rcv", veth_xdp_rcv, "40ns",
	     "veth_poll per skb: __ptr_ring_consume and veth_xdp_rcv_skb (a veth in NAPI mode), "
	     "before its XDP program, GRO and the protocol work"),
	{ .key = NULL }
};

static const struct param host_params[] = {
	{ .key = "cpus", .type = PT_INT, .offset = OFF(struct host_cfg, cpus), .min = 1,
	  .max = RXSIM_MAX_CPUS, .def = "2", .unit = "", .plain_scale = 1,
	  .help = "number of CPUs" },
	{ .key = "hz", .type = PT_ENUM, .offset = OFF(struct host_cfg, hz), .def = "1000",
	  .unit = "", .names = hz_names,
	  .help = "CONFIG_HZ: jiffy length for netdev_budget_usecs and MAX_SOFTIRQ_TIME" },
	{ .key = NULL }
};

static const struct section host_subs[] = {
	{ .key = "sched", .kind = SEC_OBJECT, .params = sched_params,
	  .offset = OFF(struct host_cfg, sched),
	  .help = "fair scheduler between tasks (kernel/sched/fair.c)" },
	{ .key = "sysctl", .kind = SEC_OBJECT, .params = sysctl_params,
	  .offset = OFF(struct host_cfg, sysctl),
	  .help = "sysctl values, by their sysctl names" },
	{ .key = "costs", .kind = SEC_OBJECT, .params = cost_params,
	  .offset = OFF(struct host_cfg, costs),
	  .help = "CPU cost of each step: a time or exp(mean), uniform(min,max), lognormal(mean,sigma)" },
	{ .key = NULL }
};

static const struct param coalesce_params[] = {
	{ .key = "style", .type = PT_ENUM, .offset = OFF(struct coalesce_cfg, style),
	  .def = "auto", .unit = "", .flags = PF_PROFILE, .names = style_names,
	  .help = "interrupt moderation: itr (Intel minimum interval), eqe (timer from first completion), "
		"cqe (timer restarted per completion), none; auto: per driver" },
	{ .key = "rx-usecs", .type = PT_TIME, .offset = OFF(struct coalesce_cfg, rx_interval),
	  .max = 100 * SIM_MS, .unit = "us", .plain_scale = SIM_US,
	  .flags = PF_PROFILE | PF_AUTO,
	  .help = "ethtool -C rx-usecs (plain numbers are microseconds)" },
	{ .key = "rx-frames", .type = PT_INT, .offset = OFF(struct coalesce_cfg, rx_frames),
	  .max = 65535, .unit = "frames", .plain_scale = 1, .flags = PF_PROFILE | PF_AUTO,
	  .help = "ethtool -C rx-frames (0: no frame limit)" },
	{ .key = "adaptive-rx", .type = PT_BOOL,
	  .offset = OFF(struct coalesce_cfg, adaptive_rx), .max = 1, .def = "false",
	  .unit = "",
	  .help = "ethtool -C adaptive-rx: net DIM picks rx-usecs/rx-frames from its profiles "
		"(eqe and cqe styles; Intel's dynamic ITR is rx-usecs 1)" },
	{ .key = NULL }
};

static const struct param nic_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct nic_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "eth0", .unit = "", .help = "interface name" },
	{ .key = "driver", .type = PT_ENUM, .offset = OFF(struct nic_cfg, driver),
	  .def = "generic", .unit = "", .names = driver_names,
	  .help = "driver profile: sets defaults of ring, refill batch, coalescing, counters, truesize" },
	{ .key = "speed", .type = PT_BW, .offset = OFF(struct nic_cfg, speed), .min = 1000000,
	  .max = 1000000000000LL, .def = "10Gbps", .unit = "bit/s", .plain_scale = 1,
	  .help = "line rate" },
	{ .key = "queues", .type = PT_INT, .offset = OFF(struct nic_cfg, queues), .min = 1,
	  .max = 256, .def = "auto", .unit = "", .plain_scale = 1, .flags = PF_AUTO,
	  .help = "rx queues, one vector each (auto: ixgbe min(cpus,16), igb min(cpus,8), mlx5 cpus, "
		"generic netif_get_num_default_rss_queues)" },
	{ .key = "rx_ring", .type = PT_INT, .offset = OFF(struct nic_cfg, rx_ring), .min = 8,
	  .max = 65536, .unit = "descriptors", .plain_scale = 1, .flags = PF_PROFILE | PF_AUTO,
	  .help = "ethtool -G rx: descriptors per rx queue" },
	{ .key = "refill_batch", .type = PT_INT, .offset = OFF(struct nic_cfg, refill_batch),
	  .min = 1, .max = 4096, .unit = "descriptors", .plain_scale = 1,
	  .flags = PF_PROFILE | PF_AUTO,
	  .help = "descriptors returned to the NIC at once during a poll (IXGBE_RX_BUFFER_WRITE)" },
	{ .key = "dma_delay", .type = PT_TIME, .offset = OFF(struct nic_cfg, dma_delay),
	  .max = SIM_MS, .def = "500ns", .unit = "ns", .plain_scale = SIM_NS,
	  .help = "from the frame's last bit to its completion being visible in host memory" },
	{ .key = "truesize", .type = PT_SIZE, .offset = OFF(struct nic_cfg, truesize),
	  .min = 256, .max = 1 << 20, .unit = "bytes", .plain_scale = 1,
	  .flags = PF_PROFILE | PF_AUTO,
	  .help = "skb->truesize charged to the socket (auto: per driver; generic: kmalloc rule)" },
	{ .key = "drop_en", .type = PT_ENUM, .offset = OFF(struct nic_cfg, drop_en),
	  .def = "auto", .unit = "", .flags = PF_PROFILE, .names = tristate_names,
	  .help = "drop at once when a queue has no descriptor (SRRCTL.DROP_EN); off: wait in rx_fifo" },
	{ .key = "rx_fifo", .type = PT_SIZE, .offset = OFF(struct nic_cfg, rx_fifo),
	  .max = 1 << 30, .unit = "bytes", .plain_scale = 1, .flags = PF_PROFILE | PF_AUTO,
	  .help = "on-chip rx packet buffer used when drop_en is off" },
	{ .key = "upstream_buffer", .type = PT_SIZE,
	  .offset = OFF(struct nic_cfg, upstream_buffer), .max = 1LL << 40, .def = "1MiB",
	  .unit = "bytes", .plain_scale = 1,
	  .help = "switch buffer in front of the link; offered load beyond line rate queues here" },
	{ .key = "irq_affinity", .type = PT_CPULIST,
	  .offset = OFF(struct nic_cfg, irq_affinity), .max = RXSIM_MAX_CPUS - 1, .def = "",
	  .unit = "cpus",
	  .help = "CPU of each queue's vector (smp_affinity_list); empty: queue i on CPU i % cpus" },
	{ .key = "rss_key", .type = PT_STRING, .offset = OFF(struct nic_cfg, rss_key),
	  .min = 1, .max = 128, .def = "default", .unit = "",
	  .help = "Toeplitz key: \"default\" (the published 40-byte verification key), "
		"\"random\" (from the seed, as netdev_rss_key_fill per boot), or 40 hex bytes "
		"\"6d:5a:...\"" },
	{ .key = "rxfh_udp4", .type = PT_ENUM, .offset = OFF(struct nic_cfg, rxfh_udp4),
	  .def = "auto", .unit = "", .flags = PF_PROFILE, .names = rxfh_names,
	  .help = "ethtool -N rx-flow-hash udp4: sd (addresses) or sdfn (+ports); auto: driver" },
	{ .key = "rxfh_udp6", .type = PT_ENUM, .offset = OFF(struct nic_cfg, rxfh_udp6),
	  .def = "auto", .unit = "", .flags = PF_PROFILE, .names = rxfh_names,
	  .help = "ethtool -N rx-flow-hash udp6 (TCP always hashes ports)" },
	{ .key = "indir_size", .type = PT_INT, .offset = OFF(struct nic_cfg, indir_size),
	  .min = 1, .max = 512, .def = "auto", .unit = "entries", .plain_scale = 1,
	  .flags = PF_AUTO, .help = "RSS indirection table entries (auto: 128)" },
	{ .key = "indir", .type = PT_CPULIST, .offset = OFF(struct nic_cfg, indir), .max = 255,
	  .def = "", .unit = "queues",
	  .help = "RSS indirection table (ethtool -x/-X): entry i holds the rx queue of the "
		"packets whose hash % entries is i, e.g. [0,0,1,2] or \"0-3\"; its length sets "
		"the table size; empty: entry i holds queue i % queues" },
	{ .key = "indir_weights", .type = PT_CPULIST,
	  .offset = OFF(struct nic_cfg, indir_weights), .max = 65535, .def = "",
	  .unit = "weights",
	  .help = "ethtool -X weight W0 W1 ...: weight Wq of rx queue q, in queue order; the "
		"table gives each queue a run of entries in proportion (0: none)" },
	{ .key = "rps_cpus", .type = PT_CPULIST, .offset = OFF(struct nic_cfg, rps_cpus),
	  .max = RXSIM_MAX_CPUS - 1, .def = "", .unit = "cpus",
	  .help = "/sys/class/net/IF/queues/rx-N/rps_cpus of every rx queue: a CPU list "
		"(\"1-3\") or the file's hex mask after 0x (\"0x0e\" = CPUs 1-3; \"12\" is "
		"CPU 12, \"0x12\" CPUs 1 and 4); empty: RPS off" },
	{ .key = "rps_cpus_per_queue", .type = PT_SPEC,
	  .offset = OFF(struct nic_cfg, rps_cpus_per_queue), .max = RXSIM_RPSQ_LEN, .def = "",
	  .unit = "one CPU list (or 0x and a sysfs hex mask) per rx queue, in queue order, "
		"separated by ';' (e.g. \"0-3;0-3;0xf0;0xf0\"; an empty one: RPS off on that "
		"queue)",
	  .help = "rx-N/rps_cpus of each rx queue N, instead of rps_cpus (empty: rps_cpus for all)" },
	{ .key = "rps_flow_cnt", .type = PT_INT, .offset = OFF(struct nic_cfg, rps_flow_cnt),
	  .max = 1 << 24, .def = "0", .unit = "entries", .plain_scale = 1,
	  .help = "rx-N/rps_flow_cnt of every rx queue (RFS; rounded up to a power of two)" },
	{ .key = "mtu", .type = PT_INT, .offset = OFF(struct nic_cfg, mtu), .min = 68,
	  .max = 9216, .def = "auto", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "ip link mtu: longer frames are rx_length_errors (auto: not checked); "
		"traffic fragments datagrams to it" },
	{ .key = "threaded", .type = PT_BOOL, .offset = OFF(struct nic_cfg, threaded), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "/sys/class/net/IF/threaded (5.12+): each NAPI polls in its kthread napi/IF-N, "
		"scheduled with the tasks, instead of in NET_RX softirq" },
	{ .key = "napi_defer_hard_irqs", .type = PT_INT,
	  .offset = OFF(struct nic_cfg, napi_defer_hard_irqs), .max = INT32_MAX, .def = "0",
	  .unit = "polls", .plain_scale = 1,
	  .flags = PF_QUIET,
	  .help = "/sys/class/net/IF/napi_defer_hard_irqs (5.7+): empty polls, driven by the "
		"gro_flush_timeout timer, before the IRQ is re-enabled" },
	{ .key = "gro_flush_timeout", .type = PT_TIME,
	  .offset = OFF(struct nic_cfg, gro_flush_timeout), .max = SIM_S, .def = "0",
	  .unit = "ns", .plain_scale = SIM_NS,
	  .flags = PF_QUIET,
	  .help = "/sys/class/net/IF/gro_flush_timeout: the hrtimer that re-polls while the IRQ "
		"is deferred (and flushes held GRO packets)" },
	{ .key = "irq_suspend_timeout", .type = PT_TIME,
	  .offset = OFF(struct nic_cfg, irq_suspend_timeout), .max = SIM_S, .def = "0",
	  .unit = "ns", .plain_scale = SIM_NS,
	  .flags = PF_QUIET,
	  .help = "napi-set irq-suspend-timeout of every NAPI (6.13+): IRQs stay suspended this "
		"long while a preferred busy poller (epoll) finds events" },
	{ .key = "napi_thread_cpus", .type = PT_CPULIST,
	  .offset = OFF(struct nic_cfg, napi_thread_cpus), .max = RXSIM_MAX_CPUS - 1,
	  .def = "", .unit = "cpus",
	  .flags = PF_QUIET,
	  .help = "taskset of the napi/IF-N threads: thread N on entry N % length; empty: free "
		"to run on any CPU (the kernel's default)" },
	{ .key = "napi_thread_nice", .type = PT_INT,
	  .offset = OFF(struct nic_cfg, napi_thread_nice), .min = -20, .max = 19, .def = "0",
	  .unit = "", .plain_scale = 1,
	  .flags = PF_QUIET,
	  .help = "renice of the napi/IF-N threads (CFS weight sched_prio_to_weight)" },
	{ .key = "gro", .type = PT_BOOL, .offset = OFF(struct nic_cfg, gro), .max = 1,
	  .def = "true", .unit = "",
	  .flags = PF_QUIET,
	  .help = "ethtool -K gro: napi_gro_receive merges TCP segments and the datagrams of "
		"UDP_GRO sockets (other packets pass through unchanged)" },
	{ .key = "gro_max_size", .type = PT_SIZE, .offset = OFF(struct nic_cfg, gro_max_size),
	  .min = 1, .max = GRO_MAX_SIZE_KEY, .def = "65536", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_QUIET,
	  .help = "ip link set IF gro_max_size (5.19+): largest merged skb (IPv6; IPv4 too "
		"before 6.3); above 65536 only for TCP (BIG TCP)" },
	{ .key = "gro_ipv4_max_size", .type = PT_SIZE,
	  .offset = OFF(struct nic_cfg, gro_ipv4_max_size), .min = 1, .max = GRO_MAX_SIZE_KEY,
	  .def = "65536", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_QUIET,
	  .help = "ip link set IF gro_ipv4_max_size (6.3+): largest merged IPv4 skb" },
	{ .key = "xdp", .type = PT_BOOL, .offset = OFF(struct nic_cfg, xdp), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "an XDP program in native (driver) mode on every rx queue (4.8+); its verdicts "
		"come from xdp_rules" },
	{ .key = "xdp_cost", .type = PT_COST, .offset = OFF(struct nic_cfg, xdp_cost),
	  .max = T_MAX, .def = "30ns", .unit = "ns", .plain_scale = SIM_NS,
	  .flags = PF_QUIET,
	  .help = "run time of the XDP program per packet: a time or exp(mean), "
		"uniform(min,max), lognormal(mean,sigma)" },
	{ .key = "cpumap_qsize", .type = PT_INT, .offset = OFF(struct nic_cfg, cpumap_qsize),
	  .min = 1, .max = 16384, .def = "2048", .unit = "frames", .plain_scale = 1,
	  .flags = PF_QUIET,
	  .help = "qsize of each BPF_MAP_TYPE_CPUMAP entry (4.15+): the ptr_ring of frames "
		"waiting for that CPU's cpumap kthread; a full ring drops" },
	{ .key = NULL }
};

static const struct param napi_params[] = {
	{ .key = "queue", .type = PT_INT, .offset = OFF(struct napi_cfg, queue), .max = 255,
	  .unit = "", .plain_scale = 1, .flags = PF_REQUIRED,
	  .help = "rx queue whose NAPI instance this sets" },
	{ .key = "threaded", .type = PT_ENUM, .offset = OFF(struct napi_cfg, threaded),
	  .def = "auto", .unit = "", .names = tristate_names,
	  .help = "napi-set threaded (6.17+): this NAPI in its kthread or in softirq (auto: the "
		"device's threaded)" },
	{ .key = "defer-hard-irqs", .type = PT_INT,
	  .offset = OFF(struct napi_cfg, defer_hard_irqs), .max = INT32_MAX, .def = "auto",
	  .unit = "polls", .plain_scale = 1, .flags = PF_AUTO,
	  .help = "napi-set defer-hard-irqs (6.13+; auto: the device's napi_defer_hard_irqs)" },
	{ .key = "gro-flush-timeout", .type = PT_TIME,
	  .offset = OFF(struct napi_cfg, gro_flush_timeout), .max = SIM_S, .def = "auto",
	  .unit = "ns", .plain_scale = SIM_NS, .flags = PF_AUTO,
	  .help = "napi-set gro-flush-timeout (6.13+; auto: the device's gro_flush_timeout)" },
	{ .key = "irq-suspend-timeout", .type = PT_TIME,
	  .offset = OFF(struct napi_cfg, irq_suspend_timeout), .max = SIM_S, .def = "auto",
	  .unit = "ns", .plain_scale = SIM_NS, .flags = PF_AUTO,
	  .help = "napi-set irq-suspend-timeout (6.13+; auto: the NIC's irq_suspend_timeout)" },
	{ .key = NULL }
};

static int xdp_rule_check(const void *elem, const char **key, char *msg, size_t len);

static const struct param xdp_rule_params[] = {
	{ .key = "action", .type = PT_ENUM, .offset = OFF(struct xdp_rule_cfg, action),
	  .unit = "", .flags = PF_REQUIRED, .names = xdp_action_names,
	  .help = "verdict of the packets the rule matches: XDP_ABORTED, XDP_DROP, XDP_PASS, "
		"XDP_TX (back out of the NIC) or XDP_REDIRECT (to the cpumap entry `cpu`)" },
	TSPEC(struct xdp_rule_cfg, "src", src, 64, "", TSYN_ADDR ", or \"\" (any)",
	      "match source addresses"),
	TSPEC(struct xdp_rule_cfg, "dst", dst, 64, "", TSYN_ADDR ", or \"\" (any)",
	      "match destination addresses"),
	TSPEC(struct xdp_rule_cfg, "src_port", src_port, 32, "", TSYN_PORTS ", or \"\" (any)",
	      "match source ports"),
	TSPEC(struct xdp_rule_cfg, "dst_port", dst_port, 32, "", TSYN_PORTS ", or \"\" (any)",
	      "match destination ports"),
	{ .key = "traffic", .type = PT_STRING, .offset = OFF(struct xdp_rule_cfg, traffic),
	  .max = RXSIM_NAME_LEN, .def = "", .unit = "",
	  .help = "match the packets of this traffic source (\"\": any)" },
	{ .key = "flows", .type = PT_CPULIST, .offset = OFF(struct xdp_rule_cfg, flows),
	  .max = CPULIST_MAX_VALUE, .def = "", .unit = "flow indices",
	  .help = "with traffic: match only these flows of it, e.g. \"0-9\" (empty: all)" },
	TSPEC(struct xdp_rule_cfg, "fraction", fraction, 32, "",
	      "decimal in (0, 1], at most 6 fractional digits, or \"\" (1)",
	      "match this share of the packets the other conditions match, deterministically: "
	      "packet k of them (from 1) matches when floor(k * fraction) grows"),
	{ .key = "cpu", .type = PT_INT, .offset = OFF(struct xdp_rule_cfg, cpu),
	  .max = RXSIM_MAX_CPUS - 1, .def = "0", .unit = "", .plain_scale = 1,
	  .help = "XDP_REDIRECT: the CPU of the cpumap entry (bpf_redirect_map)" },
	{ .key = NULL }
};

static const struct section nic_subs[] = {
	{ .key = "coalesce", .kind = SEC_OBJECT, .params = coalesce_params,
	  .offset = OFF(struct nic_cfg, coalesce), .help = "ethtool -C interrupt coalescing" },
	{ .key = "napi", .kind = SEC_ARRAY, .params = napi_params,
	  .offset = OFF(struct nic_cfg, napi), .count_offset = OFF(struct nic_cfg, n_napi),
	  .elem_size = sizeof(struct napi_cfg), .max_elems = 256,
	  .help = "per-NAPI settings (netlink napi-set, 6.13+), by rx queue" },
	{ .key = "xdp_rules", .kind = SEC_ARRAY, .params = xdp_rule_params,
	  .offset = OFF(struct nic_cfg, xdp_rules), .count_offset = OFF(struct nic_cfg, n_xdp_rules),
	  .elem_size = sizeof(struct xdp_rule_cfg), .max_elems = 64,
	  .help = "the XDP program's rules, first match wins; no match: XDP_PASS (inert while "
		"xdp is false)",
	  .check = xdp_rule_check },
	{ .key = NULL }
};

static const struct param sock_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct sock_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .unit = "", .flags = PF_REQUIRED,
	  .help = "socket name, referred to by apps" },
	{ .key = "proto", .type = PT_ENUM, .offset = OFF(struct sock_cfg, proto), .def = "udp",
	  .unit = "", .names = proto_names, .help = "protocol" },
	{ .key = "port", .type = PT_INT, .offset = OFF(struct sock_cfg, port), .min = 1,
	  .max = 65535, .unit = "", .plain_scale = 1, .flags = PF_REQUIRED,
	  .help = "bound local port" },
	{ .key = "rcvbuf", .type = PT_SIZE, .offset = OFF(struct sock_cfg, rcvbuf),
	  .max = INT32_MAX, .def = "auto", .unit = "bytes", .plain_scale = 1, .flags = PF_AUTO,
	  .help = "SO_RCVBUF value as passed to setsockopt (the kernel doubles it); auto: rmem_default" },
	{ .key = "rcvbuf_force", .type = PT_BOOL, .offset = OFF(struct sock_cfg, rcvbuf_force),
	  .max = 1, .def = "false", .unit = "",
	  .help = "SO_RCVBUFFORCE: skip the rmem_max clamp" },
	{ .key = "reuseport", .type = PT_BOOL, .offset = OFF(struct sock_cfg, reuseport),
	  .max = 1, .def = "false", .unit = "",
	  .help = "SO_REUSEPORT: sockets on one port share its flows by hash" },
	{ .key = "connected", .type = PT_BOOL, .offset = OFF(struct sock_cfg, connected),
	  .max = 1, .def = "false", .unit = "",
	  .help = "connect()ed: RFS steers it (rxsim still accepts every flow to the port)" },
	{ .key = "rcvlowat", .type = PT_SIZE, .offset = OFF(struct sock_cfg, rcvlowat), .min = 1,
	  .max = INT32_MAX, .def = "1", .unit = "bytes", .plain_scale = 1, .flags = PF_TCP,
	  .help = "SO_RCVLOWAT (TCP): bytes queued before a reader is woken" },
	{ .key = "udp_gro", .type = PT_BOOL, .offset = OFF(struct sock_cfg, udp_gro), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "setsockopt UDP_GRO (5.0+): GRO coalesces this socket's datagrams, which it "
		"reads as one skb" },
	{ .key = NULL }
};

static const struct param pause_params[] = {
	{ .key = "at", .type = PT_TIME, .offset = OFF(struct pause_cfg, at), .max = T_MAX,
	  .unit = "ms", .plain_scale = SIM_MS, .flags = PF_REQUIRED,
	  .help = "when the reader stops reading" },
	{ .key = "for", .type = PT_TIME, .offset = OFF(struct pause_cfg, len), .min = 1,
	  .max = T_MAX, .unit = "ms", .plain_scale = SIM_MS, .flags = PF_REQUIRED,
	  .help = "how long it stops" },
	{ .key = NULL }
};

static const struct section app_subs[] = {
	{ .key = "pauses", .kind = SEC_ARRAY, .params = pause_params,
	  .offset = OFF(struct app_cfg, pauses), .count_offset = OFF(struct app_cfg, n_pauses),
	  .elem_size = sizeof(struct pause_cfg), .max_elems = 1024,
	  .help = "windows in which the threads do not read" },
	{ .key = NULL }
};

#define APPCOST(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct app_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .help = h }

static int app_check(const void *elem, const char **key, char *msg, size_t len);

static const struct param app_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct app_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "app", .unit = "",
	  .help = "thread name (threads are named NAME/0, NAME/1, ...)" },
	{ .key = "socket", .type = PT_STRING, .offset = OFF(struct app_cfg, socket), .min = 1,
	  .max = 256, .unit = "", .flags = PF_REQUIRED,
	  .help = "socket the threads read; with mode epoll, names separated by commas" },
	{ .key = "cpu", .type = PT_INT, .offset = OFF(struct app_cfg, cpu),
	  .max = RXSIM_MAX_CPUS - 1, .def = "auto", .unit = "", .plain_scale = 1,
	  .flags = PF_AUTO,
	  .help = "CPU the threads are pinned to; auto: free to run on any CPU" },
	{ .key = "threads", .type = PT_INT, .offset = OFF(struct app_cfg, threads), .min = 1,
	  .max = 1024, .def = "1", .unit = "", .plain_scale = 1,
	  .help = "reader threads on the socket" },
	{ .key = "mode", .type = PT_ENUM, .offset = OFF(struct app_cfg, mode),
	  .def = "recvmsg", .unit = "", .names = mode_names,
	  .help = "blocking recvmsg, recvmmsg of `batch`, busy polling (SO_BUSY_POLL), or epoll over "
		"several sockets (one wake-up, then drain every ready socket)" },
	{ .key = "batch", .type = PT_INT, .offset = OFF(struct app_cfg, batch), .min = 1,
	  .max = 1024, .def = "1", .unit = "datagrams", .plain_scale = 1,
	  .help = "recvmmsg vlen" },
	{ .key = "waitforone", .type = PT_BOOL, .offset = OFF(struct app_cfg, waitforone),
	  .max = 1, .def = "true", .unit = "",
	  .help = "recvmmsg MSG_WAITFORONE: return once one datagram arrived" },
	{ .key = "busy_poll", .type = PT_TIME, .offset = OFF(struct app_cfg, busy_poll),
	  .max = SIM_S, .def = "50us", .unit = "us", .plain_scale = SIM_US,
	  .help = "SO_BUSY_POLL: how long one recv busy-polls before sleeping" },
	{ .key = "epoll_exclusive", .type = PT_BOOL,
	  .offset = OFF(struct app_cfg, epoll_exclusive), .max = 1, .def = "false", .unit = "",
	  .help = "EPOLLEXCLUSIVE: one data-ready event wakes one epoll thread, not all" },
	{ .key = "busy_poll_budget", .type = PT_INT,
	  .offset = OFF(struct app_cfg, busy_poll_budget), .min = 1, .max = 65536, .def = "8",
	  .unit = "packets", .plain_scale = 1,
	  .help = "SO_BUSY_POLL_BUDGET (5.11+); epoll: EPIOCSPARAMS busy_poll_budget (6.9+)" },
	{ .key = "prefer_busy_poll", .type = PT_BOOL,
	  .offset = OFF(struct app_cfg, prefer_busy_poll), .max = 1, .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "SO_PREFER_BUSY_POLL (5.11+); epoll: EPIOCSPARAMS prefer_busy_poll (6.9+): "
		"softirq leaves the NAPI to the busy poller, IRQs stay masked" },
	{ .key = "busy_poll_usecs", .type = PT_TIME,
	  .offset = OFF(struct app_cfg, busy_poll_usecs), .max = SIM_S, .def = "0",
	  .unit = "us", .plain_scale = SIM_US,
	  .flags = PF_QUIET,
	  .help = "epoll: EPIOCSPARAMS busy_poll_usecs (6.9+): epoll_wait busy-polls the NAPI "
		"of its sockets this long (0: net.core.busy_poll)" },
	APPCOST("syscall", syscall, "400ns", "entry and exit of one recv syscall"),
	APPCOST("per_datagram", per_datagram, "300ns",
		"dequeue and free of one datagram inside recv"),
	APPCOST("copy_per_kib", copy_per_kib, "100ns", "copy to user space, per KiB of payload"),
	APPCOST("per_packet", per_packet, "200ns", "application work per datagram after recv"),
	{ .key = "buffer", .type = PT_SIZE, .offset = OFF(struct app_cfg, buffer), .min = 1,
	  .max = INT32_MAX, .def = "64KiB", .unit = "bytes", .plain_scale = 1, .flags = PF_TCP,
	  .help = "TCP: bytes one recv asks for" },
	{ .key = "epoll_edge", .type = PT_BOOL, .offset = OFF(struct app_cfg, epoll_edge),
	  .max = 1, .def = "false", .unit = "", .flags = PF_TCP,
	  .help = "TCP epoll: EPOLLET (an event per arrival, not while data is queued)" },
	{ .key = NULL }
};

static int traffic_check(const void *elem, const char **key, char *msg, size_t len);


static const struct param traffic_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct traffic_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "traffic", .unit = "",
	  .help = "name of this traffic source" },
	{ .key = "nic", .type = PT_STRING, .offset = OFF(struct traffic_cfg, nic),
	  .max = RXSIM_NAME_LEN, .def = "", .unit = "",
	  .help = "interface it arrives on (empty: the first)" },
	{ .key = "flows", .type = PT_INT, .offset = OFF(struct traffic_cfg, flows), .min = 1,
	  .max = 10000000, .def = "1", .unit = "", .plain_scale = 1,
	  .help = "number of 5-tuples; flow i takes address i of src and dst and port i of src_port" },
	{ .key = "dst_port", .type = PT_INT, .offset = OFF(struct traffic_cfg, dst_port),
	  .min = 1, .max = 65535, .def = "auto", .unit = "", .plain_scale = 1,
	  .flags = PF_AUTO,
	  .help = "destination port (required but for replay, where it rewrites the trace's)" },
	{ .key = "rate", .type = PT_RATE, .offset = OFF(struct traffic_cfg, rate), .min = 1,
	  .max = 1000000000000000LL, .unit = "pps", .plain_scale = 1000,
	  .help = "mean packet rate (while on, for onoff); required but for rate_profile, mmpp, replay" },
	{ .key = "arrival", .type = PT_ENUM, .offset = OFF(struct traffic_cfg, arrival),
	  .def = "poisson", .unit = "", .names = arrival_names,
	  .help = "arrival law (mmpp: Markov-modulated Poisson, see mmpp)" },
	TSPEC(struct traffic_cfg, "size", size, 64, "auto", TSYN_SIZE,
	      "packet size law, Ethernet frame with FCS (auto: 64, or the sizes table)"),
	{ .key = "start", .type = PT_TIME, .offset = OFF(struct traffic_cfg, start),
	  .max = T_MAX, .def = "0s", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "first arrival not before" },
	{ .key = "stop", .type = PT_TIME, .offset = OFF(struct traffic_cfg, stop),
	  .max = T_MAX, .def = "auto", .unit = "ms", .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "no arrival after (auto: end of the run)" },
	TSPEC(struct traffic_cfg, "on", on, 64, "1ms", TSYN_TDIST,
	      "onoff: law of the burst length (a plain time: exponential with that mean)"),
	TSPEC(struct traffic_cfg, "off", off, 64, "1ms", TSYN_TDIST,
	      "onoff: law of the gap between bursts (a plain time: exponential)"),
	TSPEC(struct traffic_cfg, "sizes", sizes, TRAFFIC_SPEC_LEN, "", TSYN_SIZES,
	      "empirical size law: frame sizes with relative weights"),
	{ .key = "train", .type = PT_INT, .offset = OFF(struct traffic_cfg, train), .min = 1,
	  .max = 10000, .def = "1", .unit = "frames", .plain_scale = 1,
	  .help = "frames per arrival, back to back at the NIC's line rate (rate counts frames)" },
	TSPEC(struct traffic_cfg, "rate_profile", rate_profile, TRAFFIC_SPEC_LEN, "", TSYN_PROFILE,
	      "rate over the run instead of rate: steps at the points, or a ramp"),
	{ .key = "ramp", .type = PT_BOOL, .offset = OFF(struct traffic_cfg, ramp), .max = 1,
	  .def = "false", .unit = "",
	  .help = "rate_profile: change linearly between points (false: steps)" },
	TSPEC(struct traffic_cfg, "src", src, 64, "10.0.0.0/8", TSYN_ADDR, "source addresses"),
	TSPEC(struct traffic_cfg, "dst", dst, 64, "auto", TSYN_DST, "destination addresses"),
	TSPEC(struct traffic_cfg, "src_port", src_port, 32, "1024-65535", TSYN_PORTS,
	      "source ports"),
	{ .key = "proto", .type = PT_ENUM, .offset = OFF(struct traffic_cfg, proto),
	  .def = "udp", .unit = "", .names = tproto_names,
	  .help = "IP protocol of the flows" },
	TSPEC(struct traffic_cfg, "weights", weights, TRAFFIC_SPEC_LEN, "equal", TSYN_WEIGHTS,
	      "share of the packets per flow: elephants and mice"),
	{ .key = "mtu", .type = PT_INT, .offset = OFF(struct traffic_cfg, mtu), .min = 576,
	  .max = 9000, .def = "auto", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "MTU of the remote sender: IPv4 datagrams (size - 18) longer than it arrive "
		"as fragments (ip_do_fragment); auto: the NIC's mtu, or none" },
	{ .key = "loss", .type = PT_SPEC, .offset = OFF(struct traffic_cfg, loss), .max = 32,
	  .def = "0", .flags = PF_QUIET,
	  .unit = "probability 0..1 or a percentage (e.g. \"0.001\" or \"0.1%\")",
	  .help = "fraction of frames corrupted on the path: they take wire time but never "
		"reach the host (a lost fragment wastes the others)" },
	{ .key = "cc", .type = PT_ENUM, .offset = OFF(struct traffic_cfg, cc), .def = "cubic",
	  .unit = "", .names = cc_names, .flags = PF_TCP,
	  .help = "proto tcp: the senders' congestion control" },
	{ .key = "rtt", .type = PT_TIME, .offset = OFF(struct traffic_cfg, rtt), .min = SIM_US,
	  .max = 10 * SIM_S, .def = "1ms", .unit = "ms", .plain_scale = SIM_MS, .flags = PF_TCP,
	  .help = "proto tcp: base round-trip time beyond the wire (both one-way delays)" },
	{ .key = "mss", .type = PT_INT, .offset = OFF(struct traffic_cfg, mss), .min = 88,
	  .max = 8948, .def = "1448", .unit = "bytes", .plain_scale = 1, .flags = PF_TCP,
	  .help = "proto tcp: payload per segment (1448: MTU 1500 with timestamps)" },
	{ .key = "send_rate", .type = PT_BW, .offset = OFF(struct traffic_cfg, send_rate),
	  .min = 1000, .max = 1000000000000LL, .def = "auto", .unit = "bit/s", .plain_scale = 1,
	  .flags = PF_TCP | PF_AUTO,
	  .help = "proto tcp: application writes per connection (auto: bulk, always data to send)" },
	{ .key = "message", .type = PT_SIZE, .offset = OFF(struct traffic_cfg, message),
	  .min = 1, .max = 65536, .def = "auto", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_TCP | PF_AUTO,
	  .help = "proto tcp: bytes per application write, sent as a segment each (TCP_NODELAY; "
		"auto: full mss segments)" },
	{ .key = "write_size", .type = PT_SIZE, .offset = OFF(struct traffic_cfg, write_size),
	  .min = 1, .max = 1LL << 30, .def = "131072", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_TCP | PF_QUIET,
	  .help = "proto tcp, bulk: bytes per write() (iperf3 -l; 128 KiB as iperf3): tcp_push() "
		"sets PSH on the segment that ends each, which ends a GRO merge" },
	{ .key = "init_cwnd", .type = PT_INT, .offset = OFF(struct traffic_cfg, init_cwnd),
	  .min = 1, .max = 1000, .def = "10", .unit = "segments", .plain_scale = 1,
	  .flags = PF_TCP, .help = "proto tcp: initial congestion window (TCP_INIT_CWND)" },
	{ .key = "pattern", .type = PT_ENUM, .offset = OFF(struct traffic_cfg, pattern),
	  .def = "stream", .unit = "", .names = pattern_names, .flags = PF_TCP | PF_QUIET,
	  .help = "proto tcp: stream (bulk, or send_rate writes), or request_response (a "
		"request, wait for the reply, think, repeat: netperf TCP_RR)" },
	{ .key = "request_size", .type = PT_SPEC, .offset = OFF(struct traffic_cfg, request_size),
	  .max = 64, .def = "1", .unit = TSYN_MSGSIZE, .flags = PF_TCP | PF_QUIET,
	  .help = "pattern request_response: bytes of each request, a law (1: as netperf TCP_RR)" },
	{ .key = "response_size", .type = PT_SPEC,
	  .offset = OFF(struct traffic_cfg, response_size), .max = 64, .def = "1",
	  .unit = TSYN_MSGSIZE, .flags = PF_TCP | PF_QUIET,
	  .help = "pattern request_response: bytes of the host application's reply to each "
		"request, a law" },
	{ .key = "think_time", .type = PT_SPEC, .offset = OFF(struct traffic_cfg, think_time),
	  .max = 64, .def = "", .unit = TSYN_TDIST " or \"\" (none)", .flags = PF_TCP | PF_QUIET,
	  .help = "pattern request_response: time between a reply's arrival and the next "
		"request (\"\": none)" },
	{ .key = NULL }
};

static const struct param mmpp_params[] = {
	TSPEC(struct mmpp_cfg, "rates", rates, 256, "", TSYN_RATES,
	      "Poisson rate in each state"),
	TSPEC(struct mmpp_cfg, "mean_dwell", mean_dwell, 256, "", TSYN_DWELL,
	      "mean (exponential) time in each state; the next state is uniform among the others"),
	{ .key = NULL }
};

static const struct param replay_params[] = {
	{ .key = "file", .type = PT_STRING, .offset = OFF(struct replay_cfg, file), .max = 256,
	  .def = "", .unit = "",
	  .help = "pcap, pcapng or CSV trace, relative to the scenario file (empty: synthetic traffic)" },
	{ .key = "format", .type = PT_ENUM, .offset = OFF(struct replay_cfg, format),
	  .def = "auto", .unit = "", .names = trace_format_names,
	  .help = "trace format (auto: csv for a .csv file, else pcap or pcapng)" },
	TSPEC(struct replay_cfg, "speed", speed, 32, "1", TSYN_SPEED,
	      "speed factor: the trace's times are divided by it"),
	{ .key = "rate", .type = PT_RATE, .offset = OFF(struct replay_cfg, rate), .min = 1,
	  .max = 1000000000000000LL, .def = "auto", .unit = "pps", .plain_scale = 1000,
	  .flags = PF_AUTO,
	  .help = "pace at this constant rate, ignoring the trace's times (auto: the trace's timing)" },
	{ .key = "loop", .type = PT_INT, .offset = OFF(struct replay_cfg, loop),
	  .max = 1000000000, .def = "1", .unit = "", .plain_scale = 1,
	  .help = "passes over the trace (0: until stop); each starts a mean gap after the last" },
	{ .key = "from", .type = PT_TIME, .offset = OFF(struct replay_cfg, from), .max = T_MAX,
	  .def = "0s", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "replay from this time of the trace (since its first packet)" },
	{ .key = "to", .type = PT_TIME, .offset = OFF(struct replay_cfg, to), .max = T_MAX,
	  .def = "auto", .unit = "ms", .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "replay up to this time of the trace (auto: its end)" },
	{ .key = NULL }
};

static const struct section traffic_subs[] = {
	{ .key = "mmpp", .kind = SEC_OBJECT, .params = mmpp_params,
	  .offset = OFF(struct traffic_cfg, mmpp),
	  .help = "Markov-modulated Poisson arrivals (arrival \"mmpp\")" },
	{ .key = "replay", .kind = SEC_OBJECT, .params = replay_params,
	  .offset = OFF(struct traffic_cfg, replay),
	  .help = "trace replay: times, sizes and 5-tuples from a capture or a CSV file" },
	{ .key = NULL }
};

/*
 * Netfilter and packet taps.  Their rows are PF_QUIET: a scenario that does
 * not use them echoes none of them.  Conntrack defaults are those of a
 * 6.18 host with more than 4 GiB of memory (nf_conntrack_init_start():
 * 262144 buckets, nf_conntrack_max = buckets); its costs are the measured
 * figures of the rules document (+0.5-0.8us per datagram of an existing
 * flow, +1.5-2.2us for a new one, on a shared VM).
 */
#define TSYN_PROB "decimal 0..1 (e.g. 0.25)"

#define NFCOST(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct nf_costs_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .flags = PF_QUIET, .help = h }

static const struct param nf_cost_params[] = {
	NFCOST("hook", hook, "20ns", "nf_hook_slow + ipt_do_table entry of a chain with rules"),
	NFCOST("rule", rule, "25ns", "one iptables rule evaluated (match on addresses and ports)"),
	NFCOST("ct_lookup", ct_lookup, "600ns",
	       "nf_conntrack_in on a packet of an existing entry (hash, lookup, refresh)"),
	NFCOST("ct_new", ct_new, "1.2us",
	       "extra for a new entry: __nf_conntrack_alloc, init_conntrack, confirm"),
	NFCOST("ct_chain", ct_chain, "15ns",
	       "each hash chain node the lookup walks (chain length ~ 2 x entries / buckets)"),
	{ .key = NULL }
};

#define CTTIME(k, field, d, h) \
	{ .key = k, .type = PT_TIME, .offset = OFF(struct conntrack_cfg, field), .min = SIM_NS, \
	  .max = 30LL * 86400 * SIM_S, .def = d, .unit = "s", .plain_scale = SIM_S, \
	  .flags = PF_QUIET, .help = h }

static const struct param conntrack_params[] = {
	{ .key = "enabled", .type = PT_BOOL, .offset = OFF(struct conntrack_cfg, enabled),
	  .max = 1, .def = "false", .unit = "", .flags = PF_QUIET,
	  .help = "nf_conntrack tracks every IPv4/IPv6 packet (nf_conntrack_in at PREROUTING, "
		"confirmed at the end of INPUT)" },
	{ .key = "net.netfilter.nf_conntrack_max", .type = PT_INT,
	  .offset = OFF(struct conntrack_cfg, max), .min = 1, .max = 1 << 24, .def = "262144",
	  .unit = "entries", .plain_scale = 1, .flags = PF_QUIET,
	  .help = "entries the table admits; beyond it a new flow needs early_drop to evict an "
		"unassured entry, else the packet is dropped" },
	{ .key = "net.netfilter.nf_conntrack_buckets", .type = PT_INT,
	  .offset = OFF(struct conntrack_cfg, buckets), .min = 1, .max = 1 << 24,
	  .def = "262144", .unit = "buckets", .plain_scale = 1, .flags = PF_QUIET,
	  .help = "hash table size (nf_conntrack_htable_size)" },
	CTTIME("net.netfilter.nf_conntrack_udp_timeout", udp_timeout, "30s",
	       "timeout of a UDP entry that has seen no reply (plain numbers in seconds)"),
	CTTIME("net.netfilter.nf_conntrack_udp_timeout_stream", udp_timeout_stream, "120s",
	       "timeout of a UDP stream (seen both ways, still active after 2 s: ASSURED)"),
	CTTIME("net.netfilter.nf_conntrack_tcp_timeout_established",
	       tcp_timeout_established, "432000s",
	       "timeout of an established TCP entry (5 days)"),
	{ .key = "established", .type = PT_STRING, .offset = OFF(struct conntrack_cfg, established),
	  .max = 256, .def = "", .unit = "", .flags = PF_QUIET,
	  .help = "traffic names (comma separated) whose flows are in the table, ASSURED, when "
		"the run starts: connections answered before it" },
	{ .key = NULL }
};

static const struct param nf_rule_params[] = {
	{ .key = "chain", .type = PT_ENUM, .offset = OFF(struct nf_rule_cfg, chain),
	  .def = "INPUT", .unit = "", .names = chain_names,
	  .help = "PREROUTING (raw table: before conntrack) or INPUT (filter table)" },
	{ .key = "count", .type = PT_INT, .offset = OFF(struct nf_rule_cfg, count), .min = 1,
	  .max = 1000000, .def = "1", .unit = "rules", .plain_scale = 1,
	  .help = "identical rules this row stands for (each is evaluated)" },
	{ .key = "proto", .type = PT_ENUM, .offset = OFF(struct nf_rule_cfg, proto),
	  .def = "all", .unit = "", .names = rproto_names, .help = "-p" },
	TSPEC(struct nf_rule_cfg, "src", src, 64, "", TSYN_ADDR " or \"\" (any)", "-s"),
	TSPEC(struct nf_rule_cfg, "dst", dst, 64, "", TSYN_ADDR " or \"\" (any)", "-d"),
	TSPEC(struct nf_rule_cfg, "sport", sport, 32, "", TSYN_PORTS " or \"\" (any)",
	      "--sport"),
	TSPEC(struct nf_rule_cfg, "dport", dport, 32, "", TSYN_PORTS " or \"\" (any)",
	      "--dport"),
	{ .key = "ctstate", .type = PT_ENUM, .offset = OFF(struct nf_rule_cfg, ctstate),
	  .def = "any", .unit = "", .names = ctstate_names,
	  .help = "-m conntrack --ctstate (INPUT only; needs conntrack)" },
	TSPEC(struct nf_rule_cfg, "probability", probability, 32, "1", TSYN_PROB,
	      "-m statistic --mode random --probability: share of the packets matching the "
	      "other fields that the rule matches"),
	{ .key = "target", .type = PT_ENUM, .offset = OFF(struct nf_rule_cfg, target),
	  .def = "none", .unit = "", .names = target_names,
	  .help = "-j ACCEPT, -j DROP (SKB_DROP_REASON_NETFILTER_DROP), or none (counts, "
		"goes on)" },
	{ .key = NULL }
};

static const struct param netfilter_params[] = {
	{ .key = "input_policy", .type = PT_ENUM, .offset = OFF(struct netfilter_cfg, input_policy),
	  .def = "ACCEPT", .unit = "", .names = policy_names, .flags = PF_QUIET,
	  .help = "iptables -P INPUT: verdict of a packet no INPUT rule decided" },
	{ .key = NULL }
};

static const struct section netfilter_subs[] = {
	{ .key = "conntrack", .kind = SEC_OBJECT, .params = conntrack_params,
	  .offset = OFF(struct netfilter_cfg, conntrack),
	  .help = "connection tracking (net/netfilter/nf_conntrack_core.c)" },
	{ .key = "costs", .kind = SEC_OBJECT, .params = nf_cost_params,
	  .offset = OFF(struct netfilter_cfg, costs), .help = "CPU cost of the hooks" },
	{ .key = "rules", .kind = SEC_ARRAY, .params = nf_rule_params,
	  .offset = OFF(struct netfilter_cfg, rules),
	  .count_offset = OFF(struct netfilter_cfg, n_rules),
	  .elem_size = sizeof(struct nf_rule_cfg), .max_elems = 4096,
	  .help = "iptables rules, in order per chain (iptables -A)" },
	{ .key = NULL }
};

#define TAPCOST(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct tap_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .help = h }

static const struct param tap_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct tap_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "tcpdump", .unit = "",
	  .help = "name of the capturing process" },
	{ .key = "dev", .type = PT_STRING, .offset = OFF(struct tap_cfg, dev),
	  .max = RXSIM_NAME_LEN, .def = "any", .unit = "",
	  .help = "interface captured (tcpdump -i); \"any\": every one" },
	{ .key = "cpu", .type = PT_INT, .offset = OFF(struct tap_cfg, cpu),
	  .max = RXSIM_MAX_CPUS - 1, .def = "auto", .unit = "", .plain_scale = 1,
	  .flags = PF_AUTO, .help = "CPU of the reading thread; auto: any" },
	{ .key = "snaplen", .type = PT_SIZE, .offset = OFF(struct tap_cfg, snaplen), .min = 1,
	  .max = 262144, .def = "262144", .unit = "bytes", .plain_scale = 1,
	  .help = "tcpdump -s: bytes of each frame copied into the ring" },
	{ .key = "tp_block_size", .type = PT_SIZE, .offset = OFF(struct tap_cfg, block_size),
	  .min = 4096, .max = 1 << 30, .def = "256KiB", .unit = "bytes", .plain_scale = 1,
	  .help = "PACKET_RX_RING TPACKET_V3 block size, a multiple of the page size (libpcap: "
		"the page size doubled up to its 256 KiB frame limit)" },
	{ .key = "tp_block_nr", .type = PT_INT, .offset = OFF(struct tap_cfg, block_nr),
	  .min = 1, .max = 65536, .def = "8", .unit = "blocks", .plain_scale = 1,
	  .help = "blocks in the ring (libpcap: buffer size / block size; tcpdump's default "
		"2 MiB, -B 2048: 8)" },
	{ .key = "tp_retire_blk_tov", .type = PT_TIME,
	  .offset = OFF(struct tap_cfg, retire_blk_tov), .min = SIM_MS, .max = T_MAX,
	  .def = "1000ms", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "a block holding packets is handed to the reader this long after it was "
		"opened, full or not (libpcap: the pcap timeout, 1000 ms for tcpdump)" },
	TSPEC(struct tap_cfg, "match", match, 32, "1", TSYN_PROB,
	      "share of the frames the socket's BPF filter accepts (tcpdump's expression)"),
	TAPCOST("filter", filter, "30ns", "run_filter: the BPF program, per frame"),
	TAPCOST("rcv", rcv, "150ns",
		"tpacket_rcv per accepted frame: header, timestamp, block bookkeeping"),
	TAPCOST("copy_per_kib", copy_per_kib, "60ns", "skb_copy_bits into the ring, per KiB"),
	TAPCOST("per_block", per_block, "3us", "reader: poll() and the walk of one block"),
	TAPCOST("per_packet", per_packet, "1us",
		"reader: one packet handled (tcpdump -w: pcap_dump to the page cache)"),
	{ .key = "mode", .type = PT_ENUM, .offset = OFF(struct tap_cfg, mode), .def = "v3",
	  .unit = "", .names = tap_mode_names, .flags = PF_QUIET,
	  .help = "v3, v2, v1: PACKET_VERSION of the PACKET_RX_RING; socket: no ring, the "
		"reader calls recvmsg() once per packet (libpcap without mmap)" },
	{ .key = "tp_frame_size", .type = PT_SIZE, .offset = OFF(struct tap_cfg, frame_size),
	  .min = 1, .max = 1 << 30, .def = "auto", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "v1/v2: bytes of one frame of the ring, a multiple of 16 (auto: libpcap's "
		"TPACKET_ALIGN(macoff + min(snaplen, 1518)) for an Ethernet device of MTU 1500)" },
	{ .key = "tp_frame_nr", .type = PT_INT, .offset = OFF(struct tap_cfg, frame_nr),
	  .min = 1, .max = 1 << 24, .def = "auto", .unit = "frames", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "v1/v2: frames in the ring; packet_set_ring requires tp_block_size / "
		"tp_frame_size x tp_block_nr (auto: that)" },
	{ .key = "rcvbuf", .type = PT_SIZE, .offset = OFF(struct tap_cfg, rcvbuf),
	  .max = INT32_MAX, .def = "auto", .unit = "bytes", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "socket: SO_RCVBUF as passed to setsockopt (tcpdump -B), clamped to "
		"rmem_max, then doubled by the kernel; auto: net.core.rmem_default" },
	{ .key = "recv", .type = PT_COST, .offset = OFF(struct tap_cfg, recv), .max = T_MAX,
	  .def = "700ns", .unit = "ns", .plain_scale = SIM_NS, .flags = PF_QUIET,
	  .help = "socket reader: one recvmsg() (packet_recvmsg: syscall, dequeue, free), "
		"the copy to user space apart (copy_per_kib)" },
	{ .key = "fanout_group", .type = PT_INT, .offset = OFF(struct tap_cfg, fanout_group),
	  .max = 65535, .def = "auto", .unit = "", .plain_scale = 1,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "PACKET_FANOUT group id: taps with the same id share one packet hook that "
		"hands each frame to one of them (fanout_mode); auto: no fanout" },
	{ .key = "fanout_mode", .type = PT_ENUM, .offset = OFF(struct tap_cfg, fanout_mode),
	  .def = "hash", .unit = "", .names = tap_fanout_names, .flags = PF_QUIET,
	  .help = "fanout group's member for a frame: hash (symmetric flow hash), lb (round "
		"robin), cpu (receiving CPU), rnd (random), qm (rx queue), rollover (the "
		"first with room); every member of a group gives the same" },
	{ .key = "fanout_rollover", .type = PT_BOOL, .offset = OFF(struct tap_cfg, fanout_rollover),
	  .max = 1, .def = "false", .unit = "", .flags = PF_QUIET,
	  .help = "PACKET_FANOUT_FLAG_ROLLOVER: a frame whose member is short of room goes to "
		"the next member with room; every member of a group gives the same" },
	{ .key = NULL }
};

static const struct section tap_subs[] = {
	{ .key = "pauses", .kind = SEC_ARRAY, .params = pause_params,
	  .offset = OFF(struct tap_cfg, pauses), .count_offset = OFF(struct tap_cfg, n_pauses),
	  .elem_size = sizeof(struct pause_cfg), .max_elems = 1024,
	  .help = "windows in which the capturing process does not read" },
	{ .key = NULL }
};

static const struct param hog_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct hog_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "hog", .unit = "", .help = "task name" },
	{ .key = "cpu", .type = PT_INT, .offset = OFF(struct hog_cfg, cpu),
	  .max = RXSIM_MAX_CPUS - 1, .unit = "", .plain_scale = 1, .flags = PF_REQUIRED,
	  .help = "CPU the always-runnable task is pinned to" },
	{ .key = NULL }
};

static const char *const vdev_type_names[] = { "veth", "lo", NULL };
static const char *const send_arrival_names[] = { "constant", "poisson", "onoff", "mmpp", NULL };
NAMES_OF(vdev_type_names, VDEV__N);

static const struct param vdev_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct vdev_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .unit = "", .flags = PF_REQUIRED,
	  .help = "interface name of the receiving end (the host side of a veth pair, or lo)" },
	{ .key = "type", .type = PT_ENUM, .offset = OFF(struct vdev_cfg, type), .def = "veth",
	  .unit = "", .names = vdev_type_names,
	  .help = "veth (veth_xmit) or lo (loopback_xmit): both end in __netif_rx and a per-CPU "
		"backlog, but a veth with gro or xdp in its NAPI mode (veth_poll)" },
	{ .key = "peer", .type = PT_STRING, .offset = OFF(struct vdev_cfg, peer),
	  .max = RXSIM_NAME_LEN, .def = "", .unit = "",
	  .help = "veth: name of the other end, where the senders write (informational)" },
	{ .key = "netns", .type = PT_STRING, .offset = OFF(struct vdev_cfg, netns),
	  .max = RXSIM_NAME_LEN, .def = "", .unit = "",
	  .help = "veth: network namespace of the other end, e.g. a container (informational)" },
	{ .key = "mtu", .type = PT_INT, .offset = OFF(struct vdev_cfg, mtu), .min = 68,
	  .max = 65536, .def = "auto", .unit = "bytes", .plain_scale = 1, .flags = PF_AUTO,
	  .help = "ip link mtu: longer datagrams leave as IP fragments (auto: veth 1500, lo 65536)" },
	{ .key = "rps_cpus", .type = PT_CPULIST, .offset = OFF(struct vdev_cfg, rps_cpus),
	  .max = RXSIM_MAX_CPUS - 1, .def = "", .unit = "cpus",
	  .help = "queues/rx-0/rps_cpus of the receiving end: netif_rx_internal steers by "
		"get_rps_cpu (empty: the sending CPU's backlog)" },
	{ .key = "truesize", .type = PT_SPEC, .offset = OFF(struct vdev_cfg, truesize),
	  .max = 256, .def = "auto",
	  .unit = "MAXPAYLOAD:TRUESIZE list in increasing order, then +OVERHEAD for larger "
		"payloads (auto: \"197:832,645:1280,1669:2304,3717:4352,7813:8448,16004:16640,+832\")",
	  .help = "skb->truesize of a sent UDP datagram by payload (x86-64, 4 KiB pages, 6.x "
		"by default); a fragment takes the entry of its IP length - 28" },
	{ .key = "gro", .type = PT_BOOL, .offset = OFF(struct vdev_cfg, gro), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "veth (5.13+): ethtool -K gro on the receiving end (off on a new veth): its rx "
		"queue gets a NAPI and a ptr_ring of 256 (veth_poll, NAPI mode) for the skbs "
		"veth_skb_is_eligible_for_gro accepts" },
	{ .key = "gro_udp_fwd", .type = PT_BOOL, .offset = OFF(struct vdev_cfg, gro_udp_fwd),
	  .max = 1, .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "veth: ethtool -K rx-udp-gro-forwarding of the receiving end; with gro, makes "
		"locally sent UDP eligible for the NAPI (the sending end has TSO on)" },
	{ .key = "xdp", .type = PT_BOOL, .offset = OFF(struct vdev_cfg, xdp), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "veth (4.19+): an XDP program on the receiving end: NAPI mode for every skb "
		"(the peer loses TSO), verdicts from xdp_rules (drop, aborted, pass)" },
	{ .key = "xdp_cost", .type = PT_COST, .offset = OFF(struct vdev_cfg, xdp_cost),
	  .max = T_MAX, .def = "30ns", .unit = "ns", .plain_scale = SIM_NS,
	  .flags = PF_QUIET,
	  .help = "run time of the veth's XDP program per skb (veth_xdp_rcv_skb)" },
	{ .key = "threaded", .type = PT_BOOL, .offset = OFF(struct vdev_cfg, threaded), .max = 1,
	  .def = "false", .unit = "",
	  .flags = PF_QUIET,
	  .help = "veth in NAPI mode (5.12+): echo 1 > /sys/class/net/IF/threaded: veth_poll runs "
		"in a kthread napi/IF-ID, a fair task like the NIC's, not in NET_RX" },
	{ .key = NULL }
};

static const struct section vdev_subs[] = {
	{ .key = "xdp_rules", .kind = SEC_ARRAY, .params = xdp_rule_params,
	  .offset = OFF(struct vdev_cfg, xdp_rules),
	  .count_offset = OFF(struct vdev_cfg, n_xdp_rules),
	  .elem_size = sizeof(struct xdp_rule_cfg), .max_elems = 64,
	  .help = "veth: the XDP program's rules, first match wins; no match: XDP_PASS (inert "
		"while xdp is false)",
	  .check = xdp_rule_check },
	{ .key = NULL }
};

#define SNDCOST(k, field, d, h) \
	{ .key = k, .type = PT_COST, .offset = OFF(struct sender_cfg, field), .max = T_MAX, \
	  .def = d, .unit = "ns", .plain_scale = SIM_NS, .help = h }

static int sender_check(const void *elem, const char **key, char *msg, size_t len);

static const struct param sender_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct sender_cfg, name), .min = 1,
	  .max = RXSIM_NAME_LEN, .def = "sender", .unit = "", .help = "thread name" },
	{ .key = "device", .type = PT_STRING, .offset = OFF(struct sender_cfg, device),
	  .min = 1, .max = RXSIM_NAME_LEN, .unit = "", .flags = PF_REQUIRED,
	  .help = "the device (devices[].name) its datagrams are received on" },
	{ .key = "cpu", .type = PT_INT, .offset = OFF(struct sender_cfg, cpu),
	  .max = RXSIM_MAX_CPUS - 1, .def = "auto", .unit = "", .plain_scale = 1,
	  .flags = PF_AUTO, .help = "CPU the thread is pinned to; auto: free to run on any CPU" },
	{ .key = "dst_port", .type = PT_INT, .offset = OFF(struct sender_cfg, dst_port),
	  .min = 1, .max = 65535, .unit = "", .plain_scale = 1, .flags = PF_REQUIRED,
	  .help = "destination UDP port" },
	{ .key = "flows", .type = PT_INT, .offset = OFF(struct sender_cfg, flows), .min = 1,
	  .max = 55535, .def = "1", .unit = "", .plain_scale = 1,
	  .help = "source ports used in turn (10000, 10001, ...)" },
	{ .key = "payload", .type = PT_SIZE, .offset = OFF(struct sender_cfg, payload),
	  .max = 65000, .def = "64", .unit = "bytes", .plain_scale = 1,
	  .help = "UDP payload of each datagram" },
	{ .key = "rate", .type = PT_RATE, .offset = OFF(struct sender_cfg, rate), .min = 1,
	  .max = 1000000000000LL, .def = "auto", .unit = "pps", .plain_scale = 1000,
	  .flags = PF_AUTO, .help = "datagrams per second the application has to send (auto: none)" },
	{ .key = "arrival", .type = PT_ENUM, .offset = OFF(struct sender_cfg, arrival),
	  .def = "poisson", .unit = "", .names = send_arrival_names,
	  .help = "law of the times the application has a datagram: constant or poisson" },
	{ .key = "burst", .type = PT_INT, .offset = OFF(struct sender_cfg, burst),
	  .max = 1000000000, .def = "0", .unit = "datagrams", .plain_scale = 1,
	  .help = "datagrams the application has at start, at once" },
	{ .key = "burst_every", .type = PT_TIME, .offset = OFF(struct sender_cfg, burst_every),
	  .min = SIM_US, .max = T_MAX, .def = "auto", .unit = "ms", .plain_scale = SIM_MS,
	  .flags = PF_AUTO | PF_QUIET,
	  .help = "the burst again this often, from start until stop (a periodic flush; "
		  "auto: once)" },
	{ .key = "batch", .type = PT_INT, .offset = OFF(struct sender_cfg, batch), .min = 1,
	  .max = 1024, .def = "1", .unit = "datagrams", .plain_scale = 1,
	  .help = "sendmmsg vlen (1: sendmsg)" },
	{ .key = "start", .type = PT_TIME, .offset = OFF(struct sender_cfg, start),
	  .max = T_MAX, .def = "0s", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "first datagram not before" },
	{ .key = "stop", .type = PT_TIME, .offset = OFF(struct sender_cfg, stop),
	  .max = T_MAX, .def = "auto", .unit = "ms", .plain_scale = SIM_MS, .flags = PF_AUTO,
	  .help = "no datagram after (auto: end of run)" },
	SNDCOST("syscall", syscall, "400ns", "entry and exit of one sendmsg/sendmmsg call"),
	SNDCOST("per_datagram", per_datagram, "1500ns",
		"udp_sendmsg, ip_output, __dev_queue_xmit and the device's xmit up to "
		"enqueue_to_backlog, per datagram"),
	SNDCOST("per_fragment", per_fragment, "300ns",
		"ip_do_fragment, per fragment of a datagram over the MTU"),
	{ .key = NULL }
};

static const struct param output_params[] = {
	{ .key = "interval", .type = PT_TIME, .offset = OFF(struct output_cfg, interval),
	  .min = SIM_US, .max = T_MAX, .def = "1ms", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "time-series row interval" },
	{ .key = "trace_from", .type = PT_TIME, .offset = OFF(struct output_cfg, trace_from),
	  .max = T_MAX, .def = "0s", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "timeline trace (--trace): start of its window" },
	{ .key = "trace_for", .type = PT_TIME, .offset = OFF(struct output_cfg, trace_for),
	  .min = SIM_US, .max = SIM_S, .def = "5ms", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "timeline trace: length of its window (keeps the file small)" },
	{ .key = "counter_interval", .type = PT_TIME,
	  .offset = OFF(struct output_cfg, counter_interval), .min = 100 * SIM_NS,
	  .max = SIM_S, .def = "10us", .unit = "us", .plain_scale = SIM_US,
	  .help = "timeline trace: ring, backlog and socket occupancy sampled this often" },
	{ .key = "packet_sample", .type = PT_INT,
	  .offset = OFF(struct output_cfg, packet_sample), .min = 1, .max = 1000000000,
	  .def = "100", .unit = "", .plain_scale = 1,
	  .help = "packet trace (--packet-trace): record 1 packet in N" },
	{ .key = "packet_trace_max", .type = PT_INT,
	  .offset = OFF(struct output_cfg, packet_trace_max), .min = 1, .max = 100000000,
	  .def = "100000", .unit = "rows", .plain_scale = 1,
	  .help = "packet trace: stop recording after this many rows" },
	{ .key = NULL }
};

static const struct param root_params[] = {
	{ .key = "name", .type = PT_STRING, .offset = OFF(struct scenario, name), .max = 64,
	  .def = "", .unit = "", .help = "scenario name" },
	{ .key = "description", .type = PT_STRING, .offset = OFF(struct scenario, description),
	  .max = 1024, .def = "", .unit = "", .help = "free text" },
	{ .key = "seed", .type = PT_INT, .offset = OFF(struct scenario, seed),
	  .max = INT64_MAX, .def = "1", .unit = "", .plain_scale = 1,
	  .help = "seed of every random stream" },
	{ .key = "duration", .type = PT_TIME, .offset = OFF(struct scenario, duration),
	  .min = SIM_US, .max = T_MAX, .def = "100ms", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "simulated time" },
	{ .key = "warmup", .type = PT_TIME, .offset = OFF(struct scenario, warmup),
	  .max = T_MAX, .def = "0s", .unit = "ms", .plain_scale = SIM_MS,
	  .help = "latency samples of packets offered before this are not recorded" },
	{ .key = "kernel", .type = PT_KVER, .offset = OFF(struct scenario, kernel),
	  .min = KVER(4, 9), .max = KVER(6, 99), .def = "6.18", .unit = "",
	  .help = "kernel version whose rules apply: ksoftirqd deferral (4.9-6.4), UDP admission "
		"(<=6.14, 6.15-6.17, >=6.18)" },
	{ .key = NULL }
};

static const struct section root_subs[] = {
	{ .key = "host", .kind = SEC_OBJECT, .params = host_params, .subs = host_subs,
	  .offset = OFF(struct scenario, host), .help = "the machine" },
	{ .key = "nics", .kind = SEC_ARRAY, .params = nic_params, .subs = nic_subs,
	  .offset = OFF(struct scenario, nics), .count_offset = OFF(struct scenario, n_nics),
	  .elem_size = sizeof(struct nic_cfg), .max_elems = 16, .help = "network interfaces" },
	{ .key = "sockets", .kind = SEC_ARRAY, .params = sock_params,
	  .offset = OFF(struct scenario, sockets),
	  .count_offset = OFF(struct scenario, n_sockets),
	  .elem_size = sizeof(struct sock_cfg), .max_elems = 1024,
	  .help = "UDP sockets and TCP listeners" },
	{ .key = "apps", .kind = SEC_ARRAY, .params = app_params, .subs = app_subs,
	  .offset = OFF(struct scenario, apps), .count_offset = OFF(struct scenario, n_apps),
	  .elem_size = sizeof(struct app_cfg), .max_elems = 1024, .help = "reader threads",
	  .check = app_check },
	{ .key = "traffic", .kind = SEC_ARRAY, .params = traffic_params, .subs = traffic_subs,
	  .offset = OFF(struct scenario, traffic),
	  .count_offset = OFF(struct scenario, n_traffic),
	  .elem_size = sizeof(struct traffic_cfg), .max_elems = 1024,
	  .help = "traffic sources", .check = traffic_check },
	{ .key = "hogs", .kind = SEC_ARRAY, .params = hog_params,
	  .offset = OFF(struct scenario, hogs), .count_offset = OFF(struct scenario, n_hogs),
	  .elem_size = sizeof(struct hog_cfg), .max_elems = 1024,
	  .help = "always-runnable background tasks" },
	{ .key = "netfilter", .kind = SEC_OBJECT, .params = netfilter_params,
	  .subs = netfilter_subs, .offset = OFF(struct scenario, netfilter),
	  .help = "iptables rules and conntrack on the receive path" },
	{ .key = "taps", .kind = SEC_ARRAY, .params = tap_params, .subs = tap_subs,
	  .offset = OFF(struct scenario, taps), .count_offset = OFF(struct scenario, n_taps),
	  .elem_size = sizeof(struct tap_cfg), .max_elems = 64,
	  .help = "AF_PACKET captures (tcpdump): packet_rcv before IP and netfilter" },
	{ .key = "devices", .kind = SEC_ARRAY, .params = vdev_params, .subs = vdev_subs,
	  .offset = OFF(struct scenario, devices),
	  .count_offset = OFF(struct scenario, n_devices),
	  .elem_size = sizeof(struct vdev_cfg), .max_elems = 1024,
	  .help = "virtual devices: lo and veth pairs (containers)" },
	{ .key = "senders", .kind = SEC_ARRAY, .params = sender_params,
	  .offset = OFF(struct scenario, senders),
	  .count_offset = OFF(struct scenario, n_senders),
	  .elem_size = sizeof(struct sender_cfg), .max_elems = 1024,
	  .help = "local application threads sending UDP through a virtual device",
	  .check = sender_check },
	{ .key = "output", .kind = SEC_OBJECT, .params = output_params,
	  .offset = OFF(struct scenario, output), .help = "outputs" },
	{ .key = NULL }
};

const struct section scenario_root = {
	"", SEC_OBJECT, root_params, root_subs, 0, 0, sizeof(struct scenario), 0,
	"a scenario", NULL
};

/* The coalescing checks of a NIC need the driver's defaults: they are in
 * scenario_resolve() (resolve.c). */

static int app_check(const void *elem, const char **key, char *msg, size_t len)
{
	const struct app_cfg *a = elem;

	if (a->mode != APP_RECVMMSG && a->batch != 1) {
		*key = "batch";
		snprintf(msg, len, "only recvmmsg reads more than one datagram per call");
		return -1;
	}
	return 0;
}

static int xdp_rule_check(const void *elem, const char **key, char *msg, size_t len)
{
	return xdp_rule_cfg_check(elem, key, msg, len);	/* xdp_spec.c */
}

static int traffic_check(const void *elem, const char **key, char *msg, size_t len)
{
	return traffic_cfg_check(elem, key, msg, len);	/* traffic_spec.c */
}

static int sender_check(const void *elem, const char **key, char *msg, size_t len)
{
	const struct sender_cfg *c = elem;

	if (c->arrival != ARR_CONSTANT && c->arrival != ARR_POISSON) {
		*key = "arrival";
		snprintf(msg, len, "a sender's arrival law is \"constant\" or \"poisson\"");
		return -1;
	}
	if (c->rate < 0 && c->burst == 0) {
		*key = "rate";
		snprintf(msg, len, "a sender needs a rate or a burst");
		return -1;
	}
	if (c->burst_every >= 0 && c->burst == 0) {
		*key = "burst_every";
		snprintf(msg, len, "burst_every repeats a burst: set burst (datagrams) too");
		return -1;
	}
	return 0;
}
