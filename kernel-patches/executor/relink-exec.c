/*
 * relink-exec: run a native relinklab trace (JSON lines, one syscall each, as written by
 * relinklab; docs/trace-format.md) on the running kernel and print one JSON line per call with
 * what the kernel answered: {"line":N,"ret":R} or {"line":N,"errno":"ENOENT"}, plus "data" for
 * read/pread64, "link" for readlink, "st_mode"/"st_nlink"/"st_uid"/"st_gid"/"st_size"/"st_ino"/
 * "st_dev"/"st_rdev"/"st_blocks"/"st_blksize" for the stat family (and "mnt_id" for statx),
 * "names" for getdents64, "ids" for getresuid/getresgid, "groups" for getgroups and "caps"
 * (effective and permitted, 64-bit) for capget. Integer arguments must be numbers; strings are latin1 JSON strings.
 * A task runs as whoever its set*id calls made it: the answer descriptor and the root fd, opened
 * as root before, stay usable, so a trace can drop privileges mid-way.
 * Several tasks: each trace pid is a process. fork and clone (with their "child" argument, the
 * trace's pid for the new task) make one, exit and exit_group end one. The calls run one at a
 * time in trace order: a futex-guarded turn counter in shared memory passes the baton, so the
 * kernel sees exactly the trace's interleaving. A controller process (not a trace task) waits
 * for an exiting task to become a zombie, so its files are closed before the next call runs.
 * Paths are used as given, so traces use relative paths and the executor runs in the trace's
 * root directory, which it keeps open on ROOT_FD: a task that has changed directory reaches the
 * root through /proc/self/fd/ROOT_FD (src/crosscheck/scenarios.ts: kernelCall). A path /proc/N
 * names trace task N. Static, no dependencies: it also runs inside the QEMU initramfs.
 * One line is no syscall: criu_barrier, where the CRIU guest dumps or restores tasks (below).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif

#define MAXARGS 8
#define MAXSTR 8192
#define MAXPIDS 64

struct arg {
	char key[32];
	int is_str;
	long long num;
	char str[MAXSTR];
	size_t len;
};

struct line {
	int pid;
	char call[32];
	int nargs;
	struct arg args[MAXARGS];
};

static const char *p;

/*
 * Answers go to a descriptor no trace touches (the last one RLIMIT_NOFILE allows): a trace may
 * close fds 0-2, as a restarter closes what its children inherited.
 */
#define ANSWER_FD 1023
/* The trace's root directory (O_PATH), for absolute paths of a task that changed directory. */
#define ROOT_FD 1022
static FILE *out;

/*
 * close_range(2) for a trace, with the executor's descriptors (ROOT_FD..ANSWER_FD) kept out of
 * the range: the range is split around them, which no trace can tell apart (its fds never reach
 * ROOT_FD). Invalid flags and fd > max_fd reach the kernel unsplit, so their errors are the
 * kernel's.
 */
