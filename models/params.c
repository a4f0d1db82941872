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

#define OFF(type, field) offsetof(type, field)

static const char *const hz_names[] = { "100", "250", "300", "1000", NULL };
static const char *const driver_names[] = { "generic", "ixgbe", "igb", "mlx5", NULL };
static const char *const style_names[] = { "auto", "none", "itr", "eqe", "cqe", NULL };
static const char *const tristate_names[] = { "auto", "on", "off", NULL };
static const char *const proto_names[] = { "udp", NULL };
static const char *const mode_names[] = { "recvmsg", "recvmmsg", "busy_poll", "epoll", NULL };
static const char *const rxfh_names[] = { "auto", "sd", "sdfn", NULL };
static const char *const arrival_names[] = { "constant", "poisson", "onoff", "mmpp", NULL };
static const char *const trace_format_names[] = { "auto", "pcap", "csv", NULL };
static const char *const tproto_names[] = { "udp", "tcp", NULL };

int host_hz(const struct host_cfg *h)
{
	static const int hz[] = { 100, 250, 300, 1000 };

	return hz[h->hz];
}

#define T_MAX (3600 * SIM_S)

static const struct param sysctl_params[] = {
	{ "net.core.netdev_budget", PT_INT, OFF(struct sysctl_cfg, netdev_budget), 1, 1000000,
	  "300", "packets", 1, 0, NULL,
	  "packets net_rx_action may process per invocation before time_squeeze" },
	{ "net.core.netdev_budget_usecs", PT_INT, OFF(struct sysctl_cfg, netdev_budget_usecs), 1,
	  100000000, "auto", "us", 1, PF_AUTO, NULL,
	  "time limit of one net_rx_action, in jiffies of host.hz (auto: 2*1000000/HZ)" },
	{ "net.core.netdev_max_backlog", PT_INT, OFF(struct sysctl_cfg, netdev_max_backlog), 1,
	  100000000, "1000", "packets", 1, 0, NULL,
	  "per-CPU input_pkt_queue limit of enqueue_to_backlog" },
	{ "net.core.dev_weight", PT_INT, OFF(struct sysctl_cfg, dev_weight), 1, 100000, "64",
	  "packets", 1, 0, NULL, "NAPI weight of the per-CPU backlog (process_backlog)" },
	{ "net.core.dev_weight_rx_bias", PT_INT, OFF(struct sysctl_cfg, dev_weight_rx_bias), 1,
	  1000, "1", "", 1, 0, NULL, "dev_rx_weight = dev_weight * dev_weight_rx_bias" },
	{ "net.core.gro_normal_batch", PT_INT, OFF(struct sysctl_cfg, gro_normal_batch), 1,
	  65536, "8", "packets", 1, 0, NULL,
	  "packets GRO hands to the stack at once (napi->rx_list flush)" },
	{ "net.core.rmem_default", PT_SIZE, OFF(struct sysctl_cfg, rmem_default), 1,
	  INT32_MAX, "212992", "bytes", 1, 0, NULL, "sk_rcvbuf of a socket without SO_RCVBUF" },
	{ "net.core.rmem_max", PT_SIZE, OFF(struct sysctl_cfg, rmem_max), 1, INT32_MAX,
	  "212992", "bytes", 1, 0, NULL, "clamp of SO_RCVBUF (not of SO_RCVBUFFORCE)" },
	{ "net.ipv4.udp_rmem_min", PT_SIZE, OFF(struct sysctl_cfg, udp_rmem_min), 1, INT32_MAX,
	  "4096", "bytes", 1, 0, NULL, "minimum receive memory a UDP socket is always granted" },
	{ "net.core.rps_sock_flow_entries", PT_INT, OFF(struct sysctl_cfg, rps_sock_flow_entries),
	  0, 1 << 26, "0", "entries", 1, 0, NULL,
	  "RFS global socket flow table (rounded up to a power of two; 0: RFS off)" },
	{ "net.core.flow_limit_cpu_bitmap", PT_CPULIST,
	  OFF(struct sysctl_cfg, flow_limit_cpu_bitmap), 0, RXSIM_MAX_CPUS - 1, "", "cpus", 0, 0,
	  NULL, "CPUs whose enqueues to a backlog are subject to the flow limit" },
	{ "net.core.flow_limit_table_len", PT_INT, OFF(struct sysctl_cfg, flow_limit_table_len),
	  1, 1 << 16, "4096", "buckets", 1, 0, NULL,
	  "flow limit hash buckets (rounded down to a power of two)" },
	{ .key = NULL }
};

