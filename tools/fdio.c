// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "key.h"
#include "mem.h"

bool ztnet_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

ssize_t ztnet_read_all(int fd, void *buf, size_t size)
{
	char *p = buf;
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, p + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * Makes room for used + 2 bytes: one more to read and the NUL.  The old
 * buffer is wiped as it is left: it may hold keys.
 */
static char *grow_secret(char *old, size_t used, size_t *cap)
{
	void *buf = old;

	ztnet_grow(&buf, cap, used + 1, 1, true);
	return buf;
}

bool ztnet_read_file(const char *path, char **text, size_t *len)
{
	size_t cap = 0, used = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	for (;;) {
		ssize_t n;

		if (used + 2 > cap)
			buf = grow_secret(buf, used, &cap);
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int saved = errno;

			close(fd);
			if (n < 0) {
				ztnet_wipe(buf, cap);
				free(buf);
				errno = saved;
				return false;
			}
			break;
		}
		used += (size_t)n;
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return true;
}
