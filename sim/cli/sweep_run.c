/* SPDX-License-Identifier: MIT */
/*
 * sweep_run.c - run the points of a sweep in worker processes supervised
 * by libev.
 *
 * Each run (one repetition of one point) is a forked worker that simulates
 * in-process, writes its results over a pipe in the line protocol of
 * sweep_run_one() and _exit()s with its sweep_status; it never touches the
 * loop.  The parent watches each worker with an ev_child (its exit) and an
 * ev_io (its pipe, read to EOF); a run is done when both have fired, in
 * either order.  SIGINT/SIGTERM stop the workers (SIGTERM; a second SIGINT
 * sends SIGKILL) and keep every completed run.  Results are merged by point
 * index by the caller after ev_run(), never in completion order.
 */
#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep.h"

struct supervisor;

struct job {
	ev_child child;		/* first: child_cb casts the watcher back */
	ev_io io;		/* found with offsetof() in io_cb */
	struct supervisor *sv;
	uint64_t point;
	uint32_t rep;
	pid_t pid;
	bool busy, reaped, eof;
	int wstatus;
	struct sweep_buf out;
};

struct supervisor {
	struct ev_loop *loop;
	const struct sweep *sw;
	struct sweep_result *res;
	const bool *skip;
	const struct sweep_run_opts *o;
	struct sweep_run_stats *st;
	struct job *jobs;
	unsigned njobs, running;
	uint64_t next;		/* next run: point * reps + rep */
	uint64_t runs_total, runs_done;
	uint64_t told;		/* points whose messages are printed */
	int signals;
	bool bar_drawn, failed;
	ev_signal sigint, sigterm, sighup;
	ev_timer progress;
	ev_tstamp t0;
};

static uint64_t total_runs(const struct sweep *sw)
{
	return sw->npoints * sw->reps;
}

static void clear_bar(struct supervisor *sv)
{
	if (sv->bar_drawn) {
		fprintf(stderr, "\r%79s\r", "");
		sv->bar_drawn = false;
	}
}

static void draw_bar(struct supervisor *sv)
{
	double el = ev_now(sv->loop) - sv->t0;
	double rate = el > 0 ? (double)sv->runs_done / el : 0;
	uint64_t left = sv->runs_total - sv->runs_done;
	const char *what = sv->sw->reps > 1 ? "runs" : "points";
	char bar[21], eta[32];
	unsigned i, fill = sv->runs_total ?
		(unsigned)(20 * sv->runs_done / sv->runs_total) : 20;

	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	if (rate > 0) {
		unsigned long s = (unsigned long)((double)left / rate + 0.5);

		snprintf(eta, sizeof(eta), "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	} else {
		snprintf(eta, sizeof(eta), "--:--:--");
	}
	fprintf(stderr, "\rrxsim sweep [%s] %" PRIu64 "/%" PRIu64 " %s  %.1f/s  ETA %s ", bar,
		sv->runs_done, sv->runs_total, what, rate, eta);
	fflush(stderr);
	sv->bar_drawn = true;
}

static void progress_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct supervisor *sv = w->data;

	(void)loop;
	(void)revents;
	draw_bar(sv);
}

/*
 * Print the kept messages of the points done, in point order: at --jobs N
 * points finish in any order, but "point 3: expect failed" must not come
 * before point 2's.  With @all, the rest too (the loop is over).
 */
static void tell(struct supervisor *sv, bool all)
{
	for (; sv->told < sv->sw->npoints; sv->told++) {
		struct sweep_result *r = &sv->res[sv->told];

		if (!all && !(sv->skip && sv->skip[sv->told]) && r->reps_done < sv->sw->reps)
			break;
		if (r->msgs.len) {
			clear_bar(sv);	/* on a line of their own, not over the bar */
			fputs(r->msgs.s, stderr);
			swb_free(&r->msgs);
		}
	}
}