static const struct param sched_params[] = {
	{ "latency", PT_TIME, OFF(struct sched_cfg, latency), 100 * SIM_US, SIM_S, "auto", "ms",
	  SIM_MS, PF_AUTO, NULL,
	  "CFS sched_latency (auto: 6ms * (1 + ilog2(min(cpus, 8))))" },
	{ "min_granularity", PT_TIME, OFF(struct sched_cfg, min_granularity), 10 * SIM_US, SIM_S,
	  "auto", "ms", SIM_MS, PF_AUTO, NULL,
	  "CFS sched_min_granularity (auto: 0.75ms * (1 + ilog2(min(cpus, 8))))" },
	{ "wakeup_granularity", PT_TIME, OFF(struct sched_cfg, wakeup_granularity), 0, SIM_S,
	  "auto", "ms", SIM_MS, PF_AUTO, NULL,
	  "CFS sched_wakeup_granularity (auto: 1ms * (1 + ilog2(min(cpus, 8))))" },
	{ "irq_time_accounting", PT_BOOL, OFF(struct sched_cfg, irq_time_accounting), 0, 1,
	  "true", "", 0, 0, NULL,
	  "CONFIG_IRQ_TIME_ACCOUNTING: interrupted tasks are not charged for irq/softirq time" },
	{ .key = NULL }
};

#define COST(key, field, def, help) \
	{ key, PT_COST, OFF(struct costs_cfg, field), 0, T_MAX, def, "ns", SIM_NS, 0, NULL, help }

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
	{ .key = NULL }
};

static const struct param host_params[] = {
	{ "cpus", PT_INT, OFF(struct host_cfg, cpus), 1, RXSIM_MAX_CPUS, "2", "", 1, 0, NULL,
	  "number of CPUs" },
	{ "hz", PT_ENUM, OFF(struct host_cfg, hz), 0, 0, "1000", "", 0, 0, hz_names,
	  "CONFIG_HZ: jiffy length for netdev_budget_usecs and MAX_SOFTIRQ_TIME" },
	{ .key = NULL }
};

static const struct section host_subs[] = {
	{ "sched", SEC_OBJECT, sched_params, NULL, OFF(struct host_cfg, sched), 0, 0, 0,
	  "fair scheduler between tasks (kernel/sched/fair.c)", NULL },
	{ "sysctl", SEC_OBJECT, sysctl_params, NULL, OFF(struct host_cfg, sysctl), 0, 0, 0,
	  "sysctl values, by their sysctl names", NULL },
	{ "costs", SEC_OBJECT, cost_params, NULL, OFF(struct host_cfg, costs), 0, 0, 0,
	  "CPU cost of each step: a time or exp(mean), uniform(min,max), lognormal(mean,sigma)",
	  NULL },
	{ .key = NULL }
};

static const struct param coalesce_params[] = {
	{ "style", PT_ENUM, OFF(struct coalesce_cfg, style), 0, 0, "auto", "", 0, PF_PROFILE,
	  style_names,
	  "interrupt moderation: itr (Intel minimum interval), eqe (timer from first completion), "
	  "cqe (timer restarted per completion), none; auto: per driver" },
	{ "rx-usecs", PT_TIME, OFF(struct coalesce_cfg, rx_usecs), 0, 100 * SIM_MS, NULL, "us",
	  SIM_US, PF_PROFILE | PF_AUTO, NULL, "ethtool -C rx-usecs (plain numbers are microseconds)" },
	{ "rx-frames", PT_INT, OFF(struct coalesce_cfg, rx_frames), 0, 65535, NULL, "frames", 1,
	  PF_PROFILE | PF_AUTO, NULL, "ethtool -C rx-frames (0: no frame limit)" },
	{ "adaptive-rx", PT_BOOL, OFF(struct coalesce_cfg, adaptive_rx), 0, 1, "false", "", 0, 0,
	  NULL, "ethtool -C adaptive-rx: net DIM picks rx-usecs/rx-frames from its profiles "
	  "(eqe and cqe styles; Intel's dynamic ITR is rx-usecs 1)" },
	{ .key = NULL }
};