static long close_range_around_answers(long long fd, long long max_fd, long long flags)
{
	unsigned int lo = (unsigned int)fd, hi = (unsigned int)max_fd;
	long r = 0;

	if ((flags & ~(long long)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || lo > ANSWER_FD || hi < ROOT_FD)
		return syscall(SYS_close_range, lo, hi, (unsigned int)flags);
	if (lo < ROOT_FD)
		r = syscall(SYS_close_range, lo, ROOT_FD - 1, (unsigned int)flags);
	if (r == 0 && hi > ANSWER_FD)
		r = syscall(SYS_close_range, ANSWER_FD + 1, hi, (unsigned int)flags);
	return r;
}

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
		} else if (!strcmp(key, "pid")) {
			char *end;

			l->pid = (int)strtol(p, &end, 10);
			if (end == p)
				return -1;
			p = end;
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

/* Each trace pid's process, set at its fork and kept after it exits (its zombie stays in /proc). */
static pid_t *task_of_pid;

/*
 * A path argument: /proc/N (N a trace pid) names the process that runs trace task N; a trace pid
 * that never had a task becomes /proc/0, which no process has (ENOENT, as the model answers).
 * `slot` picks one of two buffers (a call has at most two paths).
 */
static const char *P(const struct line *l, const char *k, int slot)
{
	static char mapped[2][MAXSTR + 32];
	const char *s = S(l, k);
	char *end;
	long n;

	if (strncmp(s, "/proc/", 6) || s[6] < '1' || s[6] > '9')
		return s;
	n = strtol(s + 6, &end, 10);
	if (*end != '/' && *end != 0)
		return s;
	snprintf(mapped[slot], sizeof(mapped[slot]), "/proc/%d%s", n < MAXPIDS ? (int)task_of_pid[n] : 0, end);
	return mapped[slot];
}

static void json_bytes(const char *b, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
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
		{ EIO, "EIO" }, { EOVERFLOW, "EOVERFLOW" }, { EFAULT, "EFAULT" }, { ESRCH, "ESRCH" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static char buf[1 << 16];

/*
 * The device the trace's root is mounted from: a mount(2) source of "/dev/root" (the model's
 * name for the root file system's device) names it, so a trace can mount its own file system
 * again (sget then reuses the superblock). Read from /proc/self/mounts, by the directory the
 * executor starts in; empty when nothing is mounted there (then "/dev/root" is passed as is).
 */
static char root_dev[256];

static void find_root_dev(void)
{
	char cwd[4096], dev[256], dir[4096];
	FILE *m = fopen("/proc/self/mounts", "r");

	if (!m || !getcwd(cwd, sizeof(cwd))) {
		if (m)
			fclose(m);
		return;
	}
	/* The last mount on the directory is the one the executor sees. */
	while (fscanf(m, "%255s %4095s %*[^\n]", dev, dir) == 2)
		if (!strcmp(dir, cwd))
			snprintf(root_dev, sizeof(root_dev), "%s", dev);
	fclose(m);
}

static const char *mount_source(const char *source)
{
	return !strcmp(source, "/dev/root") && root_dev[0] ? root_dev : source;
}

/*
 * A buffer the kernel reads a fixed or counted size of (setgroups' gids, utimensat's times), laid
 * out so that its last byte ends a page whose successor is not mapped: reading past the bytes the
 * trace gives faults (EFAULT), as the model answers for a list shorter than its count
 * (src/ops/calls/groups.ts) or times shorter than a pair (src/model/syscall/timespecs.ts).
 * Mapped once per task.
 */
static const void *bytes_at_page_end(const struct arg *a)
{
	static char *region;
	static size_t room;
	size_t len = a ? a->len : 0;

	if (!region) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);

		room = (MAXSTR + page - 1) / page * page;
		region = mmap(NULL, room + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (region == MAP_FAILED || mprotect(region + room, page, PROT_NONE))
			abort();
	}
	if (len)
		memcpy(region + room - len, a->str, len);
	return region + room - len;
}

/*
 * capget's pid: a trace pid names its task's process (0, the caller, stays 0); one that never had
 * a task, or is past MAXPIDS, names no process (ESRCH, as the model answers), and a negative one
 * stays negative (EINVAL).
 */
static int cap_pid(long long pid)
{
	if (pid <= 0)
		return (int)pid;
	if (pid < MAXPIDS && task_of_pid[pid])
		return (int)task_of_pid[pid];
	return INT_MAX;
}

/* getgroups' buffer: room for NGROUPS_MAX gids, the most a task can have. */
static gid_t gidbuf[65536];

static void run(const struct line *l, int lineno)
{
	const char *c = l->call;
	struct stat st;
	struct statx stx;
	long r;
	int have_stat = 0, have_statx = 0, have_data = 0, have_link = 0, have_dents = 0;
	int have_ids = 0, have_groups = 0, have_caps = 0;
	unsigned int ids[3];
	struct __user_cap_header_struct cap_header;
	struct __user_cap_data_struct cap_data[_LINUX_CAPABILITY_U32S_3];

	errno = 0;
	if (!strcmp(c, "open"))
		r = syscall(SYS_open, P(l, "path", 0), N(l, "flags"), N(l, "mode"));
	else if (!strcmp(c, "openat"))
		r = syscall(SYS_openat, N(l, "dirfd"), P(l, "path", 0), N(l, "flags"), N(l, "mode"));
	else if (!strcmp(c, "creat"))
		r = syscall(SYS_creat, P(l, "path", 0), N(l, "mode"));
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
		r = syscall(SYS_truncate, P(l, "path", 0), N(l, "length"));
	else if (!strcmp(c, "ftruncate"))
		r = syscall(SYS_ftruncate, N(l, "fd"), N(l, "length"));
	else if (!strcmp(c, "stat")) {
		r = syscall(SYS_stat, P(l, "path", 0), &st);
		have_stat = 1;
	} else if (!strcmp(c, "lstat")) {
		r = syscall(SYS_lstat, P(l, "path", 0), &st);
		have_stat = 1;
	} else if (!strcmp(c, "fstat")) {
		r = syscall(SYS_fstat, N(l, "fd"), &st);
		have_stat = 1;
	} else if (!strcmp(c, "newfstatat")) {
		r = syscall(SYS_newfstatat, N(l, "dirfd"), P(l, "path", 0), &st, N(l, "flags"));
		have_stat = 1;
	} else if (!strcmp(c, "statx")) {
		r = syscall(SYS_statx, N(l, "dirfd"), P(l, "path", 0), N(l, "flags"), N(l, "mask"), &stx);
		have_statx = 1;
	} else if (!strcmp(c, "link"))
		r = syscall(SYS_link, P(l, "oldpath", 0), P(l, "newpath", 1));
	else if (!strcmp(c, "linkat"))
		r = syscall(SYS_linkat, N(l, "olddirfd"), P(l, "oldpath", 0), N(l, "newdirfd"), P(l, "newpath", 1), N(l, "flags"));
	else if (!strcmp(c, "unlink"))
		r = syscall(SYS_unlink, P(l, "path", 0));
	else if (!strcmp(c, "unlinkat"))
		r = syscall(SYS_unlinkat, N(l, "dirfd"), P(l, "path", 0), N(l, "flags"));
	else if (!strcmp(c, "mkdir"))
		r = syscall(SYS_mkdir, P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "rmdir"))
		r = syscall(SYS_rmdir, P(l, "path", 0));
	else if (!strcmp(c, "rename"))
		r = syscall(SYS_rename, P(l, "oldpath", 0), P(l, "newpath", 1));
	else if (!strcmp(c, "renameat2"))
		r = syscall(SYS_renameat2, N(l, "olddirfd"), P(l, "oldpath", 0), N(l, "newdirfd"), P(l, "newpath", 1), N(l, "flags"));
	else if (!strcmp(c, "symlink"))
		r = syscall(SYS_symlink, S(l, "target"), P(l, "linkpath", 1));
	else if (!strcmp(c, "readlink")) {
		r = syscall(SYS_readlink, P(l, "path", 0), buf, N(l, "bufsiz") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "bufsiz"));
		have_link = 1;
	} else if (!strcmp(c, "readlinkat")) {
		r = syscall(SYS_readlinkat, N(l, "dirfd"), P(l, "path", 0), buf,
			    N(l, "bufsiz") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "bufsiz"));
		have_link = 1;
	} else if (!strcmp(c, "access"))
		r = syscall(SYS_access, P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "faccessat"))
		r = syscall(SYS_faccessat, N(l, "dirfd"), P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "faccessat2"))
		r = syscall(SYS_faccessat2, N(l, "dirfd"), P(l, "path", 0), N(l, "mode"), N(l, "flags"));
	else if (!strcmp(c, "mknod"))
		r = syscall(SYS_mknod, P(l, "path", 0), N(l, "mode"), N(l, "dev"));
	else if (!strcmp(c, "dup"))
		r = syscall(SYS_dup, N(l, "fd"));
	else if (!strcmp(c, "dup2"))
		r = syscall(SYS_dup2, N(l, "oldfd"), N(l, "newfd"));
	else if (!strcmp(c, "fcntl"))
		r = syscall(SYS_fcntl, N(l, "fd"), N(l, "cmd"), N(l, "arg"));
	else if (!strcmp(c, "mount"))
		r = syscall(SYS_mount, mount_source(S(l, "source")), P(l, "target", 1), *S(l, "fstype") ? S(l, "fstype") : NULL,
			    N(l, "flags"), S(l, "data"));
	else if (!strcmp(c, "umount2"))
		r = syscall(SYS_umount2, P(l, "target", 0), N(l, "flags"));
	else if (!strcmp(c, "fsopen"))
		r = syscall(SYS_fsopen, S(l, "fs_name"), N(l, "flags"));
	else if (!strcmp(c, "fspick"))
		r = syscall(SYS_fspick, N(l, "dirfd"), P(l, "path", 0), N(l, "flags"));
	else if (!strcmp(c, "fsconfig")) {
		/* The pointers the command takes: no value for SET_FLAG (0), neither for CMD_* (6, 7). */
		long long cmd = N(l, "cmd");

		r = syscall(SYS_fsconfig, N(l, "fd"), cmd, cmd >= 6 && cmd <= 7 ? NULL : S(l, "key"),
			    cmd == 0 || (cmd >= 6 && cmd <= 7) ? NULL : S(l, "value"), N(l, "aux"));
	} else if (!strcmp(c, "fsmount"))
		r = syscall(SYS_fsmount, N(l, "fs_fd"), N(l, "flags"), N(l, "attr_flags"));
	else if (!strcmp(c, "chdir"))
		r = syscall(SYS_chdir, P(l, "path", 0));
	else if (!strcmp(c, "fchdir"))
		r = syscall(SYS_fchdir, N(l, "fd"));
	else if (!strcmp(c, "mknodat"))
		r = syscall(SYS_mknodat, N(l, "dirfd"), P(l, "path", 0), N(l, "mode"), N(l, "dev"));
	else if (!strcmp(c, "mkdirat"))
		r = syscall(SYS_mkdirat, N(l, "dirfd"), P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "dup3"))
		r = syscall(SYS_dup3, N(l, "oldfd"), N(l, "newfd"), N(l, "flags"));
	else if (!strcmp(c, "close_range"))
		r = close_range_around_answers(N(l, "fd"), N(l, "max_fd"), N(l, "flags"));
	else if (!strcmp(c, "copy_file_range")) {
		/* An absent offset is a NULL pointer: the file position is used and moved. */
		loff_t off_in = N(l, "off_in"), off_out = N(l, "off_out");

		r = syscall(SYS_copy_file_range, N(l, "fd_in"), arg(l, "off_in") ? &off_in : NULL, N(l, "fd_out"),
			    arg(l, "off_out") ? &off_out : NULL, (size_t)N(l, "len"), (unsigned int)N(l, "flags"));
	} else if (!strcmp(c, "splice")) {
		loff_t off_in = N(l, "off_in"), off_out = N(l, "off_out");

		r = syscall(SYS_splice, N(l, "fd_in"), arg(l, "off_in") ? &off_in : NULL, N(l, "fd_out"),
			    arg(l, "off_out") ? &off_out : NULL, (size_t)N(l, "len"), (unsigned int)N(l, "flags"));
	} else if (!strcmp(c, "sendfile")) {
		off_t offset = N(l, "offset");

		r = syscall(SYS_sendfile, N(l, "out_fd"), N(l, "in_fd"), arg(l, "offset") ? &offset : NULL,
			    (size_t)N(l, "count"));
	}
	else if (!strcmp(c, "umask"))
		r = syscall(SYS_umask, N(l, "mask"));
	else if (!strcmp(c, "chmod"))
		r = syscall(SYS_chmod, P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "fchmod"))
		r = syscall(SYS_fchmod, N(l, "fd"), N(l, "mode"));
	else if (!strcmp(c, "fchmodat"))
		r = syscall(SYS_fchmodat, N(l, "dirfd"), P(l, "path", 0), N(l, "mode"));
	else if (!strcmp(c, "chown"))
		r = syscall(SYS_chown, P(l, "path", 0), N(l, "owner"), N(l, "group"));
	else if (!strcmp(c, "fchown"))
		r = syscall(SYS_fchown, N(l, "fd"), N(l, "owner"), N(l, "group"));
	else if (!strcmp(c, "lchown"))
		r = syscall(SYS_lchown, P(l, "path", 0), N(l, "owner"), N(l, "group"));
	else if (!strcmp(c, "fchownat"))
		r = syscall(SYS_fchownat, N(l, "dirfd"), P(l, "path", 0), N(l, "owner"), N(l, "group"), N(l, "flags"));
	else if (!strcmp(c, "utimensat")) {
		/* An absent pathname is NULL (the futimens form), and so are times of no bytes. */
		const struct arg *times = arg(l, "times");

		r = syscall(SYS_utimensat, N(l, "dirfd"), arg(l, "pathname") ? P(l, "pathname", 0) : NULL,
			    times && times->len ? bytes_at_page_end(times) : NULL, N(l, "flags"));
	} else if (!strcmp(c, "setuid"))
		r = syscall(SYS_setuid, N(l, "uid"));
	else if (!strcmp(c, "setgid"))
		r = syscall(SYS_setgid, N(l, "gid"));
	else if (!strcmp(c, "setreuid"))
		r = syscall(SYS_setreuid, N(l, "ruid"), N(l, "euid"));
	else if (!strcmp(c, "setregid"))
		r = syscall(SYS_setregid, N(l, "rgid"), N(l, "egid"));
	else if (!strcmp(c, "setresuid"))
		r = syscall(SYS_setresuid, N(l, "ruid"), N(l, "euid"), N(l, "suid"));
	else if (!strcmp(c, "setresgid"))
		r = syscall(SYS_setresgid, N(l, "rgid"), N(l, "egid"), N(l, "sgid"));
	else if (!strcmp(c, "setfsuid"))
		r = syscall(SYS_setfsuid, N(l, "fsuid"));
	else if (!strcmp(c, "setfsgid"))
		r = syscall(SYS_setfsgid, N(l, "fsgid"));
	else if (!strcmp(c, "setgroups"))
		r = syscall(SYS_setgroups, N(l, "gidsetsize"), bytes_at_page_end(arg(l, "grouplist")));
	else if (!strcmp(c, "getgroups")) {
		/* A size of 0 asks for the count only: nothing is copied, so no list is answered. */
		r = syscall(SYS_getgroups, N(l, "gidsetsize"), N(l, "grouplist") ? gidbuf : NULL);
		have_groups = N(l, "gidsetsize") != 0;
	} else if (!strcmp(c, "getuid"))
		r = syscall(SYS_getuid);
	else if (!strcmp(c, "geteuid"))
		r = syscall(SYS_geteuid);
	else if (!strcmp(c, "getgid"))
		r = syscall(SYS_getgid);
	else if (!strcmp(c, "getegid"))
		r = syscall(SYS_getegid);
	else if (!strcmp(c, "getresuid")) {
		r = syscall(SYS_getresuid, &ids[0], &ids[1], &ids[2]);
		have_ids = 1;
	} else if (!strcmp(c, "getresgid")) {
		r = syscall(SYS_getresgid, &ids[0], &ids[1], &ids[2]);
		have_ids = 1;
	} else if (!strcmp(c, "capget")) {
		/* A version 1 header fills one word of each set; the second stays 0. */
		memset(cap_data, 0, sizeof(cap_data));
		cap_header.version = (__u32)N(l, "version");
		cap_header.pid = cap_pid(N(l, "pid"));
		r = syscall(SYS_capget, &cap_header, N(l, "dataptr") ? cap_data : NULL);
		have_caps = N(l, "dataptr") != 0;
	} else if (!strcmp(c, "getdents64")) {
		r = syscall(SYS_getdents64, N(l, "fd"), buf, N(l, "count") > (long long)sizeof(buf) ? (long long)sizeof(buf) : N(l, "count"));
		have_dents = 1;
	} else {
		fprintf(out, "{\"line\":%d,\"unsupported\":\"%s\"}\n", lineno, c);
		return;
	}
	if (r < 0) {
		fprintf(out, "{\"line\":%d,\"errno\":\"%s\"}\n", lineno, errname(errno));
		return;
	}
	fprintf(out, "{\"line\":%d,\"ret\":%ld", lineno, r);
	if (have_data) {
		fprintf(out, ",\"data\":");
		json_bytes(buf, (size_t)r);
	}
	if (have_link) {
		fprintf(out, ",\"link\":");
		json_bytes(buf, (size_t)r);
	}
	/* Device numbers as the kernel's dev_t (new_encode_dev), so stat and statx print the same. */
	if (have_stat)
		fprintf(out, ",\"st_mode\":%u,\"st_nlink\":%lu,\"st_uid\":%u,\"st_gid\":%u,\"st_size\":%lld,"
			"\"st_ino\":%llu,\"st_dev\":%llu,\"st_rdev\":%llu,\"st_blocks\":%lld,\"st_blksize\":%ld",
			st.st_mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid, (long long)st.st_size, (unsigned long long)st.st_ino, (unsigned long long)st.st_dev,
			(unsigned long long)st.st_rdev, (long long)st.st_blocks, (long)st.st_blksize);
	if (have_statx) {
		fprintf(out, ",\"st_mode\":%u,\"st_nlink\":%u,\"st_uid\":%u,\"st_gid\":%u,\"st_size\":%llu,"
			"\"st_ino\":%llu,\"st_dev\":%llu,\"st_rdev\":%llu,\"st_blocks\":%llu,\"st_blksize\":%u",
			stx.stx_mode, stx.stx_nlink, stx.stx_uid, stx.stx_gid, (unsigned long long)stx.stx_size, (unsigned long long)stx.stx_ino,
			(unsigned long long)makedev(stx.stx_dev_major, stx.stx_dev_minor),
			(unsigned long long)makedev(stx.stx_rdev_major, stx.stx_rdev_minor),
			(unsigned long long)stx.stx_blocks, stx.stx_blksize);
		if (stx.stx_mask & STATX_MNT_ID)
			fprintf(out, ",\"mnt_id\":%llu", (unsigned long long)stx.stx_mnt_id);
	}
	if (have_ids)
		fprintf(out, ",\"ids\":[%u,%u,%u]", ids[0], ids[1], ids[2]);
	if (have_groups) {
		fprintf(out, ",\"groups\":[");
		for (long i = 0; i < r; i++)
			fprintf(out, "%s%u", i ? "," : "", (unsigned int)gidbuf[i]);
		fputc(']', out);
	}
	if (have_caps)
		fprintf(out, ",\"caps\":{\"effective\":%llu,\"permitted\":%llu}",
			(unsigned long long)cap_data[1].effective << 32 | cap_data[0].effective,
			(unsigned long long)cap_data[1].permitted << 32 | cap_data[0].permitted);
	if (have_dents) {
		fprintf(out, ",\"names\":[");
		for (long off = 0, first = 1; off < r;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			const char *name = buf + off + 19;

			if (!first)
				fputc(',', out);
			json_bytes(name, strlen(name));
			first = 0;
			off += reclen;
		}
		fputc(']', out);
	}
	fprintf(out, "}\n");
}

