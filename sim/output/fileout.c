/* SPDX-License-Identifier: MIT */
/*
 * fileout.c - outputs appear whole or not at all: written to a temporary
 * file in the target directory, flushed, then renamed over the target; a
 * failed or interrupted run removes the temporary file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

int outfile_open(struct outfile *o, const char *path, struct rxsim_err *err)
{
	mode_t mask;
	int fd;

	o->f = NULL;
	if (strlen(path) >= sizeof(o->path)) {
		snprintf(err->msg, sizeof(err->msg), "%.200s...: path too long", path);
		return RXSIM_EINPUT;
	}
	strcpy(o->path, path);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", path, strerror(errno));
		return RXSIM_EINTERNAL;
	}
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
		return RXSIM_EINTERNAL;
	}
	return 0;
}

int outfile_commit(struct outfile *o, struct rxsim_err *err)
{
	int bad = ferror(o->f) | fflush(o->f) | fsync(fileno(o->f));

	if (fclose(o->f))
		bad = 1;
	o->f = NULL;
	if (bad || rename(o->tmp, o->path)) {
		snprintf(err->msg, sizeof(err->msg), "%s: write failed: %s", o->path,
			 strerror(errno));
		unlink(o->tmp);
		return RXSIM_EINTERNAL;
	}
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (!o->f)
		return;
	fclose(o->f);
	o->f = NULL;
	unlink(o->tmp);
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