static const struct param nic_params[] = {
	{ "name", PT_STRING, OFF(struct nic_cfg, name), 1, RXSIM_NAME_LEN, "eth0", "", 0, 0, NULL,
	  "interface name" },
	{ "driver", PT_ENUM, OFF(struct nic_cfg, driver), 0, 0, "generic", "", 0, 0, driver_names,
	  "driver profile: sets defaults of ring, refill batch, coalescing, counters, truesize" },
	{ "speed", PT_BW, OFF(struct nic_cfg, speed), 1000000, 1000000000000LL, "10Gbps", "bit/s",
	  1, 0, NULL, "line rate" },
	{ "queues", PT_INT, OFF(struct nic_cfg, queues), 1, 256, "auto", "", 1, PF_AUTO, NULL,
	  "rx queues, one vector each (auto: ixgbe min(cpus,16), igb min(cpus,8), mlx5 cpus, "
	  "generic netif_get_num_default_rss_queues)" },
	{ "rx_ring", PT_INT, OFF(struct nic_cfg, rx_ring), 8, 65536, NULL, "descriptors", 1,
	  PF_PROFILE | PF_AUTO, NULL, "ethtool -G rx: descriptors per rx queue" },
	{ "refill_batch", PT_INT, OFF(struct nic_cfg, refill_batch), 1, 4096, NULL,
	  "descriptors", 1, PF_PROFILE | PF_AUTO, NULL,
	  "descriptors returned to the NIC at once during a poll (IXGBE_RX_BUFFER_WRITE)" },
	{ "dma_delay", PT_TIME, OFF(struct nic_cfg, dma_delay), 0, SIM_MS, "500ns", "ns", SIM_NS,
	  0, NULL, "from the frame's last bit to its completion being visible in host memory" },
	{ "truesize", PT_SIZE, OFF(struct nic_cfg, truesize), 256, 1 << 20, NULL, "bytes", 1,
	  PF_PROFILE | PF_AUTO, NULL,
	  "skb->truesize charged to the socket (auto: per driver; generic: kmalloc rule)" },
	{ "drop_en", PT_ENUM, OFF(struct nic_cfg, drop_en), 0, 0, "auto", "", 0, PF_PROFILE,
	  tristate_names,
	  "drop at once when a queue has no descriptor (SRRCTL.DROP_EN); off: wait in rx_fifo" },
	{ "rx_fifo", PT_SIZE, OFF(struct nic_cfg, rx_fifo), 0, 1 << 30, NULL, "bytes", 1,
	  PF_PROFILE | PF_AUTO, NULL, "on-chip rx packet buffer used when drop_en is off" },
	{ "upstream_buffer", PT_SIZE, OFF(struct nic_cfg, upstream_buffer), 0, 1LL << 40, "1MiB",
	  "bytes", 1, 0, NULL,
	  "switch buffer in front of the link; offered load beyond line rate queues here" },
	{ "irq_affinity", PT_CPULIST, OFF(struct nic_cfg, irq_affinity), 0, RXSIM_MAX_CPUS - 1,
	  "", "cpus", 0, 0, NULL,
	  "CPU of each queue's vector (smp_affinity_list); empty: queue i on CPU i % cpus" },
	{ "rss_key", PT_STRING, OFF(struct nic_cfg, rss_key), 1, 128, "default", "", 0, 0, NULL,
	  "Toeplitz key: \"default\" (the published 40-byte verification key), \"random\" "
	  "(from the seed, as netdev_rss_key_fill per boot), or 40 hex bytes \"6d:5a:...\"" },
	{ "rxfh_udp4", PT_ENUM, OFF(struct nic_cfg, rxfh_udp4), 0, 0, "auto", "", 0, PF_PROFILE,
	  rxfh_names, "ethtool -N rx-flow-hash udp4: sd (addresses) or sdfn (+ports); auto: driver" },
	{ "rxfh_udp6", PT_ENUM, OFF(struct nic_cfg, rxfh_udp6), 0, 0, "auto", "", 0, PF_PROFILE,
	  rxfh_names, "ethtool -N rx-flow-hash udp6 (TCP always hashes ports)" },
	{ "indir_size", PT_INT, OFF(struct nic_cfg, indir_size), 1, 512, "auto", "entries", 1,
	  PF_AUTO, NULL, "RSS indirection table entries (auto: 128)" },
	{ "indir", PT_CPULIST, OFF(struct nic_cfg, indir), 0, 255, "", "queues", 0, 0, NULL,
	  "RSS indirection table (ethtool -x/-X): entry i holds the rx queue of the packets "
	  "whose hash % entries is i, e.g. [0,0,1,2] or \"0-3\"; its length sets the table "
	  "size; empty: entry i holds queue i % queues" },
	{ "indir_weights", PT_CPULIST, OFF(struct nic_cfg, indir_weights), 0, 65535, "",
	  "weights", 0, 0, NULL, "ethtool -X weight W0 W1 ...: weight Wq of rx queue q, in queue order; the table "
	  "gives each queue a run of entries in proportion (0: none)" },
	{ "rps_cpus", PT_CPULIST, OFF(struct nic_cfg, rps_cpus), 0, RXSIM_MAX_CPUS - 1, "",
	  "cpus", 0, 0, NULL,
	  "/sys/class/net/IF/queues/rx-N/rps_cpus of every rx queue: a CPU list (\"1-3\") "
	  "or the file's hex mask after 0x (\"0x0e\" = CPUs 1-3; \"12\" is CPU 12, "
	  "\"0x12\" CPUs 1 and 4); empty: RPS off" },
	{ "rps_cpus_per_queue", PT_SPEC, OFF(struct nic_cfg, rps_cpus_per_queue), 0,
	  RXSIM_RPSQ_LEN, "", "one CPU list (or 0x and a sysfs hex mask) per rx queue, in "
	  "queue order, separated by ';' (e.g. \"0-3;0-3;0xf0;0xf0\"; an empty one: RPS off on "
	  "that queue)", 0, 0, NULL,
	  "rx-N/rps_cpus of each rx queue N, instead of rps_cpus (empty: rps_cpus for all)" },
	{ "rps_flow_cnt", PT_INT, OFF(struct nic_cfg, rps_flow_cnt), 0, 1 << 24, "0", "entries",
	  1, 0, NULL, "rx-N/rps_flow_cnt of every rx queue (RFS; rounded up to a power of two)" },
	{ .key = NULL }
};

