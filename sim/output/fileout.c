/* SPDX-License-Identifier: MIT */
/*
 * fileout.c - outputs appear whole or not at all: written to a temporary
 * file in the target directory, flushed, then renamed over the target; a
 * failed or interrupted run removes the temporary file.  A run's set of
 * outputs is committed together (all written, then all renamed).
 *
 * Only regular files are ever renamed over.  Renaming a temporary over
 * /dev/null (as root) or over a FIFO would replace the device or the pipe
 * with a plain file; a symlink would be replaced by a copy.  So a symlink
 * is followed to its target, and a character device or FIFO is opened and
 * written in place.
 */
#define _XOPEN_SOURCE 700	/* realpath() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

/*
 * The temporaries alive in this process, for a signal that ends it (a
 * second SIGINT, SIGHUP): the handler may only unlink.  A process writes a
 * handful of outputs at once; beyond the table, a file is still removed by
 * every normal path, just not by a fatal signal.
 */
#define LIVE_MAX 32
static const char *volatile live[LIVE_MAX];

static int live_add(const char *tmp)
{
	int i;

	for (i = 0; i < LIVE_MAX; i++)
		if (!live[i]) {
			live[i] = tmp;
			return i;
		}
	return -1;
}

static void live_del(struct outfile *o)
{
	/* an outfile never opened is zeroed: slot 0 may be another's */
	if (o->slot >= 0 && o->slot < LIVE_MAX && live[o->slot] == o->tmp)
		live[o->slot] = NULL;
	o->slot = -1;
}

void outfile_remove_temporaries(void)
{
	int i;

	for (i = 0; i < LIVE_MAX; i++) {
		const char *t = live[i];

		if (t)
			unlink(t);
	}
}

/* Write through a character device or a FIFO that already exists. */
static int open_direct(struct outfile *o, const char *path, struct rxsim_err *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return RXSIM_EINTERNAL;
	}
	o->direct = true;
	return 0;
}

int outfile_open(struct outfile *o, const char *path, struct rxsim_err *err)
{
	struct stat st;
	mode_t mask;
	int fd;

	o->f = NULL;
	o->direct = false;
	o->pending = false;
	o->slot = -1;
	o->tmp[0] = '\0';
	if (strlen(path) >= sizeof(o->path)) {
		snprintf(err->msg, sizeof(err->msg), "%.200s...: path too long", path);
		return RXSIM_EINPUT;
	}
	strcpy(o->path, path);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);

		if (!real) {
			snprintf(err->msg, sizeof(err->msg), "%s: a symbolic link to a missing or "
				 "unreachable file (%s): not written", path, strerror(errno));
			return RXSIM_EINPUT;
		}
		if (strlen(real) >= sizeof(o->path)) {
			free(real);
			snprintf(err->msg, sizeof(err->msg), "%.200s...: path too long", path);
			return RXSIM_EINPUT;
		}
		strcpy(o->path, real);
		free(real);
	}
	if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			return open_direct(o, o->path, err);
		snprintf(err->msg, sizeof(err->msg), "%s: %s, not a regular file: not replaced",
			 path, S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		return RXSIM_EINPUT;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.XXXXXX", o->path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", path, strerror(errno));
		return RXSIM_EINTERNAL;
	}
	o->pending = true;
	o->slot = live_add(o->tmp);
	/* mkstemp() makes the file 0600; an output is readable like any file
	 * the user creates: 0666 less the umask (read by setting it back). */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == 0)
		o->f = fdopen(fd, "wb");
	if (!o->f) {
		snprintf(err->msg, sizeof(err->msg), "%s: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		live_del(o);
		o->pending = false;
		return RXSIM_EINTERNAL;
	}
	return 0;
}

/* Everything written and on disk, the stream closed; the rename is left. */
static int finish(struct outfile *o, struct rxsim_err *err)
{
	int bad, e;

	if (!o->f)
		return 0;
	bad = ferror(o->f) | fflush(o->f);
	/* fsync() of a device or a pipe fails (EINVAL) and means nothing */
	if (!bad && !o->direct)
		bad = fsync(fileno(o->f));
	e = errno;
	if (fclose(o->f) && !bad) {
		bad = 1;
		e = errno;
	}
	o->f = NULL;
	if (bad) {
		snprintf(err->msg, sizeof(err->msg), "%s: write failed: %s", o->path,
			 strerror(e ? e : EIO));
		return RXSIM_EINTERNAL;
	}
	return 0;
}

static int publish(struct outfile *o, struct rxsim_err *err)
{
	if (!o->pending)
		return 0;
	if (rename(o->tmp, o->path)) {
		snprintf(err->msg, sizeof(err->msg), "%s: write failed: %s", o->path,
			 strerror(errno));
		return RXSIM_EINTERNAL;
	}
	o->pending = false;
	live_del(o);
	return 0;
}

int outfile_commit(struct outfile *o, struct rxsim_err *err)
{
	struct outfile *one[1] = { o };

	return outfile_commit_set(one, 1, err);
}

int outfile_commit_set(struct outfile *const *set, int n, struct rxsim_err *err)
{
	int i, rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = finish(set[i], err);
	for (i = 0; i < n && !rc; i++)
		rc = publish(set[i], err);
	if (rc)
		for (i = 0; i < n; i++)
			outfile_abort(set[i]);
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->pending)
		unlink(o->tmp);
	o->pending = false;
	live_del(o);
}

int rxsim_write_file(const char *path, const char *data, size_t len, struct rxsim_err *err)
{
	struct outfile o;
	int rc = outfile_open(&o, path, err);

	if (rc)
		return rc;
	if (fwrite(data, 1, len, o.f) != len) {
		snprintf(err->msg, sizeof(err->msg), "%s: write failed: %s", path, strerror(errno));
		outfile_abort(&o);
		return RXSIM_EINTERNAL;
	}
	return outfile_commit(&o, err);
}
