/* SPDX-License-Identifier: MIT */
/*
 * test_import.c - the snapshot parsers and `rxsim import` on the committed
 * sample snapshots (tests/data/snapshots/, written in the kernel's and
 * ethtool's formats by make_samples.py there).  Each expected value is the
 * one the sample's file states (the file and line are in the comments);
 * malformed samples give errors naming the file and line.
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/hostsnap.h"
#include "rxsim/scenario.h"

#define SNAPS RXSIM_SOURCE_DIR "/tests/data/snapshots/"

static cJSON *import_of(const char *name, const char *iface, struct snap_kvlist *warn)
{
	struct rxsim_err err = { { 0 } };
	struct snap_import_opts o = { .iface = iface, .label = name };
	struct snap s;
	cJSON *root = NULL;
	char path[512];
	int rc;

	snprintf(path, sizeof(path), SNAPS "%s", name);
	rc = snap_open(&s, path, &err);
	ck_assert_msg(rc == 0, "%s", err.msg);
	rc = snap_import(&s, &o, &root, warn, &err);
	snap_close(&s);
	ck_assert_msg(rc == 0, "%s", err.msg);
	return root;
}

static const cJSON *get(const cJSON *root, const char *a, const char *b, const char *c)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, a);

	if (b && n)
		n = cJSON_IsArray(n) ? cJSON_GetArrayItem(n, atoi(b)) :
				       cJSON_GetObjectItemCaseSensitive(n, b);
	if (c && n)
		n = cJSON_GetObjectItemCaseSensitive(n, c);
	return n;
}

static double numv(const cJSON *n)
{
	ck_assert_msg(n && cJSON_IsNumber(n), "not a number");
	return n->valuedouble;
}

static const char *strv(const cJSON *n)
{
	ck_assert_msg(n && cJSON_IsString(n), "not a string");
	return n->valuestring;
}

static const cJSON *nic0(const cJSON *root, const char *key)
{
	return get(get(root, "nics", "0", NULL), key, NULL, NULL);
}

static bool has_note(const cJSON *root, const char *part)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(root, "notes"))
		if (strstr(n->valuestring, part))
			return true;
	return false;
}

/* The imported scenario loads as it is. */
static void loads(const cJSON *root)
{
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	char *text = cJSON_Print(root);
	int rc = scenario_load_buffer("imported", text, strlen(text), NULL, 0, &sc, &err);

	free(text);
	ck_assert_msg(rc == 0, "%s", err.msg);
	scenario_free(&sc);
}