static const struct section nic_subs[] = {
	{ "coalesce", SEC_OBJECT, coalesce_params, NULL, OFF(struct nic_cfg, coalesce), 0, 0, 0,
	  "ethtool -C interrupt coalescing", NULL },
	{ .key = NULL }
};

static const struct param sock_params[] = {
	{ "name", PT_STRING, OFF(struct sock_cfg, name), 1, RXSIM_NAME_LEN, NULL, "", 0,
	  PF_REQUIRED, NULL, "socket name, referred to by apps" },
	{ "proto", PT_ENUM, OFF(struct sock_cfg, proto), 0, 0, "udp", "", 0, 0, proto_names,
	  "protocol" },
	{ "port", PT_INT, OFF(struct sock_cfg, port), 1, 65535, NULL, "", 1, PF_REQUIRED, NULL,
	  "bound local port" },
	{ "rcvbuf", PT_SIZE, OFF(struct sock_cfg, rcvbuf), 0, INT32_MAX, "auto", "bytes", 1,
	  PF_AUTO, NULL,
	  "SO_RCVBUF value as passed to setsockopt (the kernel doubles it); auto: rmem_default" },
	{ "rcvbuf_force", PT_BOOL, OFF(struct sock_cfg, rcvbuf_force), 0, 1, "false", "", 0, 0,
	  NULL, "SO_RCVBUFFORCE: skip the rmem_max clamp" },
	{ "reuseport", PT_BOOL, OFF(struct sock_cfg, reuseport), 0, 1, "false", "", 0, 0, NULL,
	  "SO_REUSEPORT: sockets on one port share its flows by hash" },
	{ "connected", PT_BOOL, OFF(struct sock_cfg, connected), 0, 1, "false", "", 0, 0, NULL,
	  "connect()ed: RFS steers it (rxsim still accepts every flow to the port)" },
	{ .key = NULL }
};

