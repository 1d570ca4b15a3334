// SPDX-License-Identifier: GPL-2.0
/*
 * Relink through CRIU, with no change to CRIU (docs/criu.md). Two steps, run by relink-action.sh
 * as criu's pre-dump and post-restore action scripts:
 *
 *   criu-relink dump PID MANIFEST
 *	For PID and its descendants, every open regular file whose inode has no name left
 *	(st_nlink 0) is given one in its file system's relink directory (the relink= mount option
 *	of the series, kernel-patches/0007): /proc/T/fd/N is opened O_PATH and linked with
 *	linkat(fd, "", AT_FDCWD, DIR/NAME, AT_EMPTY_PATH) (0006), NAME the series' v1 convention
 *	unlink-at-restart-<ino>-<n>, n from 0 and the next on EEXIST, as the model's checkpoint
 *	names it (src/cr/checkpoint.ts: RELINK_NAME_PREFIX, saveByRelink). CRIU then sees a deleted path
 *	whose inode has a link, and takes its link-remap path (--link-remap): no data copied.
 *	Each name is written to MANIFEST as "ino path", path as the task's mount namespace sees it.
 *
 *   criu-relink cleanup PID MANIFEST
 *	Removes each name of MANIFEST that still names an inode PID's tree holds open (compared by
 *	st_dev and st_ino), so a name somebody made in between is never removed; any other is left
 *	and reported. 6.1 has no conditional unlink, so this is stat then unlink (the race
 *	kernel-patches/README.md describes). After a restore PID is the restored tree; after a dump
 *	that failed it is the original one.
 *
 * A file that cannot be relinked (no relink= on its file system, O_TMPFILE|O_EXCL, a mount of a
 * subtree that does not show the relink directory) is reported on stderr and left to CRIU, which
 * copies it as a ghost file as it always does.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXT 4096
/* The series' v1 prefix for relinked names (src/cr/checkpoint.ts: RELINK_NAME_PREFIX). */
#define RELINK_NAME_PREFIX "unlink-at-restart-"

static int tasks[MAXT], ntasks;

/* PID and its descendants, through /proc/T/task/T/children (CONFIG_PROC_CHILDREN). */
static void collect(int pid)
{
	char path[64];
	DIR *d;
	struct dirent *e;

	if (ntasks == MAXT) {
		fprintf(stderr, "criu-relink: more than %d tasks\n", MAXT);
		exit(1);
	}
	tasks[ntasks++] = pid;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d) {
		perror(path);
		exit(1);
	}
	while ((e = readdir(d))) {
		char cpath[320];
		FILE *f;
		int child;

		if (e->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%d/task/%s/children", pid, e->d_name);
		f = fopen(cpath, "r");
		if (!f)
			continue;
		while (fscanf(f, "%d", &child) == 1)
			collect(child);
		fclose(f);
	}
	closedir(d);
}

/* /proc/self/mountinfo writes space, tab, newline, backslash (and in options comma) as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++, o++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] && s[3]) {
			*o = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o = *s;
		}
	}
	*o = '\0';
}

/*
 * The relink directory of the mount task T opened fd N through, as a path in T's namespace, into
 * dir; 0, or -1 with why set.
 */
static int relink_dir(int t, int n, char *dir, size_t len, const char **why)
{
	char path[PATH_MAX], line[8192];
	int mnt = -1, found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", t, n);
	f = fopen(path, "r");
	if (!f) {
		*why = strerror(errno);
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "mnt_id: %d", &mnt) == 1)
			break;
	fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", t);
	f = fopen(path, "r");
	if (!f) {
		*why = strerror(errno);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char root[PATH_MAX], mp[PATH_MAX], *dash, *opt, *rel = NULL;
		int id;

		if (sscanf(line, "%d %*d %*s %4095s %4095s", &id, root, mp) != 3 || id != mnt)
			continue;
		found = 0;
		dash = strstr(line, " - ");
		/* " - fstype source superoptions" */
		if (dash && (opt = strrchr(dash, ' '))) {
			opt[strcspn(opt, "\n")] = '\0';
			for (char *tok = strtok(opt + 1, ","); tok; tok = strtok(NULL, ","))
				if (!strncmp(tok, "relink=", 7))
					rel = tok + 7;
		}
		if (!rel || !*rel) {
			*why = "its file system has no relink= option";
			break;
		}
		unescape(root);
		unescape(mp);
		unescape(rel);
		/* The mount shows the file system from root: the directory must be at or below it. */
		if (!strcmp(root, "/"))
			snprintf(dir, len, "%s%s", strcmp(mp, "/") ? mp : "", rel);
		else if (!strncmp(rel, root, strlen(root)) && rel[strlen(root)] == '/')
			snprintf(dir, len, "%s%s", strcmp(mp, "/") ? mp : "", rel + strlen(root));
		else {
			*why = "the relink directory is outside the mount the file was opened through";
			break;
		}
		fclose(f);
		return 0;
	}
	fclose(f);
	if (found < 0)
		*why = "its mount is not in the task's mountinfo";
	return -1;
}