/* The baton: the index of the trace line that runs next, in memory every task shares. */
struct shared {
	int turn;
	int exiting;	/* 1 + the index of an exit line whose task is going away */
	pid_t exiting_pid;
	pid_t ospid[MAXPIDS];
	pid_t ever[MAXPIDS];	/* ospid, kept after the task exits (task_of_pid) */
	int paused;		/* a criu_barrier line is running: no call is given up on */
	pid_t reap[MAXPIDS];	/* tasks CRIU killed that the controller reaps (criu_barrier) */
};

static struct shared *sh;
static char **lines;
static int *line_pid, *line_no;
static int nlines;

static void futex_wait(int *addr, int val, const struct timespec *timeout)
{
	syscall(SYS_futex, addr, FUTEX_WAIT, val, timeout, NULL, 0);
}

static void futex_wake(int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, 1 << 30, NULL, NULL, 0);
}

static void pass_baton(void)
{
	fflush(out);
	__atomic_add_fetch(&sh->turn, 1, __ATOMIC_SEQ_CST);
	futex_wake(&sh->turn);
}

/* fork, or clone with the trace's flags; in the new task `me` becomes the trace's child pid. */
static void run_fork(const struct line *l, int t, int *me)
{
	int child = (int)N(l, "child");
	long flags = !strcmp(l->call, "clone") ? N(l, "flags") : 0;
	long r;

	if (child <= 0 || child >= MAXPIDS || sh->ospid[child]) {
		fprintf(out, "{\"line\":%d,\"unsupported\":\"%s without a free child pid\"}\n", line_no[t], l->call);
		pass_baton();
		return;
	}
	fflush(out);
	r = syscall(SYS_clone, (flags & ~0xffL) | SIGCHLD, 0, NULL, NULL, 0);
	if (r == 0) {
		*me = child;
		sh->ospid[child] = getpid();
		sh->ever[child] = getpid();
		return;
	}
	if (r < 0)
		fprintf(out, "{\"line\":%d,\"errno\":\"%s\"}\n", line_no[t], errname(errno));
	else
		fprintf(out, "{\"line\":%d,\"ret\":%d}\n", line_no[t], child);
	pass_baton();
}