static const struct param pause_params[] = {
	{ "at", PT_TIME, OFF(struct pause_cfg, at), 0, T_MAX, NULL, "ms", SIM_MS, PF_REQUIRED,
	  NULL, "when the reader stops reading" },
	{ "for", PT_TIME, OFF(struct pause_cfg, len), 1, T_MAX, NULL, "ms", SIM_MS, PF_REQUIRED,
	  NULL, "how long it stops" },
	{ .key = NULL }
};

static const struct section app_subs[] = {
	{ "pauses", SEC_ARRAY, pause_params, NULL, OFF(struct app_cfg, pauses),
	  OFF(struct app_cfg, n_pauses), sizeof(struct pause_cfg), 1024,
	  "windows in which the threads do not read", NULL },
	{ .key = NULL }
};

#define APPCOST(key, field, def, help) \
	{ key, PT_COST, OFF(struct app_cfg, field), 0, T_MAX, def, "ns", SIM_NS, 0, NULL, help }

static int app_check(const void *elem, const char **key, char *msg, size_t len);

static const struct param app_params[] = {
	{ "name", PT_STRING, OFF(struct app_cfg, name), 1, RXSIM_NAME_LEN, "app", "", 0, 0, NULL,
	  "thread name (threads are named NAME/0, NAME/1, ...)" },
	{ "socket", PT_STRING, OFF(struct app_cfg, socket), 1, 256, NULL, "", 0,
	  PF_REQUIRED, NULL, "socket the threads read; with mode epoll, names separated by commas" },
	{ "cpu", PT_INT, OFF(struct app_cfg, cpu), 0, RXSIM_MAX_CPUS - 1, "auto", "", 1, PF_AUTO,
	  NULL, "CPU the threads are pinned to; auto: free to run on any CPU" },
	{ "threads", PT_INT, OFF(struct app_cfg, threads), 1, 1024, "1", "", 1, 0, NULL,
	  "reader threads on the socket" },
	{ "mode", PT_ENUM, OFF(struct app_cfg, mode), 0, 0, "recvmsg", "", 0, 0, mode_names,
	  "blocking recvmsg, recvmmsg of `batch`, busy polling (SO_BUSY_POLL), or epoll over "
	  "several sockets (one wake-up, then drain every ready socket)" },
	{ "batch", PT_INT, OFF(struct app_cfg, batch), 1, 1024, "1", "datagrams", 1, 0, NULL,
	  "recvmmsg vlen" },
	{ "waitforone", PT_BOOL, OFF(struct app_cfg, waitforone), 0, 1, "true", "", 0, 0, NULL,
	  "recvmmsg MSG_WAITFORONE: return once one datagram arrived" },
	{ "busy_poll", PT_TIME, OFF(struct app_cfg, busy_poll), 0, SIM_S, "50us", "us", SIM_US, 0,
	  NULL, "SO_BUSY_POLL: how long one recv busy-polls before sleeping" },
	{ "epoll_exclusive", PT_BOOL, OFF(struct app_cfg, epoll_exclusive), 0, 1, "false", "", 0,
	  0, NULL, "EPOLLEXCLUSIVE: one data-ready event wakes one epoll thread, not all" },
	{ "busy_poll_budget", PT_INT, OFF(struct app_cfg, busy_poll_budget), 1, 65536, "8",
	  "packets", 1, 0, NULL, "SO_BUSY_POLL_BUDGET" },
	APPCOST("syscall", syscall, "400ns", "entry and exit of one recv syscall"),
	APPCOST("per_datagram", per_datagram, "300ns",
		"dequeue and free of one datagram inside recv"),
	APPCOST("copy_per_kib", copy_per_kib, "100ns", "copy to user space, per KiB of payload"),
	APPCOST("per_packet", per_packet, "200ns", "application work per datagram after recv"),
	{ .key = NULL }
};