/*
 * Link /proc/T/fd/N as DIR/unlink-at-restart-<ino>-<n> in T's namespace, n from 0 and the next on
 * EEXIST (src/cr/checkpoint.ts: saveByRelink's rule); the name made into name, or -1 with errno.
 */
static int relink_fd(int t, const char *fdpath, const char *dir, unsigned long ino, char *name, size_t len)
{
	int lfd = open(fdpath, O_PATH), r = -1, e;

	if (lfd < 0)
		return -1;
	for (unsigned long n = 0;; n++) {
		char at[PATH_MAX * 2 + 32];

		snprintf(name, len, "%s/" RELINK_NAME_PREFIX "%lu-%lu", dir, ino, n);
		snprintf(at, sizeof(at), "/proc/%d/root%s", t, name);
		r = linkat(lfd, "", AT_FDCWD, at, AT_EMPTY_PATH);
		if (r == 0 || errno != EEXIST)
			break;
	}
	e = errno;
	close(lfd);
	errno = e;
	return r;
}

static void relink_task(int t, FILE *manifest)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", t);
	d = opendir(path);
	if (!d) {
		perror(path);
		exit(1);
	}
	while ((e = readdir(d))) {
		char fdpath[PATH_MAX], dir[PATH_MAX], name[PATH_MAX * 2];
		const char *why = NULL;
		struct stat st;
		int n;

		if (e->d_name[0] == '.')
			continue;
		n = atoi(e->d_name);
		snprintf(fdpath, sizeof(fdpath), "/proc/%d/fd/%d", t, n);
		if (stat(fdpath, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 0)
			continue;
		if (relink_dir(t, n, dir, sizeof(dir), &why) == 0 &&
		    relink_fd(t, fdpath, dir, (unsigned long)st.st_ino, name, sizeof(name)) != 0)
			why = strerror(errno);
		if (why) {
			fprintf(stderr, "criu-relink: task %d fd %d (inode %lu) not relinked, left to CRIU: %s\n",
				t, n, (unsigned long)st.st_ino, why);
			continue;
		}
		fprintf(manifest, "%lu %s\n", (unsigned long)st.st_ino, name);
		fprintf(stderr, "criu-relink: task %d fd %d relinked as %s\n", t, n, name);
	}
	closedir(d);
}

/* Whether a task of the tree holds the inode (dev, ino) open. */
static int held(dev_t dev, ino_t ino)
{
	for (int i = 0; i < ntasks; i++) {
		char path[64], fdpath[PATH_MAX];
		struct dirent *e;
		DIR *d;

		snprintf(path, sizeof(path), "/proc/%d/fd", tasks[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			struct stat st;

			snprintf(fdpath, sizeof(fdpath), "%s/%s", path, e->d_name);
			if (e->d_name[0] != '.' && stat(fdpath, &st) == 0 && st.st_dev == dev &&
			    st.st_ino == ino) {
				closedir(d);
				return 1;
			}
		}
		closedir(d);
	}
	return 0;
}

static int cleanup(int pid, FILE *manifest)
{
	char line[PATH_MAX + 32], name[PATH_MAX * 2];
	unsigned long ino;
	int left = 0;

	while (fgets(line, sizeof(line), manifest)) {
		char *path = strchr(line, ' ');
		const char *why;
		struct stat st;

		if (sscanf(line, "%lu", &ino) != 1 || !path) {
			fprintf(stderr, "criu-relink: bad manifest line: %s", line);
			return 1;
		}
		path[strcspn(path, "\n")] = '\0';
		snprintf(name, sizeof(name), "/proc/%d/root%s", pid, path + 1);
		why = NULL;
		if (stat(name, &st) != 0)
			why = strerror(errno);
		else if (st.st_ino != ino || !held(st.st_dev, st.st_ino))
			why = "it no longer names an inode the tasks hold";
		else if (unlink(name) != 0)
			why = strerror(errno);
		if (why) {
			fprintf(stderr, "criu-relink: %s left in place: %s\n", path + 1, why);
			left++;
			continue;
		}
		fprintf(stderr, "criu-relink: removed %s\n", path + 1);
	}
	return left ? 1 : 0;
}

int main(int argc, char **argv)
{
	FILE *manifest;
	int pid;

	if (argc != 4 || (strcmp(argv[1], "dump") && strcmp(argv[1], "cleanup"))) {
		fprintf(stderr, "usage: criu-relink dump|cleanup PID MANIFEST\n");
		return 2;
	}
	pid = atoi(argv[2]);
	collect(pid);
	if (!strcmp(argv[1], "cleanup")) {
		manifest = fopen(argv[3], "r");
		if (!manifest) {
			perror(argv[3]);
			return 1;
		}
		return cleanup(pid, manifest);
	}
	manifest = fopen(argv[3], "w");
	if (!manifest) {
		perror(argv[3]);
		return 1;
	}
	for (int i = 0; i < ntasks; i++)
		relink_task(tasks[i], manifest);
	return fclose(manifest) ? 1 : 0;
}