/* /proc/PID exists: the pid is taken (a live task or a zombie not reaped yet). */
static int pid_taken(pid_t pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return access(path, F_OK) == 0;
}

/*
 * Wait until no dumped task holds its pid, for at most 10 s: criu restore gives each its pid again
 * and fails with EEXIST ("Can't fork for PID: File exists") on one still taken. A pid still taken
 * then is printed (RLX-STALE PID) for the guest's init to report; the run goes on.
 */
static void wait_dumped_gone(const char *tasks)
{
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	long dumped[MAXPIDS];
	int n = 0, taken = 1;
	char *end;

	for (long k; n < MAXPIDS && (k = strtol(tasks, &end, 10)) > 0 && end != tasks; tasks = end)
		if (k < MAXPIDS)
			dumped[n++] = k;
	for (int tries = 0; taken && tries < 200; tries++) {
		taken = 0;
		for (int i = 0; i < n; i++)
			if (pid_taken(sh->ever[dumped[i]]) || __atomic_load_n(&sh->reap[dumped[i]], __ATOMIC_SEQ_CST))
				taken = 1;
		if (taken)
			nanosleep(&tick, NULL);
	}
	for (int i = 0; i < n; i++)
		if (pid_taken(sh->ever[dumped[i]]))
			fprintf(out, "RLX-STALE %d\n", (int)sh->ever[dumped[i]]);
	fflush(out);
}

