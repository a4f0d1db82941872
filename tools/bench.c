/* SPDX-License-Identifier: MIT */
/*
 * bench.c - how fast rxsim simulates: for fixed scenarios, simulated packets
 * per wall second, events per second, events per packet, simulated time
 * over wall time and the peak resident memory.  Each scenario runs in its
 * own child process so that its peak memory is its own.
 *
 *   rxsim_bench [--long] [NAME...]      (cmake --build build --target bench)
 */
#define _DEFAULT_SOURCE
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

struct bench {
	const char *name;
	const char *what;
	const char *json;
	bool is_long;
};

static const struct bench benches[] = {
	{ "flood64", "(a) 10GbE line rate of 64-byte frames (14.88 Mpps) into one queue, "
	  "NAPI, a socket and a reader",
	  "{\"name\":\"bench-flood64\",\"duration\":\"200ms\",\"host\":{\"cpus\":2},"
	  "\"nics\":[{\"name\":\"eth0\",\"driver\":\"ixgbe\",\"queues\":1,\"rx_ring\":4096,"
	  "\"irq_affinity\":[0]}],\"sockets\":[{\"name\":\"s\",\"port\":9000}],"
	  "\"apps\":[{\"name\":\"r\",\"socket\":\"s\",\"cpu\":1,\"mode\":\"recvmmsg\","
	  "\"batch\":64}],\"traffic\":[{\"name\":\"flood\",\"dst_port\":9000,"
	  "\"rate\":\"14.88Mpps\",\"arrival\":\"constant\",\"size\":64}]}", false },
	{ "rps8x8", "(b) 8 queues on 8 CPUs with RPS, 100k flows, 4 sockets",
	  "{\"name\":\"bench-rps8x8\",\"duration\":\"100ms\",\"host\":{\"cpus\":8},"
	  "\"nics\":[{\"name\":\"eth0\",\"driver\":\"mlx5\",\"queues\":8,\"rps_cpus\":\"0-7\"}],"
	  "\"sockets\":[{\"name\":\"s0\",\"port\":9000,\"reuseport\":true},"
	  "{\"name\":\"s1\",\"port\":9000,\"reuseport\":true},"
	  "{\"name\":\"s2\",\"port\":9000,\"reuseport\":true},"
	  "{\"name\":\"s3\",\"port\":9000,\"reuseport\":true}],"
	  "\"apps\":[{\"name\":\"a\",\"socket\":\"s0\",\"cpu\":1,\"mode\":\"recvmmsg\",\"batch\":32},"
	  "{\"name\":\"b\",\"socket\":\"s1\",\"cpu\":3,\"mode\":\"recvmmsg\",\"batch\":32},"
	  "{\"name\":\"c\",\"socket\":\"s2\",\"cpu\":5,\"mode\":\"recvmmsg\",\"batch\":32},"
	  "{\"name\":\"d\",\"socket\":\"s3\",\"cpu\":7,\"mode\":\"recvmmsg\",\"batch\":32}],"
	  "\"traffic\":[{\"name\":\"t\",\"flows\":100000,\"dst_port\":9000,\"rate\":\"4Mpps\","
	  "\"arrival\":\"poisson\",\"size\":256}]}", false },
	{ "replay", "(c) replay of the shipped capture, looped",
	  "{\"name\":\"bench-replay\",\"duration\":\"200ms\",\"host\":{\"cpus\":2},"
	  "\"nics\":[{\"name\":\"eth0\",\"queues\":1,\"irq_affinity\":[0]}],"
	  "\"sockets\":[{\"name\":\"s\",\"port\":9000}],"
	  "\"apps\":[{\"name\":\"r\",\"socket\":\"s\",\"cpu\":1}],"
	  "\"traffic\":[{\"name\":\"trace\",\"replay\":{\"file\":\"@SRC@/scenarios/traces/"
	  "small.pcap\",\"loop\":0,\"rate\":\"1Mpps\"}}]}", false },
	{ "long", "(d) a long run: 1e9 packets at 14.88 Mpps (67 s simulated); memory must "
	  "not grow with run length",
	  "{\"name\":\"bench-long\",\"duration\":\"67.2s\",\"host\":{\"cpus\":2},"
	  "\"nics\":[{\"name\":\"eth0\",\"driver\":\"ixgbe\",\"queues\":1,\"rx_ring\":4096,"
	  "\"irq_affinity\":[0]}],\"sockets\":[{\"name\":\"s\",\"port\":9000}],"
	  "\"apps\":[{\"name\":\"r\",\"socket\":\"s\",\"cpu\":1,\"mode\":\"recvmmsg\","
	  "\"batch\":64}],\"traffic\":[{\"name\":\"flood\",\"dst_port\":9000,"
	  "\"rate\":\"14.88Mpps\",\"arrival\":\"constant\",\"size\":64}],"
	  "\"output\":{\"interval\":\"1s\"}}", true },
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Replace @SRC@ with the source directory (for the shipped capture). */
static char *expand(const char *json, const char *src)
{
	const char *at = strstr(json, "@SRC@");
	size_t n = strlen(json) + strlen(src) + 1;
	char *out = malloc(n);

	if (!out)
		return NULL;
	if (!at) {
		strcpy(out, json);
		return out;
	}
	snprintf(out, n, "%.*s%s%s", (int)(at - json), json, src, at + 5);
	return out;
}

/* Child: run one scenario and print one result line. */
static int run_one(const struct bench *b, const char *src)
{
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	struct rxsim_run *r = malloc(sizeof(*r));
	char *json = expand(b->json, src);
	double t0, wall, secs;
	uint64_t pkts;

	if (!r || !json || scenario_load_buffer(b->name, json, strlen(json), NULL, 0, &sc, &err)) {
		fprintf(stderr, "bench %s: %s\n", b->name, err.msg);
		return 2;
	}
	t0 = now_s();
	if (rxsim_run(r, &sc, NULL, &err)) {
		fprintf(stderr, "bench %s: %s\n", b->name, err.msg);
		return 3;
	}
	wall = now_s() - t0;
	pkts = r->host.offered;
	secs = (double)r->sim.now / (double)SIM_S;
	printf("%-8s %12.3f %12.3f %8.2f %9.4f %10" PRIu64 " %10" PRIu64 " ",
	       b->name, (double)pkts / wall / 1e6, (double)r->sim.events / wall / 1e6,
	       pkts ? (double)r->sim.events / (double)pkts : 0.0, secs / wall, pkts,
	       r->host.pkts.peak);
	fflush(stdout);
	rxsim_run_free(r);
	scenario_free(&sc);
	free(r);
	free(json);
	return 0;
}

int main(int argc, char **argv)
{
	const char *src = getenv("RXSIM_SOURCE_DIR") ? getenv("RXSIM_SOURCE_DIR") : RXSIM_SOURCE_DIR;
	bool with_long = false;
	int i, k, status = 0;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--long"))
			with_long = true;
	printf("rxsim benchmark: one core, each scenario in its own process\n");
	printf("%-8s %12s %12s %8s %9s %10s %10s %9s\n", "scenario", "Mpkts/wall-s",
	       "Mevents/s", "ev/pkt", "sim/wall", "packets", "pool-peak", "maxRSS-MiB");
	for (k = 0; k < (int)(sizeof(benches) / sizeof(benches[0])); k++) {
		const struct bench *b = &benches[k];
		bool wanted = argc == 1 || (argc == 2 && with_long);
		struct rusage ru;
		pid_t pid;
		int st;

		for (i = 1; i < argc; i++)
			if (!strcmp(argv[i], b->name))
				wanted = true;
		if (!wanted || (b->is_long && !with_long && argc == 1))
			continue;
		if (b->is_long && !with_long) {
			bool named = false;

			for (i = 1; i < argc; i++)
				named |= !strcmp(argv[i], b->name);
			if (!named)
				continue;
		}
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 3;
		}
		if (pid == 0)
			_exit(run_one(b, src));
		if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("failed\n");
			status = 1;
			continue;
		}
		printf("%9.1f   %s\n", (double)ru.ru_maxrss / 1024.0, b->what);
	}
	return status;
}