static int traffic_check(const void *elem, const char **key, char *msg, size_t len);

/* Text keys: the syntax (TSYN_*, traffic.h) is what `rxsim params` shows. */
#define TSPEC(type, key, field, len, def, syn, help) \
	{ key, PT_SPEC, OFF(type, field), 0, len, def, syn, 0, 0, NULL, help }

static const struct param traffic_params[] = {
	{ "name", PT_STRING, OFF(struct traffic_cfg, name), 1, RXSIM_NAME_LEN, "traffic", "", 0, 0,
	  NULL, "name of this traffic source" },
	{ "nic", PT_STRING, OFF(struct traffic_cfg, nic), 0, RXSIM_NAME_LEN, "", "", 0, 0, NULL,
	  "interface it arrives on (empty: the first)" },
	{ "flows", PT_INT, OFF(struct traffic_cfg, flows), 1, 10000000, "1", "", 1, 0, NULL,
	  "number of 5-tuples; flow i takes address i of src and dst and port i of src_port" },
	{ "dst_port", PT_INT, OFF(struct traffic_cfg, dst_port), 1, 65535, "auto", "", 1, PF_AUTO,
	  NULL, "destination port (required but for replay, where it rewrites the trace's)" },
	{ "rate", PT_RATE, OFF(struct traffic_cfg, rate), 1, 1000000000000000LL, NULL, "pps",
	  1000, 0, NULL,
	  "mean packet rate (while on, for onoff); required but for rate_profile, mmpp, replay" },
	{ "arrival", PT_ENUM, OFF(struct traffic_cfg, arrival), 0, 0, "poisson", "", 0, 0,
	  arrival_names, "arrival law (mmpp: Markov-modulated Poisson, see mmpp)" },
	TSPEC(struct traffic_cfg, "size", size, 64, "auto", TSYN_SIZE,
	      "packet size law, Ethernet frame with FCS (auto: 64, or the sizes table)"),
	{ "start", PT_TIME, OFF(struct traffic_cfg, start), 0, T_MAX, "0s", "ms", SIM_MS, 0, NULL,
	  "first arrival not before" },
	{ "stop", PT_TIME, OFF(struct traffic_cfg, stop), 0, T_MAX, "auto", "ms", SIM_MS, PF_AUTO,
	  NULL, "no arrival after (auto: end of the run)" },
	TSPEC(struct traffic_cfg, "on", on, 64, "1ms", TSYN_TDIST,
	      "onoff: law of the burst length (a plain time: exponential with that mean)"),
	TSPEC(struct traffic_cfg, "off", off, 64, "1ms", TSYN_TDIST,
	      "onoff: law of the gap between bursts (a plain time: exponential)"),
	TSPEC(struct traffic_cfg, "sizes", sizes, TRAFFIC_SPEC_LEN, "", TSYN_SIZES,
	      "empirical size law: frame sizes with relative weights"),
	{ "train", PT_INT, OFF(struct traffic_cfg, train), 1, 10000, "1", "frames", 1, 0, NULL,
	  "frames per arrival, back to back at the NIC's line rate (rate counts frames)" },
	TSPEC(struct traffic_cfg, "rate_profile", rate_profile, TRAFFIC_SPEC_LEN, "", TSYN_PROFILE,
	      "rate over the run instead of rate: steps at the points, or a ramp"),
	{ "ramp", PT_BOOL, OFF(struct traffic_cfg, ramp), 0, 1, "false", "", 0, 0, NULL,
	  "rate_profile: change linearly between points (false: steps)" },
	TSPEC(struct traffic_cfg, "src", src, 64, "10.0.0.0/8", TSYN_ADDR, "source addresses"),
	TSPEC(struct traffic_cfg, "dst", dst, 64, "auto", TSYN_DST, "destination addresses"),
	TSPEC(struct traffic_cfg, "src_port", src_port, 32, "1024-65535", TSYN_PORTS,
	      "source ports"),
	{ "proto", PT_ENUM, OFF(struct traffic_cfg, proto), 0, 0, "udp", "", 0, 0, tproto_names,
	  "IP protocol of the flows" },
	TSPEC(struct traffic_cfg, "weights", weights, TRAFFIC_SPEC_LEN, "equal", TSYN_WEIGHTS,
	      "share of the packets per flow: elephants and mice"),
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
	{ "file", PT_STRING, OFF(struct replay_cfg, file), 0, 256, "", "", 0, 0, NULL,
	  "pcap, pcapng or CSV trace, relative to the scenario file (empty: synthetic traffic)" },
	{ "format", PT_ENUM, OFF(struct replay_cfg, format), 0, 0, "auto", "", 0, 0,
	  trace_format_names, "trace format (auto: csv for a .csv file, else pcap or pcapng)" },
	TSPEC(struct replay_cfg, "speed", speed, 32, "1", TSYN_SPEED,
	      "speed factor: the trace's times are divided by it"),
	{ "rate", PT_RATE, OFF(struct replay_cfg, rate), 1, 1000000000000000LL, "auto", "pps",
	  1000, PF_AUTO, NULL,
	  "pace at this constant rate, ignoring the trace's times (auto: the trace's timing)" },
	{ "loop", PT_INT, OFF(struct replay_cfg, loop), 0, 1000000000, "1", "", 1, 0, NULL,
	  "passes over the trace (0: until stop); each starts a mean gap after the last" },
	{ "from", PT_TIME, OFF(struct replay_cfg, from), 0, T_MAX, "0s", "ms", SIM_MS, 0, NULL,
	  "replay from this time of the trace (since its first packet)" },
	{ "to", PT_TIME, OFF(struct replay_cfg, to), 0, T_MAX, "auto", "ms", SIM_MS, PF_AUTO, NULL,
	  "replay up to this time of the trace (auto: its end)" },
	{ .key = NULL }
};