/*
 * {"call":"criu_barrier","args":{"step":"dump"|"restore","root":R,"tasks":"R S ...","criu":OPTIONS}},
 * run by the parent of the dumped tree (src/crosscheck/criu-run.ts, kernel-patches/criu/scenarios.sh):
 * print RLX-BARRIER STEP OSPID OPTIONS for the guest's init, which runs criu while every other task
 * waits for its turn, and wait for /run/rlx-go-STEP holding "ok" or "fail". After a dump that
 * succeeded CRIU has killed the tree: its pids are reaped (the root here, the rest by the controller,
 * to which they are reparented) and /proc has none of them (wait_dumped_gone) before the run goes
 * on to criu restore, which gives them their pids again.
 */
static void criu_barrier(const struct line *l)
{
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	const char *step = S(l, "step");
	long long root = N(l, "root");
	char go[64], said[16] = "";
	FILE *f;

	if (root <= 0 || root >= MAXPIDS)
		return;
	sh->paused = 1;
	snprintf(go, sizeof(go), "/run/rlx-go-%s", step);
	fprintf(out, "RLX-BARRIER %s %d %s\n", step, (int)sh->ever[root], S(l, "criu"));
	fflush(out);
	/*
	 * The whole line, not the file's first bytes: a file opened between its creation and the
	 * write read empty, so a dump that succeeded looked failed, its root was not reaped and
	 * criu restore found the pid taken. The init renames the file into place; this holds anyway.
	 */
	for (;;) {
		while (!(f = fopen(go, "r")))
			nanosleep(&tick, NULL);
		if (!fgets(said, sizeof(said), f))
			said[0] = 0;
		fclose(f);
		if (strchr(said, '\n'))
			break;
		nanosleep(&tick, NULL);
	}
	if (!strcmp(step, "dump") && !strncmp(said, "ok", 2)) {
		const char *q = S(l, "tasks");
		char *end;

		waitpid(sh->ever[root], NULL, 0);
		for (long k; (k = strtol(q, &end, 10)) > 0 && end != q; q = end)
			if (k != root && k < MAXPIDS)
				sh->reap[k] = sh->ever[k];
		wait_dumped_gone(S(l, "tasks"));
	}
	sh->paused = 0;
}

