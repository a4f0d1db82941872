/* SPDX-License-Identifier: MIT */
/*
 * import_lo.c - the loopback device of a snapshot as a devices[] entry,
 * and the template of a load over it (tools/udp_pace.c: a sender and a
 * reader on two CPUs of the host).
 *
 * lo transmits through loopback_xmit -> __netif_rx: each datagram joins
 * the backlog of the sending CPU, or of get_rps_cpu's choice when
 * queues/rx-0/rps_cpus is set (netif_rx_internal), and its NET_RX runs at
 * the local_bh_enable that ends the send.  Its mtu (64 KiB unless set)
 * decides whether a datagram leaves as IP fragments.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "rxsim/cpulist.h"
#include "snap_int.h"

static int lo_rps(struct imp *I, cJSON *dev, int idx)
{
	const char *rel = "if/lo/sys/queues/rx-0/rps_cpus";
	char name[1200], list[2048] = "", path[64], *text, *m;
	struct cpulist cl;
	size_t n = 0;
	int rc = snap_read(I->s, rel, &text, name, sizeof(name), I->err), j;

	if (rc)
		return rc < 0 ? rc : 0;
	m = snap__trim(text);
	if (strchr(m, '\n'))
		*strchr(m, '\n') = '\0';
	if (cpulist_parse_mask(m, &cl)) {
		free(text);
		return snap_error(I->err, name, 1, "expected a hex CPU mask such as "
				  "\"00000000,0000000e\"");
	}
	free(text);
	if (!cl.n)
		return 0;	/* 0: no RPS, the sending CPU's backlog */
	for (j = 0; j < cl.n && n + 8 < sizeof(list); j++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%u", j ? "," : "", cl.cpu[j]);
	if (I->cpus > 0 && cl.cpu[cl.n - 1] >= I->cpus) {
		imp_warn(I, "lo: %s names CPU %u of %lld: rps_cpus left empty", rel,
			 cl.cpu[cl.n - 1], (long long)I->cpus);
		return 0;
	}
	cJSON_AddStringToObject(dev, "rps_cpus", list);
	snprintf(path, sizeof(path), "devices.%d.rps_cpus", idx);
	imp_source(I, path, rel, 1);
	return 0;
}

int imp_lo_device(struct imp *I)
{
	cJSON *devs = cJSON_GetObjectItemCaseSensitive(I->root, "devices"), *dev;
	const char *rel = "if/lo/sys/mtu";
	char path[64];
	int64_t mtu, cnt;
	bool has;
	int rc, idx;

	if (!devs)
		devs = cJSON_AddArrayToObject(I->root, "devices");
	idx = cJSON_GetArraySize(devs);
	dev = cJSON_CreateObject();
	cJSON_AddItemToArray(devs, dev);
	cJSON_AddStringToObject(dev, "name", "lo");
	cJSON_AddStringToObject(dev, "type", "lo");
	if ((rc = imp_sys_int(I, rel, &mtu, &has)))
		return rc;
	if (has && (mtu < 68 || mtu > 65536)) {
		/* dev_validate_mtu: lo takes any mtu from ETH_MIN_MTU up; the
		 * scenario's device model stops at 64 KiB */
		imp_warn(I, "lo: mtu %lld (%s line 1) is outside 68-65536: mtu left at 65536",
			 (long long)mtu, rel);
	} else if (has) {
		cJSON_AddNumberToObject(dev, "mtu", (double)mtu);
		snprintf(path, sizeof(path), "devices.%d.mtu", idx);
		imp_source(I, path, rel, 1);
	} else {
		imp_note(I, "lo: %s absent: mtu left at 65536", rel);
	}
	if ((rc = lo_rps(I, dev, idx)))
		return rc;
	if ((rc = imp_sys_int(I, "if/lo/sys/queues/rx-0/rps_flow_cnt", &cnt, &has)))
		return rc;
	if (has && cnt)
		imp_note(I, "lo: rps_flow_cnt = %lld (if/lo/sys/queues/rx-0/rps_flow_cnt): no "
			 "scenario key for a device", (long long)cnt);
	return 0;
}

void imp_lo_workload(struct imp *I)
{
	cJSON *socks = cJSON_AddArrayToObject(I->root, "sockets");
	cJSON *apps = cJSON_AddArrayToObject(I->root, "apps");
	cJSON *snd = cJSON_AddArrayToObject(I->root, "senders");
	cJSON *o = cJSON_CreateObject();
	int64_t last = I->cpus > 0 ? I->cpus - 1 : 1;

	cJSON_AddStringToObject(o, "name", "s0");
	cJSON_AddNumberToObject(o, "port", 9000);
	cJSON_AddItemToArray(socks, o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", "reader");
	cJSON_AddStringToObject(o, "socket", "s0");
	cJSON_AddNumberToObject(o, "cpu", (double)last);
	cJSON_AddItemToArray(apps, o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", "client");
	cJSON_AddStringToObject(o, "device", "lo");
	cJSON_AddNumberToObject(o, "cpu", 0);
	cJSON_AddNumberToObject(o, "dst_port", 9000);
	cJSON_AddNumberToObject(o, "payload", 64);
	cJSON_AddStringToObject(o, "rate", "20kpps");
	cJSON_AddStringToObject(o, "arrival", "poisson");
	cJSON_AddItemToArray(snd, o);
	imp_note(I, "sockets, apps and senders are a template of a load over lo (tools/udp_pace "
		 "--sender-cpu 0 --reader-cpu %lld): a sender on CPU 0 writes 64-byte datagrams "
		 "to one UDP socket read on CPU %lld; the rate is the calibration's with --costs. "
		 "A snapshot holds neither the datagram size nor who sends: set "
		 "senders.0.payload and the CPUs to your load's", (long long)last,
		 (long long)last);
}