static const struct section traffic_subs[] = {
	{ "mmpp", SEC_OBJECT, mmpp_params, NULL, OFF(struct traffic_cfg, mmpp), 0, 0, 0,
	  "Markov-modulated Poisson arrivals (arrival \"mmpp\")", NULL },
	{ "replay", SEC_OBJECT, replay_params, NULL, OFF(struct traffic_cfg, replay), 0, 0, 0,
	  "trace replay: times, sizes and 5-tuples from a capture or a CSV file", NULL },
	{ .key = NULL }
};

static const struct param hog_params[] = {
	{ "name", PT_STRING, OFF(struct hog_cfg, name), 1, RXSIM_NAME_LEN, "hog", "", 0, 0, NULL,
	  "task name" },
	{ "cpu", PT_INT, OFF(struct hog_cfg, cpu), 0, RXSIM_MAX_CPUS - 1, NULL, "", 1, PF_REQUIRED,
	  NULL, "CPU the always-runnable task is pinned to" },
	{ .key = NULL }
};

static const struct param output_params[] = {
	{ "interval", PT_TIME, OFF(struct output_cfg, interval), SIM_US, T_MAX, "1ms", "ms",
	  SIM_MS, 0, NULL, "time-series row interval" },
	{ "trace_from", PT_TIME, OFF(struct output_cfg, trace_from), 0, T_MAX, "0s", "ms", SIM_MS,
	  0, NULL, "timeline trace (--trace): start of its window" },
	{ "trace_for", PT_TIME, OFF(struct output_cfg, trace_for), SIM_US, SIM_S, "5ms", "ms",
	  SIM_MS, 0, NULL, "timeline trace: length of its window (keeps the file small)" },
	{ "counter_interval", PT_TIME, OFF(struct output_cfg, counter_interval), 100 * SIM_NS,
	  SIM_S, "10us", "us", SIM_US, 0, NULL,
	  "timeline trace: ring, backlog and socket occupancy sampled this often" },
	{ "packet_sample", PT_INT, OFF(struct output_cfg, packet_sample), 1, 1000000000, "100",
	  "", 1, 0, NULL, "packet trace (--packet-trace): record 1 packet in N" },
	{ "packet_trace_max", PT_INT, OFF(struct output_cfg, packet_trace_max), 1, 100000000,
	  "100000", "rows", 1, 0, NULL, "packet trace: stop recording after this many rows" },
	{ .key = NULL }
};