/* A trace task: wait for each of its lines' turn, run it, pass the baton. */
static void task_loop(int me)
{
	struct line l;

	for (;;) {
		int t = __atomic_load_n(&sh->turn, __ATOMIC_SEQ_CST);

		if (t >= nlines)
			_exit(0);
		if (line_pid[t] != me || sh->exiting) {
			futex_wait(&sh->turn, t, NULL);
			continue;
		}
		if (parse_line(lines[t], &l)) {
			fprintf(out, "{\"line\":%d,\"bad\":true}\n", line_no[t]);
			pass_baton();
			continue;
		}
		if (!strcmp(l.call, "fork") || !strcmp(l.call, "clone")) {
			run_fork(&l, t, &me);
			continue;
		}
		if (!strcmp(l.call, "criu_barrier")) {
			criu_barrier(&l);
			pass_baton();
			continue;
		}
		if (!strcmp(l.call, "exit") || !strcmp(l.call, "exit_group")) {
			fprintf(out, "{\"line\":%d,\"ret\":0}\n", line_no[t]);
			fflush(out);
			sh->exiting_pid = getpid();
			sh->ospid[me] = 0;
			__atomic_store_n(&sh->exiting, t + 1, __ATOMIC_SEQ_CST);
			futex_wake(&sh->turn);
			_exit((int)N(&l, "status"));
		}
		run(&l, line_no[t]);
		pass_baton();
	}
}

