/* SPDX-License-Identifier: MIT */
/*
 * udp_pace - paced UDP over loopback to a local reader, for a load between
 * two snapshots of tools/rxsim-snapshot (tests/host/roundtrip.sh).
 *
 *   udp_pace [--rate PPS] [--seconds S] [--size BYTES] [--sender-cpu N]
 *            [--reader-cpu N] [--rcvbuf BYTES]
 *
 * A reader process bound to 127.0.0.1 (an ephemeral port) receives while
 * the sender paces datagrams (what is due, every 0-2 ms); then prints
 *   sent N / received N / reader_cpu_s S / seconds S
 * The reader's CPU time (getrusage) is what `rxsim calibrate
 * --app-cpu-seconds` takes.  Pinned (sched_setaffinity), the sender and
 * the reader stay on the CPUs a scenario names: lo's netif_rx queues each
 * datagram on the sending CPU's backlog, whose NET_RX runs there.
 * --rcvbuf is the reader's SO_RCVBUF (sock_setsockopt: clamped to
 * rmem_max, then doubled): room for the reader being descheduled a while
 * on a busy machine.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* -1: left to the scheduler */
static int pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int reader(int fd, int out)
{
	char buf[65536];
	unsigned long long got = 0;
	struct rusage ru;
	double cpu;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (n == 1 && buf[0] == 'Q')	/* the sender's last word */
			break;
		got++;
	}
	getrusage(RUSAGE_SELF, &ru);
	cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	      (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	dprintf(out, "%llu %.6f\n", got, cpu);
	return 0;
}

int main(int argc, char **argv)
{
	double rate = 20000, secs = 2, t0, slot = 1e-3;
	int size = 64, i, rfd, sfd, pfd[2], status, scpu = -1, rcpu = -1, rcvbuf = 0;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	unsigned long long sent = 0, got = 0, lcg = 1;
	double cpu = 0;
	char buf[65536] = { 0 }, line[128];
	pid_t pid;
	FILE *pf;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rate"))
			rate = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--seconds"))
			secs = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--size"))
			size = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--sender-cpu"))
			scpu = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--reader-cpu"))
			rcpu = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--rcvbuf"))
			rcvbuf = atoi(argv[i + 1]);
		else
			break;
	}
	if (i != argc || rate <= 0 || secs <= 0 || size < 2 || size > 65000 || rcvbuf < 0) {
		fprintf(stderr, "usage: udp_pace [--rate PPS] [--seconds S] [--size BYTES] "
			"[--sender-cpu N] [--reader-cpu N] [--rcvbuf BYTES]\n");
		return 2;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rfd = socket(AF_INET, SOCK_DGRAM, 0);
	sfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (rfd < 0 || sfd < 0 ||
	    (rcvbuf > 0 && setsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf))) ||
	    bind(rfd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(rfd, (struct sockaddr *)&a, &alen) || pipe(pfd)) {
		perror("udp_pace");
		return 3;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 3;
	}
	if (pid == 0) {
		close(pfd[0]);
		/* a CPU outside the cpuset: the load still runs, unpinned */
		if (pin(rcpu))
			perror("udp_pace: --reader-cpu (left unpinned)");
		_exit(reader(rfd, pfd[1]));
	}
	close(pfd[1]);
	if (pin(scpu))
		perror("udp_pace: --sender-cpu (left unpinned)");
	t0 = now_s();
	/* Send what is due by now, then sleep a random 0-2 ms (1 ms on
	 * average).  Slots of a fixed length would lock the bursts to the
	 * timer tick's phase, and a kernel with tick-based CPU accounting
	 * (CONFIG_TICK_CPU_ACCOUNTING: account_process_tick samples the
	 * context at each tick) would then seldom find the CPU in softirq. */
	for (;;) {
		double el = now_s() - t0, wait;
		unsigned long long due = (unsigned long long)(rate * (el < secs ? el : secs));
		struct timespec ts;

		while (sent < due) {
			if (sendto(sfd, buf, (size_t)size, 0, (struct sockaddr *)&a, sizeof(a)) < 0 &&
			    errno != ENOBUFS && errno != EAGAIN)
				break;
			sent++;
		}
		if (el >= secs || sent < due)
			break;
		lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
		wait = 2 * slot * (double)(lcg >> 11) / 9007199254740992.0;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(wait * 1e9);
		nanosleep(&ts, NULL);
	}
	secs = now_s() - t0;
	sleep_s(0.1);		/* let the reader drain its queue */
	for (i = 0; i < 50; i++) {
		buf[0] = 'Q';
		sendto(sfd, buf, 1, 0, (struct sockaddr *)&a, sizeof(a));
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		sleep_s(0.02);
	}
	if (i == 50) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	pf = fdopen(pfd[0], "r");
	if (pf && fgets(line, sizeof(line), pf))
		sscanf(line, "%llu %lf", &got, &cpu);
	printf("sent %llu\nreceived %llu\nreader_cpu_s %.6f\nseconds %.3f\n", sent, got, cpu, secs);
	return 0;
}