static const struct param root_params[] = {
	{ "name", PT_STRING, OFF(struct scenario, name), 0, 64, "", "", 0, 0, NULL,
	  "scenario name" },
	{ "description", PT_STRING, OFF(struct scenario, description), 0, 1024, "", "", 0, 0, NULL,
	  "free text" },
	{ "seed", PT_INT, OFF(struct scenario, seed), 0, INT64_MAX, "1", "", 1, 0, NULL,
	  "seed of every random stream" },
	{ "duration", PT_TIME, OFF(struct scenario, duration), SIM_US, T_MAX, "100ms", "ms",
	  SIM_MS, 0, NULL, "simulated time" },
	{ "warmup", PT_TIME, OFF(struct scenario, warmup), 0, T_MAX, "0s", "ms", SIM_MS, 0, NULL,
	  "latency samples of packets offered before this are not recorded" },
	{ "kernel", PT_KVER, OFF(struct scenario, kernel), KVER(4, 9), KVER(6, 99), "6.18", "", 0,
	  0, NULL,
	  "kernel version whose rules apply: ksoftirqd deferral (4.9-6.4), UDP admission "
	  "(<=6.14, 6.15-6.17, >=6.18)" },
	{ .key = NULL }
};

static const struct section root_subs[] = {
	{ "host", SEC_OBJECT, host_params, host_subs, OFF(struct scenario, host), 0, 0, 0,
	  "the machine", NULL },
	{ "nics", SEC_ARRAY, nic_params, nic_subs, OFF(struct scenario, nics),
	  OFF(struct scenario, n_nics), sizeof(struct nic_cfg), 16, "network interfaces",
	  NULL },
	{ "sockets", SEC_ARRAY, sock_params, NULL, OFF(struct scenario, sockets),
	  OFF(struct scenario, n_sockets), sizeof(struct sock_cfg), 1024, "UDP sockets", NULL },
	{ "apps", SEC_ARRAY, app_params, app_subs, OFF(struct scenario, apps),
	  OFF(struct scenario, n_apps), sizeof(struct app_cfg), 1024, "reader threads",
	  app_check },
	{ "traffic", SEC_ARRAY, traffic_params, traffic_subs, OFF(struct scenario, traffic),
	  OFF(struct scenario, n_traffic), sizeof(struct traffic_cfg), 1024, "traffic sources",
	  traffic_check },
	{ "hogs", SEC_ARRAY, hog_params, NULL, OFF(struct scenario, hogs),
	  OFF(struct scenario, n_hogs), sizeof(struct hog_cfg), 1024,
	  "always-runnable background tasks", NULL },
	{ "output", SEC_OBJECT, output_params, NULL, OFF(struct scenario, output), 0, 0, 0,
	  "outputs", NULL },
	{ .key = NULL }
};

const struct section scenario_root = {
	"", SEC_OBJECT, root_params, root_subs, 0, 0, sizeof(struct scenario), 0,
	"a scenario", NULL
};

/* The coalescing checks of a NIC need the driver's defaults: they are in
 * scenario_resolve() (models/resolve.c). */

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

static int traffic_check(const void *elem, const char **key, char *msg, size_t len)
{
	return traffic_cfg_check(elem, key, msg, len);	/* models/traffic_spec.c */
}