/* True once `pid` is a zombie or gone: do_exit has closed its files by then. */
static int exited(pid_t pid)
{
	char path[64], st[256];
	FILE *f;
	char *q;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	q = fgets(st, sizeof(st), f) ? strrchr(st, ')') : NULL;
	fclose(f);
	return !q || q[2] == 'Z' || q[2] == 'X';
}

static void read_trace(void)
{
	static char text[1 << 17];
	int cap = 64, lineno = 0;
	struct line l;

	lines = malloc(cap * sizeof(*lines));
	line_pid = malloc(cap * sizeof(*line_pid));
	line_no = malloc(cap * sizeof(*line_no));
	while (fgets(text, sizeof(text), stdin)) {
		lineno++;
		if (text[0] == '\n' || text[0] == '#' || strstr(text, "\"relinklab\""))
			continue;
		if (nlines == cap) {
			cap *= 2;
			lines = realloc(lines, cap * sizeof(*lines));
			line_pid = realloc(line_pid, cap * sizeof(*line_pid));
			line_no = realloc(line_no, cap * sizeof(*line_no));
		}
		line_pid[nlines] = parse_line(text, &l) ? 1 : (l.pid ? l.pid : 1);
		line_no[nlines] = lineno;
		lines[nlines++] = strdup(text);
	}
}

