// SPDX-License-Identifier: GPL-2.0
/*
 * The task the CRIU guest checkpoints: it creates PATH, fills it with SIZE bytes of a pattern,
 * unlinks it and keeps it open as fd 3, then waits. On SIGUSR1 (sent after a restore) it reads
 * the whole file back through fd 3 and compares it with the pattern, appends 4 bytes, and reports
 * what fstat says. Every report is one line on stdout:
 *   RLX-HOLD ready ino=N gen=N nlink=N size=N                  (after the unlink)
 *   RLX-HOLD check ino=N gen=N nlink=N size=N data=ok|bad write=ok|bad
 * gen is the inode's generation (FS_IOC_GETVERSION): ext4 reuses a freed inode number at once,
 * so only the number and the generation together say "the same inode".
 * The pid is what criu dump -t takes; the task is its own session leader, so CRIU needs no
 * --shell-job.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define FD 3
#define CHUNK 65536

static volatile sig_atomic_t poked;

static void on_usr1(int sig)
{
	(void)sig;
	poked = 1;
}

/*
 * The pattern, CHUNK bytes from off (a multiple of CHUNK): each 8-byte word a different odd
 * multiple of its index, so zeros or a block from elsewhere never match. Made a word at a time:
 * under TCG a byte-wise pattern (with a division per byte) took minutes for the bench's 1 GiB.
 */
static void pattern(uint64_t *w, off_t off)
{
	for (size_t i = 0; i < CHUNK / 8; i++)
		w[i] = ((uint64_t)off / 8 + i + 1) * 0x9E3779B97F4A7C15ULL;
}

static void say(const char *what, const char *extra)
{
	struct stat st;
	char line[256];
	int gen;

	if (fstat(FD, &st) != 0 || ioctl(FD, FS_IOC_GETVERSION, &gen) != 0) {
		perror("fstat or FS_IOC_GETVERSION");
		exit(1);
	}
	snprintf(line, sizeof(line), "RLX-HOLD %s ino=%lu gen=%u nlink=%lu size=%lld%s\n", what,
		 (unsigned long)st.st_ino, (unsigned)gen, (unsigned long)st.st_nlink, (long long)st.st_size,
		 extra);
	if (write(1, line, strlen(line)) < 0)
		exit(1);
}

static int data_ok(off_t size)
{
	static uint64_t buf[CHUNK / 8], want[CHUNK / 8];

	for (off_t off = 0; off < size; off += CHUNK) {
		size_t n = size - off < CHUNK ? (size_t)(size - off) : CHUNK, got = 0;

		while (got < n) {
			ssize_t r = pread(FD, (char *)buf + got, n - got, off + (off_t)got);

			if (r <= 0)
				return 0;
			got += (size_t)r;
		}
		pattern(want, off);
		if (memcmp(buf, want, n) != 0)
			return 0;
	}
	return 1;
}

static int append_ok(off_t size)
{
	char back[4];

	if (pwrite(FD, "RLXW", 4, size) != 4)
		return 0;
	return pread(FD, back, 4, size) == 4 && memcmp(back, "RLXW", 4) == 0;
}

int main(int argc, char **argv)
{
	static uint64_t buf[CHUNK / 8];
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t block, old;
	off_t size, off;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: criu-holder PATH SIZE\n");
		return 2;
	}
	size = atoll(argv[2]);
	setsid();
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);

	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || dup2(fd, FD) != FD) {
		perror(argv[1]);
		return 1;
	}
	if (fd != FD)
		close(fd);
	for (off = 0; off < size; off += CHUNK) {
		size_t n = size - off < CHUNK ? (size_t)(size - off) : CHUNK;

		pattern(buf, off);
		if (pwrite(FD, buf, n, off) != (ssize_t)n) {
			perror("pwrite");
			return 1;
		}
	}
	if (fsync(FD) != 0 || unlink(argv[1]) != 0) {
		perror(argv[1]);
		return 1;
	}
	say("ready", "");
	for (;;) {
		while (!poked)
			sigsuspend(&old);
		poked = 0;
		{
			int data = data_ok(size);
			int wrote = append_ok(size);
			char extra[64];

			snprintf(extra, sizeof(extra), " data=%s write=%s", data ? "ok" : "bad",
				 wrote ? "ok" : "bad");
			say("check", extra);
		}
	}
}