START_TEST(ixgbe_two_socket)
{
	cJSON *r = import_of("ixgbe", NULL, NULL);
	const cJSON *aff = nic0(r, "irq_affinity"), *indir = nic0(r, "indir");
	/* irq_affinity: IRQs 90-93 on CPUs 0-3 (node 0), 94-97 on 8-11 (node 1) */
	static const int want[8] = { 0, 1, 2, 3, 8, 9, 10, 11 };
	int i;

	ck_assert_str_eq(strv(get(r, "kernel", NULL, NULL)), "5.15");	/* uname_r 5.15.0-91 */
	ck_assert_int_eq((int)numv(get(r, "host", "cpus", NULL)), 16);	/* nproc */
	ck_assert_int_eq((int)numv(get(get(r, "host", "sysctl", NULL), "net.core.netdev_budget",
				       NULL, NULL)), 600);
	ck_assert_int_eq((int)numv(get(get(r, "host", "sysctl", NULL),
				       "net.core.netdev_max_backlog", NULL, NULL)), 2000);
	ck_assert_int_eq((int)numv(get(get(r, "host", "sysctl", NULL), "net.core.rmem_max", NULL,
				       NULL)), 16777216);
	/* flow_limit_cpu_bitmap = ff00: CPUs 8-15 */
	ck_assert_str_eq(strv(get(get(r, "host", "sysctl", NULL), "net.core.flow_limit_cpu_bitmap",
				  NULL, NULL)), "8,9,10,11,12,13,14,15");
	ck_assert_str_eq(strv(nic0(r, "driver")), "ixgbe");
	ck_assert_int_eq((int)numv(nic0(r, "queues")), 8);		/* -l Combined: 8 */
	ck_assert_int_eq((int)numv(nic0(r, "rx_ring")), 4096);		/* -g current RX */
	/* ixgbe rx-usecs 1: its dynamic ITR, kept as 1 */
	ck_assert_int_eq((int)numv(get(nic0(r, "coalesce"), "rx-usecs", NULL, NULL)), 1);
	ck_assert_ptr_null(get(nic0(r, "coalesce"), "rx-frames", NULL, NULL));	/* n/a */
	ck_assert_int_eq(cJSON_GetArraySize(aff), 8);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq((int)numv(cJSON_GetArrayItem(aff, i)), want[i]);
	/* -x: 128 entries, entry i is queue i % 8 */
	ck_assert_int_eq(cJSON_GetArraySize(indir), 128);
	for (i = 0; i < 128; i++)
		ck_assert_int_eq((int)numv(cJSON_GetArrayItem(indir, i)), i % 8);
	ck_assert_str_eq(strv(nic0(r, "rss_key")), "6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:"
			 "b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa");
	ck_assert_str_eq(strv(nic0(r, "rxfh_udp4")), "sd");	/* IP SA, IP DA */
	ck_assert_ptr_null(nic0(r, "rps_cpus"));		/* masks 0000 */
	ck_assert_str_eq(strv(get(get(r, "sources", NULL, NULL), "nics.0.rx_ring", NULL, NULL)),
			 "if/eth0/ethtool_g line 8");
	ck_assert_str_eq(strv(get(get(r, "sources", NULL, NULL), "host.sysctl.net.core.netdev_budget",
				  NULL, NULL)), "sysctl_net line 10");
	ck_assert(has_note(r, "eth0: mtu = 9000"));
	ck_assert(has_note(r, "net.ipv4.tcp_rmem = 4096\t131072\t6291456"));
	/* lo: if/lo/sys/mtu 65536, no queues/ in the sample: no rps_cpus */
	ck_assert_str_eq(strv(get(r, "devices", "0", "name")), "lo");
	ck_assert_str_eq(strv(get(r, "devices", "0", "type")), "lo");
	ck_assert_int_eq((int)numv(get(r, "devices", "0", "mtu")), 65536);
	ck_assert_ptr_null(get(r, "devices", "0", "rps_cpus"));
	ck_assert_str_eq(strv(get(get(r, "sources", NULL, NULL), "devices.0.mtu", NULL, NULL)),
			 "if/lo/sys/mtu line 1");
	ck_assert_ptr_null(get(r, "senders", NULL, NULL));	/* the NIC's template load */
	loads(r);
	cJSON_Delete(r);
}
END_TEST

START_TEST(mlx5_cqe_adaptive)
{
	cJSON *r = import_of("mlx5", NULL, NULL);
	const cJSON *co = nic0(r, "coalesce");

	ck_assert_str_eq(strv(get(r, "kernel", NULL, NULL)), "6.8");
	ck_assert_str_eq(strv(nic0(r, "driver")), "mlx5");	/* ethtool -i driver: mlx5_core */
	ck_assert_int_eq((int)numv(nic0(r, "rx_ring")), 1024);
	ck_assert_int_eq((int)numv(get(co, "rx-usecs", NULL, NULL)), 8);
	ck_assert_int_eq((int)numv(get(co, "rx-frames", NULL, NULL)), 128);
	ck_assert(cJSON_IsTrue(get(co, "adaptive-rx", NULL, NULL)));	/* Adaptive RX: on */
	ck_assert_str_eq(strv(get(co, "style", NULL, NULL)), "cqe");	/* CQE mode RX: on */
	/* mlx5_comp0..7@pci:0000:3b:00.0 on CPUs 0..7 */
	ck_assert_int_eq((int)numv(cJSON_GetArrayItem(nic0(r, "irq_affinity"), 7)), 7);
	ck_assert_int_eq(cJSON_GetArraySize(nic0(r, "indir")), 256);
	ck_assert_str_eq(strv(nic0(r, "rxfh_udp4")), "sdfn");	/* + L4 bytes 0-3 */
	ck_assert_int_eq((int)numv(nic0(r, "rps_flow_cnt")), 2048);
	ck_assert_int_eq((int)numv(get(get(r, "host", "sysctl", NULL),
				       "net.core.rps_sock_flow_entries", NULL, NULL)), 32768);
	ck_assert(has_note(r, "net.core.busy_read = 50"));
	loads(r);
	cJSON_Delete(r);
}
END_TEST