int main(void)
{
	/* The model's defaults: umask 022 and a soft RLIMIT_NOFILE of 1024 (fds 0-1023). */
	struct rlimit rl;
	pid_t first;
	int last = -1;
	time_t since = time(NULL);

	umask(022);
	/* A write to a fifo without readers is EPIPE for the trace, not the executor's death. */
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = 1024;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (dup2(1, ANSWER_FD) < 0 || !(out = fdopen(ANSWER_FD, "w")))
		return 2;
	fcntl(ANSWER_FD, F_SETFD, FD_CLOEXEC);
	{
		int root = open(".", O_PATH | O_DIRECTORY);

		if (root < 0 || dup3(root, ROOT_FD, O_CLOEXEC) < 0)
			return 2;
		close(root);
	}
	setvbuf(out, NULL, _IOLBF, 0);
	/* Tasks whose parent task exited are reparented here and reaped at the end. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	read_trace();
	find_root_dev();
	/*
	 * RLX_BATON=FILE: the baton lives in a file (on tmpfs), not anonymous memory, so that tasks CRIU
	 * dumps and restores map the same pages again and share them with the tasks it did not dump.
	 */
	if (getenv("RLX_BATON")) {
		int fd = open(getenv("RLX_BATON"), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		if (fd < 0 || ftruncate(fd, sizeof(*sh)))
			return 2;
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	} else
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	task_of_pid = sh->ever;
	first = fork();
	if (first == 0) {
		sh->ospid[1] = getpid();
		sh->ever[1] = getpid();
		task_loop(1);
	}
	/* The controller: let exiting tasks finish, and give up on a call that blocks. */
	for (;;) {
		struct timespec tick = { 0, 200 * 1000 * 1000 };
		int t = __atomic_load_n(&sh->turn, __ATOMIC_SEQ_CST);
		int x = __atomic_load_n(&sh->exiting, __ATOMIC_SEQ_CST);

		if (t >= nlines)
			break;
		if (x) {
			const struct timespec ms = { 0, 1000 * 1000 };

			while (!exited(sh->exiting_pid))
				nanosleep(&ms, NULL);
			__atomic_store_n(&sh->exiting, 0, __ATOMIC_SEQ_CST);
			pass_baton();
			continue;
		}
		for (int k = 0; k < MAXPIDS; k++)
			if (sh->reap[k] && waitpid(sh->reap[k], NULL, WNOHANG) == sh->reap[k])
				__atomic_store_n(&sh->reap[k], 0, __ATOMIC_SEQ_CST);
		if (t != last || sh->paused) {
			last = t;
			since = time(NULL);
		} else if (time(NULL) - since > 10) {
			fprintf(out, "{\"line\":%d,\"blocked\":true}\n", line_no[t]);
			fflush(out);
			break;
		}
		futex_wait(&sh->turn, t, &tick);
	}
	for (int k = 0; k < MAXPIDS; k++)
		if (sh->ospid[k])
			kill(sh->ospid[k], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	return 0;
}