/* Next run to start, skipping resumed points; false when none is left. */
static bool next_run(struct supervisor *sv, uint64_t *point, uint32_t *rep)
{
	const struct sweep *sw = sv->sw;

	while (sv->next < total_runs(sw)) {
		uint64_t p = sv->next / sw->reps;

		if (sv->skip && sv->skip[p]) {
			sv->next = (p + 1) * sw->reps;
			continue;
		}
		*point = p;
		*rep = (uint32_t)(sv->next % sw->reps);
		sv->next++;
		return true;
	}
	return false;
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* The worker: its own signal handling (not libev's), an empty mask, one
 * run, _exit(). */
static void __attribute__((noreturn)) worker(const struct sweep *sw, uint64_t point,
					       uint32_t rep, int rfd, int wfd)
{
	struct sweep_buf out = { 0 };
	struct sigaction sa;
	sigset_t none;
	const char *crash;
	int status;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* ^C on a terminal reaches the whole process group: the supervisor
	 * alone decides, and stops its workers with SIGTERM (or SIGKILL). */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	close(rfd);
	/*
	 * Undocumented, for the tests only: RXSIM_SWEEP_CRASH_POINT=I makes the
	 * worker of point I abort(), so that a crashed worker can be provoked
	 * deterministically (tests/cli/sweep_crash.sh).
	 */
	crash = getenv("RXSIM_SWEEP_CRASH_POINT");
	if (crash && *crash && strtoull(crash, NULL, 10) == point)
		abort();
	status = sweep_run_one(sw, point, rep, &out);
	if (out.oom) {
		status = SWEEP_EINTERNAL;
		write_all(wfd, "X out of memory\n", 16);
	} else if (out.len) {
		write_all(wfd, out.s, out.len);
	}
	_exit(status);
}

static void job_done(struct supervisor *sv, struct job *j);

static void child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct job *j = (struct job *)w;

	(void)revents;
	ev_child_stop(loop, w);	/* libev does not stop it */
	j->wstatus = w->rstatus;
	j->reaped = true;
	if (j->eof)
		job_done(j->sv, j);
}

static void io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct job *j = (struct job *)((char *)w - offsetof(struct job, io));
	char buf[4096];

	(void)revents;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));

		if (n > 0) {
			swb_put(&j->out, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break;	/* EOF, or an error that ends the stream */
	}
	ev_io_stop(loop, w);
	close(w->fd);
	j->eof = true;
	if (j->reaped)
		job_done(j->sv, j);
}

static int start_job(struct supervisor *sv, struct job *j, uint64_t point, uint32_t rep)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	if (fcntl(fds[0], F_SETFD, FD_CLOEXEC) || fcntl(fds[1], F_SETFD, FD_CLOEXEC) ||
	    fcntl(fds[0], F_SETFL, O_NONBLOCK)) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0)
		worker(sv->sw, point, rep, fds[0], fds[1]);
	close(fds[1]);
	memset(j, 0, sizeof(*j));
	j->sv = sv;
	j->point = point;
	j->rep = rep;
	j->pid = pid;
	j->busy = true;
	/* Both watchers start before the loop runs again: no exit is missed. */
	ev_child_init(&j->child, child_cb, pid, 0);
	ev_child_start(sv->loop, &j->child);
	ev_io_init(&j->io, io_cb, fds[0], EV_READ);
	ev_io_start(sv->loop, &j->io);
	sv->running++;
	return 0;
}

static void fill_slots(struct supervisor *sv)
{
	unsigned i;

	if (sv->st->interrupted || sv->failed)
		return;
	for (i = 0; i < sv->njobs; i++) {
		uint64_t point;
		uint32_t rep;

		if (sv->jobs[i].busy)
			continue;
		if (!next_run(sv, &point, &rep))
			break;
		if (start_job(sv, &sv->jobs[i], point, rep)) {
			clear_bar(sv);
			fprintf(stderr, "rxsim sweep: cannot start a worker for point %" PRIu64
				": %s\n", point, strerror(errno));
			sv->st->fork_failed = true;
			sv->failed = true;
			return;
		}
	}
}

static void maybe_stop(struct supervisor *sv)
{
	if (sv->running)
		return;
	if (sv->st->interrupted || sv->failed || sv->next >= total_runs(sv->sw))
		ev_break(sv->loop, EVBREAK_ALL);
}