START_TEST(igb_rps_per_queue)
{
	struct snap_kvlist warn = { 0 };
	cJSON *r = import_of("igb", NULL, &warn);

	ck_assert_str_eq(strv(get(r, "kernel", NULL, NULL)), "4.19");
	ck_assert_str_eq(strv(nic0(r, "driver")), "igb");
	ck_assert_int_eq((int)numv(nic0(r, "queues")), 4);
	ck_assert_int_eq((int)numv(nic0(r, "rx_ring")), 256);
	/* rx-usecs 3: igb's adaptive ITR, not modelled: left out, with a warning */
	ck_assert_ptr_null(get(nic0(r, "coalesce"), "rx-usecs", NULL, NULL));
	ck_assert_int_eq(warn.n, 1);
	ck_assert_ptr_nonnull(strstr(warn.v[0].val, "rx-usecs 3"));
	/* rx-0/rps_cpus "e" (CPUs 1-3), the others 0 */
	ck_assert_str_eq(strv(nic0(r, "rps_cpus_per_queue")), "0xe;;;");
	/* lo: if/lo/sys/mtu 16384; rx-0/rps_cpus "c" = bits 2 and 3; its
	 * rps_flow_cnt 256 has no device key: a note */
	ck_assert_int_eq((int)numv(get(r, "devices", "0", "mtu")), 16384);
	ck_assert_str_eq(strv(get(r, "devices", "0", "rps_cpus")), "2,3");
	ck_assert_str_eq(strv(get(get(r, "sources", NULL, NULL), "devices.0.rps_cpus", NULL,
				  NULL)), "if/lo/sys/queues/rx-0/rps_cpus line 1");
	ck_assert(has_note(r, "lo: rps_flow_cnt = 256"));
	loads(r);
	snap_kv_free(&warn);
	cJSON_Delete(r);
}
END_TEST

START_TEST(virtio_unsupported)
{
	struct snap_kvlist warn = { 0 };
	cJSON *r = import_of("virtio", NULL, &warn);

	ck_assert_str_eq(strv(nic0(r, "driver")), "generic");	/* virtio_net: no profile */
	ck_assert_int_eq(warn.n, 1);
	ck_assert_ptr_nonnull(strstr(warn.v[0].val, "virtio_net"));
	ck_assert_int_eq((int)numv(nic0(r, "rx_ring")), 256);
	ck_assert_ptr_null(nic0(r, "coalesce"));		/* -c: Operation not supported */
	ck_assert_ptr_null(nic0(r, "indir"));			/* -x: Operation not supported */
	ck_assert(has_note(r, "if/eth0/ethtool_c: not supported by the driver (netlink error: "
			   "Operation not supported)"));
	/* IRQ 38 virtio2-input.0 (device virtio2), smp_affinity_list 1 */
	ck_assert_int_eq((int)numv(cJSON_GetArrayItem(nic0(r, "irq_affinity"), 0)), 1);
	loads(r);
	snap_kv_free(&warn);
	cJSON_Delete(r);
}
END_TEST

