/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c - a snapshot of tools/rxsim-snapshot on disk: a directory, or
 * a .tar.gz unpacked by tar(1) into a temporary directory; its files, its
 * interfaces, and the key/value lists the parsers fill.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rxsim/hostsnap.h"
#include "rxsim/quote.h"

#define MAX_SNAP_FILE (64u << 20)

int snap_error(struct rxsim_err *err, const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(err->msg, sizeof(err->msg), "%s line %d: %s", file, line, msg);
	else
		snprintf(err->msg, sizeof(err->msg), "%s: %s", file, msg);
	/* the messages quote the snapshot's text, which may hold any byte */
	msg_oneline(err->msg, sizeof(err->msg));
	return RXSIM_EINPUT;
}

int snap_kv_add(struct snap_kvlist *l, const char *key, const char *val, int line)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		struct snap_kv *v = realloc(l->v, (size_t)cap * sizeof(*v));

		if (!v)
			return RXSIM_EINTERNAL;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].key = strdup(key);
	l->v[l->n].val = strdup(val);
	l->v[l->n].line = line;
	if (!l->v[l->n].key || !l->v[l->n].val) {
		free(l->v[l->n].key);
		free(l->v[l->n].val);
		return RXSIM_EINTERNAL;
	}
	l->n++;
	return 0;
}

/* The last entry of @key: a later line wins, as a later sysctl write would. */
const struct snap_kv *snap_kv_find(const struct snap_kvlist *l, const char *key)
{
	int i;

	for (i = l->n - 1; i >= 0; i--)
		if (!strcmp(l->v[i].key, key))
			return &l->v[i];
	return NULL;
}

void snap_kv_free(struct snap_kvlist *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

bool snap_unsupported(const char *text)
{
	return strstr(text, "Operation not supported") || strstr(text, "no stats available") ||
	       strstr(text, "Not supported") || strstr(text, "No such device");
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static bool has_meta(const char *dir)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s/meta", dir);
	return access(p, F_OK) == 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

/* tar -xzf FILE -C DIR, without a shell between */
static int untar(const char *file, const char *dir)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("tar", "tar", "-xzf", file, "-C", dir, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The one snapshot under @dir: itself, or its single subdirectory (the
 * tar's top level). */
static int find_root(struct snap *s, const char *dir, struct rxsim_err *err)
{
	DIR *d;
	struct dirent *e;
	int n = 0;

	if (has_meta(dir)) {
		snprintf(s->root, sizeof(s->root), "%s", dir);
		return 0;
	}
	d = opendir(dir);
	if (!d)
		return snap_error(err, s->label, 0, "cannot open: %s", strerror(errno));
	while ((e = readdir(d))) {
		char p[4200];

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (is_dir(p) && has_meta(p)) {
			snprintf(s->root, sizeof(s->root), "%s", p);
			n++;
		}
	}
	closedir(d);
	if (n == 1)
		return 0;
	if (n > 1)
		return snap_error(err, s->label, 0, "holds %d snapshots (before/ and after/ of "
				  "--interval?): name one", n);
	return snap_error(err, s->label, 0, "not a snapshot of rxsim-snapshot (no meta file)");
}

int snap_open(struct snap *s, const char *path, struct rxsim_err *err)
{
	size_t n = strlen(path);

	memset(s, 0, sizeof(*s));
	snprintf(s->label, sizeof(s->label), "%s", path);
	if (is_dir(path))
		return find_root(s, path, err);
	if (access(path, R_OK))
		return snap_error(err, path, 0, "cannot open: %s", strerror(errno));
	if (!(n > 7 && !strcmp(path + n - 7, ".tar.gz")) && !(n > 4 && !strcmp(path + n - 4, ".tgz")))
		return snap_error(err, path, 0, "expected a snapshot directory or a .tar.gz of one");
	snprintf(s->tmp, sizeof(s->tmp), "%s/rxsim-snap-XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(s->tmp)) {
		s->tmp[0] = '\0';
		snprintf(err->msg, sizeof(err->msg), "%s: cannot make a temporary directory: %s",
			 path, strerror(errno));
		return RXSIM_EINTERNAL;
	}
	if (untar(path, s->tmp)) {
		snap_close(s);
		return snap_error(err, path, 0, "tar could not unpack it (not a gzip'ed tar?)");
	}
	return find_root(s, s->tmp, err);
}

void snap_close(struct snap *s)
{
	if (s->tmp[0])
		nftw(s->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	s->tmp[0] = '\0';
}

int snap_read(const struct snap *s, const char *rel, char **text, char *name, size_t namelen,
	      struct rxsim_err *err)
{
	char p[4400];
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	*text = NULL;
	snprintf(name, namelen, "%s/%s", s->label, rel);
	snprintf(p, sizeof(p), "%s/%s", s->root, rel);
	f = fopen(p, "rb");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		return snap_error(err, name, 0, "cannot open: %s", strerror(errno));
	}
	for (;;) {
		size_t got;

		if (cap - len < 4096) {
			char *nb;

			cap = cap ? 2 * cap : 8192;
			if (cap > MAX_SNAP_FILE) {
				fclose(f);
				free(buf);
				return snap_error(err, name, 0, "larger than %u MiB",
						  MAX_SNAP_FILE >> 20);
			}
			nb = realloc(buf, cap + 1);
			if (!nb) {
				fclose(f);
				free(buf);
				return RXSIM_EINTERNAL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return snap_error(err, name, 0, "read error");
	}
	fclose(f);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		return snap_error(err, name, 0, "contains a NUL byte (not a text file)");
	}
	*text = buf;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int snap_ifaces(const struct snap *s, char ***names, struct rxsim_err *err)
{
	char p[4200];
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	int n = 0;

	(void)err;
	*names = NULL;
	snprintf(p, sizeof(p), "%s/if", s->root);
	d = opendir(p);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char **nv;

		if (e->d_name[0] == '.')
			continue;
		nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv || !(nv[n] = strdup(e->d_name))) {
			closedir(d);
			snap_names_free(nv ? nv : v, n);
			return RXSIM_EINTERNAL;
		}
		v = nv;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_str);
	*names = v;
	return n;
}

void snap_names_free(char **names, int n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}
