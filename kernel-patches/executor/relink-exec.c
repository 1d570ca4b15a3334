/*
 * relink-exec: run a native relinklab trace (JSON lines, one syscall each, as written by
 * relinklab; docs/trace-format.md) on the running kernel and print one JSON line per call with
 * what the kernel answered: {"line":N,"ret":R} or {"line":N,"errno":"ENOENT"}, plus "data" for
 * read/pread64, "link" for readlink, "st_mode"/"st_nlink"/"st_size" for the stat family and
 * "names" for getdents64. Integer arguments must be numbers; strings are latin1 JSON strings.
 * Single task (pid 1 lines only); paths are used as given, so traces use relative paths and the
 * executor runs in an empty directory. Static, no dependencies: it also runs inside the QEMU
 * initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAXARGS 8
#define MAXSTR 8192

struct arg {
	char key[32];
	int is_str;
	long long num;
	char str[MAXSTR];
	size_t len;
};

struct line {
	char call[32];
	int nargs;
	struct arg args[MAXARGS];
};

static const char *p;

static void ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
}

static int parse_string(char *out, size_t cap, size_t *len)
{
	size_t n = 0;

	if (*p != '"')
		return -1;
	p++;
	while (*p && *p != '"') {
		int c = (unsigned char)*p++;

		if (c == '\\') {
			int e = *p++;

			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				char hex[5] = { 0 };

				memcpy(hex, p, 4);
				p += 4;
				c = (int)strtol(hex, NULL, 16);
				break;
			}
			default: c = e;
			}
		} else if (c >= 0xc0) {
			/* UTF-8 of a latin1 byte (U+0080..U+00FF): two bytes. */
			c = ((c & 0x1f) << 6) | ((unsigned char)*p++ & 0x3f);
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = (char)c;
	}
	if (*p != '"')
		return -1;
	p++;
	out[n] = 0;
	if (len)
		*len = n;
	return 0;
}

static int parse_args(struct line *l)
{
	ws();
	if (*p++ != '{')
		return -1;
	ws();
	if (*p == '}') {
		p++;
		return 0;
	}
	for (;;) {
		struct arg *a;

		if (l->nargs >= MAXARGS)
			return -1;
		a = &l->args[l->nargs++];
		ws();
		if (parse_string(a->key, sizeof(a->key), NULL))
			return -1;
		ws();
		if (*p++ != ':')
			return -1;
		ws();
		if (*p == '"') {
			a->is_str = 1;
			if (parse_string(a->str, sizeof(a->str), &a->len))
				return -1;
		} else {
			char *end;

			a->num = strtoll(p, &end, 10);
			if (end == p)
				return -1;
			p = end;
		}
		ws();
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}') {
			p++;
			return 0;
		}
		return -1;
	}
}

/* {"pid":1,"call":"x","args":{...},...}: the call and its arguments; other keys are skipped. */
static int parse_line(const char *s, struct line *l)
{
	memset(l, 0, sizeof(*l));
	p = s;
	ws();
	if (*p++ != '{')
		return -1;
	for (;;) {
		char key[32];

		ws();
		if (parse_string(key, sizeof(key), NULL))
			return -1;
		ws();
		if (*p++ != ':')
			return -1;
		ws();
		if (!strcmp(key, "call")) {
			if (parse_string(l->call, sizeof(l->call), NULL))
				return -1;
		} else if (!strcmp(key, "args")) {
			if (parse_args(l))
				return -1;
		} else {
			/* skip a number, string or flat object */
			int depth = 0;

			while (*p && (depth > 0 || (*p != ',' && *p != '}'))) {
				if (*p == '{')
					depth++;
				if (*p == '}')
					depth--;
				if (*p == '"') {
					char tmp[MAXSTR];

					if (parse_string(tmp, sizeof(tmp), NULL))
						return -1;
					continue;
				}
				p++;
			}
		}
		ws();
		if (*p == ',') {
			p++;
			continue;
		}
		return *p == '}' ? 0 : -1;
	}
}

static const struct arg *arg(const struct line *l, const char *key)
{
	for (int i = 0; i < l->nargs; i++)
		if (!strcmp(l->args[i].key, key))
			return &l->args[i];
	return NULL;
}