START_TEST(container_without_ethtool)
{
	struct snap_kvlist warn = { 0 };
	cJSON *r = import_of("container", NULL, &warn);

	ck_assert_int_eq((int)numv(get(r, "host", "cpus", NULL)), 4);
	ck_assert_int_eq((int)numv(get(get(r, "host", "sysctl", NULL), "net.core.rmem_max", NULL,
				       NULL)), 8388608);
	ck_assert_str_eq(strv(nic0(r, "driver")), "generic");
	ck_assert_int_eq((int)numv(nic0(r, "queues")), 1);	/* sys/queues/rx-0 only */
	ck_assert(has_note(r, "eth0: no proc/interrupts"));
	ck_assert_int_eq(warn.n, 1);				/* no ethtool -i */
	loads(r);
	snap_kv_free(&warn);
	cJSON_Delete(r);
}
END_TEST

/* --iface lo: the device, and a load over it in place of NIC traffic. */
START_TEST(iface_lo)
{
	struct rxsim_err err = { { 0 } };
	struct snap_import_opts o = { .iface = "lo" };
	struct snap_kvlist warn = { 0 };
	struct snap s;
	cJSON *r = import_of("virtio", "lo", &warn);

	ck_assert_int_eq(cJSON_GetArraySize(get(r, "devices", NULL, NULL)), 1);
	ck_assert_str_eq(strv(get(r, "devices", "0", "name")), "lo");
	ck_assert_str_eq(strv(get(r, "senders", "0", "device")), "lo");
	ck_assert_int_eq((int)numv(get(r, "senders", "0", "cpu")), 0);
	ck_assert_int_eq((int)numv(get(r, "apps", "0", "cpu")), 1);	/* nproc 2: the last */
	ck_assert_ptr_null(get(r, "traffic", NULL, NULL));
	/* the template NIC is a note, not a warning: lo was asked for */
	ck_assert_str_eq(strv(nic0(r, "driver")), "generic");
	ck_assert_int_eq(warn.n, 0);
	ck_assert(has_note(r, "the load comes over lo"));
	loads(r);
	snap_kv_free(&warn);
	cJSON_Delete(r);
	ck_assert_int_eq(snap_open(&s, SNAPS "virtio", &err), 0);
	o.iface = "eth7";
	ck_assert_int_eq(snap_import(&s, &o, &r, NULL, &err), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no interface eth7"));
	snap_close(&s);
}
END_TEST

static cJSON *calib_of(const char *text)
{
	struct rxsim_err err = { { 0 } };
	cJSON *c = NULL;

	ck_assert_msg(snap_calib_parse("c.json", text, &c, &err) == 0, "%s", err.msg);
	return c;
}

static cJSON *import_calib(const char *name, const char *iface, const char *text,
			   struct snap_kvlist *warn)
{
	struct rxsim_err err = { { 0 } };
	cJSON *c = calib_of(text), *root = NULL;
	struct snap_import_opts o = { .iface = iface, .label = name, .calib = c,
				      .calib_label = "c.json" };
	struct snap s;
	char path[512];
	int rc;

	snprintf(path, sizeof(path), SNAPS "%s", name);
	ck_assert_int_eq(snap_open(&s, path, &err), 0);
	rc = snap_import(&s, &o, &root, warn, &err);
	snap_close(&s);
	cJSON_Delete(c);
	ck_assert_msg(rc == 0, "%s", err.msg);
	return root;
}

/* A calibration over lo: ip_udp_rx is the softirq fit less process_backlog
 * (45ns) and one wakeup (500ns), at least half the fit. */
START_TEST(costs_over_lo)
{
	struct snap_kvlist warn = { 0 };
	cJSON *r = import_calib("virtio", "lo", "{\"host\": {\"costs\": {\"ip_udp_rx\": "
				"\"1887.5ns\"}}, \"calibration\": {\"pps\": 20000, "
				"\"softirq_ns_per_packet\": {\"value\": 2000, \"err\": 100}, "
				"\"app_ns_per_datagram\": {\"value\": 4000, \"err\": 10}}}", &warn);
	const cJSON *src = get(r, "sources", NULL, NULL);

	/* 2000 - 45 - 500 = 1455: not the NIC decomposition of host.costs */
	ck_assert_str_eq(strv(get(get(r, "host", "costs", NULL), "ip_udp_rx", NULL, NULL)),
			 "1455.0ns");
	ck_assert_str_eq(strv(get(src, "host.costs.ip_udp_rx", NULL, NULL)),
			 "c.json calibration.softirq_ns_per_packet");
	ck_assert_str_eq(strv(get(r, "apps", "0", "per_datagram")), "4000.0ns");
	ck_assert_str_eq(strv(get(r, "apps", "0", "syscall")), "0ns");
	ck_assert_str_eq(strv(get(r, "senders", "0", "rate")), "20000pps");
	ck_assert_str_eq(strv(get(src, "senders.0.rate", NULL, NULL)), "c.json calibration.pps");
	ck_assert_int_eq(warn.n, 0);
	loads(r);
	cJSON_Delete(r);
	/* 800 - 545 = 255 is below half of 800: 400 */
	r = import_calib("virtio", "lo", "{\"calibration\": {\"softirq_ns_per_packet\": "
			 "{\"value\": 800, \"err\": 10}}}", NULL);
	ck_assert_str_eq(strv(get(get(r, "host", "costs", NULL), "ip_udp_rx", NULL, NULL)),
			 "400.0ns");
	cJSON_Delete(r);
	/* 150 +- 100: within twice its uncertainty, no fit (a warning) */
	r = import_calib("virtio", "lo", "{\"calibration\": {\"softirq_ns_per_packet\": "
			 "{\"value\": 150, \"err\": 100}}}", &warn);
	ck_assert_ptr_null(get(get(r, "host", "costs", NULL), "ip_udp_rx", NULL, NULL));
	ck_assert_int_eq(warn.n, 1);
	ck_assert_ptr_nonnull(strstr(warn.v[0].val, "too uncertain"));
	loads(r);
	cJSON_Delete(r);
	snap_kv_free(&warn);
}
END_TEST

/* Over a NIC, calibrate's host.costs are taken as they are. */
START_TEST(costs_over_nic)
{
	cJSON *r = import_calib("ixgbe", NULL, "{\"host\": {\"costs\": {\"ip_udp_rx\": "
				"\"1887.5ns\", \"hardirq\": \"1.2us\"}}, \"calibration\": "
				"{\"pps\": 600000}}", NULL);

	ck_assert_str_eq(strv(get(get(r, "host", "costs", NULL), "ip_udp_rx", NULL, NULL)),
			 "1887.5ns");
	ck_assert_str_eq(strv(get(get(r, "host", "costs", NULL), "hardirq", NULL, NULL)), "1.2us");
	ck_assert_str_eq(strv(get(get(r, "sources", NULL, NULL), "host.costs.hardirq", NULL,
				  NULL)), "c.json host.costs.hardirq");
	ck_assert_str_eq(strv(get(r, "traffic", "0", "rate")), "600000pps");
	ck_assert_ptr_null(get(r, "apps", "0", "per_datagram"));	/* no reader fit */
	loads(r);
	cJSON_Delete(r);
}
END_TEST

/* A malformed calibration: one line naming the file and the JSON path. */
START_TEST(costs_malformed)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "{\"host\": {\"costs\": {}},\n  \"calibration\": }",
		  "c.json line 2: not JSON" },
		{ "[1]", "c.json: /: expected the object of rxsim calibrate --out" },
		{ "{\"notes\": []}", "c.json: /: expected {\"host\": {\"costs\": ...}, "
		  "\"calibration\": ...}" },
		{ "{\"host\": {\"costs\": {\"ip_udp_rx\": \"fast\"}}}",
		  "c.json: /host/costs/ip_udp_rx: expected a time such as \"1.2us\" or \"850ns\"" },
		{ "{\"host\": {\"costs\": {\"ip_udp_rx\": 300}}}",
		  "c.json: /host/costs/ip_udp_rx: expected a time" },
		{ "{\"calibration\": {\"pps\": -5}}",
		  "c.json: /calibration/pps: expected a number >= 0" },
		{ "{\"calibration\": {\"softirq_ns_per_packet\": 2000}}",
		  "c.json: /calibration/softirq_ns_per_packet: expected {\"value\": NS, "
		  "\"err\": NS}" },
		{ "{\"calibration\": {\"app_ns_per_datagram\": {\"err\": 1}}}",
		  "c.json: /calibration/app_ns_per_datagram: expected a \"value\"" },
		{ "{\"calibration\": {\"app_ns_per_datagram\": {\"value\": \"4us\"}}}",
		  "c.json: /calibration/app_ns_per_datagram/value: expected a number >= 0" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rxsim_err err = { { 0 } };
		cJSON *c = NULL;

		ck_assert_int_eq(snap_calib_parse("c.json", cases[i].text, &c, &err), RXSIM_EINPUT);
		ck_assert_ptr_null(c);
		ck_assert_msg(strstr(err.msg, cases[i].msg), "case %zu: got \"%s\"", i, err.msg);
		ck_assert_ptr_null(strchr(err.msg, '\n'));
	}
}
END_TEST