static void job_done(struct supervisor *sv, struct job *j)
{
	struct sweep_result *res = &sv->res[j->point];
	int ws = j->wstatus, status;
	char why[160] = "";

	sv->running--;
	j->busy = false;
	if (WIFEXITED(ws) && WEXITSTATUS(ws) <= SWEEP_EINTERNAL) {
		status = WEXITSTATUS(ws);
	} else if (WIFSIGNALED(ws)) {
		status = SWEEP_EINTERNAL;
		snprintf(why, sizeof(why), "worker killed by signal %d (%s)", WTERMSIG(ws),
			 strsignal(WTERMSIG(ws)));
	} else {
		status = SWEEP_EINTERNAL;
		snprintf(why, sizeof(why), "worker exited with status %d",
			 WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
	}
	if (sv->st->interrupted && WIFSIGNALED(ws)) {
		/* Stopped by us: not run, not a failure. */
		swb_free(&j->out);
		maybe_stop(sv);
		return;
	}
	if (WIFSIGNALED(ws) || !(WIFEXITED(ws) && WEXITSTATUS(ws) <= SWEEP_EINTERNAL))
		sv->st->crashed = true;
	if (sv->o->verbose)
		clear_bar(sv);
	sweep_result_add(sv->sw, res, j->point, j->rep, j->out.oom ? "" : j->out.s, status,
			 why[0] ? why : NULL, NULL);
	swb_free(&j->out);
	sv->runs_done++;
	if (res->reps_done == sv->sw->reps) {
		if (sweep_result_finish(sv->sw, res)) {
			fprintf(stderr, "rxsim sweep: out of memory\n");
			sv->failed = true;
		} else if (sv->o->verbose) {
			fprintf(stderr, "rxsim sweep: point %" PRIu64 " of %" PRIu64 " done%s (%s)\n",
				j->point, sv->sw->npoints, res->status > SWEEP_EXPECT ? ", failed" : "",
				sv->sw->points[j->point].label);
		}
	}
	tell(sv, false);
	fill_slots(sv);
	maybe_stop(sv);
}

static void signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct supervisor *sv = w->data;
	int sig = SIGTERM;
	unsigned i;

	(void)revents;
	sv->signals++;
	if (sv->st->interrupted && w->signum == SIGINT)
		sig = SIGKILL;	/* the second ^C: no more waiting */
	sv->st->interrupted = true;
	clear_bar(sv);
	if (sv->signals == 1)
		fprintf(stderr, "rxsim sweep: interrupted, stopping %u worker%s\n", sv->running,
			sv->running == 1 ? "" : "s");
	for (i = 0; i < sv->njobs; i++)
		if (sv->jobs[i].busy && !sv->jobs[i].reaped)
			kill(sv->jobs[i].pid, sig);
	if (!sv->running)
		ev_break(loop, EVBREAK_ALL);
}

int sweep_supervise(const struct sweep *sw, struct sweep_result *res, const bool *skip,
		    const struct sweep_run_opts *o, struct sweep_run_stats *st)
{
	struct supervisor sv;
	uint64_t p;

	memset(&sv, 0, sizeof(sv));
	memset(st, 0, sizeof(*st));
	sv.loop = ev_default_loop(0);	/* ev_child works only there */
	if (!sv.loop) {
		fprintf(stderr, "rxsim sweep: cannot initialise libev\n");
		return -1;
	}
	sv.sw = sw;
	sv.res = res;
	sv.skip = skip;
	sv.o = o;
	sv.st = st;
	for (p = 0; p < sw->npoints; p++)
		if (!skip || !skip[p])
			sv.runs_total += sw->reps;
	sv.njobs = o->jobs ? o->jobs : 1;
	if (sv.runs_total && sv.njobs > sv.runs_total)
		sv.njobs = (unsigned)sv.runs_total;
	sv.jobs = calloc(sv.njobs, sizeof(*sv.jobs));
	if (!sv.jobs)
		return -1;
	ev_signal_init(&sv.sigint, signal_cb, SIGINT);
	sv.sigint.data = &sv;
	ev_signal_start(sv.loop, &sv.sigint);
	ev_signal_init(&sv.sigterm, signal_cb, SIGTERM);
	sv.sigterm.data = &sv;
	ev_signal_start(sv.loop, &sv.sigterm);
	/* a closed terminal too: the default action would leave the output's
	 * temporary file behind */
	ev_signal_init(&sv.sighup, signal_cb, SIGHUP);
	sv.sighup.data = &sv;
	ev_signal_start(sv.loop, &sv.sighup);
	sv.t0 = ev_now(sv.loop);
	if (o->progress) {
		ev_timer_init(&sv.progress, progress_cb, 0.1, 0.1);
		sv.progress.data = &sv;
		ev_timer_start(sv.loop, &sv.progress);
	}
	fill_slots(&sv);
	if (sv.running)
		ev_run(sv.loop, 0);
	if (o->progress) {
		ev_timer_stop(sv.loop, &sv.progress);
		clear_bar(&sv);
	}
	tell(&sv, true);
	ev_signal_stop(sv.loop, &sv.sigint);
	ev_signal_stop(sv.loop, &sv.sigterm);
	ev_signal_stop(sv.loop, &sv.sighup);
	free(sv.jobs);
	return 0;
}