static long long N(const struct line *l, const char *k)
{
	const struct arg *a = arg(l, k);

	return a ? a->num : 0;
}

static const char *S(const struct line *l, const char *k)
{
	const struct arg *a = arg(l, k);

	return a ? a->str : "";
}

static void json_bytes(const char *b, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *errname(int e)
{
	static char buf[16];
	static const struct { int e; const char *n; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EBADF, "EBADF" }, { EACCES, "EACCES" },
		{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { EMFILE, "EMFILE" }, { EFBIG, "EFBIG" }, { ESPIPE, "ESPIPE" },
		{ EROFS, "EROFS" }, { EMLINK, "EMLINK" }, { EPIPE, "EPIPE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" }, { EAGAIN, "EAGAIN" }, { ENXIO, "ENXIO" },
		{ EBUSY, "EBUSY" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ESTALE, "ESTALE" }, { ENODEV, "ENODEV" },
		{ EIO, "EIO" }, { EOVERFLOW, "EOVERFLOW" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static char buf[1 << 16];

static void run(const struct line *l, int lineno)
{
	const char *c = l->call;
	struct stat st;
	long r;
	int have_stat = 0, have_data = 0, have_link = 0, have_dents = 0;

	errno = 0;
	if (!strcmp(c, "open"))
		r = syscall(SYS_open, S(l, "path"), N(l, "flags"), N(l, "mode"));
	else if (!strcmp(c, "openat"))
		r = syscall(SYS_openat, N(l, "dirfd"), S(l, "path"), N(l, "flags"), N(l, "mode"));
	else if (!strcmp(c, "creat"))
		r = syscall(SYS_creat, S(l, "path"), N(l, "mode"));
	else if (!strcmp(c, "close"))
		r = syscall(SYS_close, N(l, "fd"));
	else if (!strcmp(c, "read")) {
		r = syscall(SYS_read, N(l, "fd"), buf, N(l, "count") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "count"));
		have_data = 1;
	} else if (!strcmp(c, "pread64")) {
		r = syscall(SYS_pread64, N(l, "fd"), buf, N(l, "count") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "count"), N(l, "offset"));
		have_data = 1;
	} else if (!strcmp(c, "write"))
		r = syscall(SYS_write, N(l, "fd"), S(l, "data"), arg(l, "data") ? arg(l, "data")->len : 0);
	else if (!strcmp(c, "pwrite64"))
		r = syscall(SYS_pwrite64, N(l, "fd"), S(l, "data"), arg(l, "data") ? arg(l, "data")->len : 0, N(l, "offset"));
	else if (!strcmp(c, "lseek"))
		r = syscall(SYS_lseek, N(l, "fd"), N(l, "offset"), N(l, "whence"));
	else if (!strcmp(c, "truncate"))
		r = syscall(SYS_truncate, S(l, "path"), N(l, "length"));
	else if (!strcmp(c, "ftruncate"))
		r = syscall(SYS_ftruncate, N(l, "fd"), N(l, "length"));
	else if (!strcmp(c, "stat")) {
		r = syscall(SYS_stat, S(l, "path"), &st);
		have_stat = 1;
	} else if (!strcmp(c, "lstat")) {
		r = syscall(SYS_lstat, S(l, "path"), &st);
		have_stat = 1;
	} else if (!strcmp(c, "fstat")) {
		r = syscall(SYS_fstat, N(l, "fd"), &st);
		have_stat = 1;
	} else if (!strcmp(c, "newfstatat")) {
		r = syscall(SYS_newfstatat, N(l, "dirfd"), S(l, "path"), &st, N(l, "flags"));
		have_stat = 1;
	} else if (!strcmp(c, "link"))
		r = syscall(SYS_link, S(l, "oldpath"), S(l, "newpath"));
	else if (!strcmp(c, "linkat"))
		r = syscall(SYS_linkat, N(l, "olddirfd"), S(l, "oldpath"), N(l, "newdirfd"), S(l, "newpath"), N(l, "flags"));
	else if (!strcmp(c, "unlink"))
		r = syscall(SYS_unlink, S(l, "path"));
	else if (!strcmp(c, "unlinkat"))
		r = syscall(SYS_unlinkat, N(l, "dirfd"), S(l, "path"), N(l, "flags"));
	else if (!strcmp(c, "mkdir"))
		r = syscall(SYS_mkdir, S(l, "path"), N(l, "mode"));
	else if (!strcmp(c, "rmdir"))
		r = syscall(SYS_rmdir, S(l, "path"));
	else if (!strcmp(c, "rename"))
		r = syscall(SYS_rename, S(l, "oldpath"), S(l, "newpath"));
	else if (!strcmp(c, "renameat2"))
		r = syscall(SYS_renameat2, N(l, "olddirfd"), S(l, "oldpath"), N(l, "newdirfd"), S(l, "newpath"), N(l, "flags"));
	else if (!strcmp(c, "symlink"))
		r = syscall(SYS_symlink, S(l, "target"), S(l, "linkpath"));
	else if (!strcmp(c, "readlink")) {
		r = syscall(SYS_readlink, S(l, "path"), buf, N(l, "bufsiz") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "bufsiz"));
		have_link = 1;
	} else if (!strcmp(c, "mknod"))
		r = syscall(SYS_mknod, S(l, "path"), N(l, "mode"), N(l, "dev"));
	else if (!strcmp(c, "dup"))
		r = syscall(SYS_dup, N(l, "fd"));
	else if (!strcmp(c, "dup2"))
		r = syscall(SYS_dup2, N(l, "oldfd"), N(l, "newfd"));
	else if (!strcmp(c, "fcntl"))
		r = syscall(SYS_fcntl, N(l, "fd"), N(l, "cmd"), N(l, "arg"));
	else if (!strcmp(c, "mount"))
		r = syscall(SYS_mount, S(l, "source"), S(l, "target"), *S(l, "fstype") ? S(l, "fstype") : NULL,
			    N(l, "flags"), S(l, "data"));
	else if (!strcmp(c, "umount2"))
		r = syscall(SYS_umount2, S(l, "target"), N(l, "flags"));
	else if (!strcmp(c, "umask"))
		r = syscall(SYS_umask, N(l, "mask"));
	else if (!strcmp(c, "getdents64")) {
		r = syscall(SYS_getdents64, N(l, "fd"), buf, N(l, "count") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "count"));
		have_dents = 1;
	} else {
		printf("{\"line\":%d,\"unsupported\":\"%s\"}\n", lineno, c);
		return;
	}
	if (r < 0) {
		printf("{\"line\":%d,\"errno\":\"%s\"}\n", lineno, errname(errno));
		return;
	}
	printf("{\"line\":%d,\"ret\":%ld", lineno, r);
	if (have_data) {
		printf(",\"data\":");
		json_bytes(buf, (size_t)r);
	}
	if (have_link) {
		printf(",\"link\":");
		json_bytes(buf, (size_t)r);
	}
	if (have_stat)
		printf(",\"st_mode\":%u,\"st_nlink\":%lu,\"st_size\":%lld", st.st_mode, (unsigned long)st.st_nlink, (long long)st.st_size);
	if (have_dents) {
		printf(",\"names\":[");
		for (long off = 0, first = 1; off < r;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			const char *name = buf + off + 19;

			if (!first)
				putchar(',');
			json_bytes(name, strlen(name));
			first = 0;
			off += reclen;
		}
		putchar(']');
	}
	printf("}\n");
}

int main(void)
{
	static char text[1 << 17];
	struct line l;
	int lineno = 0;

	/* The model's defaults: umask 022 and a soft RLIMIT_NOFILE of 1024 (fds 0-1023). */
	struct rlimit rl;

	umask(022);
	/* A write to a fifo without readers is EPIPE for the trace, not the executor's death. */
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = 1024;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(text, sizeof(text), stdin)) {
		lineno++;
		if (text[0] == '\n' || text[0] == '#' || strstr(text, "\"relinklab\""))
			continue;
		if (parse_line(text, &l)) {
			printf("{\"line\":%d,\"bad\":true}\n", lineno);
			continue;
		}
		run(&l, lineno);
	}
	return 0;
}