/* Each malformed sample: the error names the file and the line. */
START_TEST(malformed)
{
	static const struct { const char *dir, *msg; } cases[] = {
		{ "softnet_truncated", "/proc/softnet_stat line 2: expected at least 11 hex fields "
		  "(processed dropped time_squeeze ...), got 3 (truncated?)" },
		{ "ring_garbage", "/if/eth0/ethtool_g line 3: RX: expected a number or n/a, got "
		  "\"lots\"" },
		{ "snmp_short", "/proc/snmp line 10: Udp: expected 9 values (as its header), got 5" },
		{ "uname_garbage", "/uname_r line 1: expected a kernel release" },
		{ "sysctl_garbage", "/sysctl_net line 10: net.core.netdev_budget: expected an integer, "
		  "got \"three hundred\"" },
		{ "stat_short", "/proc/stat line 3: expected at least 7 tick counts after cpu1, got 3" },
		{ "lo_rps_garbage", "/if/lo/sys/queues/rx-0/rps_cpus line 1: expected a hex CPU "
		  "mask" },
		{ "no_meta", "no_meta: not a snapshot of rxsim-snapshot (no meta file)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rxsim_err err = { { 0 } };
		struct snap_import_opts o = { 0 };
		struct snap s;
		cJSON *root = NULL;
		char path[512];
		int rc;

		snprintf(path, sizeof(path), SNAPS "bad/%s", cases[i].dir);
		rc = snap_open(&s, path, &err);
		if (!rc)
			rc = snap_import(&s, &o, &root, NULL, &err);
		snap_close(&s);
		ck_assert_int_eq(rc, RXSIM_EINPUT);
		ck_assert_ptr_null(root);
		ck_assert_msg(strstr(err.msg, cases[i].msg), "%s: got \"%s\"", cases[i].dir, err.msg);
	}
}
END_TEST

/* The parsers on the exact text the kernel and ethtool print. */
START_TEST(parsers)
{
	struct rxsim_err err = { { 0 } };
	struct snap_counters c = { 0 };
	struct snap_rxfh *x = calloc(1, sizeof(*x));
	int fields, line;

	/* softnet_seq_show of 6.9+: 15 fields, the 13th the CPU (here 3) */
	ck_assert_int_eq(snap_parse_softnet("s", "0000000a 00000002 00000001 00000000 00000000 "
					    "00000000 00000000 00000000 00000000 00000005 "
					    "00000000 00000000 00000003 00000000 00000000\n", &c,
					    &err), 0);
	ck_assert_int_eq(c.ncpus, 4);
	ck_assert_uint_eq(c.cpu[3].processed, 10);
	ck_assert_uint_eq(c.cpu[3].dropped, 2);
	ck_assert_uint_eq(c.cpu[3].time_squeeze, 1);
	ck_assert_uint_eq(c.cpu[3].received_rps, 5);
	/* a hex field that is not hex */
	ck_assert_int_eq(snap_parse_softnet("s", "0000000g 0 0 0 0 0 0 0 0 0 0\n", &c, &err),
			 RXSIM_EINPUT);
	ck_assert_str_eq(err.msg, "s line 1: field 1: expected hex digits, got \"0000000g\"");
	snap_counters_free(&c);
	/* an interrupts row with fewer counts than CPUs in the header */
	ck_assert_int_eq(snap_parse_interrupts("i", "           CPU0       CPU1\n"
					       " 24:          1   IO-APIC   5-edge      x\n", &c,
					       &err), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "i line 2: IRQ 24: expected a count, got "
				     "\"IO-APIC\""));
	snap_counters_free(&c);
	/* print_indir_table: "%5u: " then " %5u" per entry */
	ck_assert_int_eq(snap_parse_rxfh("x", "RX flow hash indirection table for eth0 with 2 RX "
					 "ring(s):\n    0:      0     1     0     1\n"
					 "RSS hash key:\n6d:5a\nRSS hash function:\n"
					 "    toeplitz: on\n", x, &err), 0);
	ck_assert_int_eq(x->rings, 2);
	ck_assert_int_eq(x->n_indir, 4);
	ck_assert_int_eq(x->indir[3], 1);
	ck_assert_int_eq(x->key_bytes, 2);
	/* a table row that skips entries */
	ck_assert_int_eq(snap_parse_rxfh("x", "RX flow hash indirection table for eth0 with 2 RX "
					 "ring(s):\n    8:      0     1\n", x, &err), RXSIM_EINPUT);
	ck_assert_str_eq(err.msg, "x line 2: expected the row of entry 0, got \"8:\"");
	ck_assert_int_eq(snap_parse_flowhash("n", "UDP over IPV4 flows use these fields for "
					     "computing Hash flow key:\nIP SA\nIP DA\n"
					     "L4 bytes 0 & 1 [TCP/UDP src port]\n", &fields, &line,
					     &err), 0);
	ck_assert_int_eq(fields, RXH_F_SA | RXH_F_DA | RXH_F_L4_01);
	/* snmp_seq_show: a header line, then its values; negative ones exist
	 * (Tcp MaxConn -1) */
	{
		struct snap_kvlist l = { 0 };

		ck_assert_int_eq(snap_parse_snmp("n", "Tcp: RtoMin MaxConn\nTcp: 200 -1\n"
						 "IcmpMsg: InType3\nIcmpMsg: 2\n", &l, &err), 0);
		ck_assert_str_eq(snap_kv_find(&l, "Tcp.MaxConn")->val, "-1");
		ck_assert_str_eq(snap_kv_find(&l, "IcmpMsg.InType3")->val, "2");
		ck_assert_int_eq(snap_parse_snmp("n", "garbage\n", &l, &err), RXSIM_EINPUT);
		ck_assert_str_eq(err.msg, "n line 1: expected \"Proto: Name Name ...\"");
		snap_kv_free(&l);
	}
	free(x);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, ixgbe_two_socket);
	tcase_add_test(tc, mlx5_cqe_adaptive);
	tcase_add_test(tc, igb_rps_per_queue);
	tcase_add_test(tc, virtio_unsupported);
	tcase_add_test(tc, container_without_ethtool);
	tcase_add_test(tc, iface_lo);
	tcase_add_test(tc, costs_over_lo);
	tcase_add_test(tc, costs_over_nic);
	tcase_add_test(tc, costs_malformed);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, parsers);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
